using Microsoft.Playwright;
using Npgsql;
using YangFan.Benchmarks.BrowserTests.Infrastructure;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.BrowserTests;

public sealed class AdminOutboxPageTests(SiteFixture site) : SiteTest(site)
{
    [Theory]
    [InlineData("zh-CN", "发送失败", "已发送", "待发送", "重新发送")]
    [InlineData("en", "Failed", "Sent", "Waiting", "Send again")]
    public async Task An_administrator_reads_each_e_mail_s_delivery_and_sends_a_failed_one_again(string locale, string failed, string sent,
        string waiting, string retry)
    {
        var tag = Guid.NewGuid().ToString("N");
        var failedId = await InsertAsync($"failed-{tag}@example.cn", "Failed", attempts: 8, lastError: "SocketException: Connection refused");
        var sentId = await InsertAsync($"sent-{tag}@example.cn", "Sent", attempts: 1, lastError: null);
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, locale, returnUrl: "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = locale == "en" ? "E-mail outbox" : "邮件发件箱" }).ClickAsync();
        await admin.GotoAsync("/admin/outbox?recipient=" + tag);

        await Expect(admin.Locator("#outbox tbody tr")).ToHaveCountAsync(2);
        await Expect(admin.Locator($"#email-{failedId} .status")).ToHaveTextAsync(failed);
        await Expect(admin.Locator($"#email-{failedId}")).ToContainTextAsync("SocketException: Connection refused");
        await Expect(admin.Locator($"#email-{sentId} .status")).ToHaveTextAsync(sent);
        await Expect(admin.Locator($"#email-{sentId} button")).ToHaveCountAsync(0);
        await Expect(admin.Locator("#outbox")).Not.ToContainTextAsync("SECRET-LINK");
        await AssertAccessibleAsync(admin);

        await admin.Locator($"#email-{failedId}").GetByRole(AriaRole.Button, new() { Name = retry }).ClickAsync();

        await Expect(admin.Locator("#status-message")).ToContainTextAsync($"failed-{tag}@example.cn");
        await Expect(admin.Locator($"#email-{failedId} .status")).ToHaveTextAsync(waiting);
        await Expect(admin.Locator($"#email-{failedId} button")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task Without_JavaScript_the_filters_narrow_the_list_and_a_failed_e_mail_is_sent_again()
    {
        var tag = Guid.NewGuid().ToString("N");
        var failedId = await InsertAsync($"nojs-failed-{tag}@example.cn", "Failed", attempts: 8, lastError: "TimeoutException: timed out");
        await InsertAsync($"nojs-pending-{tag}@example.cn", "Pending", attempts: 0, lastError: null);
        var admin = await SignedInAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, javaScript: false, returnUrl: "/admin/outbox");

        await admin.GetByLabel("收件人", new() { Exact = true }).FillAsync(tag.ToUpperInvariant());
        await admin.Locator("#filter-status").SelectOptionAsync("Failed");
        await admin.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();

        await Expect(admin.Locator("#outbox tbody tr")).ToHaveCountAsync(1);
        await Expect(admin.Locator($"#email-{failedId} .status")).ToHaveTextAsync("发送失败");
        await admin.GetByRole(AriaRole.Button, new() { Name = "重新发送" }).ClickAsync();
        await Expect(admin.Locator("#status-message")).ToContainTextAsync("已放回发件箱");
        await Expect(admin.Locator("#outbox-empty")).ToBeVisibleAsync();

        await admin.GotoAsync($"/admin/outbox?recipient={tag}&status=Pending");
        await Expect(admin.Locator("#outbox tbody tr")).ToHaveCountAsync(2);
    }

    private async Task<Guid> InsertAsync(string recipient, string status, int attempts, string? lastError)
    {
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(Site.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO "OutgoingEmails" ("Id", "Recipient", "Language", "Subject", "Body", "Event", "CreatedAt", "Status", "Attempts", "LastError", "SentAt")
            VALUES (@id, @recipient, 'zh-CN', '扬帆行动：重置密码', '正文 SECRET-LINK', 'auth.password-reset.requested', now(), @status, @attempts, @error,
                    CASE WHEN @status = 'Sent' THEN now() END)
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("recipient", recipient);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("attempts", attempts);
        command.Parameters.AddWithValue("error", (object?)lastError ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
        return id;
    }
}
