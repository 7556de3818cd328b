using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class CallConsolePageTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task An_administrator_finds_a_call_from_the_console_and_reads_its_applications_by_state_and_its_quotas_without_javascript()
    {
        var admin = await AdminAsync();
        var (callTitle, callId) = await OpenCallAsync(admin, recommenderQuota: 3);
        var first = await Applicants.NewAsync(NewClient, admin);
        var firstId = await Selection.SubmittedAsync(first.Api, callId, "最早提交的智慧港口项目");
        var second = await Applicants.NewAsync(NewClient, admin);
        await Selection.SubmittedAsync(second.Api, callId, "后提交的工业互联网项目");
        var third = await Applicants.NewAsync(NewClient, admin);
        await Selection.SucceedAsync(third.Api.PostAsJsonAsync($"/api/calls/{callId}/applications",
            new { sectorCode = "smart-ports", content = new { projectTitle = "尚未提交的草稿" } }));

        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false);
        await page.GetByRole(AriaRole.Link, new() { Name = "管理控制台" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("管理控制台");
        await Expect(page.Locator("#calls-count")).ToHaveTextAsync(new Regex(@"^共 \d+ 个批次$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "申报批次" }).ClickAsync();

        // Filtered on the server: the open demonstration-benchmark calls hold it, the closed ones do not.
        await page.GetByLabel("项目").SelectOptionAsync("demonstration-benchmark");
        await page.GetByLabel("状态").SelectOptionAsync(new SelectOptionValue { Label = "已截止" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(page.Locator($"#call-{callId}")).ToHaveCountAsync(0);
        await page.GetByLabel("状态").SelectOptionAsync(new SelectOptionValue { Label = "申报中" });
        await page.GetByLabel("排序").SelectOptionAsync(new SelectOptionValue { Label = "最新批次在前" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var row = page.Locator($"#call-{callId}");
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("申报中");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("3");
        // Newest first: this call (a year after the demo's) is on the first page, above the demo's open call when that is
        // on the page too. Other tests open calls of later years in the shared site, so it need not be the first row.
        var order = await page.Locator("#calls tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.id + ' ' + r.textContent)");
        var ours = Array.FindIndex(order, r => r.StartsWith($"call-{callId} ", StringComparison.Ordinal));
        var demo = Array.FindIndex(order, r => r.Contains("演示批次", StringComparison.Ordinal));
        Assert.True(ours >= 0 && (demo == -1 || demo > ours), string.Join("\n", order));

        await row.GetByRole(AriaRole.Link, new() { Name = callTitle }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + $"/admin/calls/{callId}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(callTitle);
        await Expect(page.Locator("#call-status")).ToHaveTextAsync("申报中");
        await Expect(page.Locator("#states tbody tr")).ToHaveTextAsync(["草稿1", "已提交，待推荐2"]);
        await Expect(page.Locator("#states tfoot tr")).ToHaveTextAsync("合计3");
        await Expect(page.Locator("#waiting tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#waiting tbody tr").First).ToHaveIdAsync($"waiting-{firstId}");
        await Expect(page.Locator("#waiting tbody tr").First.Locator("td").Nth(1)).ToHaveTextAsync("已提交，待推荐");
        await Expect(page.Locator("#waiting tbody tr").First.Locator("td").Nth(3)).ToHaveTextAsync("0 小时");
        await Expect(page.Locator("#call-quota")).ToHaveTextAsync("每个推荐单位名额 3 个（另有规定的除外）。");
        await page.GetByRole(AriaRole.Link, new() { Name = "形式审查队列" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + $"/admin/calls/{callId}/formal-check");
        await page.GoBackAsync();

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var checkedPage = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, locale, returnUrl: "/admin");
            await AssertAccessibleAsync(checkedPage);
            await checkedPage.GotoAsync("/admin/calls");
            await AssertAccessibleAsync(checkedPage);
            await checkedPage.GotoAsync($"/admin/calls/{callId}");
            await AssertAccessibleAsync(checkedPage);
        }
    }

    [Fact]
    public async Task An_applicant_has_no_console_link_and_is_sent_to_sign_in_from_the_calls_dashboard()
    {
        var applicant = await Applicants.NewAsync(NewClient, await AdminAsync());
        var page = await SignedInAsync(applicant.Email, applicant.Password, returnUrl: "/applicant");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "管理控制台" })).ToHaveCountAsync(0);

        await page.GotoAsync("/admin/calls");
        await Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
    }
}
