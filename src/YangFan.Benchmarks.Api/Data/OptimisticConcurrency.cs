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
    /// <remarks>
    /// <paramref name="shown"/> is the version the caller was shown when it differs from the stored one (an applicant's
    /// view of an application leaves out the steps hidden from applicants); the stored version is still the token.
    /// </remarks>
    public static void RequireVersion<T>(this AppDbContext db, T entity, int? expected, string what, int? shown = null) where T : class, IVersioned
    {
        if (expected is not { } version)
            throw ProblemException.PreconditionRequired($"Send If-Match with the {what}'s ETag so that a stale view cannot change it.");
        var current = shown ?? entity.Version;
        if (version != current)
            throw ProblemException.PreconditionFailed($"The {what} is at version {current}, not {version}. Read it again before changing it.");
        db.Entry(entity).Property(e => e.Version).OriginalValue = entity.Version;
    }
}
