using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The applicant's pages beyond the journey that <see cref="ApplicantJourneyTests"/> walks in Chinese: in English they
/// pass axe too; without JavaScript the form and the upload post the ordinary way.
/// </summary>
public sealed class ApplicantPageTests(SiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task In_English_the_applicants_pages_pass_the_WCAG_2_1_AA_checks()
    {
        var admin = await AdminAsync();
        var (_, callId) = await OpenCallAsync(admin);
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var id = await StartAsync(applicant, callId);
        var page = await SignedInAsync(applicant.Email, applicant.Password, "en", returnUrl: "/applicant");

        await page.GotoAsync("/applicant");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My applications");
        await AssertAccessibleAsync(page);
        await page.GotoAsync($"/applicant/applications/{id}");
        await Expect(page.Locator("#form-heading")).ToHaveTextAsync("Application form");
        await AssertAccessibleAsync(page);
        await page.GotoAsync("/notifications");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Notifications");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_a_draft_is_saved_and_an_attachment_uploaded_through_plain_form_posts()
    {
        var admin = await AdminAsync();
        var (_, callId) = await OpenCallAsync(admin);
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var id = await StartAsync(applicant, callId);
        var page = await SignedInAsync(applicant.Email, applicant.Password, "zh-CN", javaScript: false, returnUrl: "/applicant");
        await page.GotoAsync($"/applicant/applications/{id}");

        await page.GetByLabel("项目名称").FillAsync("无脚本填写的项目");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加一项：合作单位" }).ClickAsync();
        await page.GetByLabel("角色").SelectOptionAsync("Operator");
        await page.GetByLabel("单位名称").FillAsync("中国移动广东公司");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).First.ClickAsync();
        await Expect(page.Locator("#saved")).ToHaveTextAsync("草稿已保存。");
        await Expect(page.GetByLabel("单位名称")).ToHaveValueAsync("中国移动广东公司");

        await page.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "营业执照.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByLabel("附件类型").SelectOptionAsync("business-licence");
        await page.GetByRole(AriaRole.Button, new() { Name = "上传附件" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "营业执照.pdf" })).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("无脚本填写的项目");
    }

    private static async Task<Guid> StartAsync(TestApplicant applicant, Guid callId)
    {
        var created = await applicant.Api.PostAsJsonAsync($"/api/calls/{callId}/applications", new { content = new { } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
