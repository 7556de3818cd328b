using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The administrator moves applications from an older version of a workflow to a newer one: a dry run lists each
/// application's move and those that cannot move (a state the new version renamed) with why; once mapped, the
/// migration runs on confirmation and reports each application. Each test makes a workflow key of its own (a copy of
/// the benchmark workflow), so the programmes' own workflows never change in the shared site.
/// </summary>
public sealed class WorkflowMigrationPageTests(SiteFixture site) : SiteTest(site)
{
    private sealed record Scenario(string Key, Guid Submitted, string SubmittedTitle, Guid Draft, string DraftTitle);

    /// <summary>
    /// A workflow key of the test's own at v1 (the benchmark workflow), a call on it with a submitted and a draft
    /// application, and v2 published, in which the state Submitted is called Lodged.
    /// </summary>
    private async Task<Scenario> ScenarioAsync(HttpClient admin)
    {
        var key = $"migration-{Guid.NewGuid():N}"[..24];
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/workflows");
        var shipped = versions.EnumerateArray()
            .Where(v => v.GetProperty("key").GetString() == "demonstration-benchmark" && v.GetProperty("status").GetString() == "Published")
            .Max(v => v.GetProperty("version").GetInt32());
        var benchmark = (await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/demonstration-benchmark/versions/{shipped}")).GetProperty("definition");
        await PublishAsync(admin, Version(benchmark, key, 1, renameSubmitted: false));

        var (year, batch) = (2099, Random.Shared.Next(1, 21));
        var now = DateTimeOffset.UtcNow;
        var created = await Selection.SucceedAsync(admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "demonstration-benchmark", year, batch, titleZh = $"{year} 年迁移测试", titleEn = $"{year} migration test",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), sectors = new[] { "industrial-internet", "smart-ports" }, workflowKey = key,
        }));
        var callId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{callId}/open", null));

        var applicant = await Applicants.NewAsync(NewClient, admin);
        var submittedTitle = $"迁移测试已提交 {key[10..]}";
        var submitted = await Selection.SubmittedAsync(applicant.Api, callId, submittedTitle);
        var draftTitle = $"迁移测试草稿 {key[10..]}";
        var content = JsonNode.Parse(JsonSerializer.Serialize(TestContent.CompleteFor("demonstration-benchmark")))!;
        content["projectTitle"] = draftTitle;
        var draft = await Selection.SucceedAsync(applicant.Api.PostAsJsonAsync($"/api/calls/{callId}/applications", new { sectorCode = "smart-ports", content }));
        var draftId = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await PublishAsync(admin, Version(benchmark, key, 2, renameSubmitted: true));
        return new Scenario(key, submitted, submittedTitle, draftId, draftTitle);
    }

    private static JsonObject Version(JsonElement benchmark, string key, int version, bool renameSubmitted)
    {
        var json = benchmark.GetRawText();
        if (renameSubmitted)
            json = json.Replace("\"Submitted\"", "\"Lodged\"");
        var definition = JsonNode.Parse(json)!.AsObject();
        definition["key"] = key;
        definition["version"] = version;
        return definition;
    }

    private static async Task PublishAsync(HttpClient admin, JsonObject definition)
    {
        var key = definition["key"]!.GetValue<string>();
        var version = definition["version"]!.GetValue<int>();
        await Selection.SucceedAsync(admin.PostAsJsonAsync($"/api/workflows/{key}/versions", definition));
        await Selection.SucceedAsync(admin.PostAsync($"/api/workflows/{key}/versions/{version}/publish", null));
    }

    [Fact]
    public async Task A_dry_run_lists_each_move_and_what_cannot_move_and_the_confirmed_migration_reports_each_application()
    {
        using var admin = await AdminAsync();
        var s = await ScenarioAsync(admin);

        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: $"/admin/workflows/{s.Key}/2");
        await page.GetByRole(AriaRole.Link, new() { Name = "迁移申报到第 2 版" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"迁移申报到工作流 {s.Key} 第 2 版");
        await Expect(page.GetByLabel("来源版本", new() { Exact = true })).ToHaveValueAsync("1");
        await Expect(page.Locator("#preview-heading")).ToHaveTextAsync("预览：可迁移 1 件，无法迁移 1 件");
        var blocked = page.Locator("#migration-blocked tbody tr");
        await Expect(blocked).ToHaveCountAsync(1);
        await Expect(blocked.First).ToContainTextAsync(s.SubmittedTitle);
        await Expect(blocked.First).ToContainTextAsync("状态 Submitted 在第 2 版中不存在，且未指定对应状态。");
        await Expect(blocked.First.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/admin/applications/{s.Submitted}");
        await Expect(page.Locator("#migration-preview tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#migration-preview tbody tr").First).ToContainTextAsync(s.DraftTitle);
        await Expect(page.Locator("#apply-blocked")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "执行迁移" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        await page.GetByLabel("已提交，待推荐 (Submitted) 迁到").SelectOptionAsync("Lodged");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览迁移" }).ClickAsync();
        await Expect(page.Locator("#preview-heading")).ToHaveTextAsync("预览：可迁移 2 件，无法迁移 0 件");
        await Expect(page.Locator("#migration-blocked")).ToHaveCountAsync(0);
        var moving = page.Locator("#migration-preview tbody tr", new() { HasText = s.SubmittedTitle });
        await Expect(moving.Locator("td").Nth(1)).ToContainTextAsync("(Lodged)");
        await AssertAccessibleAsync(page);

        // Without the confirmation nothing moves, and the page says why beside the box.
        await page.GetByRole(AriaRole.Button, new() { Name = "执行迁移" }).ClickAsync();
        await Expect(page.Locator("#confirm-error")).ToHaveTextAsync("请先勾选确认，再执行迁移。");
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.Submitted}")).GetProperty("workflowVersion").GetInt32());

        await page.GetByLabel("我已核对预览，确认把 2 件申报从第 1 版迁移到第 2 版").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "执行迁移" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("已把 2 件申报从第 1 版迁移到第 2 版。");
        await Expect(page.Locator("#migration-result tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#migration-result tbody tr", new() { HasText = s.SubmittedTitle })).ToContainTextAsync("已迁移");
        await AssertAccessibleAsync(page);

        var moved = await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.Submitted}");
        Assert.Equal(2, moved.GetProperty("workflowVersion").GetInt32());
        Assert.Equal("Lodged", moved.GetProperty("state").GetString());
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.Draft}")).GetProperty("workflowVersion").GetInt32());
    }

    [Fact]
    public async Task Without_JavaScript_and_in_English_the_migration_previews_and_applies()
    {
        using var admin = await AdminAsync();
        var s = await ScenarioAsync(admin);

        // Axe needs scripts: the English page is checked with them, then the migration runs without.
        var english = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en", returnUrl: $"/admin/workflows/{s.Key}/2/migration");
        await Expect(english.Locator("#preview-heading")).ToHaveTextAsync("Preview: 1 can move, 1 cannot");
        await AssertAccessibleAsync(english);

        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en", javaScript: false,
            returnUrl: $"/admin/workflows/{s.Key}/2/migration");
        await Expect(page.Locator("#preview-heading")).ToHaveTextAsync("Preview: 1 can move, 1 cannot");
        await page.GetByLabel("Submitted, awaiting recommendation (Submitted) moves to").SelectOptionAsync("Lodged");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview migration" }).ClickAsync();
        await Expect(page.Locator("#preview-heading")).ToHaveTextAsync("Preview: 2 can move, 0 cannot");
        await page.GetByLabel("I have checked the preview and move 2 applications from version 1 to version 2").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply migration" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("Moved 2 applications from version 1 to version 2.");
        await Expect(page.Locator("#migration-result tbody tr")).ToHaveCountAsync(2);
        Assert.Equal("Lodged", (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{s.Submitted}")).GetProperty("state").GetString());
    }
}
