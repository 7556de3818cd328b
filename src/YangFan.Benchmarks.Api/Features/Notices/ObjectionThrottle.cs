using System.Threading.RateLimiting;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>
/// How many objections one client address may send per window (<c>RateLimiting:Objections</c>, default 5 an hour),
/// counted once for the API and the objection page together: the page must not be a way around the API's limit, and
/// its refusal must be a sentence on the form (with what was typed kept), which the rate-limiting middleware cannot
/// give.
/// </summary>
public sealed class ObjectionThrottle(AuthRateLimitOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitLimit,
            Window = TimeSpan.FromSeconds(limits.WindowSeconds),
            QueueLimit = 0,
        }));

    /// <summary>Takes one objection from the caller's allowance, or refuses with 429 and when to retry.</summary>
    public void Acquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(ClientAddress.PartitionKey(http));
        if (!lease.IsAcquired)
            throw ProblemException.TooManyRequests(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                ? (int)Math.Ceiling(wait.TotalSeconds)
                : limits.WindowSeconds);
    }

    public void Dispose() => _limiter.Dispose();
}
