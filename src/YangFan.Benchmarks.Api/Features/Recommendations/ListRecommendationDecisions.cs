using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// The applications in the recommender's jurisdiction that its authority has recommended or declined, latest first,
/// each with the opinion (推荐意见) or reason given. One resubmitted and awaiting recommendation again is in the pending
/// list instead (<see cref="ListPendingRecommendations"/>).
/// </summary>
public static class ListRecommendationDecisions
{
    public sealed record Query : IQuery<IReadOnlyList<RecommendationDecisionView>>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows)
        : IQueryHandler<Query, IReadOnlyList<RecommendationDecisionView>>
    {
        public async ValueTask<IReadOnlyList<RecommendationDecisionView>> Handle(Query query, CancellationToken ct)
        {
            var covered = await Jurisdiction.CoveredAsync(db, user.RequireId(), db.Applications.Where(a => a.SubmittedAt != null), ct);
            var awaiting = await workflows.ApplicationsTaggedAsync(StateTags.AwaitingRecommendation, ct);
            var pending = covered.Where(awaiting).Select(a => a.Id);
            return await RecommendationDecisions.OfAsync(db, workflows, covered.Where(a => !pending.Contains(a.Id)), ct);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/recommendations/decisions", async (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Recommender))
            .WithTags("Recommendations")
            .WithName("ListRecommendationDecisions")
            .WithSummary("Applications in the recommender's jurisdiction that were recommended or declined, latest first, with the opinion or reason (recommenders only).")
            .WithProblems(401, 403);
}
