namespace YangFan.Benchmarks.Domain.Organisations;

public enum OrganisationKind
{
    Enterprise,
    PublicInstitution,
    University,
    ResearchInstitute,
    IndustryAssociation,
}

/// <summary>A legal person registered in China that applies to calls, identified by its Unified Social Credit Code.</summary>
public sealed class Organisation : IVersioned
{
    public Guid Id { get; init; }
    /// <summary>The registered name. Applicants change it only through a rename request an administrator approves.</summary>
    public required string Name { get; set; }
    public required string CreditCode { get; init; }
    public OrganisationKind Kind { get; set; }
    /// <summary>
    /// The province whose recommenders cover the organisation: derived from the credit code at registration; null for a
    /// code registered nationally until an administrator sets it. Only an administrator's audited override changes it.
    /// </summary>
    public string? ProvinceCode { get; set; }
    /// <summary>
    /// The sub-provincial city (计划单列市) whose recommenders cover the organisation instead of its province's: derived
    /// from the credit code at registration when it names one; null for any other place. Only an administrator's
    /// audited override changes it, and it always lies in <see cref="ProvinceCode"/>.
    /// </summary>
    public string? CityCode { get; set; }
    public required string Address { get; set; }
    public required string ContactPerson { get; set; }
    public required string ContactPhone { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where the check against the business licence and authorisation letter stands; only a verified organisation submits.</summary>
    public VerificationStatus Verification { get; set; }

    /// <summary>When a member last asked for the documents to be checked (the queue is oldest first).</summary>
    public DateTimeOffset? VerificationRequestedAt { get; set; }

    /// <summary>The administrator who verified or refused; null when none has, or for an organisation verified by the migration.</summary>
    public Guid? VerificationDecidedBy { get; set; }

    public DateTimeOffset? VerificationDecidedAt { get; set; }

    /// <summary>The administrator's reason: required for a refusal, which the members read.</summary>
    public string? VerificationReason { get; set; }

    public bool IsVerified => Verification == VerificationStatus.Verified;

    public int Version { get; set; }
}

/// <summary>
/// The check of an organisation against its documents. <see cref="DocumentsMissing"/> and <see cref="AwaitingReview"/>
/// are both "unverified": drafts may be prepared, nothing submitted.
/// </summary>
public enum VerificationStatus
{
    /// <summary>Not both documents uploaded yet, or uploaded but not yet handed in for review.</summary>
    DocumentsMissing,
    /// <summary>In the administrators' queue.</summary>
    AwaitingReview,
    Verified,
    /// <summary>Refused with a reason; the members may upload new documents and ask again.</summary>
    Refused,
}
