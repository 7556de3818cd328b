using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The administrator's form pages, in Chinese: every form version with its status and what pins it, one version's
/// fields read as a table with the schema's required fields and constraints, and a draft uploaded with an error (shown
/// at its JSON path), fixed and published. Each test uploads under a form key of its own (a copy of the solution
/// supplier form), so the programmes' own forms never change in the shared site.
/// </summary>
public sealed class FormPageTests(SiteFixture site) : SiteTest(site)
{
    /// <summary>The solution supplier form's published definition under <paramref name="key"/>, version 1.</summary>
    private static async Task<JsonObject> CopyAsync(HttpClient admin, string key)
    {
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/forms");
        var shipped = versions.EnumerateArray()
            .Where(v => v.GetProperty("key").GetString() == "solution-supplier" && v.GetProperty("status").GetString() == "Published")
            .Max(v => v.GetProperty("version").GetInt32());
        var form = JsonNode.Parse((await admin.GetFromJsonAsync<JsonElement>($"/api/forms/solution-supplier/versions/{shipped}"))
            .GetProperty("definition").GetRawText())!.AsObject();
        form["key"] = key;
        form["version"] = 1;
        return form;
    }

    [Fact]
    public async Task The_administrator_uploads_a_form_draft_with_an_error_at_its_path_fixes_it_reads_its_fields_and_publishes_it()
    {
        using var admin = await AdminAsync();
        var key = $"form-{Guid.NewGuid():N}"[..20];
        var form = await CopyAsync(admin, key);

        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin/forms?key=solution-supplier");
        await Expect(page.Locator("h1")).ToHaveTextAsync("申报表单");
        await Expect(page.Locator("#forms tbody tr").First).ToContainTextAsync("已发布");
        await AssertAccessibleAsync(page);

        form["sections"]![0]!["fields"]![0]!["widget"] = "slider";
        await page.GetByLabel("表单定义（JSON）").FillAsync(form.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = "上传草稿" }).ClickAsync();
        var errors = page.Locator("#definition-error");
        await Expect(errors.Locator("li").First.Locator("code")).ToHaveTextAsync("$.sections[0].fields[0].widget");
        await Expect(errors.Locator("li").First).ToContainTextAsync("Unknown widget 'slider'.");
        await Expect(page.GetByLabel("表单定义（JSON）")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("表单定义（JSON）")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("slider"));
        await AssertAccessibleAsync(page);

        form["sections"]![0]!["fields"]![0]!["widget"] = "text";
        await page.GetByLabel("表单定义（JSON）").FillAsync(form.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = "上传草稿" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Site.BaseAddress}/admin/forms/{key}/1?uploaded=1");
        await Expect(page.Locator("#form-status")).ToHaveTextAsync("草稿");
        var name = page.Locator("table.fields tbody tr", new() { HasText = "/solutionName" });
        await Expect(name).ToContainTextAsync("解决方案名称");
        await Expect(name).ToContainTextAsync("Solution name");
        await Expect(name.Locator("td").Nth(4)).ToHaveTextAsync("是");
        await Expect(name.Locator("td").Nth(5)).ToContainTextAsync("maxLength: 200");
        await Expect(page.Locator("#attachments")).ToContainTextAsync("application-form");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(page.Locator("#form-status")).ToHaveTextAsync("已发布");
        await Expect(page.Locator("#status-message")).ToContainTextAsync("已发布");
        await Expect(page.Locator("#attachments").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/api/forms/{key}/1/templates/application-form");
        Assert.Equal("Published", (await admin.GetFromJsonAsync<JsonElement>($"/api/forms/{key}/versions/1")).GetProperty("status").GetString());

        await page.GotoAsync($"/admin/forms?key={key}");
        await Expect(page.Locator("#forms tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#forms tbody tr").First).ToContainTextAsync("已发布");
    }

    [Fact]
    public async Task Without_JavaScript_the_form_pages_read_and_in_English_both_pass_axe()
    {
        var plain = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false, returnUrl: "/admin/forms?key=solution-supplier");
        await Expect(plain.Locator("h1")).ToHaveTextAsync("申报表单");
        await plain.GetByRole(AriaRole.Link, new() { Name = "第 1 版" }).ClickAsync();
        await Expect(plain.Locator("#form-status")).ToHaveTextAsync("已发布");
        await Expect(plain.Locator("table.fields").First).ToContainTextAsync("/solutionName");

        var english = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en", returnUrl: "/admin/forms");
        await Expect(english.Locator("h1")).ToHaveTextAsync("Application forms");
        await AssertAccessibleAsync(english);
        await english.GotoAsync("/admin/forms/solution-supplier/1");
        await Expect(english.Locator("#form-status")).ToHaveTextAsync("Published");
        await Expect(english.Locator("#attachments").GetByRole(AriaRole.Link).First).ToHaveAttributeAsync("href", "/api/forms/solution-supplier/1/templates/application-form");
        await AssertAccessibleAsync(english);
    }
}
