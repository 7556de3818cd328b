namespace YangFan.Benchmarks.Domain.Notices;

public static class ObjectionStatus
{
    public const string Open = "Open";
    public const string Dismissed = "Dismissed";
    public const string Sustained = "Sustained";
}

/// <summary>An objection to an entry of a public notice. Never public.</summary>
public sealed class Objection
{
    public Guid Id { get; init; }
    public Guid NoticeId { get; init; }
    public Guid ApplicationId { get; init; }
    public required string ObjectorName { get; init; }
    public required string Contact { get; init; }
    public required string Reason { get; init; }
    public string? EvidenceSha256 { get; init; }
    public string? EvidenceFileName { get; init; }
    public string? EvidenceMediaType { get; init; }
    public required string Status { get; set; }
    public string? Resolution { get; set; }
    public Guid? ResolvedBy { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
