using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The applicant's journey in a browser, in Chinese: start an application in an open call, fill in the form rendered
/// from its definition (an error beside its field, then saved), attach the signed form, meet the checklist, submit,
/// read the reason of a return, edit and submit again. In English the pages pass axe too; without JavaScript the form
/// and the upload post the ordinary way.
/// </summary>
public sealed class ApplicantPageTests(SiteFixture site) : SiteTest(site)
{
    private static int _calls;

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n");

    [Fact]
    public async Task An_applicant_applies_is_returned_with_a_reason_edits_and_submits_again()
    {
        var (admin, callTitle, _) = await OpenCallAsync();
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var page = await SignedInAsync(applicant, "zh-CN");

        await page.GotoAsync("/applicant");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"在“{callTitle}”中开始申报" }).ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("草稿");

        await page.GetByLabel("申报行业").SelectOptionAsync("smart-ports");
        await page.GetByLabel("项目名称").FillAsync("5G 智慧港口远程操控项目");
        await page.GetByLabel("应用场景").FillAsync("在集装箱码头部署 5G 专网，实现岸桥、场桥远程操控和集卡自动驾驶。");
        await page.GetByLabel("部署省份").SelectOptionAsync("44");
        await page.GetByLabel("项目启动日期").FillAsync("2025-03-01");
        await page.GetByLabel("组网方式").SelectOptionAsync("DedicatedNetwork");
        await page.GetByRole(AriaRole.Group, new() { Name = "是否使用网络切片" }).GetByLabel("是").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "是否使用边缘计算" }).GetByLabel("否").CheckAsync();
        await page.GetByLabel("5G 终端数量").FillAsync("一千二");
        await page.GetByLabel("项目投资").FillAsync("3500");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加一项：可量化成效" }).ClickAsync();
        await page.GetByLabel("指标").FillAsync("作业效率提升");
        await page.GetByLabel("实施前").FillAsync("0");
        await page.GetByLabel("实施后").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).First.ClickAsync();

        var terminals = page.GetByLabel("5G 终端数量");
        await Expect(page.Locator("#f-terminalCount-error")).ToBeVisibleAsync();
        await Expect(terminals).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(terminals).ToHaveValueAsync("一千二");
        await Expect(page.GetByLabel("项目名称")).ToHaveValueAsync("5G 智慧港口远程操控项目");
        await AssertAccessibleAsync(page);
        await terminals.FillAsync("1200");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).First.ClickAsync();
        await Expect(page.Locator("#saved")).ToHaveTextAsync("草稿已保存。");

        await page.GetByLabel("附件类型").SelectOptionAsync("application-form");
        await page.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "申报书.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传附件" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "申报书.pdf" })).ToBeVisibleAsync();
        await Expect(page.Locator("#action-submit")).ToContainTextAsync("提交条件均已满足。");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "提交申报" }).ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("已提交，待推荐");

        var applicationId = Guid.Parse(page.Url.Split('/', '#')[5]);
        await ReturnAsync(admin, applicationId, "请补充应用成效数据的测算依据。");
        await page.GotoAsync($"/applicant/applications/{applicationId}");
        await Expect(page.Locator("#state")).ToHaveTextAsync("草稿");
        await Expect(page.Locator("#decision-reason")).ToHaveTextAsync("请补充应用成效数据的测算依据。");
        await Expect(page.Locator("#notifications-link")).ToContainTextAsync("1 条未读");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("指标").FillAsync("作业效率提升（按单箱作业时间测算）");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).First.ClickAsync();
        await Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申报" }).ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("已提交，待推荐");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("请补充应用成效数据的测算依据。");
    }

    [Fact]
    public async Task In_English_the_applicants_pages_pass_the_WCAG_2_1_AA_checks()
    {
        var (admin, _, callId) = await OpenCallAsync();
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var id = await StartAsync(applicant, callId);
        var page = await SignedInAsync(applicant, "en");

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
        var (admin, _, callId) = await OpenCallAsync();
        var applicant = await Applicants.NewAsync(NewClient, admin);
        var id = await StartAsync(applicant, callId);
        var page = await SignedInAsync(applicant, "zh-CN", javaScript: false);
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

    private HttpClient NewClient() => new() { BaseAddress = new Uri(Site.BaseAddress) };

    /// <summary>A demonstration benchmark call opened by the administrator through the API, under a title of its own.</summary>
    private async Task<(HttpClient Admin, string Title, Guid Id)> OpenCallAsync()
    {
        var admin = NewClient();
        var token = await (await admin.PostAsJsonAsync("/api/auth/token", new { email = ApiFactory.AdminEmail, password = ApiFactory.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        // A year of its own per call (the demo data holds the early years), so each test's call is told apart by its title.
        var year = 2050 + Interlocked.Increment(ref _calls);
        const int batch = 1;
        var now = DateTimeOffset.UtcNow;
        var created = await admin.PostAsJsonAsync("/api/calls", new
        {
            programmeKey = "demonstration-benchmark", year, batch, titleZh = $"{year} 年第一批", titleEn = $"{year} first batch",
            opensAt = now.AddDays(-1), closesAt = now.AddDays(30), sectors = new[] { "industrial-internet", "smart-ports" },
            recommenderQuota = (int?)null,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await admin.PostAsync($"/api/calls/{id}/open", null)).IsSuccessStatusCode);
        return (admin, $"5G 示范应用标杆 · {year} 年第一批", id);
    }

    private static async Task<Guid> StartAsync(TestApplicant applicant, Guid callId)
    {
        var created = await applicant.Api.PostAsJsonAsync($"/api/calls/{callId}/applications", new { content = new { } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<IPage> SignedInAsync(TestApplicant applicant, string locale, bool javaScript = true)
    {
        var page = await Site.NewPageAsync(locale, javaScript);
        await page.GotoAsync("/account/sign-in?returnUrl=%2Fapplicant");
        await page.Locator("#email").FillAsync(applicant.Email);
        await page.Locator("#password").FillAsync(applicant.Password);
        await page.Locator("form.form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + "/applicant");
        return page;
    }

    /// <summary>A recommender of the applicant's province recommends it, and the administrator returns it with a reason.</summary>
    private async Task ReturnAsync(HttpClient admin, Guid applicationId, string reason)
    {
        var email = $"gd-{Guid.NewGuid():N}@example.cn";
        var user = await admin.PostAsJsonAsync("/api/users", new
        {
            email, password = "Recommender-Passw0rd", displayName = "广东省工业和信息化厅", role = "Recommender", recommender = new { provinceCode = "44" },
        });
        Assert.True(user.IsSuccessStatusCode, await user.Content.ReadAsStringAsync());
        var recommender = NewClient();
        var token = await (await recommender.PostAsJsonAsync("/api/auth/token", new { email, password = "Recommender-Passw0rd" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        recommender.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        await FireAsync(recommender, applicationId, "recommend", null);
        await FireAsync(admin, applicationId, "return", reason);
    }

    private static async Task FireAsync(HttpClient client, Guid applicationId, string trigger, string? comment)
    {
        var current = await client.GetAsync($"/api/applications/{applicationId}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{applicationId}/transitions")
        {
            Content = JsonContent.Create(new { trigger, comment }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
