using System.Text.Json;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.UnitTests.Forms;

/// <summary>What content validation tells an applicant: where (a JSON Pointer) and what, in Chinese and English.</summary>
public class FormContentTests
{
    private static IReadOnlyList<ContentError> Check(string programme, string json, bool complete) =>
        TestForms.For(programme).Check(JsonDocument.Parse(json).RootElement, complete);

    [Fact]
    public void A_missing_property_is_reported_at_its_own_pointer_on_submission_only()
    {
        var content = """{"projectTitle":"5G 工厂","outcomes":[{"metric":"效率","baseline":1,"result":2}]}""";

        Assert.Empty(Check("demonstration-benchmark", content, complete: false));
        var errors = Check("demonstration-benchmark", content, complete: true);

        var scenario = Assert.Single(errors, e => e.Pointer == "/scenario");
        Assert.Equal(new LocalizedText("必填", "Required."), scenario.Message);
        Assert.Contains(errors, e => e.Pointer == "/startDate");
        Assert.DoesNotContain(errors, e => e.Pointer == "/projectTitle");
        Assert.DoesNotContain(errors, e => e.Pointer == "/partners");
    }

    [Fact]
    public void Limits_are_reported_with_the_limit_in_both_languages()
    {
        var errors = Check("demonstration-benchmark", $$"""{"projectTitle":"{{new string('项', 201)}}","terminalCount":-1}""", complete: false);

        Assert.Equal(new LocalizedText("不能超过 200 个字符", "At most 200 characters."), errors.Single(e => e.Pointer == "/projectTitle").Message);
        Assert.Equal(new LocalizedText("不能小于 0", "Must be at least 0."), errors.Single(e => e.Pointer == "/terminalCount").Message);
    }

    [Fact]
    public void Errors_inside_a_table_point_at_the_cell()
    {
        var errors = Check("demonstration-benchmark",
            """{"partners":[{"role":"Operator","name":"甲"},{"role":"Bank","creditCode":"914403001922038217"}]}""", complete: false);

        Assert.Equal(["/partners/1/creditCode", "/partners/1/name", "/partners/1/role"], errors.Select(e => e.Pointer).Order(StringComparer.Ordinal));
        Assert.Equal("Must be a valid Unified Social Credit Code.", errors.Single(e => e.Pointer == "/partners/1/creditCode").Message.En);
        Assert.StartsWith("Must be one of: Operator, EquipmentVendor", errors.Single(e => e.Pointer == "/partners/1/role").Message.En);
        Assert.Equal("必填", errors.Single(e => e.Pointer == "/partners/1/name").Message.Zh);
    }

    [Fact]
    public void Unknown_fields_wrong_types_and_rules_are_reported_where_they_are()
    {
        var errors = Check("solution-supplier",
            """{"solutionName":1,"colour":"red","sectorsServed":["smart-ports","smart-ports","no-such-sector"]}""", complete: false);

        Assert.Equal(new LocalizedText("应为文字", "Must be text."), errors.Single(e => e.Pointer == "/solutionName").Message);
        Assert.Equal("Unknown field.", errors.Single(e => e.Pointer == "/colour").Message.En);
        Assert.Equal("Must not repeat a value.", errors.Single(e => e.Pointer == "/sectorsServed").Message.En);
        Assert.Equal("Must be a sector code from GET /api/sectors.", errors.Single(e => e.Pointer == "/sectorsServed/2").Message.En);
    }

    [Fact]
    public void A_member_given_twice_is_refused_where_it_repeats()
    {
        var error = Assert.Single(Check("security-centre", """{"laboratories":[{"name":"甲","name":"乙"}]}""", complete: false));
        Assert.Equal("/laboratories/0/name", error.Pointer);
        Assert.Equal("Given twice.", error.Message.En);
    }

    [Fact]
    public void Content_that_is_no_object_is_refused_at_the_root()
    {
        var error = Assert.Single(Check("innovation-centre", "[1]", complete: false));
        Assert.Equal("", error.Pointer);
    }

    [Fact]
    public void The_listing_title_comes_from_the_definitions_pointer()
    {
        var form = TestForms.For("security-centre");
        Assert.Equal("安全中心", form.ListingTitle(JsonDocument.Parse("""{"centreName":"  安全中心 "}""").RootElement));
        Assert.Equal("", form.ListingTitle(JsonDocument.Parse("""{"centreName":null}""").RootElement));
    }
}
