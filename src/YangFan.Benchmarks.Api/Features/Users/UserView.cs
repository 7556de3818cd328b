using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Users;

/// <summary>A user as administrators (and the user themself) see them.</summary>
public sealed record UserView(
    Guid Id, string Email, string DisplayName, string Role, bool IsDisabled, DateTimeOffset CreatedAt, int Version,
    OrganisationView? Organisation, RecommenderProfile? Recommender, ExpertProfile? Expert);

/// <summary>
/// The organisation an applicant acts for. <c>provinceCode</c> comes from the credit code; it is null for a code
/// registered nationally until an administrator sets it; <c>cityCode</c> names the sub-provincial city (计划单列市) whose
/// recommenders cover the organisation instead of its province's, if it is in one. <c>verification</c> is DocumentsMissing, AwaitingReview,
/// Verified or Refused (with <c>verificationReason</c>); only a verified organisation submits.
/// </summary>
public sealed record OrganisationView(Guid Id, string Name, string CreditCode, string Kind, string? ProvinceCode,
    string Address, string ContactPerson, string ContactPhone, string Verification, string? VerificationReason, string? CityCode = null)
{
    public static OrganisationView From(Organisation o) => new(o.Id, o.Name, o.CreditCode, o.Kind.ToString(), o.ProvinceCode, o.Address,
        o.ContactPerson, o.ContactPhone, o.Verification.ToString(), o.VerificationReason, o.CityCode);
}

/// <summary>
/// A recommending authority's jurisdiction, exactly one of: a province (<c>provinceCode</c>, two digits), a
/// sub-provincial city (<c>cityCode</c>, four digits, <c>GET /api/cities</c>) or a named national body; and the
/// authority's own credit code if known.
/// </summary>
public sealed record RecommenderProfile(string? ProvinceCode, string? NationalBody, string? CreditCode = null, string? CityCode = null);

/// <summary>An expert's affiliation and the sectors they review.</summary>
public sealed record ExpertProfile(string AffiliationCreditCode, string ProvinceCode, IReadOnlyList<string> Sectors);

public static class UserViews
{
    public static async Task<UserView?> LoadAsync(AppDbContext db, Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.ExpertSectors).FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
            return null;
        var organisation = user.OrganisationId is { } orgId
            ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct)
            : null;
        return From(user, organisation);
    }

    public static UserView From(AppUser user, Organisation? organisation) => new(
        user.Id, user.Email!, user.DisplayName, user.Role, user.IsDisabled, user.CreatedAt, user.Version,
        organisation is null ? null : OrganisationView.From(organisation),
        user.Role == Roles.Recommender ? new RecommenderProfile(user.JurisdictionProvinceCode, user.JurisdictionNationalBody, user.AffiliationCreditCode, user.JurisdictionCityCode) : null,
        user.Role == Roles.Expert
            ? new ExpertProfile(user.AffiliationCreditCode!, user.ExpertProvinceCode!, user.ExpertSectors.Select(s => s.SectorCode).Order().ToList())
            : null);
}

/// <summary>What disabling and enabling share: the user, tracked, at the version the caller read.</summary>
public static class UserChanges
{
    public static async Task<AppUser> ReadAsync(AppDbContext db, Guid id, int? expectedVersion, CancellationToken ct)
    {
        var user = await db.Users.Include(u => u.ExpertSectors).FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw ProblemException.NotFound("The user");
        if (expectedVersion is { } expected && expected != user.Version)
            throw ProblemException.PreconditionFailed(
                $"The user is at version {user.Version}, not {expected}. Read it again before changing it.");
        return user;
    }
}
