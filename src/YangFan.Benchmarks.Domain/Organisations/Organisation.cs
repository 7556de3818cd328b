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
    public required string Address { get; set; }
    public required string ContactPerson { get; set; }
    public required string ContactPhone { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; set; }
}
