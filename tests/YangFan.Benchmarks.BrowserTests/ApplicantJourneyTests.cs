using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// An enterprise's whole journey in Chinese, through the pages, as its people take it (issue 14, "Done when"): the owner
/// signs up with the business licence and authorisation letter, an administrator verifies the organisation, the owner
/// invites a colleague who accepts in a browser of their own, both fill in the application (a concurrent save is shown,
/// not overwritten), the required attachments are uploaded, the checklist is met, the application is submitted,
/// returned with a reason, edited and submitted again; the selection then runs over the API (recommendation, formal
/// check, reviews, ranking, shortlist, release) and the owner reads the outcome and the timeline, where staged
/// decisions stayed hidden until released and each colleague's step bears their name.
/// </summary>
public sealed partial class ApplicantJourneyTests(SiteFixture site) : SiteTest(site)
{
    private const string OwnerName = "李工";
    private const string ColleagueName = "王同事";
    private const string Reason = "请补充应用成效数据的测算依据。";

    [Fact]
    public async Task Sign_up_verification_invitation_both_colleagues_fill_in_submit_return_resubmit_and_the_outcome_after_release()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ownerEmail = $"owner-{suffix}@example.cn";
        var colleagueEmail = $"colleague-{suffix}@example.cn";
        var organisationName = $"扬帆浏览器测试科技有限公司{suffix}";
        var admin = await AdminAsync();
        var (callTitle, callId) = await OpenCallAsync(admin);

        // The owner signs up with the organisation's two documents, without a line of HTTP.
        var owner = await Site.NewPageAsync("zh-CN");
        await owner.GotoAsync("/");
        await owner.GetByRole(AriaRole.Link, new() { Name = "注册", Exact = true }).ClickAsync();
        await AssertAccessibleAsync(owner);
        await SignUpAsync(owner, ownerEmail, organisationName, TestData.NewCreditCode());
        await Expect(owner).ToHaveURLAsync(Site.BaseAddress + "/organisation");
        await Expect(owner.Locator("h1")).ToHaveTextAsync(organisationName);
        await Expect(owner.Locator("#verification-status")).ToContainTextAsync("等待管理员核验");
        await AssertAccessibleAsync(owner);

        // An administrator finds it in the queue, refuses without a reason (refused beside the field), then verifies.
        var administrator = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        await Expect(administrator.Locator(".site-header")).ToContainTextAsync("已登录");
        await administrator.GetByRole(AriaRole.Link, new() { Name = "单位核验", Exact = true }).ClickAsync();
        var entry = administrator.Locator("li", new() { Has = administrator.GetByRole(AriaRole.Heading, new() { Name = organisationName }) });
        await Expect(entry.GetByRole(AriaRole.Link, new() { Name = "营业执照：营业执照.pdf" })).ToBeVisibleAsync();
        await entry.GetByRole(AriaRole.Button, new() { Name = "不予通过" }).ClickAsync();
        await Expect(entry.Locator(".field-error")).ToContainTextAsync("须填写理由");
        await AssertAccessibleAsync(administrator);
        await entry.GetByLabel("理由", new() { Exact = true }).FillAsync("营业执照与授权书核验无误");
        await entry.GetByRole(AriaRole.Button, new() { Name = "核验通过" }).ClickAsync();
        await Expect(administrator.Locator("#status-message")).ToContainTextAsync("已核验通过");
        await Expect(administrator.GetByRole(AriaRole.Heading, new() { Name = organisationName })).ToHaveCountAsync(0);

        // The owner sees the organisation verified and invites a colleague; the link is shown once.
        await owner.ReloadAsync();
        await Expect(owner.Locator("#verification-status")).ToContainTextAsync("已核验");
        await owner.GetByLabel("同事的电子邮箱", new() { Exact = true }).FillAsync(colleagueEmail);
        await owner.GetByRole(AriaRole.Button, new() { Name = "生成邀请链接" }).ClickAsync();
        var link = (await owner.Locator("#invitation-link code").TextContentAsync())!.Trim();
        Assert.Matches(InvitationLink(), link);
        await Expect(owner.Locator("#pending-invitations")).ToContainTextAsync(colleagueEmail);
        await AssertAccessibleAsync(owner);

        // The colleague follows the link in a browser of their own, signs up with the invited address and joins.
        var colleague = await Site.NewPageAsync("zh-CN");
        await colleague.GotoAsync(link);
        await Expect(colleague.Locator("#invited-email")).ToHaveTextAsync(colleagueEmail);
        await AssertAccessibleAsync(colleague);
        await colleague.GetByLabel("姓名", new() { Exact = true }).FillAsync(ColleagueName);
        await colleague.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await colleague.GetByRole(AriaRole.Button, new() { Name = "注册并加入" }).ClickAsync();
        await Expect(colleague).ToHaveURLAsync(Site.BaseAddress + "/organisation");
        await Expect(colleague.Locator("h1")).ToHaveTextAsync(organisationName);
        await Expect(colleague.Locator(".site-header")).ToContainTextAsync(ColleagueName);

        // The owner sees the new member, and no pending invitation.
        await owner.ReloadAsync();
        await Expect(owner.GetByRole(AriaRole.Cell, new() { Name = colleagueEmail })).ToBeVisibleAsync();
        await Expect(owner.Locator("#pending-invitations")).ToHaveCountAsync(0);

        // The owner starts an application in the open call and fills in the project's overview; a value the form
        // cannot hold is refused beside its field, keeping what was typed.
        await owner.GetByRole(AriaRole.Link, new() { Name = "我的申报", Exact = true }).ClickAsync();
        await AssertAccessibleAsync(owner);
        await owner.GetByRole(AriaRole.Button, new() { Name = $"在“{callTitle}”中开始申报" }).ClickAsync();
        await Expect(owner.Locator("#state")).ToHaveTextAsync("草稿");
        await owner.GetByLabel("申报行业").SelectOptionAsync("smart-ports");
        await owner.GetByLabel("项目名称").FillAsync("5G 智慧港口远程操控项目");
        await owner.GetByLabel("应用场景").FillAsync("在集装箱码头部署 5G 专网，实现岸桥、场桥远程操控和集卡自动驾驶。");
        await owner.GetByLabel("部署省份").SelectOptionAsync("44");
        await owner.GetByLabel("项目启动日期").FillAsync("2025-03-01");
        var terminals = owner.GetByLabel("5G 终端数量");
        await terminals.FillAsync("一千二");
        await SaveAsync(owner);
        await Expect(owner.Locator("#f-terminalCount-error")).ToBeVisibleAsync();
        await Expect(terminals).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(terminals).ToHaveValueAsync("一千二");
        await Expect(owner.GetByLabel("项目名称")).ToHaveValueAsync("5G 智慧港口远程操控项目");
        await AssertAccessibleAsync(owner);
        await terminals.FillAsync("");
        await SaveAsync(owner);
        await Expect(owner.Locator("#saved")).ToHaveTextAsync("草稿已保存。");

        // The checklist names what is still missing, each linked to its field, and the submit button waits.
        var submit = owner.Locator("#action-submit");
        await Expect(submit).ToContainTextAsync("“提交申报”之前还需完成");
        await Expect(submit).ToContainTextAsync("申报书中提交所需的各项内容均已填写完整。");
        await Expect(submit.GetByRole(AriaRole.Link, new() { Name = "组网方式" })).ToHaveAttributeAsync("href", "#f-networkMode");
        await Expect(submit.GetByRole(AriaRole.Button, new() { Name = "提交申报" })).ToBeDisabledAsync();

        // The colleague opens the same application from the organisation's list and fills in the rest.
        await colleague.GetByRole(AriaRole.Link, new() { Name = "我的申报", Exact = true }).ClickAsync();
        await colleague.GetByRole(AriaRole.Link, new() { Name = "5G 智慧港口远程操控项目" }).First.ClickAsync();
        await Expect(colleague.GetByLabel("项目名称")).ToHaveValueAsync("5G 智慧港口远程操控项目");
        await colleague.GetByLabel("组网方式").SelectOptionAsync("DedicatedNetwork");
        await colleague.GetByRole(AriaRole.Group, new() { Name = "是否使用网络切片" }).GetByLabel("是").CheckAsync();
        await colleague.GetByRole(AriaRole.Group, new() { Name = "是否使用边缘计算" }).GetByLabel("否").CheckAsync();
        await colleague.GetByLabel("5G 终端数量").FillAsync("1200");
        await colleague.GetByLabel("项目投资").FillAsync("3500");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "添加一项：可量化成效" }).ClickAsync();
        await colleague.GetByLabel("指标").FillAsync("作业效率提升");
        await colleague.GetByLabel("实施前").FillAsync("0");
        await colleague.GetByLabel("实施后").FillAsync("30");
        await SaveAsync(colleague);
        await Expect(colleague.Locator("#saved")).ToHaveTextAsync("草稿已保存。");

        // The owner, still on the version read before, changes the title: the colleague's save is not overwritten;
        // the page says what differs and keeps what the owner typed, then loads the colleague's version.
        await owner.GetByLabel("项目名称").FillAsync("5G 智慧港口远程操控与自动驾驶项目");
        await SaveAsync(owner);
        await Expect(owner.Locator("#refusal")).ToContainTextAsync("同事已在您打开页面后保存了这份申报");
        await Expect(owner.Locator("#refusal")).ToContainTextAsync("5G 终端数量");
        await Expect(owner.GetByLabel("项目名称")).ToHaveValueAsync("5G 智慧港口远程操控与自动驾驶项目");
        await owner.GetByRole(AriaRole.Link, new() { Name = "载入同事保存的最新版本" }).ClickAsync();
        await Expect(owner.GetByLabel("5G 终端数量")).ToHaveValueAsync("1200");
        await Expect(owner.GetByLabel("指标")).ToHaveValueAsync("作业效率提升");
        await owner.GetByLabel("项目名称").FillAsync("5G 智慧港口远程操控与自动驾驶项目");
        await SaveAsync(owner);
        await Expect(owner.Locator("#saved")).ToHaveTextAsync("草稿已保存。");

        // Attachments: the signed application form, and every kind the call's form requires.
        var required = await owner.Locator("#kind option").EvaluateAllAsync<string[]>(
            "options => options.filter(o => o.textContent.trim().endsWith('（必需）')).map(o => o.value)");
        foreach (var kind in required.Append("application-form").Distinct())
        {
            if (required.Length > 0)
                await Expect(submit).ToContainTextAsync("本批次要求的各类附件均已上传。");
            var file = kind == "application-form" ? "申报书.pdf" : $"{kind}.pdf";
            await owner.GetByLabel("附件类型").SelectOptionAsync(kind);
            await owner.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = file, MimeType = "application/pdf", Buffer = Pdf });
            await owner.GetByRole(AriaRole.Button, new() { Name = "上传附件" }).ClickAsync();
            await Expect(owner.GetByRole(AriaRole.Link, new() { Name = file })).ToBeVisibleAsync();
        }
        await Expect(submit).ToContainTextAsync("提交条件均已满足。");
        await AssertAccessibleAsync(owner);

        // The owner submits.
        await submit.GetByRole(AriaRole.Button, new() { Name = "提交申报" }).ClickAsync();
        await Expect(owner.Locator("#state")).ToHaveTextAsync("已提交，待推荐");
        await Expect(owner.Locator("ol.timeline")).ToContainTextAsync($"进入“已提交，待推荐”（申报单位：{OwnerName}）");
        var applicationId = Guid.Parse(new Uri(owner.Url).AbsolutePath.Split('/')[^1]);

        // Recommended by the province, then returned by the administrator with a reason (the admin console is a
        // later issue: over the API).
        await Selection.RecommendAsync(NewClient, admin, applicationId);
        Assert.Equal("Draft", await Selection.MoveAsync(admin, applicationId, "return", Reason));

        // The colleague reads the reason and the unread notification, edits and submits again.
        await colleague.GotoAsync($"/applicant/applications/{applicationId}");
        await Expect(colleague.Locator("#state")).ToHaveTextAsync("草稿");
        await Expect(colleague.Locator("#decision-reason")).ToHaveTextAsync(Reason);
        await Expect(colleague.Locator("#notifications-link")).ToContainTextAsync("1 条未读");
        await AssertAccessibleAsync(colleague);
        await colleague.GetByLabel("指标").FillAsync("作业效率提升（按单箱作业时间测算）");
        await SaveAsync(colleague);
        await Expect(colleague.Locator("#saved")).ToBeVisibleAsync();
        await colleague.GetByRole(AriaRole.Button, new() { Name = "提交申报" }).ClickAsync();
        await Expect(colleague.Locator("#state")).ToHaveTextAsync("已提交，待推荐");
        var timeline = colleague.Locator("ol.timeline");
        await Expect(timeline).ToContainTextAsync(Reason);
        await Expect(timeline).ToContainTextAsync($"进入“已提交，待推荐”（申报单位：{ColleagueName}）");

        // The selection runs: recommendation, formal check, three experts' reviews, the ranking, a shortlist.
        await Selection.RecommendAsync(NewClient, admin, applicationId);
        Assert.Equal("ExpertReview", await Selection.MoveAsync(admin, applicationId, "accept"));
        await Selection.ReviewAsync(NewClient, admin, applicationId);
        var ranked = (await Selection.RankingAsync(admin, callId)).EnumerateArray()
            .Single(s => s.GetProperty("sectorCode").GetString() == "smart-ports")
            .GetProperty("applications").EnumerateArray().Single();
        Assert.Equal(applicationId, ranked.GetProperty("applicationId").GetGuid());
        Assert.Equal(1, ranked.GetProperty("rank").GetInt32());
        Assert.Equal(3, ranked.GetProperty("reviews").GetInt32());
        Assert.Equal("Shortlisted", await Selection.MoveAsync(admin, applicationId, "shortlist"));

        // Staged, the decision stays hidden from the applicant.
        await owner.GotoAsync($"/applicant/applications/{applicationId}");
        await Expect(owner.Locator("#state")).ToHaveTextAsync("综合评议");
        await Expect(owner.Locator("main")).Not.ToContainTextAsync("拟入选");
        await owner.GotoAsync("/applicant");
        await Expect(owner.Locator("main")).Not.ToContainTextAsync("待发布");

        // Released: the owner reads the outcome and the whole timeline, each colleague's step under their name.
        await Selection.ReleaseAsync(admin, callId);
        await owner.GotoAsync($"/applicant/applications/{applicationId}");
        await Expect(owner.Locator("#state")).ToHaveTextAsync("公示中");
        timeline = owner.Locator("ol.timeline");
        await Expect(timeline).ToContainTextAsync("进入“公示中”（主管部门）");
        await Expect(timeline).ToContainTextAsync($"进入“已提交，待推荐”（申报单位：{OwnerName}）");
        await Expect(timeline).ToContainTextAsync($"进入“已提交，待推荐”（申报单位：{ColleagueName}）");
        await Expect(timeline).ToContainTextAsync(Reason);
        await Expect(timeline).Not.ToContainTextAsync("拟入选");
        await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "提交申报" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(owner);
    }

    private static Task SaveAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).First.ClickAsync();

    [GeneratedRegex("^http://127\\.0\\.0\\.1:[0-9]+/invitations/[A-Za-z0-9_-]{43}$")]
    private static partial Regex InvitationLink();
}
