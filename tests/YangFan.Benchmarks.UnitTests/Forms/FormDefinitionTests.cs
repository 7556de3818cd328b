using System.Text.Json.Nodes;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.UnitTests.Forms;

/// <summary>The checks a definition passes before it is imported, uploaded or published; errors at JSON paths.</summary>
public class FormDefinitionTests
{
    public static TheoryData<string> Programmes => new()
    {
        "demonstration-benchmark", "solution-supplier", "innovation-centre", "security-centre", "regional-security-benchmark",
    };

    [Theory, MemberData(nameof(Programmes))]
    public void Each_shipped_form_is_valid_and_names_its_programme(string programme)
    {
        var (definition, parseErrors) = FormLoader.Parse(TestForms.Read(programme));
        Assert.Empty(parseErrors);
        Assert.Empty(FormValidator.Validate(definition!, TestForms.Rules, t => File.Exists(Path.Combine(TestForms.FormsFolder, t))));
        Assert.Equal(programme, definition!.Programme);
        Assert.Contains(definition.Attachments, a => a.Kind == "application-form" && a.Template is not null);
    }

    private static IReadOnlyList<FormError> ErrorsOf(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(TestForms.Read("demonstration-benchmark"))!.AsObject();
        change(json);
        var (definition, errors) = FormLoader.Parse(json.ToJsonString());
        return definition is null ? errors : FormValidator.Validate(definition, TestForms.Rules);
    }

    private static JsonObject Field(JsonObject d, int section, int field) => d["sections"]![section]!["fields"]![field]!.AsObject();

    [Fact]
    public void A_schema_that_is_not_valid_2020_12_is_refused_at_its_path()
    {
        var errors = ErrorsOf(d => d["schema"]!["properties"]!["projectTitle"]!["maxLength"] = -1);
        Assert.Contains(errors, e => e.Path == "$.schema.properties.projectTitle.maxLength");
    }

    [Fact]
    public void A_field_whose_path_is_not_in_the_schema_is_refused()
    {
        var errors = ErrorsOf(d => Field(d, 0, 0)["path"] = "/projectName");
        Assert.Contains(errors, e => e.Path == "$.sections[0].fields[0].path" && e.Message.Contains("/projectName"));
        // …and projectTitle is now shown by no field.
        Assert.Contains(errors, e => e.Path == "$.sections" && e.Message.Contains("/projectTitle"));
    }

    [Fact]
    public void A_property_shown_twice_is_refused()
    {
        var errors = ErrorsOf(d => Field(d, 0, 1)["path"] = "/projectTitle");
        Assert.Contains(errors, e => e.Path == "$.sections[0].fields[1].path" && e.Message.Contains("already shown"));
    }

    [Fact]
    public void A_widget_that_does_not_fit_the_type_is_refused()
    {
        var errors = ErrorsOf(d => Field(d, 1, 1)["widget"] = "number");
        Assert.Contains(errors, e => e.Path == "$.sections[1].fields[1].widget");
        Assert.Contains(ErrorsOf(d => Field(d, 0, 2)["widget"] = "yes-no"), e => e.Path == "$.sections[0].fields[2].widget");
        Assert.Contains(ErrorsOf(d => Field(d, 0, 0)["widget"] = "slider"), e => e.Path == "$.sections[0].fields[0].widget");
    }

    [Fact]
    public void A_table_column_outside_the_items_schema_is_refused()
    {
        var errors = ErrorsOf(d => Field(d, 2, 0)["fields"]![0]!["path"] = "/measure");
        Assert.Contains(errors, e => e.Path == "$.sections[2].fields[0].fields[0].path");
    }

    [Fact]
    public void Options_must_label_exactly_the_enum()
    {
        var errors = ErrorsOf(d => Field(d, 1, 0)["options"]!.AsArray().RemoveAt(2));
        Assert.Contains(errors, e => e.Path == "$.sections[1].fields[0].options" && e.Message.Contains("DedicatedNetwork"));
        errors = ErrorsOf(d => Field(d, 1, 0)["options"]![0]!["value"] = "Satellite");
        Assert.Contains(errors, e => e.Path == "$.sections[1].fields[0].options[0].value");
    }

    [Fact]
    public void A_rule_the_host_does_not_have_or_at_no_place_of_the_schema_is_refused()
    {
        var errors = ErrorsOf(d => d["rules"]![0]!["name"] = "lucky-number");
        Assert.Contains(errors, e => e.Path == "$.rules[0].name" && e.Message.Contains("credit-code"));
        errors = ErrorsOf(d => d["rules"]![4]!["path"] = "/partners/*/code");
        Assert.Contains(errors, e => e.Path == "$.rules[4].path");
        errors = ErrorsOf(d => d["rules"]![1]!["arguments"] = "soon");
        Assert.Contains(errors, e => e.Path == "$.rules[1].arguments");
    }

    [Fact]
    public void Attachment_kinds_are_unique()
    {
        var errors = ErrorsOf(d => d["attachments"]![1]!["kind"] = "application-form");
        Assert.Contains(errors, e => e.Path == "$.attachments[1].kind" && e.Message.Contains("Duplicate"));
    }

    [Fact]
    public void Every_attachment_kind_says_whether_blind_review_hides_it()
    {
        var errors = ErrorsOf(d => d["attachments"]![2]!.AsObject().Remove("hiddenInBlindReview"));
        Assert.Contains(errors, e => e.Path == "$.attachments[2].hiddenInBlindReview");
        Assert.Contains(ErrorsOf(d => d["attachments"]![2]!["hiddenInBlindReview"] = "yes"), e => e.Path.StartsWith("$.attachments[2]", StringComparison.Ordinal));
        Assert.Equal(["business-licence", "recommendation-letter"], TestForms.For("security-centre").KindsHiddenInBlindReview.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Labels_need_chinese_and_english_and_the_listing_title_must_be_a_string_property()
    {
        Assert.Contains(ErrorsOf(d => Field(d, 0, 0)["label"]!["zh"] = ""), e => e.Path == "$.sections[0].fields[0].label");
        Assert.Contains(ErrorsOf(d => d["listingTitle"] = "/terminalCount"), e => e.Path == "$.listingTitle");
        Assert.Contains(ErrorsOf(d => d["listingTitle"] = "/nothing"), e => e.Path == "$.listingTitle");
    }

    [Fact]
    public void Unknown_properties_and_wrong_types_are_refused_when_read()
    {
        Assert.Contains(ErrorsOf(d => d["colour"] = "red"), e => e.Path == "$" || e.Message.Contains("colour"));
        Assert.Contains(ErrorsOf(d => d["version"] = "one"), e => e.Path == "$.version");
    }
}

/// <summary>The shipped templates are real spreadsheets that list their form's fields.</summary>
public class FormTemplateFileTests
{
    [Theory, MemberData(nameof(FormDefinitionTests.Programmes), MemberType = typeof(FormDefinitionTests))]
    public void Each_application_form_template_is_a_spreadsheet_with_every_field_of_its_form(string programme)
    {
        var form = TestForms.For(programme).Definition;
        var template = form.Attachments.Single(a => a.Kind == "application-form").Template!;

        var rows = MiniExcelLibs.MiniExcel.Query(Path.Combine(TestForms.FormsFolder, template), useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().ToList();

        var items = rows.Select(r => r["项目 Item"]?.ToString() ?? "").ToList();
        Assert.Contains(form.Title!.Zh, items);
        foreach (var field in form.Sections.SelectMany(s => s.Fields))
            Assert.Contains(field.Label.Zh, items);
    }
}
