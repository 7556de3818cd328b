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
/// One link of the audit chain. <see cref="Hash"/> is SHA-256 over the previous event's hash and this event's
/// canonical content, so changing or deleting any stored event breaks every hash after it.
/// </summary>
public sealed class AuditEvent
{
    public long Sequence { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorRole { get; init; }
    public required string Channel { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public required string Summary { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }

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

    public string ExpectedHash() => ComputeHash(PreviousHash, CanonicalContent(
        Sequence, OccurredAt, ActorId, ActorRole, Channel, Action, EntityType, EntityId, Summary));

    /// <summary>Time as the chain stores it: whole microseconds, the finest precision both databases keep.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
