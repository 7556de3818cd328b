using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// Which applications a recommender covers: for a sub-provincial city (计划单列市), those submitted from that city; for
/// a province, those submitted from it outside such a city (Shenzhen's are Shenzhen's to recommend, not Guangdong's);
/// for a national body (central SOE group, industry association), those of its member organisations. The place is the
/// one the application was submitted under (<see cref="Application.SubmittedProvinceCode"/>,
/// <see cref="Application.SubmittedCityCode"/>), never the organisation's current one, so nothing the organisation
/// changes later moves an application between recommenders. One definition for access, listings, the guard and quotas.
/// </summary>
public static class Jurisdiction
{
    /// <summary>The applications the recommender covers, as a filter to compose; none for anyone else.</summary>
    public static async Task<IQueryable<Application>> CoveredAsync(AppDbContext db, Guid recommenderId, IQueryable<Application> applications,
        CancellationToken ct)
    {
        var authority = await AuthorityOfAsync(db, recommenderId, ct);
        if (authority is null)
            return applications.Where(_ => false);
        if (authority.NationalBody is { } body)
            return applications.Where(a => db.NationalBodyMemberships.Any(m => m.NationalBody == body && m.OrganisationId == a.OrganisationId));
        if (authority.CityCode is { } city)
            return applications.Where(a => a.SubmittedCityCode != null && a.SubmittedCityCode == city);
        var province = authority.ProvinceCode;
        return applications.Where(a => a.SubmittedProvinceCode != null && a.SubmittedProvinceCode == province && a.SubmittedCityCode == null);
    }

    /// <summary>
    /// The recommender accounts that cover the application: the rule of <see cref="CoveredAsync"/> turned round (an
    /// account's authority is its province, else its city, else its national body, as <see cref="AuthorityOfAsync"/> reads it).
    /// </summary>
    public static IQueryable<AppUser> RecommendersOf(AppDbContext db, Application application)
    {
        var province = application.SubmittedProvinceCode;
        var city = application.SubmittedCityCode;
        var organisationId = application.OrganisationId;
        return db.Users.AsNoTracking().Where(u => u.Role == Roles.Recommender).Where(u =>
            (u.JurisdictionProvinceCode != null && u.JurisdictionProvinceCode != "")
                ? city == null && province != null && u.JurisdictionProvinceCode == province
                : (u.JurisdictionCityCode != null && u.JurisdictionCityCode != "")
                    ? city != null && u.JurisdictionCityCode == city
                    : u.JurisdictionNationalBody != null && u.JurisdictionNationalBody != ""
                      && db.NationalBodyMemberships.Any(m => m.NationalBody == u.JurisdictionNationalBody && m.OrganisationId == organisationId))
            .OrderBy(u => u.Id);
    }

    /// <summary>Whether the recommender covers the (stored) application: the rule of <see cref="CoveredAsync"/>, asked of one row.</summary>
    public static async Task<bool> CoversAsync(AppDbContext db, Guid recommenderId, Application application, CancellationToken ct) =>
        await (await CoveredAsync(db, recommenderId, db.Applications.Where(a => a.Id == application.Id), ct)).AnyAsync(ct);

    /// <summary>The authority the recommender recommends for; its recommendations count against that authority's quota.</summary>
    public static async Task<RecommendingAuthority?> AuthorityOfAsync(AppDbContext db, Guid recommenderId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == recommenderId && u.Role == Roles.Recommender)
                .Select(u => new { u.JurisdictionProvinceCode, u.JurisdictionCityCode, u.JurisdictionNationalBody }).FirstOrDefaultAsync(ct)
            is { } scope
            ? RecommendingAuthority.Of(scope.JurisdictionProvinceCode, scope.JurisdictionNationalBody, scope.JurisdictionCityCode)
            : null;
}
