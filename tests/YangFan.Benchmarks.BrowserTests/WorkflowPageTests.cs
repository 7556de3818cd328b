using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The administrator's workflow pages, in Chinese: every version with its status and pinned applications and calls,
/// one version's diagram drawn by Mermaid, its states and transitions, and a draft uploaded with an error (shown at
/// its JSON path), fixed and published. Both pages pass axe in Chinese and English.
/// </summary>
public sealed class WorkflowPageTests(SiteFixture site) : SiteTest(site)
{
    /// <summary>workflows/call.json as a new version, its last transition pointing at <paramref name="finished"/>.</summary>
    private static string CallLifecycle(int version, string finished) => $$"""
        {
          "key": "call",
          "version": {{version}},
          "title": { "zh": "申报批次生命周期", "en": "Call for applications lifecycle" },
          "initial": "Draft",
          "states": [
            { "name": "Draft", "title": { "zh": "草稿", "en": "Draft" }, "tags": ["editable"] },
            {
              "name": "Open", "title": { "zh": "申报中", "en": "Open" }, "tags": ["accepting-applications", "listed"],
              "timer": { "at": "callClosesAt", "trigger": "close" }
            },
            { "name": "Closed", "title": { "zh": "已截止", "en": "Closed" }, "tags": ["listed"] },
            { "name": "Finished", "title": { "zh": "已结束", "en": "Finished" }, "terminal": true }
          ],
          "transitions": [
            { "trigger": "open", "from": "Draft", "to": "Open", "roles": ["Admin"], "title": { "zh": "开放申报", "en": "Open" } },
            { "trigger": "close", "from": "Open", "to": "Closed", "roles": ["Admin", "System"], "title": { "zh": "截止申报", "en": "Close" } },
            { "trigger": "finish", "from": "Closed", "to": "{{finished}}", "roles": ["Admin"], "title": { "zh": "结束批次", "en": "Finish" } }
          ]
        }
        """;

    [Fact]
    public async Task The_administrator_sees_the_diagram_uploads_a_draft_with_an_error_at_its_path_fixes_it_and_publishes_it()
    {
        using var admin = await AdminAsync();
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/workflows");
        var next = versions.EnumerateArray().Where(v => v.GetProperty("key").GetString() == "call").Max(v => v.GetProperty("version").GetInt32()) + 1;

        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin/workflows?key=call");
        await Expect(page.Locator("h1")).ToHaveTextAsync("工作流");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "第 1 版" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.entries tbody tr").First).ToContainTextAsync("已发布");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("工作流定义（JSON）").FillAsync(CallLifecycle(next, "Nowhere"));
        await page.GetByRole(AriaRole.Button, new() { Name = "上传草稿" }).ClickAsync();
        var errors = page.Locator("#definition-error");
        await Expect(errors).ToContainTextAsync("处错误，各列于其 JSON 路径");
        await Expect(errors.Locator("li").First.Locator("code")).ToHaveTextAsync("$.transitions[2].to");
        await Expect(errors.Locator("li").First).ToContainTextAsync("Unknown state 'Nowhere'.");
        await Expect(page.GetByLabel("工作流定义（JSON）")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("工作流定义（JSON）")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"to\": \"Nowhere\""));
        await AssertAccessibleAsync(page);

        await page.GetByLabel("工作流定义（JSON）").FillAsync(CallLifecycle(next, "Finished"));
        await page.GetByRole(AriaRole.Button, new() { Name = "上传草稿" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Site.BaseAddress}/admin/workflows/call/{next}?uploaded=1");
        await Expect(page.Locator("#workflow-status")).ToHaveTextAsync("草稿");
        await Expect(page.Locator(".workflow-diagram .diagram svg")).ToBeVisibleAsync();
        await Expect(page.Locator(".workflow-diagram svg")).ToContainTextAsync("finish");
        await Expect(page.Locator("#states")).ToContainTextAsync("accepting-applications, listed");
        await Expect(page.Locator("#transitions")).ToContainTextAsync("Admin, System");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(page.Locator("#workflow-status")).ToHaveTextAsync("已发布");
        await Expect(page.Locator("#status-message")).ToContainTextAsync("已发布");
        var published = await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/call/versions/{next}");
        Assert.Equal("Published", published.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_JavaScript_the_diagram_is_its_Mermaid_text_and_in_English_both_pages_pass_axe()
    {
        var plain = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false, returnUrl: "/admin/workflows/call/1");
        await Expect(plain.Locator("pre#workflow-mermaid")).ToContainTextAsync("stateDiagram");
        await Expect(plain.Locator(".workflow-diagram svg")).ToHaveCountAsync(0);

        var english = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en", returnUrl: "/admin/workflows");
        await Expect(english.Locator("h1")).ToHaveTextAsync("Workflows");
        await AssertAccessibleAsync(english);
        await english.GotoAsync("/admin/workflows/call/1");
        await Expect(english.Locator(".workflow-diagram .diagram svg")).ToBeVisibleAsync();
        await Expect(english.Locator("h2").First).ToHaveTextAsync("State diagram");
        await AssertAccessibleAsync(english);
    }
}
