namespace YangFan.Benchmarks.Domain.Organisations;

public enum ClaimStatus
{
    Pending,
    /// <summary>The organisation was transferred to the claimant.</summary>
    Transferred,
    Refused,
}

/// <summary>
/// A person's claim that an organisation registered by someone else is theirs, with their own business licence and
/// authorisation letter (<see cref="OrganisationDocument.ClaimId"/>). An administrator transfers the organisation or
/// refuses, with a reason. Claims are never deleted.
/// </summary>
public sealed class OrganisationClaim
{
    public Guid Id { get; init; }
    public Guid OrganisationId { get; init; }
    public Guid ClaimantId { get; init; }

    /// <summary>The claimant's own account of why the organisation is theirs.</summary>
    public string? Statement { get; init; }

    public ClaimStatus Status { get; set; }
    public DateTimeOffset FiledAt { get; init; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
}
