using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Telemetry;

/// <summary>
/// The outbox's backlog for the metric <c>yangfan.mail.outbox.backlog</c>: the count of unsent e-mails, taken by one
/// index-range query at most every <see cref="MaxAge"/>, in the background. A collection (a scrape, an OTLP export)
/// reports the last count and, when it is older, asks for a new one; scrapes in a burst never queue queries, and
/// the count holds whether or not this process runs the sender (the backlog grows most where none does).
/// </summary>
public sealed class OutboxBacklog(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxBacklog> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private long _count = -1;
    private long _countedAt;
    private int _counting;

    /// <summary>The last count (none before the first one is in), and a new count started if it is stale.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        var count = Interlocked.Read(ref _count);
        if ((count < 0 || time.GetElapsedTime(Interlocked.Read(ref _countedAt)) > MaxAge) && Interlocked.CompareExchange(ref _counting, 1, 0) == 0)
            _ = CountAsync();
        return count < 0 ? [] : [new Measurement<long>(count)];
    }

    /// <summary>Counts the unsent e-mails now (the next collection reports it).</summary>
    public async Task CountAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var count = await db.OutgoingEmails.CountAsync(e => e.Status == OutgoingEmailStatus.Pending);
            Interlocked.Exchange(ref _countedAt, time.GetTimestamp());
            Interlocked.Exchange(ref _count, count);
        }
        catch (Exception ex)
        {
            // A metric must never fail a scrape; the database's own health check reports an outage.
            logger.LogDebug(ex, "Counting the outbox's backlog failed");
        }
        finally
        {
            Interlocked.Exchange(ref _counting, 0);
        }
    }
}
