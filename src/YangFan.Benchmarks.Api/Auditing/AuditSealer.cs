using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Auditing;

/// <summary>
/// Gives committed, unsealed audit events their place in the hash chain (docs/decisions/0019). Writers never wait
/// for it: they append unsealed events in their own transaction and nudge it after commit. A pass runs in a short
/// transaction of its own, serialised with every other pass (on PostgreSQL by one advisory lock held only for that
/// transaction; on SQLite by the database's single write lock), and seals every event committed before it began.
/// </summary>
public sealed class AuditSealer
{
    /// <summary>Key of the PostgreSQL advisory lock that serialises sealing passes (the key appends once took).</summary>
    private const long ChainLockKey = 0x59414E4746414E; // "YANGFAN"

    /// <summary>Events sealed per transaction; a pass repeats until a batch comes back short.</summary>
    internal const int BatchSize = 500;

    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Asks the background pass to run soon; many nudges before it runs make one pass.</summary>
    public void Nudge() => _nudges.Writer.TryWrite(true);

    /// <summary>Returns when nudged, or after <paramref name="atMost"/> on <paramref name="time"/>'s clock.</summary>
    public async Task WaitForNudgeAsync(TimeSpan atMost, TimeProvider time, CancellationToken ct)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(_nudges.Reader.WaitToReadAsync(wake.Token).AsTask(), Task.Delay(atMost, time, wake.Token));
        await wake.CancelAsync();
        _nudges.Reader.TryRead(out _);
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Seals every event committed before this call, in transactions of its own; returns how many it sealed.
    /// <paramref name="db"/> must not be in a transaction.
    /// </summary>
    public static async Task<int> SealAsync(AppDbContext db, CancellationToken ct)
    {
        // The usual answer, and one statement: nothing is waiting (no lock, no write transaction).
        if (!await db.AuditEvents.AnyAsync(e => e.Sequence == null, ct))
            return 0;
        // A failed save fails the pass, which rolls back: EF Core's savepoint around it would be two statements for nothing.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await SealInPassesAsync(db, ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
    }

    private static async Task<int> SealInPassesAsync(AppDbContext db, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Each statement after the lock sees every transaction committed before the lock was granted, including
            // the previous pass: PostgreSQL's READ COMMITTED takes a fresh snapshot per statement.
            if (db.Provider == DatabaseProvider.Postgres)
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
            var sealedNow = await SealPendingAsync(db, ct);
            await transaction.CommitAsync(ct);
            total += sealedNow;
            if (sealedNow < BatchSize)
                return total;
        }
    }

    /// <summary>
    /// Seals up to <see cref="BatchSize"/> pending events, oldest id first, after the chain's head, inside the caller's
    /// transaction, which must already exclude every other sealer. Returns how many it sealed.
    /// </summary>
    internal static async Task<int> SealPendingAsync(AppDbContext db, CancellationToken ct)
    {
        var pending = await db.AuditEvents
            .Where(e => e.Sequence == null).OrderBy(e => e.Id).Take(BatchSize)
            .ToListAsync(ct);
        if (pending.Count == 0)
            return 0;

        var head = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Sequence != null).OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = head?.Sequence ?? 0;
        var previousHash = head?.Hash ?? AuditEvent.GenesisHash;
        foreach (var e in pending)
        {
            sequence++;
            var hash = e.HashAt(sequence, previousHash);
            // The entity's place is init-only for code; only the sealer gives it one, through the change tracker.
            var entry = db.Entry(e);
            entry.Property(x => x.Sequence).CurrentValue = sequence;
            entry.Property(x => x.PreviousHash).CurrentValue = previousHash;
            entry.Property(x => x.Hash).CurrentValue = hash;
            previousHash = hash;
        }
        await db.SaveChangesAsync(ct);
        return pending.Count;
    }
}
