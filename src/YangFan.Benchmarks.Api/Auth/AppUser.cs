using Microsoft.AspNetCore.Identity;
using YangFan.Benchmarks.Domain;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>A person who signs in. Identity keeps the password hash, lockout and security stamp.</summary>
public sealed class AppUser : IdentityUser<Guid>, IVersioned
{
    public required string DisplayName { get; set; }
    public required string Role { get; set; }
    public Guid? OrganisationId { get; set; }
    public bool IsDisabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The language of the e-mails the account receives: <c>zh-CN</c> (the default) or <c>en</c>.</summary>
    public string PreferredLanguage { get; set; } = "zh-CN";

    /// <summary>Recommender: a province code, or null when the recommender is a city's or a named national body.</summary>
    public string? JurisdictionProvinceCode { get; set; }

    /// <summary>Recommender: a sub-provincial city's code (计划单列市, four digits) when the recommender is that city's.</summary>
    public string? JurisdictionCityCode { get; set; }

    /// <summary>Recommender: the national body (central SOE group, industry association) when not a province or a city.</summary>
    public string? JurisdictionNationalBody { get; set; }

    /// <summary>
    /// The organisation the account acts for: an expert's employer, or a recommending body's own credit code.
    /// Conflict-of-interest rules compare against it.
    /// </summary>
    public string? AffiliationCreditCode { get; set; }

    /// <summary>Expert: the most assignments they take in one call.</summary>
    public int MaxAssignmentsPerCall { get; set; } = 10;

    /// <summary>Expert: whether they may be assigned at all.</summary>
    public bool ExpertActive { get; set; } = true;

    /// <summary>Expert: the province the expert is based in.</summary>
    public string? ExpertProvinceCode { get; set; }

    public List<ExpertSector> ExpertSectors { get; } = [];

    public int Version { get; set; }
}

/// <summary>A key sector in which an expert is qualified to review.</summary>
public sealed class ExpertSector
{
    public Guid UserId { get; init; }
    public required string SectorCode { get; init; }
}

/// <summary>
/// An opaque refresh token, stored only as its SHA-256 hash. Tokens rotated from one sign-in form a family:
/// presenting a token that was already rotated means it was copied, and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public Guid FamilyId { get; init; }
    public required string TokenHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public Guid? ReplacedById { get; set; }
}
