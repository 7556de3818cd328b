using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The call's formal-check queue (/admin/calls/{id}/formal-check): in Chinese an administrator filters the queue,
/// accepts one application, returns one with a reason (the empty reason refused beside the field), and accepts two
/// at once while another administrator has moved one of them on: the result table says which was done and why the
/// other was not, and the done one stays done. axe in Chinese and English; without JavaScript the forms post the
/// ordinary way.
/// </summary>
public sealed class FormalCheckPageTests(SiteFixture site) : SiteTest(site)
{
    private const string First = "港口 5G 专网示范项目";
    private const string Second = "工厂 5G 质检示范项目";
    private const string Third = "矿山 5G 远程控制项目";
    private const string Fourth = "电网 5G 巡检示范项目";
    private const string Opinion = "港口专网覆盖全面，同意推荐。";

    [Fact]
    public async Task An_administrator_accepts_one_returns_one_with_a_reason_and_bulk_accepts_with_one_refused_and_the_others_done()
    {
        var (admin, callId, ids) = await RecommendedAsync(First, Second, Third, Fourth);
        var href = $"/admin/calls/{callId}/formal-check";
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: href);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("形式审查");
        var rows = page.Locator("#formal-check tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        var first = page.Locator($"#application-{ids[0]}");
        await Expect(first).ToContainTextAsync("测试科技有限公司");
        await Expect(first).ToContainTextAsync("广东省");
        await Expect(first).ToContainTextAsync(Opinion);
        await AssertAccessibleAsync(page);

        // Filtered and sorted on the server.
        await page.GetByLabel("项目名称或申报单位").FillAsync("矿山");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(Third);
        await page.GotoAsync(href + "?sort=-submitted");
        await Expect(rows.First).ToContainTextAsync(Fourth);

        // Accept one.
        await first.GetByRole(AriaRole.Button, new() { Name = "形式审查通过", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（形式审查通过）：{First}。");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal("ExpertReview", await StateAsync(admin, ids[0]));

        // Return one: the empty reason refused beside the field, then with a reason.
        var second = page.Locator($"#application-{ids[1]}");
        await second.GetByRole(AriaRole.Button, new() { Name = "退回修改", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#reason-{ids[1]}-error")).ToHaveTextAsync("请填写理由。");
        await Expect(page.Locator($"#reason-{ids[1]}")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("FormalCheck", await StateAsync(admin, ids[1]));
        await AssertAccessibleAsync(page);
        await page.Locator($"#reason-{ids[1]}").FillAsync("缺少经济效益测算说明，请补充后重新提交。");
        await page.Locator($"#application-{ids[1]}").GetByRole(AriaRole.Button, new() { Name = "退回修改", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（退回修改）：{Second}。");
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal("Draft", await StateAsync(admin, ids[1]));

        // Bulk accept while another administrator accepts the fourth first: the third done, the fourth refused in words.
        await page.GetByLabel($"选择“{Third}”").CheckAsync();
        await page.GetByLabel($"选择“{Fourth}”").CheckAsync();
        await Selection.MoveAsync(admin, ids[3], "accept");
        await page.GetByRole(AriaRole.Button, new() { Name = "批量：形式审查通过", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#result-{ids[2]} td")).ToHaveTextAsync("已完成");
        await Expect(page.Locator($"#result-{ids[3]} td")).ToHaveTextAsync("未处理：此申报已由其他管理员处理或已有变化，未作改动，请刷新页面查看最新情况。");
        await Expect(page.Locator($"#result-{ids[3]} th")).ToHaveTextAsync(Fourth);
        await Expect(page.Locator("#empty")).ToHaveTextAsync("本批次暂无待形式审查的申报。");
        Assert.Equal("ExpertReview", await StateAsync(admin, ids[2]));
        Assert.Equal("ExpertReview", await StateAsync(admin, ids[3]));
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_queue_passes_axe_in_English_and_its_bulk_return_asks_for_the_reason()
    {
        var (_, callId, ids) = await RecommendedAsync(First, Second);
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en-US", returnUrl: $"/admin/calls/{callId}/formal-check");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Formal check");
        await Expect(page.Locator($"#application-{ids[0]}")).ToContainTextAsync("Guangdong");
        await AssertAccessibleAsync(page);
        await page.GetByLabel($"Select “{First}”").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bulk: Return for revision", Exact = true }).ClickAsync();
        await Expect(page.Locator("#bulk-reason-error")).ToHaveTextAsync("Enter a reason.");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_the_administrator_bulk_returns_with_one_reason_and_marks_one_ineligible()
    {
        var (admin, callId, ids) = await RecommendedAsync(First, Second, Third);
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false,
            returnUrl: $"/admin/calls/{callId}/formal-check");

        var third = page.Locator($"#application-{ids[2]}");
        await page.Locator($"#reason-{ids[2]}").FillAsync("不属于本批次申报范围。");
        await third.GetByRole(AriaRole.Button, new() { Name = "不符合申报条件", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已处理（不符合申报条件）：{Third}。");

        await page.GetByLabel($"选择“{First}”").CheckAsync();
        await page.GetByLabel($"选择“{Second}”").CheckAsync();
        await page.GetByLabel("统一理由").FillAsync("请补充盖章的推荐函。");
        await page.GetByRole(AriaRole.Button, new() { Name = "批量：退回修改", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#result-{ids[0]} td")).ToHaveTextAsync("已完成");
        await Expect(page.Locator($"#result-{ids[1]} td")).ToHaveTextAsync("已完成");
        Assert.Equal("Draft", await StateAsync(admin, ids[0]));
        Assert.Equal("Draft", await StateAsync(admin, ids[1]));
        Assert.Equal("Ineligible", await StateAsync(admin, ids[2]));
    }

    [Fact]
    public async Task A_row_decided_by_another_administrator_first_is_refused_in_words_with_the_reason_kept()
    {
        var (admin, callId, ids) = await RecommendedAsync(First);
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: $"/admin/calls/{callId}/formal-check");

        await Selection.MoveAsync(admin, ids[0], "return", "请补充材料。");
        await page.Locator($"#reason-{ids[0]}").FillAsync("不属于本批次申报范围。");
        await page.Locator($"#application-{ids[0]}").GetByRole(AriaRole.Button, new() { Name = "不符合申报条件", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#reason-{ids[0]}-error")).ToHaveTextAsync("此申报已由其他管理员处理或已有变化，未作改动，请刷新页面查看最新情况。");
        await Expect(page.Locator($"#reason-{ids[0]}")).ToHaveValueAsync("不属于本批次申报范围。");
        Assert.Equal("Draft", await StateAsync(admin, ids[0]));
        await AssertAccessibleAsync(page);
    }

    /// <summary>A new call with one application per title, each of a new Guangdong organisation, recommended with <see cref="Opinion"/>.</summary>
    private async Task<(HttpClient Admin, Guid CallId, IReadOnlyList<Guid> Ids)> RecommendedAsync(params string[] titles)
    {
        var admin = await AdminAsync();
        var (_, callId) = await OpenCallAsync(admin);
        var recommender = await Selection.RecommenderAsync(NewClient, admin);
        var ids = new List<Guid>();
        foreach (var title in titles)
        {
            var applicant = await Applicants.NewAsync(NewClient, admin);
            ids.Add(await Selection.RecommendedAsync(applicant.Api, recommender, callId, title, Opinion));
        }
        return (admin, callId, ids);
    }

    private static async Task<string> StateAsync(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString()!;
}
