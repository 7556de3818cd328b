using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Progress;

/// <summary>
/// The progress counts the database keeps (docs/decisions/0021-progress-counts-maintained-per-transition.md): triggers
/// on <c>Applications</c> append a <see cref="ProgressCountDelta"/> for every application that enters or leaves a
/// bucket, in the transaction that moves it; <see cref="FoldAsync"/> adds them to <see cref="ProgressCount"/> now and
/// then. A bucket's count is its folded count plus the deltas not folded yet, read in one statement.
/// </summary>
public static class ProgressCounts
{
    /// <summary>One bucket: the programme, the sector (null for programmes without sectors), the workflow version and the state.</summary>
    public sealed record Bucket(string ProgrammeKey, string? SectorCode, string WorkflowKey, int WorkflowVersion, string State, long Count);

    /// <summary>The maintained counts of every bucket that holds applications. Reads the buckets and the unfolded deltas only.</summary>
    public static async Task<IReadOnlyList<Bucket>> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.ProgressCounts.AsNoTracking()
            .Select(c => new { c.ProgrammeKey, c.SectorKey, c.WorkflowKey, c.WorkflowVersion, c.State, c.Count })
            .Concat(db.ProgressCountDeltas.AsNoTracking()
                .Select(d => new { d.ProgrammeKey, d.SectorKey, d.WorkflowKey, d.WorkflowVersion, d.State, Count = d.Delta }))
            .GroupBy(r => new { r.ProgrammeKey, r.SectorKey, r.WorkflowKey, r.WorkflowVersion, r.State })
            .Select(g => new { g.Key, Count = g.Sum(r => r.Count) })
            .Where(g => g.Count != 0)
            .ToListAsync(ct);
        return rows.Select(r => new Bucket(r.Key.ProgrammeKey, SectorCode(r.Key.SectorKey), r.Key.WorkflowKey, r.Key.WorkflowVersion, r.Key.State, r.Count))
            .ToList();
    }

    /// <summary>The same buckets counted over the applications themselves: what the maintained counts must equal.</summary>
    public static async Task<IReadOnlyList<Bucket>> RecountAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.Applications.AsNoTracking()
            .GroupBy(a => new { a.ProgrammeKey, a.SectorCode, a.WorkflowKey, a.WorkflowVersion, a.State })
            .Select(g => new { g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        return rows.Select(r => new Bucket(r.Key.ProgrammeKey, r.Key.SectorCode, r.Key.WorkflowKey, r.Key.WorkflowVersion, r.Key.State, r.Count)).ToList();
    }

    /// <summary>
    /// Adds the deltas to their buckets and deletes them, in one transaction: every delta is folded exactly once,
    /// and a reader sees either all of a fold or none of it. Writers never wait for a fold (they only append);
    /// folds of several processes queue on the rows they share.
    /// </summary>
    public static Task FoldAsync(AppDbContext db, CancellationToken ct) => db.Provider switch
    {
        // One statement: the DELETE returns exactly the rows it removed (a delta committed meanwhile stays for the next fold).
        DatabaseProvider.Postgres => db.Database.ExecuteSqlRawAsync("""
            WITH folded AS (
                DELETE FROM "ProgressCountDeltas"
                RETURNING "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Delta")
            INSERT INTO "ProgressCounts" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Count")
            SELECT "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", sum("Delta")::bigint
            FROM folded
            GROUP BY "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State"
            ON CONFLICT ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State")
            DO UPDATE SET "Count" = "ProgressCounts"."Count" + EXCLUDED."Count"
            """, ct),
        _ => FoldOnSqliteAsync(db, ct),
    };

    /// <summary>
    /// SQLite has one writer: once the first statement of the transaction has written, nobody else commits before it
    /// does, so the DELETE removes exactly the deltas the INSERT added up.
    /// </summary>
    private static async Task FoldOnSqliteAsync(AppDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "ProgressCounts" ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", "Count")
            SELECT "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State", sum("Delta")
            FROM "ProgressCountDeltas" WHERE true
            GROUP BY "ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State"
            ON CONFLICT ("ProgrammeKey", "SectorKey", "WorkflowKey", "WorkflowVersion", "State")
            DO UPDATE SET "Count" = "Count" + excluded."Count"
            """, ct);
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "ProgressCountDeltas" """, ct);
        await transaction.CommitAsync(ct);
    }

    private static string? SectorCode(string sectorKey) => sectorKey.Length == 0 ? null : sectorKey;
}
