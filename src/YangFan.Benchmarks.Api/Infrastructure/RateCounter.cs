using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// Fixed-window request counts kept in PostgreSQL, so a limit holds across every API process on the database rather
/// than once per process (docs/decisions/0042). One statement per request: an upsert that adds one to the window's
/// count and returns it. Windows start at multiples of their length; the first request of a new window deletes the
/// policy's ended windows. SQLite (one process) counts in memory instead and never uses this.
/// </summary>
public sealed class RateCounter(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Counts one request; null when it is within the limit, else how long until the window ends.</summary>
    public async Task<TimeSpan?> TakeAsync(string policy, string partition, AuthRateLimitOptions limits, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromSeconds(limits.WindowSeconds);
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var count = (await db.Database.SqlQuery<int>($"""
            INSERT INTO "RateWindows" ("Policy", "Partition", "WindowStart", "Count") VALUES ({policy}, {partition}, {start}, 1)
            ON CONFLICT ("Policy", "Partition", "WindowStart") DO UPDATE SET "Count" = "RateWindows"."Count" + 1
            RETURNING "Count" AS "Value"
            """).ToListAsync(ct)).Single();
        if (count == 1)
            await db.RateWindows.Where(w => w.Policy == policy && w.WindowStart < start).ExecuteDeleteAsync(ct);
        return count <= limits.PermitLimit ? null : start + window - now;
    }
}
