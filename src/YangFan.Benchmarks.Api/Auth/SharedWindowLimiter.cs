using System.Threading.RateLimiting;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// One partition of a rate-limit policy counted in the database by <see cref="RateCounter"/>, for the rate-limiting
/// middleware. It holds no state: the synchronous attempt always declines, so the middleware asks again asynchronously,
/// and that asks the database.
/// </summary>
internal sealed class SharedWindowLimiter(RateCounter counter, string policy, string partition, AuthRateLimitOptions limits) : RateLimiter
{
    // Nothing is kept here, so the partitioned limiter may drop this one at once and make another on the next request.
    public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new Lease(acquired: false, retryAfter: null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var wait = await counter.TakeAsync(policy, partition, limits, cancellationToken);
        return new Lease(acquired: wait is null, wait);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
