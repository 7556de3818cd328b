using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The recommender's queue (/recommender) and an application's page (/recommender/applications/{id}): in Chinese a
/// recommender of Guangdong recommends with an opinion, reaches the call's quota of two and sees the next
/// recommendation refused with the quota named, declines with a reason, finds the opinions in the queue, then ranks
/// the two recommended, downloads the summary sheet (推荐汇总表) as XLSX and opens its print page; a
/// colleague's decision and a passed deadline are refused in words; the pages pass axe in Chinese and English; without
/// JavaScript the forms post the ordinary way.
/// </summary>
public sealed class RecommenderPageTests(SiteFixture site) : SiteTest(site)
{
    private const string First = "港口 5G 专网示范项目";
    private const string Second = "工厂 5G 质检示范项目";
    private const string Third = "矿山 5G 远程控制项目";

    [Fact]
    public async Task A_recommender_recommends_reaches_the_quota_is_refused_with_the_quota_named_declines_with_a_reason_ranks_and_downloads_the_summary_sheet()
    {
        var (callTitle, callId, recommender, ids) = await SubmittedAsync(quota: 2, First, Second, Third);
        var page = await SignedInAsync(recommender.Email, recommender.Password, returnUrl: "/");

        await page.GetByRole(AriaRole.Link, new() { Name = "推荐工作台" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("推荐工作台");
        var call = CallSection(page, callTitle);
        await Expect(call.Locator($"#quota-{callId}")).ToHaveTextAsync("名额 2 个，已推荐 0 个，剩余 2 个");
        await Expect(call.Locator("table.pending tbody tr")).ToHaveCountAsync(3);
        await Expect(call.GetByRole(AriaRole.Row, new() { Name = First })).ToContainTextAsync("测试科技有限公司");
        await Expect(call.GetByRole(AriaRole.Link, new() { Name = "推荐排序与汇总表" }))
            .ToHaveAttributeAsync("href", $"/recommender/calls/{callId}/ranking");
        await AssertAccessibleAsync(page);

        // The application readable, the quota shown; an empty opinion is refused beside its field.
        await call.GetByRole(AriaRole.Link, new() { Name = First }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + $"/recommender/applications/{ids[0]}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(First);
        await Expect(page.Locator("#organisation")).ToHaveTextAsync("测试科技有限公司");
        await Expect(page.Locator("#quota")).ToHaveTextAsync("名额 2 个，已推荐 0 个，剩余 2 个");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "申报内容" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("项目名称")).ToHaveValueAsync(First);
        await Expect(page.GetByLabel("项目名称")).ToBeDisabledAsync();
        var attachment = page.Locator("#attachments").GetByRole(AriaRole.Link, new() { Name = $"下载 {First}申报书.pdf" });
        await Expect(attachment).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"^/review/applications/{ids[0]}/attachments/[0-9a-f-]{{36}}$"));
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(page.Locator("#comment-recommend-error")).ToHaveTextAsync("请填写推荐意见。");
        await Expect(page.GetByLabel("推荐意见")).ToHaveAttributeAsync("aria-describedby", "comment-recommend-hint comment-recommend-error");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("推荐意见").FillAsync("港口专网覆盖全面，降本增效数据可信，同意推荐。");
        await page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(page.Locator("#decision")).ToContainTextAsync("处理结果：推荐");
        await Expect(page.Locator("#decision-opinion")).ToHaveTextAsync("港口专网覆盖全面，降本增效数据可信，同意推荐。");
        await Expect(page.Locator("#quota")).ToHaveTextAsync("名额 2 个，已推荐 1 个，剩余 1 个");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        // The third application is open in a second tab while the second takes the last place.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync($"/recommender/applications/{ids[2]}");
        await page.GotoAsync($"/recommender/applications/{ids[1]}");
        await page.GetByLabel("推荐意见").FillAsync("质检场景可复制性强，同意推荐。");
        await page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(page.Locator("#quota")).ToHaveTextAsync("名额 2 个，已推荐 2 个，剩余 0 个");

        const string refusedOpinion = "远程控制时延指标优秀，建议推荐。";
        await other.GetByLabel("推荐意见").FillAsync(refusedOpinion);
        await other.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(other.Locator("#comment-recommend-error")).ToHaveTextAsync("本批次推荐名额已用完：贵单位名额 2 个，已推荐 2 个，不能再推荐。");
        await Expect(other.GetByLabel("推荐意见")).ToHaveValueAsync(refusedOpinion);
        await AssertAccessibleAsync(other);

        // Read again, the page says so before anyone tries; declining needs no place in the quota.
        await other.ReloadAsync();
        await Expect(other.Locator("#unmet-recommend")).ToHaveTextAsync("本批次推荐名额已用完：贵单位名额 2 个，已推荐 2 个，不能再推荐。");
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true })).ToBeDisabledAsync();
        await other.GetByLabel("不予推荐理由").FillAsync("本单位名额已满，且应用规模小于前两项。");
        await other.GetByRole(AriaRole.Button, new() { Name = "不予推荐" }).ClickAsync();
        await Expect(other.Locator("#decision")).ToContainTextAsync("处理结果：不予推荐");

        await page.GetByRole(AriaRole.Link, new() { Name = "返回推荐工作台" }).ClickAsync();
        await Expect(call.Locator($"#quota-{callId}")).ToHaveTextAsync("名额 2 个，已推荐 2 个，剩余 0 个");
        await Expect(call).ToContainTextAsync("本批次暂无待推荐的申报。");
        var decided = call.Locator("table.decided");
        await Expect(decided.GetByRole(AriaRole.Row, new() { Name = First })).ToContainTextAsync("港口专网覆盖全面，降本增效数据可信，同意推荐。");
        await Expect(decided.GetByRole(AriaRole.Row, new() { Name = Second })).ToContainTextAsync("推荐");
        await Expect(decided.GetByRole(AriaRole.Row, new() { Name = Third }).Locator("td").Nth(1)).ToHaveTextAsync("不予推荐");
        await Expect(decided.GetByRole(AriaRole.Row, new() { Name = Third }).Locator("td.opinion")).ToHaveTextAsync("本单位名额已满，且应用规模小于前两项。");
        await AssertAccessibleAsync(page);

        // The authority ranks what it recommended (the declined one is not ranked), reloads, and downloads the sheet.
        await call.GetByRole(AriaRole.Link, new() { Name = "推荐排序与汇总表" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("推荐排序");
        await Expect(page.Locator("#ranking tbody th")).ToHaveTextAsync([First, Second]);
        await page.GetByRole(AriaRole.Button, new() { Name = $"上移：{Second}" }).ClickAsync();
        await Expect(page.Locator("#ranking-message")).ToHaveTextAsync("排序已保存。");
        await page.ReloadAsync();
        await Expect(page.Locator("#ranking tbody th")).ToHaveTextAsync([Second, First]);
        await AssertAccessibleAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#summary-xlsx").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"summary-{Guid.NewGuid():N}.xlsx");
        try
        {
            await download.SaveAsAsync(file);
            var rows = MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal("推荐汇总表", rows[0]["A"]);
            Assert.Equal("推荐单位：广东省", rows[1]["A"]);
            Assert.Equal([Second, First], rows.Skip(5).Select(r => r["B"] as string));
            Assert.Equal("质检场景可复制性强，同意推荐。", rows[5]["F"]);
        }
        finally
        {
            File.Delete(file);
        }

        await page.Locator("#summary-print").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("推荐汇总表");
        await Expect(page.Locator("#authority")).ToHaveTextAsync("广东省");
        await Expect(page.Locator("#summary tbody tr td:nth-child(2)")).ToHaveTextAsync([Second, First]);
        await Expect(page.Locator(".seal")).ToContainTextAsync("推荐单位（盖章）");
        await Expect(page.Locator("nav")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".screen-only")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_colleagues_decision_and_a_passed_deadline_are_refused_in_words_with_the_opinion_kept()
    {
        var (_, callId, recommender, ids) = await SubmittedAsync(quota: null, First, Second);
        var admin = await AdminAsync();
        var page = await SignedInAsync(recommender.Email, recommender.Password, returnUrl: $"/recommender/applications/{ids[0]}");

        // A colleague of the same authority declines it while the page is open.
        var colleague = await Selection.RecommenderAsync(NewClient, admin);
        await Selection.MoveAsync(colleague, ids[0], "decline", "材料不全。");
        await page.GetByLabel("推荐意见").FillAsync("同意推荐。");
        await page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(page.Locator("#comment-recommend-error")).ToContainTextAsync("此申报已由同事处理或已有变化");
        await Expect(page.GetByLabel("推荐意见")).ToHaveValueAsync("同意推荐。");
        await page.Locator("#comment-recommend-error").GetByRole(AriaRole.Link, new() { Name = "刷新页面" }).ClickAsync();
        await Expect(page.Locator("#decision-opinion")).ToHaveTextAsync("材料不全。");

        // The call's recommendation deadline passes while the second is open.
        await page.GotoAsync($"/recommender/applications/{ids[1]}");
        var deadline = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var scope = Site.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Api.Data.AppDbContext>();
            await db.Calls.Where(c => c.Id == callId).ExecuteUpdateAsync(s => s.SetProperty(c => c.RecommendationDeadline, deadline));
        }
        await page.GetByLabel("不予推荐理由").FillAsync("材料不足。");
        await page.GetByRole(AriaRole.Button, new() { Name = "不予推荐" }).ClickAsync();
        await Expect(page.Locator("#comment-decline-error"))
            .ToHaveTextAsync($"本批次推荐截止时间（北京时间 {Api.Pages.Shared.ChinaTime.Display(deadline)}）已过，不能再推荐或不予推荐。");
        await Expect(page.GetByLabel("不予推荐理由")).ToHaveValueAsync("材料不足。");
    }

    [Fact]
    public async Task In_English_the_queue_and_the_application_page_pass_the_WCAG_2_1_AA_checks()
    {
        var (callTitle, callId, recommender, ids) = await SubmittedAsync(quota: 2, First);
        var page = await SignedInAsync(recommender.Email, recommender.Password, "en", returnUrl: "/recommender");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Recommendations");
        await Expect(page.Locator($"#quota-{callId}")).ToHaveTextAsync("Quota 2: 0 recommended, 2 left");
        await AssertAccessibleAsync(page);
        await page.GotoAsync($"/recommender/applications/{ids[0]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recommend", Exact = true }).ClickAsync();
        await Expect(page.Locator("#comment-recommend-error")).ToHaveTextAsync("Write the recommendation opinion.");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Recommendation opinion").FillAsync("Strong results; recommended.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recommend", Exact = true }).ClickAsync();
        await Expect(page.Locator("#decision")).ToContainTextAsync("Decision: Recommend");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_an_empty_opinion_is_refused_and_a_recommendation_is_made()
    {
        var (callTitle, callId, recommender, ids) = await SubmittedAsync(quota: 2, First);
        var page = await SignedInAsync(recommender.Email, recommender.Password, javaScript: false, returnUrl: "/recommender");

        await CallSection(page, callTitle).GetByRole(AriaRole.Link, new() { Name = First }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(page.Locator("#comment-recommend-error")).ToHaveTextAsync("请填写推荐意见。");
        await page.GetByLabel("推荐意见").FillAsync("同意推荐：材料齐全，成效突出。");
        await page.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(page.Locator("#decision-opinion")).ToHaveTextAsync("同意推荐：材料齐全，成效突出。");
        await page.GotoAsync("/recommender");
        await Expect(page.Locator($"#quota-{callId}")).ToHaveTextAsync("名额 2 个，已推荐 1 个，剩余 1 个");
    }

    [Fact]
    public async Task An_applicant_is_sent_to_sign_in_from_the_recommenders_queue_and_sees_no_link_to_it()
    {
        var applicant = await Applicants.NewAsync(NewClient, await AdminAsync());
        var page = await SignedInAsync(applicant.Email, applicant.Password, returnUrl: "/applicant");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "推荐工作台" })).ToHaveCountAsync(0);

        await page.GotoAsync("/recommender");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
    }

    private static ILocator CallSection(IPage page, string callTitle) =>
        page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = callTitle, Exact = true }) });

    /// <summary>
    /// A new call of the given quota with one submitted application of a new Guangdong organisation per title, and a new
    /// account of Guangdong's recommending authority.
    /// </summary>
    private async Task<(string CallTitle, Guid CallId, (string Email, string Password) Recommender, IReadOnlyList<Guid> Ids)> SubmittedAsync(
        int? quota, params string[] titles)
    {
        var admin = await AdminAsync();
        var (callTitle, callId) = await OpenCallAsync(admin, quota);
        var ids = new List<Guid>();
        foreach (var title in titles)
        {
            var applicant = await Applicants.NewAsync(NewClient, admin);
            ids.Add(await Selection.SubmittedAsync(applicant.Api, callId, title, applicationForm: $"{title}申报书.pdf"));
        }
        return (callTitle, callId, await Selection.RecommenderAccountAsync(admin), ids);
    }
}
