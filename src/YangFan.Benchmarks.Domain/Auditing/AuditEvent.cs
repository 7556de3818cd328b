using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace YangFan.Benchmarks.Domain.Auditing;

/// <summary>Through which channel a change was made.</summary>
public static class AuditChannels
{
    public const string Api = "api";
    public const string System = "system";
    public const string Timer = "timer";
}

/// <summary>
/// One event of the audit trail. A unit of work appends it <em>unsealed</em> (no <see cref="Sequence"/>, no hashes);
/// the sealer then gives it its place in the chain: the next sequence, the previous event's hash, and
/// <see cref="Hash"/>, SHA-256 over that hash and this event's canonical content, so changing or deleting any sealed
/// event breaks the chain at it (docs/decisions/0019).
/// </summary>
public sealed class AuditEvent
{
    /// <summary>Insertion order, assigned by the database; says nothing about the chain.</summary>
    public long Id { get; init; }

    /// <summary>The event's place in the chain, gapless from 1; null until sealed.</summary>
    public long? Sequence { get; init; }

    public DateTimeOffset OccurredAt { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorRole { get; init; }
    public required string Channel { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public required string Summary { get; init; }

    /// <summary>The hash of the event before this one in the chain; null until sealed.</summary>
    public string? PreviousHash { get; init; }

    /// <summary>Null until sealed.</summary>
    public string? Hash { get; init; }

    /// <summary>The hash that the first event links to.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The canonical text the hash covers: every field, in a fixed order, unambiguously delimited.</summary>
    public static string CanonicalContent(
        long sequence, DateTimeOffset occurredAt, Guid? actorId, string? actorRole, string channel,
        string action, string entityType, string entityId, string summary)
    {
        var fields = new[]
        {
            sequence.ToString(CultureInfo.InvariantCulture),
            occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            actorId?.ToString("D") ?? string.Empty,
            actorRole ?? string.Empty,
            channel,
            action,
            entityType,
            entityId,
            summary,
        };
        // Length-prefixing each field means no choice of field values can make two different events collide.
        var builder = new StringBuilder();
        foreach (var field in fields)
            builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        return builder.ToString();
    }

    public static string ComputeHash(string previousHash, string canonicalContent)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + canonicalContent));
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The hash this event has when sealed at <paramref name="sequence"/> after an event hashed <paramref name="previousHash"/>.</summary>
    public string HashAt(long sequence, string previousHash) => ComputeHash(previousHash, CanonicalContent(
        sequence, OccurredAt, ActorId, ActorRole, Channel, Action, EntityType, EntityId, Summary));

    /// <summary>What <see cref="Hash"/> must be for the stored place and predecessor; null for an unsealed event.</summary>
    public string? ExpectedHash() => Sequence is { } sequence ? HashAt(sequence, PreviousHash ?? string.Empty) : null;

    /// <summary>Time as the chain stores it: whole microseconds, the finest precision both databases keep.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
