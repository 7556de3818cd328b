using Microsoft.EntityFrameworkCore;
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
            throw ProblemException.PreconditionFailed($"The {what} is at version {current}, not {version}. Read it again before changing it.", current);
        db.Entry(entity).Property(e => e.Version).OriginalValue = entity.Version;
    }

    /// <summary>
    /// Takes the row lock of an application or a call that was read earlier in this transaction, the first lock of
    /// the order every writer of workflow state follows (docs/architecture.md, "Lock order"). If another transaction
    /// changed the row since it was read, the answer is 409 <c>concurrency-conflict</c> at once, before anything is
    /// decided on the stale copy. SQLite needs no lock: its write transaction already holds the database's only one.
    /// </summary>
    public static async Task LockAsync<T>(this AppDbContext db, T entity, CancellationToken ct) where T : class, IVersioned
    {
        var entry = db.Entry(entity);
        if (db.Provider != DatabaseProvider.Postgres || entry.State == EntityState.Added)
            return;
        var locked = await db.LockRowAsync<T>(entry.Property<Guid>("Id").CurrentValue, ct);
        if (locked != entry.Property(e => e.Version).OriginalValue)
            throw ProblemException.ConcurrencyConflict();
    }

    /// <summary>
    /// Locks the row of an application or a call by id until the transaction ends, on PostgreSQL, and returns its
    /// version (null when there is no such row, or on SQLite). The lock is the one an update takes (<c>FOR NO KEY
    /// UPDATE</c>): writers of the row queue, while inserts of rows that refer to it (their foreign-key checks) do not.
    /// </summary>
    public static async Task<int?> LockRowAsync<T>(this AppDbContext db, Guid id, CancellationToken ct) where T : class, IVersioned
    {
        if (db.Provider != DatabaseProvider.Postgres)
            return null;
        // The table name comes from the model, never from input; the id is a parameter.
        var sql = "SELECT \"Version\" AS \"Value\" FROM \"" + db.Model.FindEntityType(typeof(T))!.GetTableName() + "\" WHERE \"Id\" = {0} FOR NO KEY UPDATE";
        var versions = await db.Database.SqlQueryRaw<int>(sql, id).ToListAsync(ct);
        return versions.Count == 0 ? null : versions[0];
    }
}
