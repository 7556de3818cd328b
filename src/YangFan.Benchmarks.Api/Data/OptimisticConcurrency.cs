using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain;

namespace YangFan.Benchmarks.Api.Data;

public static class OptimisticConcurrency
{
    /// <summary>
    /// The If-Match rule for changing a versioned aggregate: without it 428, stale 412. The expected version also
    /// becomes the concurrency token's original value, so the database refuses the write if another request
    /// commits in between.
    /// </summary>
    public static void RequireVersion<T>(this AppDbContext db, T entity, int? expected, string what) where T : class, IVersioned
    {
        if (expected is not { } version)
            throw ProblemException.PreconditionRequired($"Send If-Match with the {what}'s ETag so that a stale view cannot change it.");
        if (version != entity.Version)
            throw ProblemException.PreconditionFailed($"The {what} is at version {entity.Version}, not {version}. Read it again before changing it.");
        db.Entry(entity).Property(e => e.Version).OriginalValue = version;
    }
}
