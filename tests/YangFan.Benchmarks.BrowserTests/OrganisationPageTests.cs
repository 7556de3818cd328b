using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class OrganisationPageTests(SiteFixture site) : SiteTest(site)
{
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

    [Fact]
    public async Task In_English_the_organisation_pages_pass_the_WCAG_2_1_AA_checks()
    {
        var anonymous = await Site.NewPageAsync("en");
        await anonymous.GotoAsync("/signup");
        await Expect(anonymous.Locator("h1")).ToHaveTextAsync("Register your organisation");
        await AssertAccessibleAsync(anonymous);

        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en", returnUrl: "/admin/organisations/verifications");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Organisation verification");
        await AssertAccessibleAsync(admin);
        await admin.GotoAsync("/admin/organisations/claims");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Organisation claims");
        await AssertAccessibleAsync(admin);
    }
}
