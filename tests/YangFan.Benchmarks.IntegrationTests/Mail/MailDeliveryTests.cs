using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Mail;

/// <summary>
/// The outbox delivered through a real SMTP server (netDumbster, in process): what arrives, exactly once across two API
/// processes, and what an outage leaves behind. The fixture's own sender is off; each test runs the passes it needs.
/// </summary>
public sealed class MailDeliveryTests(ApiFixture fixture, SmtpTestServer smtp) : ApiTest(fixture), IClassFixture<SmtpTestServer>
{
    private const string ResetEvent = "auth.password-reset.requested";

    [Fact]
    public async Task A_password_reset_asked_for_over_HTTP_arrives_at_the_mail_server_in_Chinese_with_its_stable_Message_ID_and_the_row_is_Sent()
    {
        smtp.Clear();
        await Calls.RegisterAsync(Anonymous(), "arrives@example.cn");
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "arrives@example.cn" }), HttpStatusCode.Accepted);
        var id = await ScalarAsync<Guid>("SELECT \"Id\" FROM \"OutgoingEmails\"");

        var sent = await Sender(smtp.Options).SendDueAsync(CancellationToken.None);

        Assert.Equal(1, sent);
        var message = Assert.Single(smtp.Received);
        Assert.Equal("扬帆行动：重置密码", message.Subject);
        Assert.Contains("有人请求重置您在扬帆行动申报系统的账户密码", message.TextBody);
        Assert.Contains("/reset-password/", message.TextBody);
        Assert.Equal("utf-8", message.BodyParts.OfType<TextPart>().Single().ContentType.Charset, ignoreCase: true);
        var from = message.From.Mailboxes.Single();
        Assert.Equal(("扬帆行动申报系统", "noreply@yangfan.localhost"), (from.Name, from.Address));
        Assert.Equal("arrives@example.cn", message.To.Mailboxes.Single().Address);
        Assert.Equal($"{id:N}@yangfan.localhost", message.MessageId);
        Assert.Equal("Sent", await ScalarAsync<string>("SELECT \"Status\" FROM \"OutgoingEmails\""));
        Assert.Equal(1, await ScalarAsync<int>("SELECT \"Attempts\" FROM \"OutgoingEmails\""));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\" WHERE \"SentAt\" IS NOT NULL AND \"LastError\" IS NULL"));

        // Sent is sent: the next pass finds nothing.
        Assert.Equal(0, await Sender(smtp.Options).SendDueAsync(CancellationToken.None));
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task Two_API_processes_sending_at_once_deliver_each_of_thirty_messages_exactly_once()
    {
        smtp.Clear();
        await ExecuteAsync("""
            INSERT INTO "OutgoingEmails" ("Id", "Recipient", "Language", "Subject", "Body", "Event", "CreatedAt", "Status", "Attempts")
            SELECT gen_random_uuid(), 'racer' || g || '@example.cn', 'zh-CN', '比赛 ' || g, '正文 ' || g, 'tests.race',
                   now() - interval '1 hour' + g * interval '1 second', 'Pending', 0
            FROM generate_series(1, 30) AS g
            """);
        await using var first = SendingHost();
        await using var second = SendingHost();
        var senders = new[] { first, second }.Select(h => h.Services.GetRequiredService<MailSender>()).ToList();

        var counts = await Task.WhenAll(senders.Select(s => Task.Run(() => s.SendDueAsync(CancellationToken.None))));

        Assert.Equal(30, counts.Sum());
        var received = smtp.Received;
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(30, received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(30L, await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\" WHERE \"Status\" = 'Sent' AND \"Attempts\" = 1"));
    }

    [Fact]
    public async Task An_SMTP_outage_is_recorded_with_a_backoff_nothing_goes_early_and_the_message_is_delivered_once_the_server_is_up_and_the_wait_is_over()
    {
        using var server = SmtpTestServer.Down();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sender = Sender(server.Options, clock);
        await Calls.RegisterAsync(Anonymous(), "patient@example.cn");
        await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "patient@example.cn" });

        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));

        Assert.Equal("Pending", await ScalarAsync<string>("SELECT \"Status\" FROM \"OutgoingEmails\""));
        Assert.Equal(1, await ScalarAsync<int>("SELECT \"Attempts\" FROM \"OutgoingEmails\""));
        Assert.False(string.IsNullOrEmpty(await ScalarAsync<string>("SELECT \"LastError\" FROM \"OutgoingEmails\"")));
        var next = await ScalarAsync<DateTime>("SELECT \"NextAttemptAt\" FROM \"OutgoingEmails\"");
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(1), next, TimeSpan.FromMilliseconds(1));

        // The server is back, but the message waits out its backoff.
        server.Start();
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        Assert.Empty(server.Received);
        Assert.Equal(1, await ScalarAsync<int>("SELECT \"Attempts\" FROM \"OutgoingEmails\""));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));

        Assert.Equal("patient@example.cn", Assert.Single(server.Received).To.Mailboxes.Single().Address);
        Assert.Equal("Sent", await ScalarAsync<string>("SELECT \"Status\" FROM \"OutgoingEmails\""));
        Assert.Equal(2, await ScalarAsync<int>("SELECT \"Attempts\" FROM \"OutgoingEmails\""));
        Assert.Null(await ScalarAsync<string>("SELECT \"LastError\" FROM \"OutgoingEmails\""));
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task After_its_last_attempt_a_message_is_Failed_and_an_administrator_puts_it_back_to_be_delivered()
    {
        using var server = SmtpTestServer.Down();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sender = Sender(server.Options, clock, maxAttempts: 3);
        await Calls.RegisterAsync(Anonymous(), "unlucky@example.cn");
        await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "unlucky@example.cn" });
        var id = await ScalarAsync<Guid>("SELECT \"Id\" FROM \"OutgoingEmails\"");

        // Waits of 1 and 2 minutes between the three attempts.
        await sender.SendDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendDueAsync(CancellationToken.None);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(2), await ScalarAsync<DateTime>("SELECT \"NextAttemptAt\" FROM \"OutgoingEmails\""),
            TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromMinutes(2));
        await sender.SendDueAsync(CancellationToken.None);

        Assert.Equal("Failed", await ScalarAsync<string>("SELECT \"Status\" FROM \"OutgoingEmails\""));
        Assert.Equal(3, await ScalarAsync<int>("SELECT \"Attempts\" FROM \"OutgoingEmails\""));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\" WHERE \"NextAttemptAt\" IS NOT NULL"));
        clock.Advance(TimeSpan.FromDays(1));
        server.Start();
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        Assert.Empty(server.Received);

        var admin = await AsAdminAsync();
        var failed = await admin.GetFromJsonAsync<JsonElement>("/api/outbox?status=Failed");
        Assert.Equal(id, failed.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(3, failed.GetProperty("items")[0].GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("items")[0].GetProperty("lastError").GetString()));

        var retried = await admin.PostAsync($"/api/outbox/{id}/retry", null);
        await Expect.StatusAsync(retried, HttpStatusCode.OK);
        var view = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Pending", 0), (view.GetProperty("status").GetString(), view.GetProperty("attempts").GetInt32()));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'mail.retried'"));
        var before = await CountRowsAsync();
        var pending = await Expect.ProblemAsync(await admin.PostAsync($"/api/outbox/{id}/retry", null), 409, "email-not-failed");
        Assert.Equal("Pending", pending.GetProperty("emailStatus").GetString());
        Assert.Equal(before, await CountRowsAsync());

        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));
        Assert.Single(server.Received);
        Assert.Equal("Sent", await ScalarAsync<string>("SELECT \"Status\" FROM \"OutgoingEmails\""));
        await Expect.ProblemAsync(await admin.PostAsync($"/api/outbox/{id}/retry", null), 409, "email-not-failed");
        await Expect.ProblemAsync(await admin.PostAsync($"/api/outbox/{Guid.NewGuid()}/retry", null), 404, "not-found");
    }

    [Fact]
    public async Task Without_an_SMTP_server_the_sender_writes_each_message_as_a_readable_eml_file_under_the_data_directory()
    {
        await Calls.RegisterAsync(Anonymous(), "newcomer@example.cn");
        await Anonymous().PostAsJsonAsync("/api/auth/password-reset", new { email = "newcomer@example.cn" });
        var id = await ScalarAsync<Guid>("SELECT \"Id\" FROM \"OutgoingEmails\"");
        var transport = Assert.IsType<PickupFolderTransport>(Factory.Services.GetRequiredService<IMailTransport>());

        Assert.Equal(1, await Factory.Services.GetRequiredService<MailSender>().SendDueAsync(CancellationToken.None));

        var message = await EmlAssert.ReadAsync(transport.Folder, id);
        Assert.Equal("扬帆行动：重置密码", message.Subject);
        Assert.Contains("/reset-password/", message.TextBody);
        Assert.Equal("newcomer@example.cn", message.To.Mailboxes.Single().Address);
        Assert.Equal("Sent", await ScalarAsync<string>("SELECT \"Status\" FROM \"OutgoingEmails\""));
    }

    /// <summary>A sender of this test's own, on the fixture's database, handing messages to <paramref name="server"/>.</summary>
    private MailSender Sender(SmtpOptions server, TimeProvider? clock = null, int maxAttempts = 8) =>
        new(Factory.Services.GetRequiredService<IServiceScopeFactory>(), new SmtpTransport(server),
            new MailOptions { Smtp = server, MaxAttempts = maxAttempts }, clock ?? TimeProvider.System, NullLogger<MailSender>.Instance);

    /// <summary>Another API process on the same PostgreSQL database, configured to deliver through the test's SMTP server.</summary>
    private ApiFactory SendingHost()
    {
        var settings = ApiFactory.PostgresSettings(Fixture.ConnectionString, Path.Combine(Path.GetTempPath(), $"yangfan-sender-{Guid.NewGuid():N}"));
        foreach (var (key, value) in smtp.Settings)
            settings[key] = value;
        var host = new ApiFactory(settings);
        _ = host.Server;
        return host;
    }
}

/// <summary>Reads an <c>.eml</c> file the pickup folder holds, and checks nothing half-written was left beside it.</summary>
public static class EmlAssert
{
    public static async Task<MimeMessage> ReadAsync(string folder, Guid id)
    {
        var file = Path.Combine(folder, $"{id:N}.eml");
        Assert.True(File.Exists(file), $"No {file}");
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal($"{id:N}@yangfan.localhost", message.MessageId);
        Assert.Equal("扬帆行动申报系统", message.From.Mailboxes.Single().Name);
        return message;
    }
}
