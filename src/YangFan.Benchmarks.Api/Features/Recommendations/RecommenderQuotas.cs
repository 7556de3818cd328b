using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// An authority's quota in a call, and what it has used: its own quota (<see cref="CallAuthorityQuota"/>), or else the
/// call's. One definition for the quota guard, the quota query, the pending list and the quota changes.
/// </summary>
public static class RecommenderQuotas
{
    /// <summary>
    /// Queues every transaction that counts or changes one authority's quota in one call (PostgreSQL; SQLite's single
    /// writer already does). Held until commit, so of requests racing for the last slot exactly one gets it, and a
    /// quota changed while a recommendation counts is either seen by it or waits for it.
    /// </summary>
    public static async Task LockAsync(AppDbContext db, Guid callId, RecommendingAuthority authority, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"quota/" + callId + "/" + authority.Key}, 0))", ct);
    }

    /// <summary>The authority's quota in the call: its own, or else the call's; null for no limit. Read after <see cref="LockAsync"/>.</summary>
    public static async Task<int?> QuotaAsync(AppDbContext db, Call call, RecommendingAuthority authority, CancellationToken ct)
    {
        var own = await db.CallAuthorityQuotas.AsNoTracking().Where(q => q.CallId == call.Id && q.Authority == authority.Key)
            .Select(q => (int?)q.Quota).FirstOrDefaultAsync(ct);
        return own ?? call.RecommenderQuota;
    }

    /// <summary>How many applications the authority has recommended in the call, leaving out <paramref name="except"/>.</summary>
    public static Task<int> UsedAsync(AppDbContext db, Guid callId, RecommendingAuthority authority, CancellationToken ct, Guid? except = null) =>
        db.Applications.CountAsync(a => a.CallId == callId && a.RecommendingAuthority == authority.Key && a.Id != except, ct);

    /// <summary>The authority's quota and use in each of the calls, for listings.</summary>
    public static async Task<Dictionary<Guid, Standing>> StandingsAsync(AppDbContext db, IReadOnlyCollection<Call> calls,
        RecommendingAuthority authority, CancellationToken ct)
    {
        var ids = calls.Select(c => c.Id).ToList();
        var own = await db.CallAuthorityQuotas.AsNoTracking().Where(q => ids.Contains(q.CallId) && q.Authority == authority.Key)
            .ToDictionaryAsync(q => q.CallId, q => q.Quota, ct);
        var used = await db.Applications.AsNoTracking().Where(a => ids.Contains(a.CallId) && a.RecommendingAuthority == authority.Key)
            .GroupBy(a => a.CallId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return calls.ToDictionary(c => c.Id, c =>
        {
            var hasOwn = own.TryGetValue(c.Id, out var quota);
            return new Standing(hasOwn ? quota : c.RecommenderQuota, hasOwn, used.GetValueOrDefault(c.Id));
        });
    }

    /// <summary>An authority's quota (null for no limit; <paramref name="Own"/> when it is the authority's own) and its use.</summary>
    public sealed record Standing(int? Quota, bool Own, int Used)
    {
        /// <summary>Recommendations left; null for no limit, never below 0.</summary>
        public int? Left => Quota is { } quota ? Math.Max(0, quota - Used) : null;
    }
}

/// <summary>One authority's quota in one call.</summary>
/// <param name="Authority">The authority's key (<c>province:44</c>, <c>city:4403</c>, <c>national-body:…</c>).</param>
/// <param name="ProvinceCode">The province, for a provincial authority.</param>
/// <param name="NationalBody">The national body, for a national authority.</param>
/// <param name="Quota">How many it may recommend; null for no limit.</param>
/// <param name="Own">Whether the quota is the authority's own rather than the call's.</param>
/// <param name="Used">How many it has recommended.</param>
/// <param name="Left">How many it may still recommend; null for no limit.</param>
/// <param name="CityCode">The sub-provincial city, for a city's authority.</param>
public sealed record AuthorityQuotaView(string Authority, string? ProvinceCode, string? NationalBody, int? Quota, bool Own, int Used, int? Left,
    string? CityCode = null)
{
    public static AuthorityQuotaView From(RecommendingAuthority authority, RecommenderQuotas.Standing standing) =>
        new(authority.Key, authority.ProvinceCode, authority.NationalBody, standing.Quota, standing.Own, standing.Used, standing.Left,
            authority.CityCode);
}
