using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The call's editor and lifecycle in the console: /admin/calls/new, /admin/calls/{id}/edit, /admin/calls/{id}/quotas
/// and the dashboard's actions (开放申报, 截止申报, 结束批次), in Chinese and without JavaScript; axe in Chinese and English.
/// </summary>
public sealed class CallEditorPageTests(SiteFixture site) : SiteTest(site)
{
    private static string Beijing(DateTimeOffset moment) =>
        moment.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_administrator_creates_a_call_after_a_refusal_sets_a_quota_opens_closes_and_finishes_it_without_javascript()
    {
        var title = $"安全中心页面批次 {Guid.NewGuid().ToString("N")[..6]}";
        var now = DateTimeOffset.UtcNow;
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false, returnUrl: "/admin/calls");
        await page.GetByRole(AriaRole.Link, new() { Name = "新建申报批次" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + "/admin/calls/new");
        await Expect(page.Locator("h1")).ToHaveTextAsync("新建申报批次");

        await page.GetByLabel("项目", new() { Exact = true }).SelectOptionAsync("security-centre");
        await page.GetByLabel("年度", new() { Exact = true }).FillAsync("2100");
        await page.GetByLabel("批次", new() { Exact = true }).FillAsync("20");
        await page.GetByLabel("中文名称").FillAsync(title);
        await page.GetByLabel("英文名称").FillAsync("Security centres, page batch");
        await page.GetByLabel("开放申报时间").FillAsync(Beijing(now.AddDays(-1)));
        await page.GetByLabel("截止申报时间").FillAsync(Beijing(now.AddDays(-2)));
        await page.GetByLabel("每个推荐单位的默认名额").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建批次（草稿）" }).ClickAsync();

        // Refused beside its field; what was typed is kept.
        await Expect(page.Locator("#closesAt-error")).ToHaveTextAsync("截止申报时间须晚于开放申报时间。");
        await Expect(page.Locator("#closesAt")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("中文名称")).ToHaveValueAsync(title);
        await Expect(page.Locator("#programmeKey")).ToHaveValueAsync("security-centre");

        await page.GetByLabel("截止申报时间").FillAsync(Beijing(now.AddDays(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "创建批次（草稿）" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/calls/[0-9a-f-]{36}$"));
        var callId = Guid.Parse(page.Url[^36..]);
        await Expect(page.Locator("#call-status")).ToHaveTextAsync("草稿");
        await Expect(page.Locator("#call-actions button")).ToHaveTextAsync(["开放申报"]);

        // The draft's settings come back in the editor.
        await page.GetByRole(AriaRole.Link, new() { Name = "修改批次设置" }).ClickAsync();
        await Expect(page.GetByLabel("中文名称")).ToHaveValueAsync(title);
        await Expect(page.GetByLabel("每个推荐单位的默认名额")).ToHaveValueAsync("5");
        await page.GetByRole(AriaRole.Link, new() { Name = "返回本批次" }).ClickAsync();

        // A quota of Guangdong's own: a negative one refused beside its field, then 2 saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "设定各推荐单位名额" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + $"/admin/calls/{callId}/quotas");
        await page.GetByLabel("广东省", new() { Exact = true }).FillAsync("-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名额" }).ClickAsync();
        await Expect(page.Locator("#province-44-error")).ToHaveTextAsync("名额须在 0 至 10000 之间。");
        await Expect(page.GetByLabel("广东省", new() { Exact = true })).ToHaveValueAsync("-1");
        await page.GetByLabel("广东省", new() { Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名额" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("名额已保存。");
        await Expect(page.GetByLabel("广东省", new() { Exact = true })).ToHaveValueAsync("2");
        var admin = await AdminAsync();
        var quotas = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/authority-quotas");
        Assert.Contains(quotas.GetProperty("authorities").EnumerateArray(),
            a => a.GetProperty("authority").GetString() == "province:44" && a.GetProperty("quota").GetInt32() == 2);

        // Opening asks for the confirmation first.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回本批次" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "开放申报" }).ClickAsync();
        await Expect(page.Locator("#confirm-action-error")).ToHaveTextAsync("请先勾选确认，再点击“开放申报”。");
        await Expect(page.Locator("#call-status")).ToHaveTextAsync("草稿");
        await page.GetByLabel("我已核对本批次信息，确认执行下面的操作").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "开放申报" }).ClickAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync("已开放申报。");
        await Expect(page.Locator("#call-status")).ToHaveTextAsync("申报中");
        await Expect(page.Locator("#call-actions button")).ToHaveTextAsync(["截止申报"]);
        await Expect(page.Locator("#edit-call-link")).ToHaveCountAsync(0);

        // No longer a draft: the editor says so instead of offering the form.
        await page.GotoAsync($"/admin/calls/{callId}/edit");
        await Expect(page.Locator("#form-errors")).ToHaveTextAsync("本批次已不是草稿（当前：申报中），不能再修改。");
        await Expect(page.Locator("#call-form")).ToHaveCountAsync(0);

        // Listed for administrators and open to applicants.
        await page.GotoAsync("/admin/calls?programme=security-centre&sort=newest");
        await Expect(page.Locator($"#call-{callId}")).ToContainTextAsync(title);
        await Expect(page.Locator($"#call-{callId} td").First).ToHaveTextAsync("申报中");
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var applicantPage = await SignedInAsync(applicant.Email, applicant.Password, javaScript: false, returnUrl: "/applicant");
        await Expect(applicantPage.Locator("ul.calls h3", new() { HasText = title })).ToHaveCountAsync(1);

        // Another administrator closes it first: this page's 截止申报 is refused in words, and then 结束批次 is offered.
        await page.GotoAsync($"/admin/calls/{callId}");
        await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{callId}/close", null));
        await page.GetByLabel("我已核对本批次信息，确认执行下面的操作").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "截止申报" }).ClickAsync();
        await Expect(page.Locator("#confirm-action-error")).ToHaveTextAsync(
            "不能截止申报：本批次当前为“已截止”，该操作已不可用（可能已被其他管理员处理）。");
        await Expect(page.Locator("#call-status")).ToHaveTextAsync("已截止");
        await page.GetByLabel("我已核对本批次信息，确认执行下面的操作").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "结束批次" }).ClickAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync("已结束批次。");
        await Expect(page.Locator("#call-status")).ToHaveTextAsync("已结束");
        await Expect(page.Locator("#call-actions button")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_call_editor_the_quota_page_and_the_dashboard_actions_are_accessible_in_chinese_and_english()
    {
        var admin = await AdminAsync();
        var callId = await Selection.DraftCallAsync(admin, 2099, 3, "无障碍检查批次", DateTimeOffset.UtcNow.AddDays(30), recommenderQuota: 4);

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, locale, returnUrl: "/admin/calls/new");
            await AssertAccessibleAsync(page);
            // The refused form too: errors beside their fields.
            await page.Locator("#titleZh").FillAsync("");
            await page.Locator("#save-call").ClickAsync();
            await Expect(page.Locator("#opensAt-error")).ToBeVisibleAsync();
            await page.Locator("#opensAt").FillAsync("2030-01-01T09:00");
            await page.Locator("#closesAt").FillAsync("2030-02-01T09:00");
            await page.Locator("#save-call").ClickAsync();
            await Expect(page.Locator("#titleZh-error")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await page.GotoAsync($"/admin/calls/{callId}/edit");
            await Expect(page.Locator("#titleZh")).ToHaveValueAsync("无障碍检查批次");
            await AssertAccessibleAsync(page);
            await page.GotoAsync($"/admin/calls/{callId}/quotas");
            await page.Locator("#province-11").FillAsync("-5");
            await page.Locator("#save-quotas").ClickAsync();
            await Expect(page.Locator("#province-11-error")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await page.GotoAsync($"/admin/calls/{callId}");
            await page.Locator("#action-open").ClickAsync();
            await Expect(page.Locator("#confirm-action-error")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
        }
    }
}
