using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The call's ranking and decisions (/admin/calls/{id}/ranking) and their release (/admin/calls/{id}/ranking/release):
/// in Chinese an administrator reads the ranking with its targets and the disagreement flag, shortlists two, rejects one
/// with a reason (the empty reason refused beside the field first), reconsiders one, and releases with the counts shown
/// and confirmed; the applicant then reads the outcome. axe in Chinese and English; without JavaScript the forms post
/// the ordinary way.
/// </summary>
public sealed class DecisionPageTests(SiteFixture site) : SiteTest(site)
{
    private const string First = "港口 5G 专网标杆项目";
    private const string Second = "工厂 5G 质检标杆项目";
    private const string Third = "矿山 5G 远程控制标杆项目";
    private const string Disputed = "电网 5G 巡检标杆项目";
    private const string Reason = "应用成效数据不足，未达到标杆要求。";

    [Fact]
    public async Task An_administrator_shortlists_two_rejects_one_with_a_reason_reconsiders_one_and_releases_what_the_counts_said()
    {
        var (admin, callId, applications) = await InDeliberationAsync((First, [90, 90, 90]), (Second, [85, 85, 85]), (Third, [72, 72, 72]),
            (Disputed, [95, 50, 80]));
        var ids = applications.Select(a => a.Id).ToList();
        var href = $"/admin/calls/{callId}/ranking";
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: href);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("排名与评审结论");
        var rows = page.Locator("#ranking-industrial-internet tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.First).ToContainTextAsync(First);
        await Expect(page.Locator($"#application-{ids[0]} th a")).ToHaveAttributeAsync("href", $"/admin/applications/{ids[0]}");
        await Expect(page.Locator($"#application-{ids[3]} .disagreement")).ToContainTextAsync("分歧较大");
        await Expect(page.Locator($"#application-{ids[0]} .disagreement")).ToHaveTextAsync("无");
        await Expect(page.Locator($"#application-{ids[0]} .state")).ToHaveTextAsync("综合评议");
        await Expect(page.Locator("#min-target-industrial-internet")).ToHaveTextAsync("100");
        await Expect(page.Locator("#max-target-industrial-internet")).ToHaveTextAsync("未设");
        await Expect(page.Locator("#shortlisted-in-call-industrial-internet")).ToHaveTextAsync("0");
        await AssertAccessibleAsync(page);

        // Shortlist two.
        await page.Locator($"#application-{ids[0]}").GetByRole(AriaRole.Button, new() { Name = "拟入选", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（拟入选）：{First}。");
        await page.Locator($"#application-{ids[1]}").GetByRole(AriaRole.Button, new() { Name = "拟入选", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（拟入选）：{Second}。");
        await Expect(page.Locator($"#application-{ids[1]} .state")).ToHaveTextAsync("拟入选（待发布）");
        await Expect(page.Locator("#shortlisted-in-call-industrial-internet")).ToHaveTextAsync("2");

        // Reject one: the empty reason refused beside the field, then with a reason.
        var third = page.Locator($"#application-{ids[2]}");
        await third.GetByRole(AriaRole.Button, new() { Name = "不予入选", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#reason-{ids[2]}-error")).ToHaveTextAsync("请填写理由。");
        await Expect(page.Locator($"#reason-{ids[2]}")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("Deliberation", await StateAsync(admin, ids[2]));
        await AssertAccessibleAsync(page);
        await page.Locator($"#reason-{ids[2]}").FillAsync(Reason);
        await page.Locator($"#application-{ids[2]}").GetByRole(AriaRole.Button, new() { Name = "不予入选", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（不予入选）：{Third}。");

        // Reconsider the second shortlisting.
        await page.Locator($"#application-{ids[1]}").GetByRole(AriaRole.Button, new() { Name = "撤回拟定结果", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（撤回拟定结果）：{Second}。");
        await Expect(page.Locator("#shortlisted-in-call-industrial-internet")).ToHaveTextAsync("1");
        Assert.Equal("Deliberation", await StateAsync(admin, ids[1]));

        // Release: the counts first, then the confirmation restating them, then what was released.
        await page.GetByRole(AriaRole.Link, new() { Name = "发布评审结论", Exact = true }).ClickAsync();
        await Expect(page.Locator("#release-counts")).ToHaveTextAsync("将发布 2 项评审结论：1 项进入公示，1 项不予入选。");
        Assert.Equal("Shortlisted", await StateAsync(admin, ids[0]));
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "确认发布（1 项进入公示，1 项不予入选）", Exact = true }).ClickAsync();
        await Expect(page.Locator("#release-result")).ToHaveTextAsync("已发布 2 项评审结论：1 项进入公示，1 项不予入选。");
        await AssertAccessibleAsync(page);
        Assert.Equal("PublicNotice", await StateAsync(admin, ids[0]));
        Assert.Equal("Rejected", await StateAsync(admin, ids[2]));

        // A second release finds nothing staged and says so.
        await page.GotoAsync($"/admin/calls/{callId}/ranking/release");
        await Expect(page.Locator("#nothing-staged")).ToHaveTextAsync("本批次暂无待发布的评审结论。");
        await Expect(page.Locator("#confirm-release")).ToHaveCountAsync(0);

        // The applicant reads the outcome.
        var rejected = applications[2].Applicant;
        var applicantPage = await SignedInAsync(rejected.Email, rejected.Password, returnUrl: $"/applicant/applications/{ids[2]}");
        await Expect(applicantPage.Locator("#state")).ToHaveTextAsync("未入选");
        await Expect(applicantPage.Locator("#decision-reason")).ToHaveTextAsync(Reason);
    }

    [Fact]
    public async Task The_ranking_and_the_release_pass_axe_in_English()
    {
        var (_, callId, applications) = await InDeliberationAsync((First, [90, 90, 90]));
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en-US", returnUrl: $"/admin/calls/{callId}/ranking");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ranking and decisions");
        await Expect(page.Locator($"#application-{applications[0].Id} .state")).ToHaveTextAsync("Deliberation");
        await AssertAccessibleAsync(page);
        await page.Locator($"#application-{applications[0].Id}").GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#reason-{applications[0].Id}-error")).ToHaveTextAsync("Enter a reason.");
        await AssertAccessibleAsync(page);
        await page.GotoAsync($"/admin/calls/{callId}/ranking/release");
        await Expect(page.Locator("#nothing-staged")).ToHaveTextAsync("This call has no staged decision to release.");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_the_administrator_shortlists_and_releases_and_a_changed_count_is_not_released()
    {
        var (admin, callId, applications) = await InDeliberationAsync((First, [90, 90, 90]), (Second, [80, 80, 80]));
        var ids = applications.Select(a => a.Id).ToList();
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false,
            returnUrl: $"/admin/calls/{callId}/ranking");

        await page.Locator($"#application-{ids[0]}").GetByRole(AriaRole.Button, new() { Name = "拟入选", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（拟入选）：{First}。");
        await page.GetByRole(AriaRole.Link, new() { Name = "发布评审结论", Exact = true }).ClickAsync();
        await Expect(page.Locator("#release-counts")).ToHaveTextAsync("将发布 1 项评审结论：1 项进入公示，0 项不予入选。");

        // Another administrator stages a rejection before this one confirms: nothing is released, the new counts are shown.
        await Selection.MoveAsync(admin, ids[1], "reject", Reason);
        await page.Locator("#confirm-release").ClickAsync();
        await Expect(page.Locator("#release-warning")).ToContainTextAsync("已有变化");
        await Expect(page.Locator("#release-counts")).ToHaveTextAsync("将发布 2 项评审结论：1 项进入公示，1 项不予入选。");
        Assert.Equal("Shortlisted", await StateAsync(admin, ids[0]));

        await page.Locator("#confirm-release").ClickAsync();
        await Expect(page.Locator("#release-result")).ToHaveTextAsync("已发布 2 项评审结论：1 项进入公示，1 项不予入选。");
        Assert.Equal("PublicNotice", await StateAsync(admin, ids[0]));
        Assert.Equal("Rejected", await StateAsync(admin, ids[1]));
    }

    /// <summary>
    /// A new call with one application per title, each of a new Guangdong organisation, recommended, accepted and
    /// reviewed by an expert per score (every criterion that score): in deliberation, in the industrial-internet sector.
    /// </summary>
    private async Task<(HttpClient Admin, Guid CallId, IReadOnlyList<(Guid Id, TestApplicant Applicant)> Applications)> InDeliberationAsync(
        params (string Title, decimal[] Scores)[] applications)
    {
        var admin = await AdminAsync();
        var (_, callId) = await OpenCallAsync(admin);
        var recommender = await Selection.RecommenderAsync(NewClient, admin);
        var made = new List<(Guid, TestApplicant)>();
        foreach (var (title, scores) in applications)
        {
            var applicant = await Applicants.NewAsync(NewClient, admin);
            var id = await Selection.RecommendedAsync(applicant.Api, recommender, callId, title);
            await Selection.MoveAsync(admin, id, "accept");
            await Selection.ReviewAsync(NewClient, admin, id, scores);
            made.Add((id, applicant));
        }
        return (admin, callId, made);
    }

    private static async Task<string> StateAsync(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString()!;
}
