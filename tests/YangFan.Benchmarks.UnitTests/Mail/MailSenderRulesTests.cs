using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.UnitTests.Mail;

public sealed class MailSenderRulesTests
{
    [Fact]
    public void The_wait_after_each_failure_doubles_from_one_minute_up_to_the_cap()
    {
        var waits = Enumerable.Range(1, 9).Select(a => MailSender.Backoff(a, maxMinutes: 60).TotalMinutes).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
        Assert.Equal(TimeSpan.FromMinutes(60), MailSender.Backoff(1000, 60));
    }

    [Fact]
    public void A_message_keeps_its_Message_ID_on_every_attempt_and_is_plain_UTF8_text_from_the_configured_sender()
    {
        var email = new OutgoingEmail
        {
            Id = Guid.NewGuid(), Recipient = "someone@example.cn", Language = "zh-CN", Subject = "扬帆行动：重置密码", Body = "您好：\n链接", Event = "e",
        };
        var clock = new Clock { Now = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero) };
        var sender = new MailSender(null!, new PickupFolderTransport(Path.GetTempPath()), new MailOptions { FromAddress = "noreply@yangfan.example.cn" },
            clock, NullLogger<MailSender>.Instance);

        var first = sender.Message(email);
        clock.Now += TimeSpan.FromHours(1);
        var second = sender.Message(email);

        Assert.Equal($"{email.Id:N}@yangfan.example.cn", first.MessageId);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(clock.GetUtcNow(), second.Date);
        Assert.Equal(("扬帆行动申报系统", "noreply@yangfan.example.cn"), (first.From.Mailboxes.Single().Name, first.From.Mailboxes.Single().Address));
        var text = Assert.IsType<TextPart>(first.Body);
        Assert.Equal(("plain", "utf-8"), (text.ContentType.MediaSubtype, text.ContentType.Charset.ToLowerInvariant()));
        Assert.Equal("您好：\n链接", text.Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_error_is_recorded_short_on_one_line()
    {
        var described = MailSender.Describe(new IOException("line one\nline two " + new string('x', 2000)));

        Assert.StartsWith("IOException: line one line two", described);
        Assert.Equal(500, described.Length);
    }

    [Fact]
    public async Task The_pickup_folder_holds_whole_files_only_and_a_second_write_of_a_message_replaces_the_first()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"yangfan-pickup-{Guid.NewGuid():N}");
        try
        {
            var transport = new PickupFolderTransport(folder);
            var message = new MimeMessage { MessageId = "abc@yangfan.localhost", Subject = "一" };
            message.To.Add(MailboxAddress.Parse("a@example.cn"));
            message.Body = new TextPart("plain") { Text = "1" };

            await transport.SendAsync(message, CancellationToken.None);
            message.Subject = "二";
            await transport.SendAsync(message, CancellationToken.None);

            Assert.Equal([Path.Combine(folder, "abc.eml")], Directory.GetFiles(folder));
            Assert.Equal("二", (await MimeMessage.LoadAsync(Path.Combine(folder, "abc.eml"))).Subject);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
