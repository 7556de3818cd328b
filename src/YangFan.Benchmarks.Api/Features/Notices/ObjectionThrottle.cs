using System.Threading.RateLimiting;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>
/// How many objections one client address may send per window (<c>RateLimiting:Objections</c>, default 5 an hour),
/// counted once for the API and the objection page together: the page must not be a way around the API's limit, and
/// its refusal must be a sentence on the form (with what was typed kept), which the rate-limiting middleware cannot
/// give. On PostgreSQL the count is the database's (<see cref="RateCounter"/>), so it holds across API processes; on
/// SQLite (one process) it is kept in memory.
/// </summary>
public sealed class ObjectionThrottle(AuthRateLimitOptions limits, RateCounter? shared) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitLimit,
            Window = TimeSpan.FromSeconds(limits.WindowSeconds),
            QueueLimit = 0,
        }));

    /// <summary>Takes one objection from the caller's allowance, or refuses with 429 and when to retry.</summary>
    public async Task AcquireAsync(HttpContext http, CancellationToken ct)
    {
        if (shared is not null)
        {
            if (await shared.TakeAsync("objections", ClientAddress.PartitionKey(http), limits, ct) is { } retryAfter)
                throw ProblemException.TooManyRequests((int)Math.Ceiling(retryAfter.TotalSeconds));
            return;
        }
        using var lease = _limiter.AttemptAcquire(ClientAddress.PartitionKey(http));
        if (!lease.IsAcquired)
            throw ProblemException.TooManyRequests(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                ? (int)Math.Ceiling(wait.TotalSeconds)
                : limits.WindowSeconds);
    }

    public void Dispose() => _limiter.Dispose();
}
