using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed partial class OrganisationPageTests(SiteFixture site) : SiteTest(site)
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
        await anonymous.Locator("#creditCode").PressSequentiallyAsync("9199");
        await Expect(anonymous.Locator("#creditCode-check")).ToHaveTextAsync("Characters 3 and 4 ('99') are not a province code.");
        await AssertAccessibleAsync(anonymous);

        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, "en", returnUrl: "/admin/organisations/verifications");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Organisation verification");
        await AssertAccessibleAsync(admin);
        await admin.GotoAsync("/admin/organisations/claims");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Organisation claims");
        await AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task In_English_the_organisation_page_and_the_invitation_page_pass_the_WCAG_2_1_AA_checks()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ownerEmail = $"owner-en-{suffix}@example.cn";
        var colleagueEmail = $"colleague-en-{suffix}@example.cn";
        using var api = NewClient();
        var registered = await api.PostAsJsonAsync("/api/auth/register", Applicants.Registration(ownerEmail, TestData.NewCreditCode()));
        Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);

        // Unverified: the documents form.
        var owner = await SignedInAsync(ownerEmail, Applicants.Password, "en", returnUrl: "/organisation");
        await Expect(owner.Locator("#verification-status")).ToContainTextAsync("Not verified");
        await AssertAccessibleAsync(owner);

        // Verified; an invitation refused beside its field, then made: the link shown once, the pending invitation.
        await Site.VerifyOrganisationAsync(ownerEmail);
        await owner.ReloadAsync();
        await owner.Locator("#invite-email").FillAsync("not an address");
        await owner.Locator("form:has(#invite-email) button[type=submit]").ClickAsync();
        await Expect(owner.Locator("#email-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(owner);
        await owner.Locator("#invite-email").FillAsync(colleagueEmail);
        await owner.Locator("form:has(#invite-email) button[type=submit]").ClickAsync();
        var link = (await owner.Locator("#invitation-link code").TextContentAsync())!.Trim();
        await Expect(owner.Locator("#pending-invitations")).ToContainTextAsync(colleagueEmail);
        await AssertAccessibleAsync(owner);

        // The invitation as the colleague opens it, refused without a name, then the organisation as a member sees it.
        var colleague = await Site.NewPageAsync("en");
        await colleague.GotoAsync(link);
        await Expect(colleague.Locator("#invited-email")).ToHaveTextAsync(colleagueEmail);
        await AssertAccessibleAsync(colleague);
        await colleague.Locator("form.form button[type=submit]").ClickAsync();
        await Expect(colleague.Locator("#form-errors")).ToBeVisibleAsync();
        await AssertAccessibleAsync(colleague);
        await colleague.Locator("#displayName").FillAsync("Wang");
        await colleague.Locator("#password").FillAsync(Password);
        await colleague.Locator("form.form button[type=submit]").ClickAsync();
        await Expect(colleague).ToHaveURLAsync(Site.BaseAddress + "/organisation");
        await AssertAccessibleAsync(colleague);

        // The owner's view of a member: the owner's actions in the table.
        await owner.ReloadAsync();
        await Expect(owner.GetByRole(AriaRole.Cell, new() { Name = colleagueEmail })).ToBeVisibleAsync();
        await AssertAccessibleAsync(owner);
    }

    [Fact]
    public async Task The_credit_code_is_checked_as_it_is_typed_with_the_reason_when_wrong()
    {
        var page = await Site.NewPageAsync("zh-CN");
        var checks = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/signup/credit-code", StringComparison.Ordinal))
                lock (checks) checks.Add(request.Url);
        };
        await page.GotoAsync("/signup");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        var field = page.GetByLabel("统一社会信用代码", new() { Exact = true });
        var check = page.Locator("#creditCode-check");
        await Expect(check).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(field).ToHaveAttributeAsync("aria-describedby", "creditCode-hint creditCode-check");

        // A letter never used, told as soon as it is typed.
        await field.PressSequentiallyAsync("91440O");
        await Expect(check).ToHaveTextAsync("第 6 位“O”不能使用：统一社会信用代码只含数字和大写字母，不使用 I、O、S、V、Z。");
        await Expect(check.Locator(".field-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // Complete but with the wrong check character, then right.
        await field.FillAsync("914403001922038217");
        await Expect(check).ToHaveTextAsync("第 18 位校验码与前 17 位不符，请逐位核对营业执照；如与营业执照完全一致，请联系管理员。");
        await field.ClearAsync();
        await field.PressSequentiallyAsync("914403001922038216");
        await Expect(check).ToHaveTextAsync("格式正确，校验码无误。");
        await AssertAccessibleAsync(page);

        // Only the field goes to the check: never the password or the rest of the form.
        lock (checks)
        {
            Assert.NotEmpty(checks);
            Assert.All(checks, url => Assert.Matches(OnlyTheCreditCode(), url));
        }
    }

    public static TheoryData<string, string> BadCodes => new()
    {
        // Refused by the command's validator, and by its handler (the province, once the code is well formed).
        { "914403001922038217", "第 18 位校验码与前 17 位不符，请逐位核对营业执照；如与营业执照完全一致，请联系管理员。" },
        { "91990300192203821C", "第 3、4 位“99”不是省级行政区划代码。" }, // both check characters right
    };

    [Theory]
    [MemberData(nameof(BadCodes))]
    public async Task Without_JavaScript_the_submit_refuses_a_bad_credit_code_beside_the_field_with_its_reason(string code, string reason)
    {
        var page = await Site.NewPageAsync("zh-CN", javaScript: false);
        await page.GotoAsync("/signup");

        await SignUpAsync(page, $"nojs-{Guid.NewGuid():N}@example.cn", "无脚本科技有限公司", code);

        await Expect(page.Locator("#creditCode-check .field-error")).ToHaveTextAsync(reason);
        await Expect(page.GetByLabel("统一社会信用代码", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#form-errors")).ToContainTextAsync("统一社会信用代码：" + reason);
    }

    [GeneratedRegex("/signup/credit-code\\?Form\\.CreditCode=[0-9A-Z]*$")]
    private static partial Regex OnlyTheCreditCode();
}
