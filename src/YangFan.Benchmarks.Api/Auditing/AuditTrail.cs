using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Auditing;

/// <summary>
/// Collects the audit events of one unit of work and appends them to the hash chain inside its transaction.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider time, ICurrentUser user)
{
    /// <summary>Key of the PostgreSQL advisory lock that serialises appends to the chain.</summary>
    private const long ChainLockKey = 0x59414E4746414E; // "YANGFAN"

    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly List<PendingEvent> _pending = [];

    private sealed record PendingEvent(
        DateTimeOffset OccurredAt, Guid? ActorId, string? ActorRole, string Channel,
        string Action, string EntityType, string EntityId, string Summary);

    /// <summary>Records a change made by the current caller (or the system when there is none).</summary>
    public void Record(string action, string entityType, object entityId, object? summary = null,
        Guid? actorId = null, string? actorRole = null, string? channel = null)
    {
        _pending.Add(new PendingEvent(
            AuditEvent.Truncate(time.GetUtcNow()),
            actorId ?? user.Id,
            actorRole ?? user.Role,
            channel ?? user.Channel,
            action,
            entityType,
            Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            JsonSerializer.Serialize(summary ?? new { }, SummaryJson)));
    }

    /// <summary>Appends the recorded events to the chain. Must run inside the unit of work's transaction.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
            return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Audit events must be appended inside a transaction.");

        // Concurrent units of work would otherwise read the same head and fork the chain. SQLite transactions
        // here begin IMMEDIATE and so already hold the database's single write lock.
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);

        var head = await db.AuditEvents.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = head?.Sequence ?? 0;
        var previousHash = head?.Hash ?? AuditEvent.GenesisHash;

        foreach (var p in _pending)
        {
            sequence++;
            var hash = AuditEvent.ComputeHash(previousHash, AuditEvent.CanonicalContent(
                sequence, p.OccurredAt, p.ActorId, p.ActorRole, p.Channel, p.Action, p.EntityType, p.EntityId, p.Summary));
            db.AuditEvents.Add(new AuditEvent
            {
                Sequence = sequence,
                OccurredAt = p.OccurredAt,
                ActorId = p.ActorId,
                ActorRole = p.ActorRole,
                Channel = p.Channel,
                Action = p.Action,
                EntityType = p.EntityType,
                EntityId = p.EntityId,
                Summary = p.Summary,
                PreviousHash = previousHash,
                Hash = hash,
            });
            previousHash = hash;
        }
        _pending.Clear();
        await db.SaveChangesAsync(ct);
    }
}
