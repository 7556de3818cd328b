namespace YangFan.Benchmarks.Domain.Organisations;

public enum RenameRequestStatus
{
    Pending,
    Approved,
    Refused,
}

/// <summary>
/// An applicant's request to change their organisation's registered name. The name changes only when an
/// administrator approves it; applications already submitted keep the name they were submitted under.
/// </summary>
public sealed class OrganisationRenameRequest
{
    public Guid Id { get; init; }
    public Guid OrganisationId { get; init; }

    /// <summary>The name when the request was made.</summary>
    public required string CurrentName { get; init; }

    public required string RequestedName { get; init; }
    public RenameRequestStatus Status { get; set; }
    public Guid RequestedBy { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The administrator's reason for the decision.</summary>
    public string? DecisionReason { get; set; }
}
