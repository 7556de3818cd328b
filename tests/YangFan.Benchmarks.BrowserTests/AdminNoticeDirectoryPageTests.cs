using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.Domain.Applications;
using YangFan.Benchmarks.Domain.Notices;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>
/// The administrator's console for public notices and directories, in Chinese: objections decided with a reason (and
/// a stale decision refused in words), a directory published, an entry revoked and two versions compared.
/// </summary>
public sealed class AdminNoticeDirectoryPageTests(SiteFixture site) : SiteTest(site)
{
    private const string Objected = "异议项目：5G 智慧港口";
    private const string Sustained = "异议项目：5G 工业互联网";
    private const string ObjectionReason = "该企业申报材料中的部分应用成效数据与实际运行情况不符，请予核实。";

    /// <summary>
    /// Two applications of a call of the test's own in <paramref name="state"/>, written straight into the database (the
    /// way there is the integration tests' job), and, for the public-notice state, an open notice listing both.
    /// </summary>
    private async Task<(Guid CallId, Guid[] Applications, Guid? NoticeId)> ApplicationsAsync(HttpClient admin, string state, params string[] titles)
    {
        var (_, callId) = await OpenCallAsync(admin);
        await using var scope = Site.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var call = await db.Calls.FirstAsync(c => c.Id == callId);
        // The demo data has one organisation: its applications to one call differ by sector.
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        string[] sectors = ["smart-ports", "industrial-internet"];
        var applications = titles.Select((title, i) => new Application
        {
            Id = Guid.NewGuid(), CallId = call.Id, OrganisationId = organisation.Id, ProgrammeKey = call.ProgrammeKey,
            WorkflowKey = call.WorkflowKey, WorkflowVersion = call.WorkflowVersion ?? 1, State = state, StateEnteredAt = now,
            ShownStateEnteredAt = now, SectorCode = sectors[i], SectorKey = sectors[i], Title = title, SubmittedAt = now.AddDays(-30),
            SubmittedOrganisationName = organisation.Name, SubmittedProvinceCode = "44",
        }).ToList();
        db.Applications.AddRange(applications);
        Notice? notice = null;
        if (state == "PublicNotice")
        {
            notice = new Notice { Id = Guid.NewGuid(), CallId = call.Id, StartsAt = now.AddHours(-1), EndsAt = now.AddDays(7) };
            notice.Entries.AddRange(applications.Select(a => new NoticeEntry { NoticeId = notice.Id, ApplicationId = a.Id }));
            db.Notices.Add(notice);
        }
        await db.SaveChangesAsync();
        return (callId, applications.Select(a => a.Id).ToArray(), notice?.Id);
    }

    /// <summary>An objection sent over the API as anyone would and confirmed with its e-mailed code, with evidence when asked.</summary>
    private async Task<Guid> ObjectAsync(Guid noticeId, Guid applicationId, bool evidence)
    {
        var form = Objections.Form(applicationId, reason: ObjectionReason, evidence: evidence ? Pdf : null);
        return await ObjectionSteps.FileAsync(Site, NewClient(), noticeId, form);
    }

    [Fact]
    public async Task An_administrator_dismisses_an_objection_only_with_a_reason_sustains_another_and_a_stale_decision_is_refused_in_words()
    {
        var admin = await AdminAsync();
        var (callId, applications, noticeId) = await ApplicationsAsync(admin, "PublicNotice", Objected, Sustained);
        var first = await ObjectAsync(noticeId!.Value, applications[0], evidence: true);
        var second = await ObjectAsync(noticeId.Value, applications[1], evidence: false);

        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, returnUrl: $"/admin/calls/{callId}");
        await page.Locator("#notices-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/notices\\?callId={callId}$"));
        var row = page.Locator($"#notice-{noticeId}");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("公示中");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("2");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("2");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("状态").SelectOptionAsync(new SelectOptionValue { Label = "已结束" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(page.Locator($"#notice-{noticeId}")).ToHaveCountAsync(0);
        await page.GetByLabel("状态").SelectOptionAsync(new SelectOptionValue { Label = "公示中" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.Locator($"#notice-{noticeId}").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + $"/admin/notices/{noticeId}");
        await AssertAccessibleAsync(page);

        var objection = page.Locator($"#objection-{first}");
        await Expect(objection).ToContainTextAsync(ObjectionReason);
        await Expect(objection).ToContainTextAsync("objector@example.cn · 13900139000");
        var download = await page.RunAndWaitForDownloadAsync(() => objection.GetByRole(AriaRole.Link, new() { Name = "证据.pdf" }).ClickAsync());
        Assert.Equal(Pdf, await File.ReadAllBytesAsync(await download.PathAsync()));
        await Expect(page.Locator($"#entry-{applications[0]}").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/admin/applications/{applications[0]}");

        // A second window holds the second objection's form while the first decides it.
        var stale = await page.Context.NewPageAsync();
        await stale.GotoAsync($"/admin/notices/{noticeId}");

        await objection.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(objection.Locator(".field-error")).ToHaveTextAsync("请填写处理理由，至少 10 字，不超过 2000 字。");
        await Expect(objection.GetByLabel("处理理由（必填，至少 10 字）")).ToHaveAttributeAsync("aria-invalid", "true");
        await objection.GetByLabel("处理理由（必填，至少 10 字）").FillAsync("经核实，申报数据与实际运行情况一致。");
        await objection.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"已驳回对“{Objected}”的异议。");
        await Expect(objection.Locator(".objection-status")).ToHaveTextAsync("已驳回");
        await Expect(objection.Locator(".objection-resolution")).ToHaveTextAsync("经核实，申报数据与实际运行情况一致。");
        await Expect(objection.Locator(".objection-resolver")).Not.ToBeEmptyAsync();
        await Expect(objection.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var other = page.Locator($"#objection-{second}");
        await other.GetByLabel("处理理由（必填，至少 10 字）").FillAsync("经核实，申报数据存在虚报，异议成立。");
        await other.GetByRole(AriaRole.Button, new() { Name = "成立" }).ClickAsync();
        await Expect(other.Locator(".objection-status")).ToHaveTextAsync("异议成立");

        var late = stale.Locator($"#objection-{second}");
        await late.GetByLabel("处理理由（必填，至少 10 字）").FillAsync("另一窗口中的处理，应当被拒绝。");
        await late.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(late.Locator(".field-error")).ToHaveTextAsync("此异议已由其他管理员处理，未作改动，请查看上方的处理结果。");
        await Expect(late.Locator(".objection-status")).ToHaveTextAsync("异议成立");
        await Expect(late.GetByLabel("处理理由（必填，至少 10 字）")).ToHaveValueAsync("另一窗口中的处理，应当被拒绝。");

        await page.GotoAsync($"/admin/notices?callId={callId}");
        await Expect(page.Locator($"#notice-{noticeId} td").Nth(3)).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task Without_JavaScript_an_administrator_publishes_a_directory_revokes_an_entry_and_compares_the_two_versions()
    {
        var admin = await AdminAsync();
        var (callId, _, _) = await ApplicationsAsync(admin, "Approved", "入选项目甲", "入选项目乙");
        var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false, returnUrl: $"/admin/calls/{callId}");

        await page.Locator("#directory-link").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("名录发布");
        await Expect(page.Locator("#latest")).ToHaveTextAsync("本批次尚未发布名录。");
        await Expect(page.Locator("#candidates tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "发布名录" }).ClickAsync();
        await Expect(page.Locator("#confirm-error")).ToHaveTextAsync("请勾选确认后再发布。");
        await page.GetByLabel("我已核对上表，确认发布").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发布名录" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToContainTextAsync("已发布第 1 版名录，共 2 项。");
        await Expect(page.Locator("#no-candidates")).ToBeVisibleAsync();
        await page.GetByLabel("我已核对上表，确认发布").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发布名录" }).ClickAsync();
        await Expect(page.Locator("#confirm-error")).ToHaveTextAsync("本批次没有已入选且未发布的项目，无需发布。");

        await page.Locator("#latest").GetByRole(AriaRole.Link, new() { Name = "查看第 1 版" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("（第 1 版）");
        var entry = page.Locator("#entries tbody tr", new() { HasText = "入选项目甲" });
        await entry.GetByRole(AriaRole.Button, new() { Name = "撤销" }).ClickAsync();
        entry = page.Locator("#entries tbody tr", new() { HasText = "入选项目甲" });
        await Expect(entry.Locator(".field-error")).ToHaveTextAsync("请填写撤销理由，至少 10 字，不超过 1000 字。");
        await entry.GetByLabel("撤销理由（必填，至少 10 字）").FillAsync("复核发现项目已停止运行，依规撤销。");
        await entry.GetByRole(AriaRole.Button, new() { Name = "撤销" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToContainTextAsync("已撤销，生成第 2 版名录。");
        await Expect(page.Locator("#not-latest")).ToBeVisibleAsync();

        await page.Locator("#status-message").GetByRole(AriaRole.Link, new() { Name = "查看第 2 版" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("（第 2 版）");
        await Expect(page.Locator("#entries tbody tr", new() { HasText = "入选项目甲" })).ToContainTextAsync("已撤销：复核发现项目已停止运行，依规撤销。");
        await page.GetByLabel("版本 A").SelectOptionAsync(new SelectOptionValue { Label = "第 1 版" });
        await page.GetByLabel("版本 B").SelectOptionAsync(new SelectOptionValue { Label = "第 2 版" });
        await page.GetByRole(AriaRole.Button, new() { Name = "比较" }).ClickAsync();
        await Expect(page.Locator("#comparison-summary")).ToHaveTextAsync("从第 1 版到第 2 版：新增 0 项，移除 1 项，未变 1 项。");
        await Expect(page.Locator("#compare-removed tbody tr")).ToContainTextAsync("入选项目甲");
        await Expect(page.Locator("#compare-removed tbody tr")).ToContainTextAsync("复核发现项目已停止运行，依规撤销。");
        await Expect(page.Locator("#compare-unchanged tbody tr")).ToContainTextAsync("入选项目乙");

        await page.GotoAsync("/admin/directories");
        await Expect(page.Locator($"#directory-{callId}").GetByRole(AriaRole.Link, new() { Name = "第 2 版" })).ToBeVisibleAsync();
        await Expect(page.Locator($"#directory-{callId}").GetByRole(AriaRole.Link, new() { Name = "第 1 版" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_notice_and_directory_console_pages_pass_the_WCAG_2_1_AA_checks_in_Chinese_and_English()
    {
        var admin = await AdminAsync();
        var (_, applications, noticeId) = await ApplicationsAsync(admin, "PublicNotice", Objected);
        await ObjectAsync(noticeId!.Value, applications[0], evidence: true);
        var (callId, _, _) = await ApplicationsAsync(admin, "Approved", "入选项目丙");
        var published = await Selection.SucceedAsync(admin.PostAsync($"/api/calls/{callId}/directory", null));
        var directory = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, locale);
            foreach (var address in new[] { "/admin/notices", $"/admin/notices/{noticeId}", "/admin/directories", $"/admin/calls/{callId}/directory",
                         $"/admin/directories/{directory}?a={directory}&b={directory}" })
            {
                await page.GotoAsync(address);
                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                await AssertAccessibleAsync(page);
            }
        }
    }
}
