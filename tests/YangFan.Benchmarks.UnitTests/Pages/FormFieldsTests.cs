using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using YangFan.Benchmarks.Api.Pages.Applications;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.UnitTests.Pages;

/// <summary>
/// The form renderer and its inverse on a definition written here, with every widget: content rendered to HTML, the
/// HTML's inputs posted as a browser posts them, and the post read back into the same content; rows added and removed
/// by submit buttons; errors beside the field their pointer names; text that is not a number kept as typed.
/// </summary>
public sealed partial class FormFieldsTests
{
    private static readonly FormDefinition Definition = new()
    {
        Key = "test-form", Version = 1, Programme = "demonstration-benchmark", ListingTitle = "/title",
        Schema = JsonDocument.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "additionalProperties": false,
              "properties": {
                "title": { "type": "string", "maxLength": 200 },
                "scenario": { "type": "string" },
                "terminals": { "type": "integer" },
                "investment": { "type": ["number", "null"] },
                "startDate": { "type": "string", "format": "date" },
                "slicing": { "type": "boolean" },
                "mode": { "enum": ["Public", "Private"] },
                "capabilities": { "type": "array", "items": { "enum": ["Testing", "Certification", "ZeroTrust"] } },
                "province": { "type": "string" },
                "provinces": { "type": "array", "items": { "type": "string" } },
                "sector": { "type": "string" },
                "sectors": { "type": "array", "items": { "type": "string" } },
                "standards": { "type": "array", "items": { "type": "string" } },
                "site": { "type": "object", "properties": { "address": { "type": "string" } } },
                "partners": { "type": "array", "items": { "type": "object", "properties": {
                  "name": { "type": "string" }, "creditCode": { "type": ["string", "null"] }, "share": { "type": "number" },
                  "role": { "enum": ["Operator", "Vendor"] } } } }
              }
            }
            """).RootElement.Clone(),
        Sections =
        [
            new FormSection
            {
                Key = "project", Title = new("项目概况", "Project"),
                Fields =
                [
                    Field("/title", "项目名称", FormWidgets.Text),
                    Field("/scenario", "应用场景", FormWidgets.TextArea) with { Help = new("不少于 20 字", "At least 20 characters") },
                    Field("/terminals", "终端数量", FormWidgets.Number),
                    Field("/investment", "投资额", FormWidgets.Number) with { Unit = new("万元", "10k yuan") },
                    Field("/startDate", "开始日期", FormWidgets.Date),
                    Field("/slicing", "网络切片", FormWidgets.YesNo),
                    Field("/mode", "组网方式", FormWidgets.Select) with
                    {
                        Options = [new("Public", new("公网", "Public")), new("Private", new("专网", "Private"))],
                    },
                    Field("/capabilities", "能力", FormWidgets.Checkboxes),
                    Field("/site/address", "地址", FormWidgets.Text),
                ],
            },
            new FormSection
            {
                Key = "where", Title = new("地区与行业", "Where"),
                Fields =
                [
                    Field("/province", "省份", FormWidgets.Province),
                    Field("/provinces", "覆盖省份", FormWidgets.Provinces),
                    Field("/sector", "行业", FormWidgets.Sector),
                    Field("/sectors", "覆盖行业", FormWidgets.Sectors),
                    Field("/standards", "标准", FormWidgets.List),
                    Field("/partners", "合作单位", FormWidgets.Table) with
                    {
                        Fields =
                        [
                            Field("/name", "单位名称", FormWidgets.Text),
                            Field("/creditCode", "统一社会信用代码", FormWidgets.Text),
                            Field("/share", "占比", FormWidgets.Number),
                            Field("/role", "角色", FormWidgets.Select),
                        ],
                    },
                ],
            },
        ],
    };

    private static readonly IReadOnlyList<FormOption> Provinces = [new("44", new("广东省", "Guangdong")), new("11", new("北京市", "Beijing"))];
    private static readonly IReadOnlyList<FormOption> Sectors = [new("smart-ports", new("智慧港口", "Smart ports")), new("industrial-internet", new("工业互联网", "Industrial internet"))];

    private const string Complete = """
        {
          "title": "5G 智慧港口", "scenario": "港口岸桥远程控制\n第二行", "terminals": 120, "investment": 350.5,
          "startDate": "2025-03-01", "slicing": false, "mode": "Private", "capabilities": ["Testing", "ZeroTrust"],
          "site": { "address": "广东省深圳市" }, "province": "44", "provinces": ["44", "11"], "sector": "smart-ports",
          "sectors": ["industrial-internet"], "standards": ["YD/T 1234", "GB/T 5678"],
          "partners": [
            { "name": "中国移动", "creditCode": "91440300MA5F0XXXX1", "share": 0.4, "role": "Operator" },
            { "name": "华为", "role": "Vendor" }
          ]
        }
        """;

    [Fact]
    public async Task Content_rendered_posted_and_read_back_is_the_same_content()
    {
        var content = JsonNode.Parse(Complete)!.AsObject();

        var posted = Posted(await RenderAsync(content));
        var read = FormContent.Read(Definition, Lookup(posted));

        Assert.True(JsonNode.DeepEquals(content, read), $"Read back:\n{read.ToJsonString()}");
    }

    [Fact]
    public async Task An_empty_form_reads_back_as_empty_content()
    {
        var read = FormContent.Read(Definition, Lookup(Posted(await RenderAsync([]))));

        Assert.Empty(read);
    }

    [Fact]
    public async Task Adding_a_row_renders_an_empty_row_and_removing_one_leaves_it_out_of_the_content()
    {
        var content = JsonNode.Parse(Complete)!.AsObject();
        FormContent.AddRow(content, Definition, "/partners");
        var html = await RenderAsync(content);

        Assert.Contains("name=\"content/partners/2/name\"", html);
        Assert.Contains("name=\"rows:/partners\" value=\"3\"", html);
        Assert.Contains("value=\"remove:/partners/1\"", html);
        Assert.Contains("value=\"add:/standards\"", html);
        // The empty row is not content until something is typed in it.
        Assert.Equal(2, FormContent.Read(Definition, Lookup(Posted(html)))["partners"]!.AsArray().Count);

        var removed = FormContent.Read(Definition, Lookup(Posted(html)), removedRow: "/partners/0");
        Assert.Equal("华为", removed["partners"]![0]!["name"]!.GetValue<string>());
        Assert.Single(removed["partners"]!.AsArray());
        Assert.Equal("/partners", FormContent.FieldAt(Definition, "/partners")!.Path);
        Assert.Equal("/creditCode", FormContent.FieldAt(Definition, "/partners/1/creditCode")!.Path);
    }

    [Fact]
    public async Task Text_that_is_not_a_number_is_kept_as_typed_for_the_validation_to_refuse()
    {
        var posted = Posted(await RenderAsync([]));
        posted["content/terminals"] = ["一百二十"];
        posted["content/investment"] = [" 12.5 "];

        var read = FormContent.Read(Definition, Lookup(posted));

        Assert.Equal(JsonValueKind.String, read["terminals"]!.GetValueKind());
        Assert.Equal("一百二十", read["terminals"]!.GetValue<string>());
        Assert.Equal(12.5m, read["investment"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_error_is_shown_beside_the_field_its_pointer_names_and_the_input_points_at_it()
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>
        {
            ["/partners/1/creditCode"] = ["统一社会信用代码无效。"],
            ["/scenario"] = ["不少于 20 字。"],
        };

        var html = await RenderAsync(JsonNode.Parse(Complete)!.AsObject(), errors);

        Assert.Matches("<input type=\"text\" id=\"f-partners-1-creditCode\" name=\"content/partners/1/creditCode\" value=\"\" aria-describedby=\"f-partners-1-creditCode-error\" aria-invalid=\"true\"", html);
        Assert.Contains("<p class=\"field-error\" id=\"f-partners-1-creditCode-error\">统一社会信用代码无效。</p>", html);
        Assert.Contains("aria-describedby=\"f-scenario-hint f-scenario-error\"", html);
        Assert.DoesNotContain("id=\"f-partners-0-creditCode-error\"", html);
    }

    [Fact]
    public async Task Labels_follow_the_language_of_the_page()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var html = await RenderAsync(JsonNode.Parse(Complete)!.AsObject());
            Assert.Contains("<legend>Project</legend>", html);
            Assert.Contains(">Guangdong</option>", html);
            Assert.Contains("Add an item: 合作单位", html);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static FormField Field(string path, string zh, string widget) => new() { Path = path, Label = new(zh, zh), Widget = widget };

    private static async Task<string> RenderAsync(JsonObject content, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null)
    {
        // As the host writes them (PagesSetup): Chinese as characters, not entities.
        var services = new ServiceCollection().AddLogging().AddLocalization()
            .AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All)).BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = new Dictionary<string, object?>
            {
                [nameof(FormFields.Definition)] = Definition, [nameof(FormFields.Content)] = content,
                [nameof(FormFields.Provinces)] = Provinces, [nameof(FormFields.Sectors)] = Sectors,
            };
            if (errors is not null)
                parameters[nameof(FormFields.Errors)] = errors;
            var output = await renderer.RenderComponentAsync<FormFields>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    /// <summary>What a browser posts for the form's inputs as rendered: text, hidden and date inputs, checked boxes, chosen options, text areas.</summary>
    private static Dictionary<string, List<string>> Posted(string html)
    {
        var posted = new Dictionary<string, List<string>>();
        void Add(string name, string value)
        {
            name = WebUtility.HtmlDecode(name);
            if (!posted.TryGetValue(name, out var values))
                posted[name] = values = [];
            values.Add(WebUtility.HtmlDecode(value));
        }
        foreach (Match input in Input().Matches(html))
        {
            var attributes = Attributes(input.Value);
            var type = attributes.GetValueOrDefault("type", "text");
            if (type is "checkbox" or "radio" && !attributes.ContainsKey("checked"))
                continue;
            if (attributes.TryGetValue("name", out var name))
                Add(name, attributes.GetValueOrDefault("value", type is "checkbox" or "radio" ? "on" : ""));
        }
        foreach (Match area in TextArea().Matches(html))
            Add(Attributes(area.Groups[1].Value)["name"], area.Groups[2].Value);
        foreach (Match select in Select().Matches(html))
        {
            var name = Attributes(select.Groups[1].Value)["name"];
            var chosen = Option().Matches(select.Groups[2].Value).Select(o => Attributes(o.Groups[1].Value))
                .FirstOrDefault(o => o.ContainsKey("selected"));
            Add(name, chosen?.GetValueOrDefault("value", "") ?? "");
        }
        return posted;
    }

    private static Func<string, StringValues> Lookup(Dictionary<string, List<string>> posted) =>
        name => posted.TryGetValue(name, out var values) ? new StringValues(values.ToArray()) : StringValues.Empty;

    private static Dictionary<string, string> Attributes(string tag) =>
        Attribute().Matches(tag).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : "");

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("<textarea\\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();

    [GeneratedRegex("<select\\b([^>]*)>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex("<option\\b([^>]*)>")]
    private static partial Regex Option();

    [GeneratedRegex("\\s([a-zA-Z-]+)(?:=\"([^\"]*)\")?")]
    private static partial Regex Attribute();
}
