using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// Which applications a recommender covers: those submitted from its province, or, for a national body (central
/// SOE group, industry association), those of its member organisations. The province is the one the application
/// was submitted under (<see cref="Application.SubmittedProvinceCode"/>), never the organisation's current one, so
/// nothing the organisation changes later moves an application between recommenders. One definition for access,
/// listings and the guard.
/// </summary>
public static class Jurisdiction
{
    /// <summary>The applications the recommender covers, as a filter to compose; none for anyone else.</summary>
    public static async Task<IQueryable<Application>> CoveredAsync(AppDbContext db, Guid recommenderId, IQueryable<Application> applications,
        CancellationToken ct)
    {
        var jurisdiction = await LoadAsync(db, recommenderId, ct);
        if (jurisdiction is null)
            return applications.Where(_ => false);
        if (jurisdiction.NationalBody is { } body)
            return applications.Where(a => db.NationalBodyMemberships.Any(m => m.NationalBody == body && m.OrganisationId == a.OrganisationId));
        var province = jurisdiction.ProvinceCode;
        return applications.Where(a => a.SubmittedProvinceCode != null && a.SubmittedProvinceCode == province);
    }

    /// <summary>Whether the recommender covers the (stored) application: the rule of <see cref="CoveredAsync"/>, asked of one row.</summary>
    public static async Task<bool> CoversAsync(AppDbContext db, Guid recommenderId, Application application, CancellationToken ct) =>
        await (await CoveredAsync(db, recommenderId, db.Applications.Where(a => a.Id == application.Id), ct)).AnyAsync(ct);

    /// <summary>The authority the recommender recommends for; its recommendations count against that authority's quota.</summary>
    public static async Task<RecommendingAuthority?> AuthorityOfAsync(AppDbContext db, Guid recommenderId, CancellationToken ct) =>
        await LoadAsync(db, recommenderId, ct) is { } scope ? RecommendingAuthority.Of(scope.ProvinceCode, scope.NationalBody) : null;

    private sealed record Scope(string? ProvinceCode, string? NationalBody);

    private static Task<Scope?> LoadAsync(AppDbContext db, Guid recommenderId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == recommenderId && u.Role == Roles.Recommender)
            .Select(u => new Scope(u.JurisdictionProvinceCode, u.JurisdictionNationalBody)).FirstOrDefaultAsync(ct);
}
