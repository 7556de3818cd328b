using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class SignInTests(SiteFixture site) : SiteTest(site)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Signing_in_and_out_through_the_forms_shows_who_is_signed_in(bool javaScript)
    {
        var page = await Site.NewPageAsync("zh-CN", javaScript);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();

        await page.GetByLabel("电子邮箱").FillAsync(ApiFactory.AdminEmail);
        await page.GetByLabel("密码").FillAsync(ApiFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        // Back where the sign-in started, with the account in the header.
        await Expect(page).ToHaveURLAsync(Site.BaseAddress + "/");
        await Expect(page.Locator(".site-header")).ToContainTextAsync("已登录：Administrator");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Expect(page.Locator(".site-header")).Not.ToContainTextAsync("已登录");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_refused_sign_in_shows_its_error_next_to_the_password_field()
    {
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/account/sign-in");

        await page.GetByLabel("电子邮箱").FillAsync(SiteFixture.ApplicantEmail);
        await page.GetByLabel("密码").FillAsync("Not-The-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        var password = page.GetByLabel("密码");
        await Expect(page.Locator("#password-error")).ToContainTextAsync("电子邮箱或密码不正确");
        await Expect(password).ToHaveAttributeAsync("aria-describedby", "password-error");
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(password).ToHaveValueAsync("");
        // The address typed stays, and has no error of its own.
        await Expect(page.GetByLabel("电子邮箱")).ToHaveValueAsync(SiteFixture.ApplicantEmail);
        await Expect(page.Locator("#email-error")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Missing_fields_are_refused_by_the_commands_validation_with_each_error_by_its_field()
    {
        var page = await Site.NewPageAsync("zh-CN");
        await page.GotoAsync("/account/sign-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#password-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("电子邮箱")).ToHaveAttributeAsync("aria-describedby", "email-error");
        // FluentValidation speaks the page's language.
        await Expect(page.Locator("#email-error")).ToContainTextAsync("不能为空");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_sign_in_page_passes_the_WCAG_2_1_AA_checks()
    {
        var page = await Site.NewPageAsync("en");
        await page.GotoAsync("/account/sign-in");

        await AssertAccessibleAsync(page);
    }
}
