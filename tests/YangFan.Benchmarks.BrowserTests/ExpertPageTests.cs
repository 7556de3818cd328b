using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The expert's inbox (/expert) and the conflict confirmation (回避) before a review: in Chinese an expert sees the
/// call's counts, declares a conflict on one assignment and confirms having none on another; both pages pass axe in
/// Chinese and English; without JavaScript the forms post the ordinary way and a refused reason stays in its field.
/// </summary>
public sealed partial class ExpertPageTests(SiteFixture site) : SiteTest(site)
{
    private const string First = "港口 5G 专网示范项目";
    private const string Second = "工厂 5G 质检示范项目";

    [Fact]
    public async Task An_expert_sees_the_inbox_with_counts_declares_a_conflict_on_one_assignment_and_confirms_the_other()
    {
        var (callTitle, expert, first, second) = await TwoAssignmentsAsync();
        var page = await SignedInAsync(expert.Email, expert.Password, returnUrl: "/");

        await page.GetByRole(AriaRole.Link, new() { Name = "我的评审" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("我的评审");
        var call = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = callTitle }) });
        await Expect(call.Locator(".counts")).ToHaveTextAsync("已完成 0 项，待完成 2 项");
        await Expect(call.GetByRole(AriaRole.Row, new() { Name = First })).ToContainTextAsync("待确认回避");
        await Expect(call.GetByRole(AriaRole.Row, new() { Name = Second })).ToContainTextAsync("待确认回避");
        await AssertAccessibleAsync(page);

        // Before confirming, the expert sees only the title and the organisation, and the three choices.
        await call.GetByRole(AriaRole.Link, new() { Name = First }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + $"/expert/assignments/{first}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(First);
        await Expect(page.Locator("dl.rules")).ToContainTextAsync("测试科技有限公司");
        await Expect(page.Locator("#review-heading")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        // A reason too short is refused beside its field, and kept there.
        await page.GetByLabel("回避原因").FillAsync("亲属");
        await page.GetByRole(AriaRole.Button, new() { Name = "申报回避" }).ClickAsync();
        await Expect(page.Locator("#conflictReason-error")).ToContainTextAsync("请填写原因：至少 4 个字");
        await Expect(page.GetByLabel("回避原因")).ToHaveValueAsync("亲属");
        await Expect(page.GetByLabel("回避原因")).ToHaveAttributeAsync("aria-describedby", "conflictReason-hint conflictReason-error");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("回避原因").FillAsync("本人近三年曾为该单位提供咨询服务");
        await page.GetByRole(AriaRole.Button, new() { Name = "申报回避" }).ClickAsync();
        await Expect(page.Locator("#left")).ToHaveTextAsync("本评审任务已结束，感谢您的说明。");

        // The conflicted assignment leaves the to-do count and stays listed as ended, without a link.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回我的评审" }).ClickAsync();
        await Expect(call.Locator(".counts")).ToHaveTextAsync("已完成 0 项，待完成 1 项");
        await Expect(call.GetByRole(AriaRole.Link, new() { Name = First })).ToHaveCountAsync(0);
        await Expect(call.GetByRole(AriaRole.Row, new() { Name = First })).ToContainTextAsync("已结束");

        await call.GetByRole(AriaRole.Link, new() { Name = Second }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" }).ClickAsync();
        await Expect(page.Locator("#confirmed")).ToContainTextAsync("可以查看申报材料");
        await Expect(page.Locator("#status")).ToHaveTextAsync("待评审");
        // The criteria with weight, maximum and scoring guide, each with its score field.
        await Expect(page.GetByLabel("技术先进性与创新性")).ToBeVisibleAsync();
        await Expect(page.Locator("#score-innovation-hint")).ToContainTextAsync("权重 25，满分 100。");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "返回我的评审" }).ClickAsync();
        await Expect(call.GetByRole(AriaRole.Row, new() { Name = Second })).ToContainTextAsync("待评审");
    }

    [Fact]
    public async Task In_English_the_inbox_and_the_confirmation_page_pass_the_WCAG_2_1_AA_checks()
    {
        var (_, expert, first, _) = await TwoAssignmentsAsync();
        var page = await SignedInAsync(expert.Email, expert.Password, "en", returnUrl: "/expert");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My reviews");
        await Expect(page.Locator(".counts").First).ToHaveTextAsync("0 done, 2 to do");
        await AssertAccessibleAsync(page);
        await page.GotoAsync($"/expert/assignments/{first}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm no conflict of interest" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm no conflict of interest" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("To review");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_a_refused_reason_stays_in_its_field_and_the_expert_declines_and_confirms()
    {
        var (_, expert, first, second) = await TwoAssignmentsAsync();
        var page = await SignedInAsync(expert.Email, expert.Password, javaScript: false, returnUrl: "/expert");

        await page.GotoAsync($"/expert/assignments/{first}");
        await page.GetByLabel("拒绝原因").FillAsync("出差");
        await page.GetByRole(AriaRole.Button, new() { Name = "拒绝评审" }).ClickAsync();
        await Expect(page.Locator("#declineReason-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("拒绝原因")).ToHaveValueAsync("出差");
        await page.GetByLabel("拒绝原因").FillAsync("评审期间出国参加标准会议");
        await page.GetByRole(AriaRole.Button, new() { Name = "拒绝评审" }).ClickAsync();
        await Expect(page.Locator("#left")).ToBeVisibleAsync();

        await page.GotoAsync($"/expert/assignments/{second}");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("待评审");
        await page.GotoAsync("/expert");
        await Expect(page.Locator(".counts").First).ToHaveTextAsync("已完成 0 项，待完成 1 项");
    }

    [Fact]
    public async Task An_applicant_is_sent_to_sign_in_from_the_experts_inbox()
    {
        var applicant = await Applicants.NewAsync(NewClient, await AdminAsync());
        var page = await SignedInAsync(applicant.Email, applicant.Password, returnUrl: "/applicant");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的评审" })).ToHaveCountAsync(0);

        await page.GotoAsync("/expert");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的评审" })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A new expert assigned to two applications in review of one new call, from two organisations (a conflict with
    /// one organisation ends every assignment with it): the call's page title, the expert, and the assignments.
    /// </summary>
    private async Task<(string CallTitle, (Guid Id, string Email, string Password) Expert, Guid First, Guid Second)> TwoAssignmentsAsync()
    {
        var admin = await AdminAsync();
        var (callTitle, callId) = await OpenCallAsync(admin);
        var expert = await Selection.ExpertAsync(admin);
        var ids = new List<Guid>();
        foreach (var title in new[] { First, Second })
        {
            var applicant = await Applicants.NewAsync(NewClient, admin);
            var applicationId = await Selection.InReviewAsync(NewClient, admin, applicant.Api, callId, title);
            ids.Add((await Selection.AssignAsync(admin, applicationId, expert.Id)).GetProperty("id").GetGuid());
        }
        return (callTitle, expert, ids[0], ids[1]);
    }
}
