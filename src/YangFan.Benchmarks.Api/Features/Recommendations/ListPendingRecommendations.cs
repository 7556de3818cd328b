using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

public static class ListPendingRecommendations
{
    public sealed record Query : IQuery<IReadOnlyList<PendingApplication>>;

    /// <summary>
    /// A submitted application waiting for the recommender's decision, with its authority's quota left in the call. The name and
    /// province are those it was submitted under.
    /// </summary>
    public sealed record PendingApplication(Guid Id, Guid CallId, string CallTitleZh, string OrganisationName, string CreditCode,
        string ProvinceCode, string ProgrammeKey, string? SectorCode, string Title, DateTimeOffset? SubmittedAt, int? QuotaLeft);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows) : IQueryHandler<Query, IReadOnlyList<PendingApplication>>
    {
        public async ValueTask<IReadOnlyList<PendingApplication>> Handle(Query query, CancellationToken ct)
        {
            var me = user.RequireId();
            var rows =
                from a in (await Jurisdiction.CoveredAsync(db, me, db.Applications.AsNoTracking(), ct))
                    .Where(await workflows.ApplicationsTaggedAsync(StateTags.AwaitingRecommendation, ct))
                join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                join c in db.Calls.AsNoTracking() on a.CallId equals c.Id
                select new { a, o, c };
            var pending = await rows.OrderBy(r => r.a.SubmittedAt).ThenBy(r => r.a.Id).Take(500).ToListAsync(ct);

            var standings = await Jurisdiction.AuthorityOfAsync(db, me, ct) is { } authority
                ? await RecommenderQuotas.StandingsAsync(db, pending.Select(r => r.c).DistinctBy(c => c.Id).ToList(), authority, ct)
                : [];
            return pending.Select(r => new PendingApplication(r.a.Id, r.c.Id, r.c.TitleZh, r.a.SubmittedOrganisationName ?? r.o.Name, r.o.CreditCode,
                r.a.SubmittedProvinceCode ?? r.o.ProvinceCode ?? "",
                r.a.ProgrammeKey, r.a.SectorCode, r.a.Title, r.a.SubmittedAt,
                standings.GetValueOrDefault(r.c.Id)?.Left)).ToList();
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/recommendations/pending", async (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Recommender))
            .WithTags("Recommendations")
            .WithName("ListPendingRecommendations")
            .WithSummary("Submitted applications in the recommender's jurisdiction awaiting recommendation (recommenders only).")
            .WithProblems(401, 403);
}
