using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed partial class OrganisationPageTests(SiteFixture site) : SiteTest(site)
{
    private const string Password = "Browser-Passw0rd-2026";

    private static readonly FilePayload Licence = new() { Name = "营业执照.pdf", MimeType = "application/pdf", Buffer = TestData.LicencePdf };
    private static readonly FilePayload Letter = new() { Name = "授权书.png", MimeType = "image/png", Buffer = TestData.LetterPng };

    [Fact]
    public async Task Sign_up_then_an_administrator_verifies_then_the_owner_invites_and_the_colleague_accepts()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ownerEmail = $"owner-{suffix}@example.cn";
        var colleagueEmail = $"colleague-{suffix}@example.cn";
        var organisationName = $"扬帆浏览器测试科技有限公司{suffix}";

        // An enterprise signs up with its two documents, without a line of HTTP.
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
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        await admin.GetByRole(AriaRole.Link, new() { Name = "单位核验", Exact = true }).ClickAsync();
        var entry = admin.Locator("li", new() { Has = admin.GetByRole(AriaRole.Heading, new() { Name = organisationName }) });
        await Expect(entry.GetByRole(AriaRole.Link, new() { Name = "营业执照：营业执照.pdf" })).ToBeVisibleAsync();
        await entry.GetByRole(AriaRole.Button, new() { Name = "不予通过" }).ClickAsync();
        await Expect(entry.Locator(".field-error")).ToContainTextAsync("须填写理由");
        await AssertAccessibleAsync(admin);
        await entry.GetByLabel("理由", new() { Exact = true }).FillAsync("营业执照与授权书核验无误");
        await entry.GetByRole(AriaRole.Button, new() { Name = "核验通过" }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync("已核验通过");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = organisationName })).ToHaveCountAsync(0);

        // The owner sees the organisation verified and invites a colleague; the link is shown once.
        await owner.ReloadAsync();
        await Expect(owner.Locator("#verification-status")).ToContainTextAsync("已核验");
        await owner.GetByLabel("同事的电子邮箱", new() { Exact = true }).FillAsync(colleagueEmail);
        await owner.GetByRole(AriaRole.Button, new() { Name = "生成邀请链接" }).ClickAsync();
        var link = (await owner.Locator("#invitation-link code").TextContentAsync())!.Trim();
        Assert.Matches(InvitationLink(), link);
        await Expect(owner.Locator("#pending-invitations")).ToContainTextAsync(colleagueEmail);
        await AssertAccessibleAsync(owner);

        // The colleague follows the link, signs up with the invited address and lands on the organisation.
        var colleague = await Site.NewPageAsync("zh-CN");
        await colleague.GotoAsync(link);
        await Expect(colleague.Locator("#invited-email")).ToHaveTextAsync(colleagueEmail);
        await AssertAccessibleAsync(colleague);
        await colleague.GetByLabel("姓名", new() { Exact = true }).FillAsync("王同事");
        await colleague.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await colleague.GetByRole(AriaRole.Button, new() { Name = "注册并加入" }).ClickAsync();
        await Expect(colleague).ToHaveURLAsync(Site.BaseAddress + "/organisation");
        await Expect(colleague.Locator("h1")).ToHaveTextAsync(organisationName);
        await Expect(colleague.Locator(".site-header")).ToContainTextAsync("王同事");

        // The owner sees the new member, and no pending invitation.
        await owner.ReloadAsync();
        await Expect(owner.GetByRole(AriaRole.Cell, new() { Name = colleagueEmail })).ToBeVisibleAsync();
        await Expect(owner.Locator("#pending-invitations")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_taken_credit_code_offers_the_claim_form_and_an_administrator_transfers_the_organisation()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var code = TestData.NewCreditCode();
        var squatterName = $"抢注科技有限公司{suffix}";
        var squatter = await Site.NewPageAsync("zh-CN");
        await squatter.GotoAsync("/signup");
        await SignUpAsync(squatter, $"squatter-{suffix}@example.cn", squatterName, code);
        await Expect(squatter).ToHaveURLAsync(Site.BaseAddress + "/organisation");

        // The real company signs up with the same code: the page offers the claim instead of a dead end.
        var claimant = await Site.NewPageAsync("zh-CN", javaScript: false);
        await claimant.GotoAsync("/signup");
        await SignUpAsync(claimant, $"real-{suffix}@example.cn", "真正的科技有限公司", code);
        await Expect(claimant.Locator("#claim-offer")).ToContainTextAsync(code);
        await claimant.GetByLabel("姓名", new() { Exact = true }).FillAsync("真正的法人代表");
        await claimant.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync($"real-{suffix}@example.cn");
        await claimant.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await claimant.GetByLabel("认领说明（可选）", new() { Exact = true }).FillAsync("我司营业执照原件可供核验");
        await claimant.GetByLabel("营业执照", new() { Exact = true }).SetInputFilesAsync(Licence);
        await claimant.GetByLabel("授权书", new() { Exact = true }).SetInputFilesAsync(Letter);
        await claimant.GetByRole(AriaRole.Button, new() { Name = "提交认领申请" }).ClickAsync();
        await Expect(claimant.Locator("h1")).ToHaveTextAsync("认领申请已提交");

        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        await admin.GotoAsync("/admin/organisations/claims");
        var entry = admin.Locator("li", new() { Has = admin.GetByText($"real-{suffix}@example.cn") });
        await entry.GetByLabel("理由", new() { Exact = true }).FillAsync("营业执照原件核验一致");
        await entry.GetByRole(AriaRole.Button, new() { Name = "核验通过，转交单位" }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync("已转交");
        await AssertAccessibleAsync(admin);

        // The claimant now owns it; the squatter's session has ended.
        await claimant.GotoAsync("/organisation");
        await Expect(claimant.Locator("h1")).ToHaveTextAsync(squatterName);
        await Expect(claimant.Locator("#verification-status")).ToContainTextAsync("已核验");
        await squatter.GotoAsync("/organisation");
        await Expect(squatter).ToHaveURLAsync(new Regex("/account/sign-in"));
    }

    private static async Task SignUpAsync(IPage page, string email, string organisationName, string code)
    {
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync("李工");
        await page.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("单位名称（与营业执照一致）", new() { Exact = true }).FillAsync(organisationName);
        await page.GetByLabel("统一社会信用代码", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("注册地址", new() { Exact = true }).FillAsync("广东省深圳市南山区");
        await page.GetByLabel("联系人", new() { Exact = true }).FillAsync("李工");
        await page.GetByLabel("联系电话", new() { Exact = true }).FillAsync("13800138000");
        await page.GetByLabel("营业执照", new() { Exact = true }).SetInputFilesAsync(Licence);
        await page.GetByLabel("授权书", new() { Exact = true }).SetInputFilesAsync(Letter);
        await page.GetByRole(AriaRole.Button, new() { Name = "注册并提交核验" }).ClickAsync();
    }

    [Fact]
    public async Task In_English_the_organisation_pages_pass_the_WCAG_2_1_AA_checks()
    {
        var anonymous = await Site.NewPageAsync("en");
        await anonymous.GotoAsync("/signup");
        await Expect(anonymous.Locator("h1")).ToHaveTextAsync("Register your organisation");
        await AssertAccessibleAsync(anonymous);

        var admin = await Site.NewPageAsync("en");
        await admin.GotoAsync("/account/sign-in?returnUrl=%2Fadmin%2Forganisations%2Fverifications");
        await admin.Locator("#email").FillAsync(ApiFactory.AdminEmail);
        await admin.Locator("#password").FillAsync(ApiFactory.AdminPassword);
        await admin.Locator("form.form button[type=submit]").ClickAsync();
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Organisation verification");
        await AssertAccessibleAsync(admin);
        await admin.GotoAsync("/admin/organisations/claims");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Organisation claims");
        await AssertAccessibleAsync(admin);
    }

    private async Task<IPage> SignedInAsync(string email, string password)
    {
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator(".site-header")).ToContainTextAsync("已登录");
        return page;
    }

    [GeneratedRegex("^http://127\\.0\\.0\\.1:[0-9]+/invitations/[A-Za-z0-9_-]{43}$")]
    private static partial Regex InvitationLink();
}
