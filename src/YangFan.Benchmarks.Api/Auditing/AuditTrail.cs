using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Auditing;

/// <summary>
/// Collects the audit events of one unit of work and appends them, unsealed, inside its transaction. No lock is taken:
/// the <see cref="AuditSealer"/> chains them after commit (docs/decisions/0019).
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider time, ICurrentUser user, AuditSealer sealer)
{
    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly List<AuditEvent> _pending = [];
    private bool _appendedUnsealed;

    /// <summary>Records a change made by the current caller (or the system when there is none).</summary>
    public void Record(string action, string entityType, object entityId, object? summary = null,
        Guid? actorId = null, string? actorRole = null, string? channel = null)
    {
        _pending.Add(new AuditEvent
        {
            OccurredAt = AuditEvent.Truncate(time.GetUtcNow()),
            ActorId = actorId ?? user.Id,
            ActorRole = actorRole ?? user.Role,
            Channel = channel ?? user.Channel,
            Action = action,
            EntityType = entityType,
            EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            Summary = JsonSerializer.Serialize(summary ?? new { }, SummaryJson),
        });
    }

    /// <summary>
    /// Saves the unit of work's changes together with the recorded events, unsealed, in one round trip. Must run inside
    /// the unit of work's transaction. On SQLite, whose transactions hold the single write lock from their start, the
    /// events are sealed here too, so the embedded default never has unsealed events.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Audit events must be appended inside a transaction.");

        // Added in recording order, so the database gives them ascending ids and the sealer chains them in that order.
        db.AuditEvents.AddRange(_pending);
        _pending.Clear();
        await db.SaveChangesAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
            while (await AuditSealer.SealPendingAsync(db, ct) == AuditSealer.BatchSize) { }
        else
            _appendedUnsealed = true;
    }

    /// <summary>Call after the unit of work committed: nudges the sealer when it appended unsealed events.</summary>
    public void Committed()
    {
        if (!_appendedUnsealed)
            return;
        _appendedUnsealed = false;
        sealer.Nudge();
    }
}
