using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The recommender's ranking page (推荐排序) and its summary sheet (推荐汇总表): a stale save, the order fixed after the
/// recommendation deadline, and axe in English. Reordering, the XLSX download and the print page are steps of the
/// recommender's Chinese walk in <see cref="RecommenderPageTests"/>.
/// </summary>
public sealed class RecommenderRankingPageTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task In_English_the_ranking_and_the_summary_sheet_pass_the_WCAG_2_1_AA_checks()
    {
        var (callId, email, password, first, _) = await TwoRecommendedAsync("Eng", null);
        var page = await SignedInAsync(email, password, "en", returnUrl: $"/recommender/calls/{callId}/ranking");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ranking of recommendations");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Move up: {first}" })).ToBeDisabledAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync($"/recommender/calls/{callId}/summary");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Recommendation summary sheet");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_a_stale_save_is_shown_and_after_the_deadline_the_order_no_longer_changes()
    {
        var (callId, email, password, first, second) = await TwoRecommendedAsync("丙", DateTimeOffset.UtcNow.AddDays(45));
        var path = $"/recommender/calls/{callId}/ranking";
        var page = await SignedInAsync(email, password, javaScript: false, returnUrl: path);
        var other = await SignedInAsync(email, password, javaScript: false, returnUrl: path);

        await other.GetByRole(AriaRole.Button, new() { Name = $"下移：{first}" }).ClickAsync();
        await Expect(other.Locator("#ranking-message")).ToHaveTextAsync("排序已保存。");
        await page.GetByRole(AriaRole.Button, new() { Name = $"上移：{second}" }).ClickAsync();
        await Expect(page.Locator("#ranking-message")).ToContainTextAsync("本单位的其他账号已修改排序");
        await Expect(page.Locator("#ranking tbody th")).ToHaveTextAsync([second, first]);

        await MoveDeadlineAsync(callId, DateTimeOffset.UtcNow.AddMinutes(-1));
        await page.ReloadAsync();
        await Expect(page.Locator("#ranking-closed")).ToHaveTextAsync("推荐截止时间已过，排序已确定，不能再调整。");
        await Expect(page.Locator("#ranking button")).ToHaveCountAsync(0);
        await Expect(page.Locator("#ranking tbody th")).ToHaveTextAsync([second, first]);

        // A form sent from a page shown before the deadline is refused, and the order stays.
        await other.GetByRole(AriaRole.Button, new() { Name = $"下移：{second}" }).ClickAsync();
        await Expect(other.Locator("#ranking-message")).ToHaveTextAsync("推荐截止时间已过，排序不能再调整。");
        await Expect(other.Locator("#ranking tbody th")).ToHaveTextAsync([second, first]);
    }

    /// <summary>
    /// A call (with the recommendation deadline given, or none) in which a new Guangdong recommender recommended two
    /// applications, the first recommended first; the recommender's e-mail and password and the two titles.
    /// </summary>
    private async Task<(Guid CallId, string Email, string Password, string First, string Second)> TwoRecommendedAsync(string tag, DateTimeOffset? deadline)
    {
        var admin = await AdminAsync();
        var (_, callId) = await OpenCallAsync(admin);
        if (deadline is { } at)
            await MoveDeadlineAsync(callId, at);
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var (email, password) = await Selection.RecommenderAccountAsync(admin);
        var recommender = await Selection.SignedInAsync(NewClient, email, password);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (first, second) = ($"{tag}园区 5G 专网 {suffix}", $"{tag}港口 5G 调度 {suffix}");
        await Selection.RecommendedAsync(applicant.Api, recommender, callId, first, "同意推荐：" + first);
        await Selection.RecommendedAsync(applicant.Api, recommender, callId, second, "同意推荐：" + second, "smart-ports");
        return (callId, email, password, first, second);
    }

    /// <summary>Sets the call's recommendation deadline in the database, as no page does (an open call's deadline does not change).</summary>
    private async Task MoveDeadlineAsync(Guid callId, DateTimeOffset deadline)
    {
        await using var scope = Site.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Api.Data.AppDbContext>();
        var call = await db.Calls.SingleAsync(c => c.Id == callId);
        call.RecommendationDeadline = deadline;
        await db.SaveChangesAsync();
    }
}
