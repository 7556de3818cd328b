using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The steps of the walk that belong to the other groups of users, through their own pages: the enterprise signs up
/// and applies, the recommending authority recommends, the experts review; and time passes on the site's clock.
/// </summary>
public sealed partial class ConsoleWalkTests
{
    private const string RecommenderEmail = "recommender@demo.yangfan.cn";
    private const string ReviewComment = "申报单位能力突出，方案成熟，示范效应明显，建议入选。";

    /// <summary>An organisation in Guangzhou signs up with its two documents; its owner's page is left signed in.</summary>
    private async Task<(IPage Owner, string Email)> SignUpAsync(string organisationName)
    {
        var email = $"walk-owner-{Guid.NewGuid():N}@example.cn";
        var owner = await Site.NewPageAsync("zh-CN");
        await owner.GotoAsync("/");
        await owner.GetByRole(AriaRole.Link, new() { Name = "注册", Exact = true }).ClickAsync();
        await SignUpAsync(owner, email, organisationName, TestData.NewCreditCode("44"));
        await Expect(owner).ToHaveURLAsync(Site.BaseAddress + "/organisation");
        await Expect(owner.Locator("#verification-status")).ToContainTextAsync("等待管理员核验");
        return (owner, email);
    }

    /// <summary>The owner starts an application in the call from 我的申报 and lands on its page.</summary>
    private static async Task StartAsync(IPage owner, string callTitle)
    {
        await owner.GotoAsync("/applicant");
        await owner.GetByRole(AriaRole.Button, new() { Name = $"在“{callTitle}”中开始申报" }).ClickAsync();
        await Expect(owner.Locator("#state")).ToHaveTextAsync("草稿");
    }

    private static async Task FillSecurityCentreAsync(IPage owner, string centreName)
    {
        await owner.GetByLabel("中心名称").FillAsync(centreName);
        await owner.GetByLabel("所在省份").SelectOptionAsync("44");
        await owner.GetByLabel("人员规模").FillAsync("80");
        await owner.GetByLabel("安全检测").CheckAsync();
        await owner.GetByLabel("零信任").CheckAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "添加一项：拟提供的服务" }).ClickAsync();
        await owner.Locator("#f-plannedServices-0").FillAsync("5G 行业专网安全评估");
        await SaveDraftAsync(owner);
    }

    private static async Task FillBenchmarkAsync(IPage owner, string projectTitle)
    {
        await owner.GetByLabel("申报行业").SelectOptionAsync("smart-ports");
        await owner.GetByLabel("项目名称").FillAsync(projectTitle);
        await owner.GetByLabel("应用场景").FillAsync("在集装箱码头部署 5G 专网，实现岸桥远程操控、集卡自动驾驶和视频 AI 理货。");
        await owner.GetByLabel("部署省份").SelectOptionAsync("44");
        await owner.GetByLabel("项目启动日期").FillAsync("2025-03-01");
        await owner.GetByLabel("组网方式").SelectOptionAsync("DedicatedNetwork");
        await owner.GetByRole(AriaRole.Group, new() { Name = "是否使用网络切片" }).GetByLabel("是").CheckAsync();
        await owner.GetByRole(AriaRole.Group, new() { Name = "是否使用边缘计算" }).GetByLabel("是").CheckAsync();
        await owner.GetByLabel("5G 终端数量").FillAsync("1200");
        await owner.GetByLabel("项目投资").FillAsync("3500");
        await owner.GetByRole(AriaRole.Button, new() { Name = "添加一项：可量化成效" }).ClickAsync();
        await owner.GetByLabel("指标").FillAsync("作业效率提升");
        await owner.GetByLabel("实施前").FillAsync("0");
        await owner.GetByLabel("实施后").FillAsync("25");
        await SaveDraftAsync(owner);
    }

    private static async Task SaveDraftAsync(IPage owner)
    {
        await owner.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).First.ClickAsync();
        await Expect(owner.Locator("#saved")).ToHaveTextAsync("草稿已保存。");
    }

    /// <summary>Uploads every attachment the call requires and the signed form, submits, and returns the application's id.</summary>
    private static async Task<Guid> AttachAndSubmitAsync(IPage owner)
    {
        var required = await owner.Locator("#kind option").EvaluateAllAsync<string[]>(
            "options => options.filter(o => o.textContent.trim().endsWith('（必需）')).map(o => o.value)");
        foreach (var kind in required.Append("application-form").Distinct())
        {
            var file = kind == "application-form" ? "申报书.pdf" : $"{kind}.pdf";
            await owner.GetByLabel("附件类型").SelectOptionAsync(kind);
            await owner.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = file, MimeType = "application/pdf", Buffer = Pdf });
            await owner.GetByRole(AriaRole.Button, new() { Name = "上传附件" }).ClickAsync();
            await Expect(owner.GetByRole(AriaRole.Link, new() { Name = file })).ToBeVisibleAsync();
        }
        var submit = owner.Locator("#action-submit");
        await Expect(submit).ToContainTextAsync("提交条件均已满足。");
        await submit.GetByRole(AriaRole.Button, new() { Name = "提交申报" }).ClickAsync();
        await Expect(owner.Locator("#state")).ToHaveTextAsync("已提交，待推荐");
        return Guid.Parse(new Uri(owner.Url).AbsolutePath.Split('/')[^1]);
    }

    /// <summary>Guangdong's recommender recommends the application from the workbench, with an opinion.</summary>
    private static async Task RecommendAsync(IPage recommender, string callTitle, string title)
    {
        await recommender.GotoAsync("/recommender");
        var call = recommender.Locator("section", new() { Has = recommender.GetByRole(AriaRole.Heading, new() { Name = callTitle }) });
        await call.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await recommender.GetByLabel("推荐意见").FillAsync("材料齐全，能力突出，同意推荐。");
        await recommender.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(recommender.Locator("#decision")).ToContainTextAsync("处理结果：推荐");
    }

    /// <summary>Creates an expert on /admin/users: outside Guangdong, with an organisation of their own.</summary>
    private static async Task CreateExpertAsync(IPage admin, string name, string email, string province)
    {
        await admin.GotoAsync("/admin/users");
        await admin.Locator("#newRole").SelectOptionAsync("Expert");
        await admin.GetByLabel("姓名", new() { Exact = true }).FillAsync(name);
        await admin.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await admin.GetByLabel("初始密码", new() { Exact = true }).FillAsync(Password);
        await admin.GetByLabel("所在单位统一社会信用代码", new() { Exact = true }).FillAsync(TestData.NewCreditCode(province));
        await admin.Locator("#expertProvince").SelectOptionAsync(province);
        await admin.Locator("input[name=sectors][value=smart-ports]").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "新建账号", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToHaveTextAsync($"已新建账号 {email}。");
    }

    /// <summary>
    /// The expert confirms having no conflict on the assignment of <paramref name="title"/> and submits a review that
    /// gives every criterion <paramref name="score"/>, through the expert's own pages.
    /// </summary>
    private async Task ReviewAsync(string email, string password, string callTitle, string title, int score)
    {
        var page = await SignedInAsync(email, password, returnUrl: "/expert");
        var call = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = callTitle }) });
        await call.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认无利益冲突" }).ClickAsync();
        foreach (var input in await page.Locator("input[type=number][name^='score.']").AllAsync())
            await input.FillAsync(score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("评审意见").FillAsync(ReviewComment);
        await page.GetByLabel("推荐", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交评审" }).ClickAsync();
        // The last review moves the application on, which ends the round: the status then reads 已结束.
        await Expect(page.Locator("#saved")).ToContainTextAsync("评审已提交");
        await page.Context.CloseAsync();
    }

    /// <summary>A member of the public objects to the organisation's entry from the notice's page, with evidence.</summary>
    private async Task ObjectAsync(string callTitleZh, string organisationName)
    {
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/notices");
        await page.GetByRole(AriaRole.Link, new() { Name = callTitleZh, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = organisationName }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("提出异议");
        await page.GetByLabel("异议人姓名或单位名称").FillAsync("王某");
        await page.GetByLabel("电子邮箱").FillAsync("wang@example.cn");
        await page.GetByLabel("异议理由").FillAsync("该单位公示的检测实验室资质与实际情况不符，请主管部门予以核实。");
        await page.GetByLabel("证明材料（可选）").SetInputFilesAsync(new FilePayload { Name = "证据.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("输入确认码");
        await ObjectionSteps.ConfirmAsync(Site, page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("异议已确认");
        await page.Context.CloseAsync();
    }

    /// <summary>Time passes: the administrator moves the site's clock on, and the timers that fell due fire.</summary>
    private async Task AdvanceClockAsync(int days)
    {
        using var admin = await AdminAsync();
        var advanced = await Selection.SucceedAsync(admin.PostAsJsonAsync("/api/dev/clock/advance", new { days }));
        Assert.True((await advanced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timersFired").GetInt32() > 0);
    }
}
