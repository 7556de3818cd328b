using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// Issue 16's "Done when", in Chinese: an administrator takes a security-centre call and a demonstration-benchmark call
/// from creation to published directories through the console alone, while the enterprise, the recommending authority
/// and the experts take their steps through their own pages. On the way a workflow draft with an error is fixed and
/// published (the security-centre call runs on it), an action is refused with its reason shown, the decisions are
/// released with their count confirmed, and an objection is dismissed. Each console page passes axe on the way.
/// It runs on a site of its own, whose clock the walk moves past the public notice.
/// </summary>
[Collection(ClockSiteCollection.Name)]
public sealed partial class ConsoleWalkTests(ClockSiteFixture site) : SiteTest(site)
{
    [Fact]
    public async Task A_security_centre_call_and_a_benchmark_call_run_from_creation_to_published_directories_through_the_console()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var organisationName = $"扬帆安全科技（广州）有限公司{run}";
        var centreName = $"5G 应用安全创新示范中心（广州）{run}";
        var projectTitle = $"5G 智慧港口远程控制示范项目{run}";
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("管理控制台");
        await AssertAccessibleAsync(admin);

        // 1. A new version of the security-centre workflow: a draft with an error shown at its path, fixed, published.
        await PublishSecurityCentreWorkflowAsync(admin);

        // 2. The two calls, created and opened in the console.
        var (centreCall, centreCallId) = await CreateCallAsync(admin, "security-centre", "5G 应用安全创新示范中心", $"安全示范中心遴选{run}", sector: null);
        var (benchmarkCall, benchmarkCallId) = await CreateCallAsync(admin, "demonstration-benchmark", "5G 示范应用标杆", $"智慧港口标杆遴选{run}", "smart-ports");

        // 3. The enterprise signs up; the administrator verifies it from the console's queue.
        var (owner, ownerEmail) = await SignUpAsync(organisationName);
        await admin.GotoAsync("/admin");
        await admin.Locator("#console-sections").GetByRole(AriaRole.Link, new() { Name = "单位核验", Exact = true }).ClickAsync();
        var entry = admin.Locator("li", new() { Has = admin.GetByRole(AriaRole.Heading, new() { Name = organisationName }) });
        await entry.GetByLabel("理由", new() { Exact = true }).FillAsync("营业执照与授权书核验无误");
        await entry.GetByRole(AriaRole.Button, new() { Name = "核验通过" }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync("已核验通过");
        await AssertAccessibleAsync(admin);

        // 4. The enterprise applies to both calls through its pages.
        await owner.ReloadAsync();
        await StartAsync(owner, centreCall);
        await FillSecurityCentreAsync(owner, centreName);
        var centre = await AttachAndSubmitAsync(owner);
        await StartAsync(owner, benchmarkCall);
        await FillBenchmarkAsync(owner, projectTitle);
        var benchmark = await AttachAndSubmitAsync(owner);

        // 5. Guangdong's recommender recommends both from the workbench.
        var recommender = await SignedInAsync(RecommenderEmail, SiteFixture.DemoPassword, returnUrl: "/recommender");
        await RecommendAsync(recommender, centreCall, centreName);
        await RecommendAsync(recommender, benchmarkCall, projectTitle);

        // 6. The formal check, from the call's dashboard.
        foreach (var (callId, id) in new[] { (centreCallId, centre), (benchmarkCallId, benchmark) })
        {
            await admin.GotoAsync($"/admin/calls/{callId}");
            await AssertAccessibleAsync(admin);
            await admin.Locator("#formal-check-link").ClickAsync();
            await admin.Locator($"#application-{id}").GetByRole(AriaRole.Button, new() { Name = "形式审查通过", Exact = true }).ClickAsync();
            await Expect(admin.Locator("#status-message")).ToContainTextAsync("已处理（形式审查通过）");
        }

        // 7. Five experts outside Guangdong and one inside, each of an organisation of their own.
        var experts = new Dictionary<string, (string Email, string Password)>
        {
            ["演示专家 Demo Expert"] = ("expert@demo.yangfan.cn", SiteFixture.DemoPassword),
        };
        foreach (var province in new[] { "11", "31", "32", "33", "51", "44" })
        {
            var (name, email) = ($"走查专家{province}{run}", $"walk-expert-{province}-{run}@example.cn");
            await CreateExpertAsync(admin, name, email, province);
            experts[name] = (email, Password);
        }

        // 8. Automatic assignment from the console (the Guangdong expert excluded), then each expert reviews through
        // the expert's pages.
        foreach (var (callTitle, callId, id, title) in new[] { (centreCall, centreCallId, centre, centreName), (benchmarkCall, benchmarkCallId, benchmark, projectTitle) })
        {
            foreach (var expertName in await AssignAsync(admin, callId, id, excludedExpert: $"走查专家44{run}"))
                await ReviewAsync(experts[expertName].Email, experts[expertName].Password, callTitle, title, score: 88);
        }

        // 9. The security centre's site inspection, fired from its page in the console (the title is the new version's).
        await admin.GotoAsync("/admin");
        await admin.Locator("#console-sections").GetByRole(AriaRole.Link, new() { Name = "申报查询", Exact = true }).ClickAsync();
        await admin.GetByLabel("申报单位、统一社会信用代码或项目名称").FillAsync(organisationName);
        await admin.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#applications tbody tr")).ToHaveCountAsync(2);
        await admin.GetByRole(AriaRole.Link, new() { Name = centreName, Exact = true }).ClickAsync();
        await Expect(admin.Locator("#state")).ToContainTextAsync("现场考察");
        await Expect(admin.Locator("article.review")).ToHaveCountAsync(5);
        await AssertAccessibleAsync(admin);
        await Expect(admin.Locator("#fire-inspection-passed")).ToHaveTextAsync("现场核查通过（复核后）");
        await admin.Locator("#fire-inspection-passed").ClickAsync();
        await Expect(admin.Locator("#state")).ToContainTextAsync("综合评议");

        // 10. Ranking and decisions: a rejection without a reason is refused and said beside its field; both are
        // shortlisted, then each call's decisions are released with their count confirmed.
        foreach (var (callId, id) in new[] { (centreCallId, centre), (benchmarkCallId, benchmark) })
        {
            await admin.GotoAsync($"/admin/calls/{callId}");
            await admin.Locator("#ranking-link").ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("排名与评审结论");
            var row = admin.Locator($"#application-{id}");
            await Expect(row.Locator(".state")).ToHaveTextAsync("综合评议");
            await row.GetByRole(AriaRole.Button, new() { Name = "不予入选", Exact = true }).ClickAsync();
            await Expect(admin.Locator($"#reason-{id}-error")).ToHaveTextAsync("请填写理由。");
            await AssertAccessibleAsync(admin);
            await admin.Locator($"#application-{id}").GetByRole(AriaRole.Button, new() { Name = "拟入选", Exact = true }).ClickAsync();
            await Expect(admin.Locator("#status-message")).ToContainTextAsync("已处理（拟入选）");
            await admin.GetByRole(AriaRole.Link, new() { Name = "发布评审结论", Exact = true }).ClickAsync();
            await Expect(admin.Locator("#release-counts")).ToHaveTextAsync("将发布 1 项评审结论：1 项进入公示，0 项不予入选。");
            await AssertAccessibleAsync(admin);
            await admin.GetByRole(AriaRole.Button, new() { Name = "确认发布（1 项进入公示，0 项不予入选）", Exact = true }).ClickAsync();
            await Expect(admin.Locator("#release-result")).ToHaveTextAsync("已发布 1 项评审结论：1 项进入公示，0 项不予入选。");
        }
        await owner.GotoAsync($"/applicant/applications/{centre}");
        await Expect(owner.Locator("#state")).ToHaveTextAsync("公示中");

        // 11. A member of the public objects to the security centre from the notice; the administrator reads the
        // objection with its evidence in the console and dismisses it, the empty reason refused first.
        await ObjectAsync($"安全示范中心遴选{run}", organisationName);
        await admin.GotoAsync($"/admin/calls/{centreCallId}");
        await admin.Locator("#notices-link").ClickAsync();
        await admin.Locator("tr[id^='notice-']").First.GetByRole(AriaRole.Link).ClickAsync();
        var objection = admin.Locator("[id^='objection-']").First;
        await Expect(objection).ToContainTextAsync("检测实验室资质与实际情况不符");
        await Expect(objection.GetByRole(AriaRole.Link, new() { Name = "证据.pdf" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(admin);
        await objection.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(objection.GetByLabel("处理理由（必填，至少 10 字）")).ToHaveAttributeAsync("aria-invalid", "true");
        await objection.GetByLabel("处理理由（必填，至少 10 字）").FillAsync("经核实，该中心检测实验室已取得 CNAS 认可，异议不成立。");
        await objection.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync("已驳回");

        // 12. The notice period passes on the site's clock: nobody's objection stands, both entries are approved.
        await AdvanceClockAsync(days: 8);
        admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: "/admin");

        // 13. Each call's directory published from the console, confirmed; the owner reads 已发布.
        foreach (var callId in new[] { centreCallId, benchmarkCallId })
        {
            await admin.GotoAsync($"/admin/calls/{callId}");
            await admin.Locator("#directory-link").ClickAsync();
            await Expect(admin.Locator("#candidates tbody tr")).ToHaveCountAsync(1);
            await Expect(admin.Locator("#candidates tbody tr")).ToContainTextAsync(organisationName);
            await AssertAccessibleAsync(admin);
            await admin.GetByLabel("我已核对上表，确认发布").CheckAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "发布名录" }).ClickAsync();
            await Expect(admin.Locator("#status-message")).ToContainTextAsync("已发布第 1 版名录，共 1 项。");
        }
        var reader = await Site.NewPageAsync("zh-CN");
        foreach (var callId in new[] { centreCallId, benchmarkCallId })
        {
            await reader.GotoAsync($"/directories/calls/{callId}/latest");
            await Expect(reader.Locator("main")).ToContainTextAsync(organisationName);
        }
        owner = await SignedInAsync(ownerEmail, Password, returnUrl: $"/applicant/applications/{centre}");
        await Expect(owner.Locator("#state")).ToHaveTextAsync("已发布");
        await owner.GotoAsync($"/applicant/applications/{benchmark}");
        await Expect(owner.Locator("#state")).ToHaveTextAsync("已发布");
    }

    /// <summary>The security-centre workflow's published definition as a new version, its inspection passing to <paramref name="passedTo"/>.</summary>
    private async Task<string> SecurityCentreDraftAsync(int version, string passedTo)
    {
        using var api = await AdminAsync();
        var latest = (await api.GetFromJsonAsync<JsonElement>("/api/workflows")).EnumerateArray()
            .Where(v => v.GetProperty("key").GetString() == "security-centre" && v.GetProperty("status").GetString() == "Published")
            .Max(v => v.GetProperty("version").GetInt32());
        var definition = JsonNode.Parse((await api.GetFromJsonAsync<JsonElement>($"/api/workflows/security-centre/versions/{latest}"))
            .GetProperty("definition").GetRawText())!;
        definition["version"] = version;
        var passed = definition["transitions"]!.AsArray().Single(t => (string?)t!["trigger"] == "inspection-passed")!;
        passed["to"] = passedTo;
        passed["title"]!["zh"] = "现场核查通过（复核后）";
        return definition.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private async Task PublishSecurityCentreWorkflowAsync(IPage admin)
    {
        using var api = await AdminAsync();
        var next = (await api.GetFromJsonAsync<JsonElement>("/api/workflows")).EnumerateArray()
            .Where(v => v.GetProperty("key").GetString() == "security-centre").Max(v => v.GetProperty("version").GetInt32()) + 1;
        await admin.GotoAsync("/admin");
        await admin.Locator("#console-sections").GetByRole(AriaRole.Link, new() { Name = "工作流", Exact = true }).ClickAsync();
        await admin.GetByLabel("工作流定义（JSON）").FillAsync(await SecurityCentreDraftAsync(next, "Deliberatoin"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "上传草稿" }).ClickAsync();
        var errors = admin.Locator("#definition-error");
        await Expect(errors.Locator("li").First.Locator("code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$\.transitions\[\d+\]\.to$"));
        await Expect(errors).ToContainTextAsync("Deliberatoin");
        await AssertAccessibleAsync(admin);

        await admin.GetByLabel("工作流定义（JSON）").FillAsync(await SecurityCentreDraftAsync(next, "Deliberation"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "上传草稿" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync($"{Site.BaseAddress}/admin/workflows/security-centre/{next}?uploaded=1");
        await Expect(admin.Locator("#transitions")).ToContainTextAsync("现场核查通过（复核后）");
        await admin.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(admin.Locator("#workflow-status")).ToHaveTextAsync("已发布");
        await AssertAccessibleAsync(admin);
    }

    private static string Beijing(DateTimeOffset moment) =>
        moment.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Creates a call on /admin/calls/new and opens it from its dashboard after confirming; returns the title the
    /// applicant's pages show (the programme's name, then the call's) and the call's id.
    /// </summary>
    private async Task<(string Title, Guid Id)> CreateCallAsync(IPage admin, string programme, string programmeName, string title, string? sector)
    {
        var now = DateTimeOffset.UtcNow;
        await admin.GotoAsync("/admin");
        await admin.Locator("#console-sections").GetByRole(AriaRole.Link, new() { Name = "申报批次", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "新建申报批次" }).ClickAsync();
        await admin.GetByLabel("项目", new() { Exact = true }).SelectOptionAsync(programme);
        await admin.GetByLabel("年度", new() { Exact = true }).FillAsync("2030");
        await admin.GetByLabel("批次", new() { Exact = true }).FillAsync("1");
        await admin.GetByLabel("中文名称").FillAsync(title);
        await admin.GetByLabel("英文名称").FillAsync("Walk " + title);
        await admin.GetByLabel("开放申报时间").FillAsync(Beijing(now.AddDays(-1)));
        await admin.GetByLabel("截止申报时间").FillAsync(Beijing(now.AddDays(30)));
        await admin.GetByLabel("每个推荐单位的默认名额").FillAsync("5");
        if (sector is not null)
            await admin.Locator($"input[name=sectors][value={sector}]").CheckAsync();
        await AssertAccessibleAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "创建批次（草稿）" }).ClickAsync();
        await Expect(admin.Locator("#call-status")).ToHaveTextAsync("草稿");
        var id = Guid.Parse(new Uri(admin.Url).AbsolutePath.Split('/')[^1]);
        await admin.GetByLabel("我已核对本批次信息，确认执行下面的操作").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "开放申报" }).ClickAsync();
        await Expect(admin.Locator("#action-message")).ToHaveTextAsync("已开放申报。");
        await Expect(admin.Locator("#call-status")).ToHaveTextAsync("申报中");
        await AssertAccessibleAsync(admin);
        return ($"{programmeName} · {title}", id);
    }

    /// <summary>
    /// The call's automatic assignment from the console: a dry run whose proposal names the experts of the application
    /// and shows the Guangdong expert excluded, then applied as previewed. Returns the proposed experts' names.
    /// </summary>
    private async Task<IReadOnlyList<string>> AssignAsync(IPage admin, Guid callId, Guid applicationId, string excludedExpert)
    {
        await admin.GotoAsync($"/admin/calls/{callId}");
        await admin.Locator("#assignments-link").ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("专家分配");
        await Expect(admin.Locator($"#application-{applicationId}")).ToContainTextAsync("专家未足额");
        await admin.GetByRole(AriaRole.Button, new() { Name = "试运行", Exact = true }).ClickAsync();
        var proposal = admin.Locator($"#proposal-{applicationId} td");
        await Expect(proposal).Not.ToBeEmptyAsync();
        await Expect(admin.Locator($"tr[id^='excluded-{applicationId}-']", new() { HasText = excludedExpert })).ToContainTextAsync("与申报单位同一省份");
        await AssertAccessibleAsync(admin);
        var names = (await proposal.TextContentAsync())!.Split('、', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        await admin.GetByRole(AriaRole.Button, new() { Name = "确认分配", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync("已按试运行方案完成分配");
        await Expect(admin.Locator($"#application-{applicationId} li")).ToHaveCountAsync(names.Length);
        return names;
    }
}
