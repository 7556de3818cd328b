using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Applications;
using YangFan.Benchmarks.Domain.Notices;
using YangFan.Benchmarks.BrowserTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

/// <summary>The public notice (公示) in a browser, in Chinese: from the home page to an objection's receipt.</summary>
public sealed partial class NoticePageTests(SiteFixture site) : SiteTest(site)
{
    private const string Title = "5G 智慧港口远程操控示范项目";
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _organisation;

    /// <summary>
    /// An application of the demo organisation on an open notice of the demo benchmark call, written once straight into
    /// the database: what the pages show of it is all these tests need, and the way there is the integration tests' job.
    /// </summary>
    private async Task<string> OrganisationOnNoticeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_organisation is null)
            {
                await using var scope = Site.Factory.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
                var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
                var call = await db.Calls.FirstAsync(c => c.ProgrammeKey == "demonstration-benchmark");
                var application = new Application
                {
                    Id = Guid.NewGuid(), CallId = call.Id, OrganisationId = organisation.Id, ProgrammeKey = call.ProgrammeKey,
                    WorkflowKey = call.WorkflowKey, WorkflowVersion = call.WorkflowVersion ?? 1, State = "PublicNotice", StateEnteredAt = now,
                    ShownStateEnteredAt = now, SectorCode = "smart-ports", SectorKey = "smart-ports", Title = Title, SubmittedAt = now.AddDays(-30),
                    SubmittedOrganisationName = organisation.Name, SubmittedProvinceCode = "44",
                };
                var notice = new Notice { Id = Guid.NewGuid(), CallId = call.Id, StartsAt = now.AddHours(-1), EndsAt = now.AddDays(7) };
                notice.Entries.Add(new NoticeEntry { NoticeId = notice.Id, ApplicationId = application.Id });
                db.Applications.Add(application);
                db.Notices.Add(notice);
                await db.SaveChangesAsync();
                _organisation = organisation.Name;
            }
            return _organisation;
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task From_home_a_person_finds_an_open_notice_objects_to_an_entry_with_evidence_and_keeps_the_receipt_number()
    {
        var organisation = await OrganisationOnNoticeAsync();
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/");

        await page.Locator("section[aria-labelledby=notices-heading] a").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("拟入选名单公示");
        await Expect(page.Locator("#objecting-heading")).ToHaveTextAsync("如何提出异议");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = organisation }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("提出异议");
        await Expect(page.GetByLabel("异议对象")).Not.ToHaveValueAsync("");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("异议人姓名或单位名称").FillAsync("王某");
        await page.GetByLabel("电子邮箱").FillAsync(UniqueEmail());
        await page.GetByLabel("联系电话（可选）").FillAsync("13900139000");
        await page.GetByLabel("异议理由").FillAsync("该企业公示的应用成效数据与实际运行情况明显不符，请主管部门予以核实。");
        await page.GetByLabel("证明材料（可选）").SetInputFilesAsync(new FilePayload
        {
            Name = "证据.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("输入确认码");
        await Expect(page.Locator("#code-sent")).ToContainTextAsync("确认码已发送至");
        await Expect(page.Locator("#receipt-number")).ToHaveTextAsync(ReceiptNumber());
        await AssertAccessibleAsync(page);
        await page.GetByLabel("确认码", new() { Exact = true }).FillAsync(WrongCode(await ObjectionSteps.CodeAsync(Site, page)));
        await page.GetByRole(AriaRole.Button, new() { Name = "确认异议" }).ClickAsync();
        await Expect(page.Locator("#code-error")).ToHaveTextAsync("确认码不正确，还可以再试 4 次。");
        await Expect(page.GetByLabel("确认码", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(page);

        await ObjectionSteps.ConfirmAsync(Site, page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("异议已确认");
        await Expect(page.Locator("#receipt-number")).ToHaveTextAsync(ReceiptNumber());
        await Expect(page.Locator("main")).ToContainTextAsync("后续处理");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_refused_objection_shows_the_error_beside_its_field_and_keeps_what_was_typed()
    {
        var organisation = await OrganisationOnNoticeAsync();
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/notices");
        await page.Locator($"table a").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = organisation }).ClickAsync();

        await page.GetByLabel("异议人姓名或单位名称").FillAsync("王某");
        await page.GetByLabel("电子邮箱").FillAsync(UniqueEmail());
        await page.GetByLabel("联系电话（可选）").FillAsync("13900139000");
        await page.GetByLabel("异议理由").FillAsync("数据不实");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();

        var reason = page.GetByLabel("异议理由");
        await Expect(page.Locator("#reason-error")).ToHaveTextAsync("异议理由至少需要 20 个字，目前只有 4 个字。");
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToHaveAttributeAsync("aria-describedby", "reason-hint reason-error");
        await Expect(reason).ToHaveValueAsync("数据不实");
        await Expect(page.GetByLabel("异议人姓名或单位名称")).ToHaveValueAsync("王某");
        await Expect(page.Locator("#contact-error")).ToHaveCountAsync(0);
        await Expect(page.Locator("#form-errors")).ToContainTextAsync("提交未成功");
        await Expect(page).ToHaveURLAsync(new Regex("/objections/new\\?entry="));
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_notices_list_is_in_the_sites_navigation_and_passes_the_WCAG_2_1_AA_checks()
    {
        await OrganisationOnNoticeAsync();
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/");

        await page.Locator(".site-nav").GetByRole(AriaRole.Link, new() { Name = "公示" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("公示");
        await Expect(page.Locator("table tbody tr").First).ToContainTextAsync("正在公示，可提出异议");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_an_objection_with_evidence_is_posted_and_its_receipt_shown()
    {
        var organisation = await OrganisationOnNoticeAsync();
        var page = await Site.NewPageAsync("zh-CN", javaScript: false);
        await page.GotoAsync("/notices");
        await page.Locator("table a").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = organisation }).ClickAsync();

        await page.GetByLabel("异议人姓名或单位名称").FillAsync("李某");
        await page.GetByLabel("电子邮箱").FillAsync(UniqueEmail());
        await page.GetByLabel("异议理由").FillAsync("该项目申报材料中的用户规模与公开报道的数据相差较大，请予核实。");
        await page.GetByLabel("证明材料（可选）").SetInputFilesAsync(new FilePayload
        {
            Name = "说明.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("输入确认码");
        await page.GetByLabel("确认码", new() { Exact = true }).FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认异议" }).ClickAsync();
        await Expect(page.Locator("#code-error")).ToHaveTextAsync("请填写邮件中的 6 位数字确认码。");
        await ObjectionSteps.ConfirmAsync(Site, page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("异议已确认");
        await Expect(page.Locator("#receipt-number")).ToHaveTextAsync(ReceiptNumber());
    }

    [Fact]
    public async Task In_English_the_notice_list_detail_and_objection_form_pass_the_WCAG_2_1_AA_checks()
    {
        var organisation = await OrganisationOnNoticeAsync();
        var page = await Site.NewPageAsync("en");
        await page.GotoAsync("/notices");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await AssertAccessibleAsync(page);

        await page.Locator("table a").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = organisation })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = organisation }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/objections/new\\?entry="));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Your name or your organisation's name").FillAsync("Wang");
        await page.GetByLabel("E-mail address").FillAsync(UniqueEmail());
        await page.GetByLabel("Reason").FillAsync("The figures on the notice do not match the project's operation; please check them.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the objection" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Enter the code");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(WrongCode(await ObjectionSteps.CodeAsync(Site, page)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the objection" }).ClickAsync();
        await Expect(page.Locator("#code-error")).ToHaveTextAsync("That code is not right; 4 more attempts.");
        await AssertAccessibleAsync(page);
        await ObjectionSteps.ConfirmAsync(Site, page, "Code", "Confirm the objection");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Objection confirmed");
        await AssertAccessibleAsync(page);
    }

    /// <summary>An address of its own per objection: one address holds only a few objections to the notice all these tests share.</summary>
    private static string UniqueEmail() => $"o-{Guid.NewGuid():N}@example.cn";

    private static string WrongCode(string code) => code == "000000" ? "111111" : "000000";

    [GeneratedRegex(@"^YF\d{6}-[2-9A-HJKMNP-Z]{6}$")]
    private static partial Regex ReceiptNumber();
}
