using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The administrator's application pages (/admin/applications and /admin/applications/{id}): in Chinese a security-centre
/// application brought to site inspection over the API is found by its organisation's credit code, its reviews read with
/// the experts' names, site inspection failed without a reason (refused beside the field) and then with one, while a second
/// window's stale post is refused in words; axe in Chinese and English; without JavaScript the search and a transition work.
/// </summary>
public sealed class AdminApplicationPageTests(SiteFixture site) : SiteTest(site)
{
    private const string Centre = "粤港 5G 应用安全创新示范中心";

    /// <summary>The review criteria of the shipped security-centre workflow.</summary>
    private static readonly string[] Criteria =
        ["security-technology", "reusable-solutions", "industry-deployment", "testing-evaluation", "commercial-cryptography", "promotion-training"];

    [Fact]
    public async Task An_administrator_finds_the_application_reads_its_reviews_and_fails_site_inspection_with_a_reason_while_a_stale_window_is_refused()
    {
        var admin = await AdminAsync();
        var (id, creditCode) = await RecommendedAsync(admin, Centre);
        await Selection.MoveAsync(admin, id, "accept");
        await Selection.ReviewAsync(NewClient, admin, id, experts: 5, criteria: Criteria);
        Assert.Equal("SiteInspection", await StateAsync(admin, id));

        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin/applications");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("申报查询");
        await page.GetByLabel("申报单位、统一社会信用代码或项目名称").FillAsync(creditCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await Expect(page.Locator("#applications tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#application-{id}")).ToContainTextAsync("现场考察");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = Centre, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Site.BaseAddress}/admin/applications/{id}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Centre);
        await Expect(page.Locator("#state")).ToContainTextAsync("现场考察");
        await Expect(page.Locator("#credit-code")).ToHaveTextAsync(creditCode);
        await Expect(page.Locator("#opinion-text")).ToHaveTextAsync(Transitions.Opinion);
        await Expect(page.Locator("#assignments tbody tr")).ToHaveCountAsync(5);
        var review = page.Locator("article.review").First;
        await Expect(review.GetByRole(AriaRole.Heading)).ToContainTextAsync("专家");
        await Expect(review.Locator(".comment")).ToHaveTextAsync(Selection.ReviewComment);
        await Expect(page.Locator("#history")).ToContainTextAsync("形式审查通过");
        await AssertAccessibleAsync(page);

        // A second window, opened now, whose post will be stale.
        var second = await page.Context.NewPageAsync();
        await second.GotoAsync($"/admin/applications/{id}");

        var fail = page.GetByRole(AriaRole.Button, new() { Name = "现场考察未通过", Exact = true });
        await fail.ClickAsync();
        await Expect(page.Locator("#reason-inspection-failed-error")).ToHaveTextAsync("请填写理由。");
        await Expect(page.Locator("#reason-inspection-failed")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("SiteInspection", await StateAsync(admin, id));
        await AssertAccessibleAsync(page);

        await page.Locator("#reason-inspection-failed").FillAsync("现场核查发现检测实验室尚未取得资质。");
        await page.GetByRole(AriaRole.Button, new() { Name = "现场考察未通过", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("已处理（现场考察未通过）。");
        await Expect(page.Locator("#state")).ToContainTextAsync("未入选");
        await Expect(page.Locator("#history")).ToContainTextAsync("现场核查发现检测实验室尚未取得资质。");
        Assert.Equal("Rejected", await StateAsync(admin, id));

        await second.GetByRole(AriaRole.Button, new() { Name = "现场考察通过", Exact = true }).ClickAsync();
        await Expect(second.Locator("#reason-inspection-passed-error"))
            .ToContainTextAsync("此申报已由其他管理员处理或已有变化，未作改动，请刷新页面查看最新情况。");
        Assert.Equal("Rejected", await StateAsync(admin, id));
        await AssertAccessibleAsync(second);
    }

    [Fact]
    public async Task The_pages_pass_axe_in_English()
    {
        var admin = await AdminAsync();
        var (id, creditCode) = await RecommendedAsync(admin, Centre);
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en-US",
            returnUrl: $"/admin/applications?q={creditCode}&stateTag=awaiting-formal-check");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Applications");
        await Expect(page.Locator("#applications tbody tr")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page);
        await page.GotoAsync($"/admin/applications/{id}");
        await Expect(page.Locator("#state")).ToContainTextAsync("Formal check");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Accept for expert review", Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_the_administrator_searches_and_accepts_at_the_formal_check()
    {
        var admin = await AdminAsync();
        var (id, creditCode) = await RecommendedAsync(admin, Centre);
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false, returnUrl: "/admin/applications");

        await page.GetByLabel("申报单位、统一社会信用代码或项目名称").FillAsync(creditCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Centre, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "形式审查通过", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync("已处理（形式审查通过）。");
        await Expect(page.Locator("#state")).ToContainTextAsync("专家评审");
        Assert.Equal("ExpertReview", await StateAsync(admin, id));
    }

    /// <summary>
    /// A security-centre call opened over the API and a new Guangdong organisation's application in it (its centre named
    /// <paramref name="centre"/>, with the application form the form requires), submitted and recommended: at the formal
    /// check. Returns its id and the organisation's credit code.
    /// </summary>
    private async Task<(Guid Id, string CreditCode)> RecommendedAsync(HttpClient admin, string centre)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await Selection.SucceedAsync(admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "security-centre", year = 2099, batch = 1, titleZh = "2099 年第一批", titleEn = "2099 first batch",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30),
        }));
        var callId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{callId}/open", null));

        var applicant = await Applicants.NewAsync(NewClient, admin);
        var content = JsonNode.Parse(JsonSerializer.Serialize(TestContent.CompleteFor("security-centre")))!;
        content["centreName"] = centre;
        var application = await Selection.SucceedAsync(applicant.Api.PostAsJsonAsync($"/api/calls/{callId}/applications", new { content }));
        var id = (await application.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var file = new ByteArrayContent(TestData.LicencePdf);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        await Selection.SucceedAsync(applicant.Api.PostAsync($"/api/applications/{id}/attachments",
            new MultipartFormDataContent { { new StringContent("application-form"), "kind" }, { file, "file", "申报书.pdf" } }));
        await Selection.MoveAsync(applicant.Api, id, "submit");
        await Selection.RecommendAsync(NewClient, admin, id);
        var organisation = await admin.GetFromJsonAsync<JsonElement>($"/api/organisations/{applicant.OrganisationId}");
        return (id, organisation.GetProperty("creditCode").GetString()!);
    }

    private static async Task<string> StateAsync(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("state").GetString()!;
}
