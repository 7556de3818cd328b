namespace YangFan.Benchmarks.Domain.Organisations;

/// <summary>What a document proves about an organisation.</summary>
public enum OrganisationDocumentKind
{
    /// <summary>营业执照: the business licence (or the registration certificate of a public institution).</summary>
    BusinessLicence,
    /// <summary>授权书: the letter by which the organisation authorises the person to act for it.</summary>
    AuthorisationLetter,
}

/// <summary>
/// A business licence or authorisation letter, uploaded by a member for verification or by a claimant with a claim.
/// Never replaced or deleted: a new upload is a new row, and the newest of each kind is the one that counts.
/// </summary>
public sealed class OrganisationDocument
{
    public Guid Id { get; init; }
    public Guid OrganisationId { get; init; }

    /// <summary>The claim the document is evidence for; null for a member's own upload.</summary>
    public Guid? ClaimId { get; init; }

    public OrganisationDocumentKind Kind { get; init; }
    public required string FileName { get; init; }
    public required string MediaType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public Guid UploadedBy { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}
