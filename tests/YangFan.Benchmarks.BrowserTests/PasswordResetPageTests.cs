using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed partial class PasswordResetPageTests(SiteFixture site) : SiteTest(site)
{
    private const string OldPassword = "Browser-Passw0rd-Old";
    private const string NewPassword = "Browser-Passw0rd-New";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task From_the_sign_in_page_a_forgotten_password_is_reset_by_the_e_mailed_link_and_the_new_one_signs_in(bool javaScript)
    {
        var email = $"forgetful-{Guid.NewGuid():N}@example.cn";
        await RegisterAsync(email);
        var page = await Site.NewPageAsync("zh-CN", javaScript);

        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "忘记密码？" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("忘记密码");
        if (javaScript)
            await AssertAccessibleAsync(page);
        await page.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "发送重置链接" }).ClickAsync();
        await Expect(page.Locator(".receipt")).ToContainTextAsync("如果该电子邮箱已注册账户");

        // The e-mail waits in the outbox (delivery is the e-mail issue's); its link is followed as the person would.
        await page.GotoAsync(await ResetPathAsync(email));
        await Expect(page.Locator("h1")).ToHaveTextAsync("设置新密码");
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("再次输入新密码", new() { Exact = true }).FillAsync(NewPassword + "x");
        await page.GetByRole(AriaRole.Button, new() { Name = "设置新密码" }).ClickAsync();
        await Expect(page.Locator("#confirmation-error")).ToContainTextAsync("两次输入的密码不一致");
        await Expect(page.GetByLabel("新密码", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(page.GetByLabel("再次输入新密码", new() { Exact = true })).ToHaveAttributeAsync("aria-describedby", "confirmation-error");
        if (javaScript)
            await AssertAccessibleAsync(page);

        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("再次输入新密码", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "设置新密码" }).ClickAsync();
        await Expect(page.Locator(".receipt")).ToContainTextAsync("密码已重置");

        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();
        await page.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator(".site-header")).ToContainTextAsync("已登录");
    }

    [Fact]
    public async Task A_used_link_says_so_and_offers_a_new_one()
    {
        var email = $"twice-{Guid.NewGuid():N}@example.cn";
        await RegisterAsync(email);
        using var api = NewClient();
        await Selection.SucceedAsync(api.PostAsJsonAsync("/api/auth/password-reset", new { email }));
        var path = await ResetPathAsync(email);
        await Selection.SucceedAsync(api.PostAsJsonAsync("/api/auth/password-reset/complete", new { token = path.Split('/').Last(), password = NewPassword }));
        var page = await Site.NewPageAsync("zh-CN");

        await page.GotoAsync(path);
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync("Yet-Another-Passw0rd");
        await page.GetByLabel("再次输入新密码", new() { Exact = true }).FillAsync("Yet-Another-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "设置新密码" }).ClickAsync();

        await Expect(page.Locator("#form-errors")).ToContainTextAsync("此重置链接无效");
        await Expect(page.Locator("#form-errors").GetByRole(AriaRole.Link, new() { Name = "重新获取链接" })).ToHaveAttributeAsync("href", "/forgot-password");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Both_pages_in_English_pass_the_WCAG_2_1_AA_checks()
    {
        var page = await Site.NewPageAsync("en");

        await page.GotoAsync("/forgot-password");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Forgot password");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.GotoAsync("/reset-password/no-such-token");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Set a new password");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await Expect(page.Locator("#password-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    private async Task RegisterAsync(string email)
    {
        using var api = NewClient();
        await Selection.SucceedAsync(api.PostAsJsonAsync("/api/auth/register", new { email, password = OldPassword, displayName = "忘记密码的人" }));
    }

    /// <summary>The path of the newest reset link in the outbox for the address.</summary>
    private async Task<string> ResetPathAsync(string email)
    {
        await using var connection = new NpgsqlConnection(Site.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"Body\" FROM \"OutgoingEmails\" WHERE \"Recipient\" = @r AND \"Event\" = 'auth.password-reset.requested' ORDER BY \"CreatedAt\" DESC LIMIT 1",
            connection);
        command.Parameters.AddWithValue("r", email);
        var body = (string)(await command.ExecuteScalarAsync())!;
        return ResetLink().Match(body).Groups[1].Value;
    }

    [GeneratedRegex(@"https?://[^/\s]+(/reset-password/[A-Za-z0-9_-]+)")]
    private static partial Regex ResetLink();
}
