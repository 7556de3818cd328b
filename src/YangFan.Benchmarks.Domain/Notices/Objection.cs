namespace YangFan.Benchmarks.Domain.Notices;

/// <summary>Where an objection stands. Stored by name.</summary>
public enum ObjectionStatus
{
    Open,
    Dismissed,
    Sustained,
}

/// <summary>An objection to an entry of a public notice. Never public.</summary>
public sealed class Objection
{
    public Guid Id { get; init; }
    public Guid NoticeId { get; init; }
    public Guid ApplicationId { get; init; }

    /// <summary>The short number the objector is given to quote (e.g. <c>YF261201-7K3M9Q</c>); unique.</summary>
    public required string ReceiptNumber { get; init; }

    public required string ObjectorName { get; init; }
    public required string Contact { get; init; }
    public required string Reason { get; init; }
    public string? EvidenceSha256 { get; init; }
    public string? EvidenceFileName { get; init; }
    public string? EvidenceMediaType { get; init; }
    public required ObjectionStatus Status { get; set; }
    public string? Resolution { get; set; }
    public Guid? ResolvedBy { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
