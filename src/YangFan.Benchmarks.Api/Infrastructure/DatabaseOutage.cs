using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// Says once that the database cannot be reached and once that it can again, however many requests fail in between:
/// an outage is one event in the log, not one stack trace per request. The exception handler and the timer
/// dispatcher report failures; any connection that opens ends the outage.
/// </summary>
public sealed class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger) : DbConnectionInterceptor
{
    /// <summary>The <c>Retry-After</c> of a 503 <c>service-unavailable</c>.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private volatile bool _down;

    /// <summary>Records a failure to reach the database; only the first of an outage is logged.</summary>
    public void Failed(Exception error)
    {
        lock (_gate)
        {
            if (_since is not null)
                return;
            _since = time.GetUtcNow();
            _down = true;
        }
        logger.LogError(error, "The database cannot be reached; requests answer 503 until it can again");
    }

    /// <summary>Ends the outage, if there is one, with one line that says how long it lasted.</summary>
    public void Reached()
    {
        if (!_down)
            return;
        DateTimeOffset since;
        lock (_gate)
        {
            if (_since is not { } start)
                return;
            since = start;
            _since = null;
            _down = false;
        }
        logger.LogInformation("The database can be reached again after {Duration}", time.GetUtcNow() - since);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Reached();

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Reached();
        return Task.CompletedTask;
    }
}
