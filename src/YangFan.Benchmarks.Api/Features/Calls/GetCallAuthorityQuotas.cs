using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Recommendations;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>A call's quotas for administrators: the call's own and each authority that has one of its own or has recommended.</summary>
public static class GetCallAuthorityQuotas
{
    public sealed record Query(Guid CallId) : IQuery<View>;

    /// <param name="CallId">The call.</param>
    /// <param name="RecommenderQuota">The call's quota, for every authority not listed with its own; null for no limit.</param>
    /// <param name="RecommendationDeadline">When recommendations are due, if the call says.</param>
    /// <param name="Authorities">Authorities with a quota of their own or with recommendations, by key.</param>
    /// <param name="Version">The call's version (its ETag), for <c>If-Match</c> on a change.</param>
    public sealed record View(Guid CallId, int? RecommenderQuota, DateTimeOffset? RecommendationDeadline,
        IReadOnlyList<AuthorityQuotaView> Authorities, int Version);

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, View>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken ct) =>
            await ReadAsync(db, await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == query.CallId, ct)
                ?? throw ProblemException.NotFound("The call"), ct);
    }

    /// <summary>The view of a call as stored (a change: after it is saved).</summary>
    public static async Task<View> ReadAsync(AppDbContext db, Call call, CancellationToken ct)
    {
        var own = await db.CallAuthorityQuotas.AsNoTracking().Where(q => q.CallId == call.Id).ToDictionaryAsync(q => q.Authority, q => q.Quota, ct);
        var used = await db.Applications.AsNoTracking().Where(a => a.CallId == call.Id && a.RecommendingAuthority != null)
            .GroupBy(a => a.RecommendingAuthority!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var authorities = own.Keys.Union(used.Keys).Order(StringComparer.Ordinal).Select(key =>
        {
            var hasOwn = own.TryGetValue(key, out var quota);
            return AuthorityQuotaView.From(RecommendingAuthority.FromKey(key),
                new RecommenderQuotas.Standing(hasOwn ? quota : call.RecommenderQuota, hasOwn, used.GetValueOrDefault(key)));
        }).ToList();
        return new View(call.Id, call.RecommenderQuota, call.RecommendationDeadline, authorities, call.Version);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/authority-quotas", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var view = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("GetCallAuthorityQuotas")
            .WithSummary("The call's quota and each authority's own quota and recommendations so far (admin only).")
            .WithProblems(401, 403, 404);
}
