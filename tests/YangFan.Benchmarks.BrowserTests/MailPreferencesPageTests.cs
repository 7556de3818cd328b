using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class MailPreferencesPageTests(SiteFixture site) : SiteTest(site)
{
    [Theory]
    [InlineData("zh-CN", true, "邮件通知设置", "English", "申报进入公示", "保存设置", "已保存", "重置密码链接")]
    [InlineData("en", true, "E-mail settings", "English", "Applications entering public notice", "Save settings", "Saved", "Password reset links")]
    [InlineData("zh-CN", false, "邮件通知设置", "English", "申报进入公示", "保存设置", "已保存", "重置密码链接")]
    public async Task From_the_inbox_a_user_chooses_the_mail_language_and_turns_an_optional_e_mail_off(string locale, bool javaScript,
        string title, string english, string notice, string save, string saved, string mandatory)
    {
        var email = $"mail-{Guid.NewGuid():N}@example.cn";
        using var api = NewClient();
        await Selection.SucceedAsync(api.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "邮件设置测试" }));
        var page = await SignedInAsync(email, Password, locale, javaScript, "/notifications");

        await page.Locator("#mail-settings-link").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator(".mandatory-mail")).ToContainTextAsync(mandatory);
        await Expect(page.GetByLabel(notice, new() { Exact = true })).ToBeCheckedAsync();
        if (javaScript)
            await AssertAccessibleAsync(page);
        await page.GetByLabel(english, new() { Exact = true }).CheckAsync();
        await page.GetByLabel(notice, new() { Exact = true }).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = save }).ClickAsync();

        await Expect(page.Locator(".receipt")).ToContainTextAsync(saved);
        await page.ReloadAsync();
        await Expect(page.GetByLabel(notice, new() { Exact = true })).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel(english, new() { Exact = true })).ToBeCheckedAsync();
        using var me = await Selection.SignedInAsync(NewClient, email, Password);
        var preferences = await me.GetFromJsonAsync<JsonElement>("/api/me/mail-preferences");
        Assert.Equal("en", preferences.GetProperty("language").GetString());
        Assert.False(preferences.GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("event").GetString() == "application.entered-notice").GetProperty("enabled").GetBoolean());
        if (javaScript)
            await AssertAccessibleAsync(page);
    }
}
