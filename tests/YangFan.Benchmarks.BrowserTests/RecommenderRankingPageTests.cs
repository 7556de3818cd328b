using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The recommender's ranking page (推荐排序) and its summary sheet (推荐汇总表): reordering with forms, the XLSX download,
/// the print page, a stale save, and the order fixed after the recommendation deadline.
/// </summary>
public sealed class RecommenderRankingPageTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task A_recommender_moves_an_application_up_reloads_and_sees_the_order_then_downloads_and_prints_the_summary_sheet()
    {
        var (callId, email, password, first, second) = await TwoRecommendedAsync("甲", DateTimeOffset.UtcNow.AddDays(45));
        var page = await SignedInAsync(email, password, returnUrl: $"/recommender/calls/{callId}/ranking");

        await Expect(page.Locator("h1")).ToHaveTextAsync("推荐排序");
        await Expect(page.Locator("#deadline time")).ToBeVisibleAsync();
        await Expect(page.Locator("#ranking tbody th")).ToHaveTextAsync([first, second]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"上移：{first}" })).ToBeDisabledAsync();
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = $"上移：{second}" }).ClickAsync();
        await Expect(page.Locator("#ranking-message")).ToHaveTextAsync("排序已保存。");
        await page.ReloadAsync();
        await Expect(page.Locator("#ranking tbody th")).ToHaveTextAsync([second, first]);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#summary-xlsx").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"summary-{Guid.NewGuid():N}.xlsx");
        try
        {
            await download.SaveAsAsync(file);
            var rows = MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal("推荐汇总表", rows[0]["A"]);
            Assert.Equal("推荐单位：广东省", rows[1]["A"]);
            Assert.Equal([second, first], rows.Skip(5).Select(r => r["B"] as string));
            Assert.Equal("同意推荐：" + second, rows[5]["F"]);
        }
        finally
        {
            File.Delete(file);
        }

        await page.Locator("#summary-print").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("推荐汇总表");
        await Expect(page.Locator("#authority")).ToHaveTextAsync("广东省");
        await Expect(page.Locator("#summary tbody tr td:nth-child(2)")).ToHaveTextAsync([second, first]);
        await Expect(page.Locator(".seal")).ToContainTextAsync("推荐单位（盖章）");
        await Expect(page.Locator("nav")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".screen-only")).ToBeHiddenAsync();
    }

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
