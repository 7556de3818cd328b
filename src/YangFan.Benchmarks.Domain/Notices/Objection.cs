namespace YangFan.Benchmarks.Domain.Notices;

/// <summary>Where an objection stands. Stored by name.</summary>
public enum ObjectionStatus
{
    /// <summary>Received, but its e-mail address has not confirmed it with the code sent there: it holds no entry.</summary>
    Unconfirmed,
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

    /// <summary>The objector's e-mail address, lower case: the confirmation code and the outcome are sent there.</summary>
    public string? Email { get; init; }

    /// <summary>The language of the page the objection came from (<c>zh-CN</c> or <c>en</c>): its e-mails are written in it.</summary>
    public string Language { get; init; } = "zh-CN";

    /// <summary>SHA-256 of the code e-mailed to <see cref="Email"/>; null once confirmed.</summary>
    public string? ConfirmationCodeHash { get; set; }

    /// <summary>After this the code no longer confirms, and the unconfirmed objection no longer counts against its address.</summary>
    public DateTimeOffset? ConfirmationExpiresAt { get; set; }

    /// <summary>Wrong codes tried; the code stops working after a few.</summary>
    public int ConfirmationAttempts { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }
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
