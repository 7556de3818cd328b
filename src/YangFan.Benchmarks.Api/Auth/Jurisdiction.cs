using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// Which organisations a recommender covers: those registered in its province, or, for a national body (central
/// SOE group, industry association), its member organisations. One definition for access, listings and the guard.
/// </summary>
public static class Jurisdiction
{
    /// <summary>The ids of the organisations the recommender covers, as a query to compose; empty for anyone else.</summary>
    public static async Task<IQueryable<Guid>> CoveredOrganisationsAsync(AppDbContext db, Guid recommenderId, CancellationToken ct)
    {
        var jurisdiction = await db.Users.AsNoTracking().Where(u => u.Id == recommenderId && u.Role == Roles.Recommender)
            .Select(u => new { u.JurisdictionProvinceCode, u.JurisdictionNationalBody }).FirstOrDefaultAsync(ct);
        if (jurisdiction is null)
            return db.Organisations.Where(_ => false).Select(o => o.Id);
        return jurisdiction.JurisdictionNationalBody is { } body
            ? db.NationalBodyMemberships.Where(m => m.NationalBody == body).Select(m => m.OrganisationId)
            : db.Organisations.Where(o => o.ProvinceCode == jurisdiction.JurisdictionProvinceCode).Select(o => o.Id);
    }

    public static async Task<bool> CoversAsync(AppDbContext db, Guid recommenderId, Guid organisationId, CancellationToken ct) =>
        await (await CoveredOrganisationsAsync(db, recommenderId, ct)).ContainsAsync(organisationId, ct);
}
