using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>The recommender's authority's ranking of its recommended applications in a call, with its version and whether it can still change.</summary>
public static class GetRecommendationRanking
{
    public sealed record Query(Guid CallId) : IQuery<RankingView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows, TimeProvider time) : IQueryHandler<Query, RankingView>
    {
        public async ValueTask<RankingView> Handle(Query query, CancellationToken ct)
        {
            var (authority, call) = await RecommendationRankings.OwnAsync(db, user, workflows, query.CallId, ct);
            return await RecommendationRankings.ReadAsync(db, workflows, time, call, authority, ct);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/recommendations/calls/{callId:guid}/ranking", async (Guid callId, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var view = await sender.Send(new Query(callId), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Recommender))
            .WithTags("Recommendations")
            .WithName("GetRecommendationRanking")
            .WithSummary("The recommender's authority's ranking of its recommended applications in a listed call (those recommended since its "
                + "last save at the end), with the version to send as If-Match (recommenders only).")
            .WithProblems(401, 403, 404);
}
