using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Users;

/// <summary>A user as administrators (and the user themself) see them.</summary>
public sealed record UserView(
    Guid Id, string Email, string DisplayName, string Role, bool IsDisabled, DateTimeOffset CreatedAt, int Version,
    OrganisationView? Organisation, RecommenderProfile? Recommender, ExpertProfile? Expert);

/// <summary>
/// The organisation an applicant acts for. <c>provinceCode</c> comes from the credit code; it is null for a code
/// registered nationally until an administrator sets it. <c>verification</c> is DocumentsMissing, AwaitingReview,
/// Verified or Refused (with <c>verificationReason</c>); only a verified organisation submits.
/// </summary>
public sealed record OrganisationView(Guid Id, string Name, string CreditCode, string Kind, string? ProvinceCode,
    string Address, string ContactPerson, string ContactPhone, string Verification, string? VerificationReason)
{
    public static OrganisationView From(Organisation o) => new(o.Id, o.Name, o.CreditCode, o.Kind.ToString(), o.ProvinceCode, o.Address,
        o.ContactPerson, o.ContactPhone, o.Verification.ToString(), o.VerificationReason);
}

/// <summary>A recommending authority's jurisdiction (a province, or a named national body) and its own credit code if known.</summary>
public sealed record RecommenderProfile(string? ProvinceCode, string? NationalBody, string? CreditCode = null);

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
        user.Role == Roles.Recommender ? new RecommenderProfile(user.JurisdictionProvinceCode, user.JurisdictionNationalBody, user.AffiliationCreditCode) : null,
        user.Role == Roles.Expert
            ? new ExpertProfile(user.AffiliationCreditCode!, user.ExpertProvinceCode!, user.ExpertSectors.Select(s => s.SectorCode).Order().ToList())
            : null);
}
