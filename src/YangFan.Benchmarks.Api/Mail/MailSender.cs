using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Text;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Mail;

/// <summary>
/// Delivers the outbox: each due message (Pending, and its backoff over), oldest first, exactly once even with several
/// API processes on one PostgreSQL. A message is claimed inside a transaction (PostgreSQL: its row locked with
/// <c>FOR UPDATE SKIP LOCKED</c>; SQLite: the IMMEDIATE transaction holds the only write lock), kept locked while the
/// transport hands it over, and marked Sent in the same transaction. The one window for a second delivery is a crash
/// between the server's acceptance and the commit; the message's stable Message-ID makes such a copy recognisable
/// (docs/decisions/0039).
/// </summary>
public sealed class MailSender(IServiceScopeFactory scopes, IMailTransport transport, MailOptions options, TimeProvider time,
    ILogger<MailSender> logger)
{
    // One pass at a time in this process: another would only wait on the rows this one holds.
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>Delivers every message due now; returns how many were handed over.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var sent = 0;
            while (!ct.IsCancellationRequested && await SendOneAsync(ct) is { } delivered)
            {
                if (delivered)
                    sent++;
            }
            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// Claims and hands over one due message: whether it was delivered; null when none is due. A failure of the transport
    /// is the message's: recorded, with its backoff, in the same transaction. A failure of the database is no one's: the
    /// transaction rolls back, the message stays as it was, and the pass stops (the caller reports the outage).
    /// </summary>
    private async Task<bool?> SendOneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await ClaimAsync(db, now, ct) is not { } email)
            return null;
        email.Attempts++;
        email.LastAttemptAt = now;
        bool delivered;
        try
        {
            await transport.SendAsync(Message(email), ct);
            email.Status = OutgoingEmailStatus.Sent;
            email.SentAt = time.GetUtcNow();
            email.NextAttemptAt = null;
            email.LastError = null;
            delivered = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            RecordFailure(email, ex, now);
            delivered = false;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return delivered;
    }

    /// <summary>The oldest due message, locked for this transaction; a message another sender holds is skipped, not waited for.</summary>
    private static async Task<OutgoingEmail?> ClaimAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
            return await db.OutgoingEmails
                .Where(e => e.Status == OutgoingEmailStatus.Pending && (e.NextAttemptAt == null || e.NextAttemptAt <= now))
                .OrderBy(e => e.CreatedAt)
                .FirstOrDefaultAsync(ct);
        var claimed = await db.OutgoingEmails.FromSql($"""
            SELECT * FROM "OutgoingEmails"
            WHERE "Status" = {nameof(OutgoingEmailStatus.Pending)} AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now.ToUniversalTime()})
            ORDER BY "CreatedAt"
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        return claimed.FirstOrDefault();
    }

    private void RecordFailure(OutgoingEmail email, Exception error, DateTimeOffset now)
    {
        email.LastError = Describe(error);
        if (email.Attempts >= options.MaxAttempts)
        {
            email.Status = OutgoingEmailStatus.Failed;
            email.NextAttemptAt = null;
            logger.LogWarning("E-mail {EmailId} gave up after {Attempts} attempts: {Error}", email.Id, email.Attempts, email.LastError);
        }
        else
        {
            email.NextAttemptAt = now + Backoff(email.Attempts, options.MaxBackoffMinutes);
            logger.LogInformation("E-mail {EmailId} failed (attempt {Attempts}); next attempt at {NextAttemptAt:O}: {Error}",
                email.Id, email.Attempts, email.NextAttemptAt, email.LastError);
        }
    }

    /// <summary>The wait after the <paramref name="attempts"/>th failure: 1, 2, 4 … minutes, at most <paramref name="maxMinutes"/>.</summary>
    public static TimeSpan Backoff(int attempts, int maxMinutes) =>
        TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Clamp(attempts - 1, 0, 30)), Math.Max(1, maxMinutes)));

    /// <summary>What went wrong, short: the kind of error and its message (MailKit's messages name the server's reply, never a credential).</summary>
    public static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}".ReplaceLineEndings(" ");
        return text.Length > 500 ? text[..500] : text;
    }

    /// <summary>The message as it leaves: plain UTF-8 text, from the configured sender, with a Message-ID that is the same on every attempt.</summary>
    public MimeMessage Message(OutgoingEmail email)
    {
        var message = new MimeMessage
        {
            MessageId = MessageId(email.Id, options.FromAddress),
            Date = time.GetUtcNow(),
            Subject = email.Subject,
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.Recipient));
        message.Headers.Add(HeaderId.ContentLanguage, email.Language);
        // Said as 8bit, so an .eml file reads as text; MailKit re-encodes it for a server that lacks 8BITMIME.
        var body = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.EightBit };
        body.SetText(Encoding.UTF8, email.Body);
        message.Body = body;
        return message;
    }

    /// <summary><c>&lt;id&gt;@&lt;the sender's domain&gt;</c>: a receiver that sees it twice sees one message.</summary>
    public static string MessageId(Guid id, string fromAddress)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "yangfan.localhost";
        return $"{id:N}@{domain}";
    }
}

/// <summary>Runs the sender on an interval in every process where <c>Mail:SenderEnabled</c> is on.</summary>
public sealed class MailSenderService(MailSender sender, IMailTransport transport, MailOptions options, TimeProvider time,
    DatabaseOutage outage, ILogger<MailSenderService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.SenderEnabled)
        {
            logger.LogInformation("The e-mail sender is off (Mail:SenderEnabled); messages stay in the outbox");
            return Task.CompletedTask;
        }
        logger.LogInformation("The e-mail sender delivers to {Transport}", transport.Description);
        return BackgroundPasses.RunAsync(async ct =>
        {
            var sent = await sender.SendDueAsync(ct);
            if (sent > 0)
                logger.LogInformation("Sent {Count} e-mails", sent);
        }, TimeSpan.FromSeconds(Math.Max(1, options.SendIntervalSeconds)), time, outage, logger, "An e-mail pass", stoppingToken);
    }
}
