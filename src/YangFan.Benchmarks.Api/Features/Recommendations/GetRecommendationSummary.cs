using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>The recommender's authority's summary sheet (推荐汇总表) of a call, for the print page.</summary>
public static class GetRecommendationSummary
{
    public sealed record Query(Guid CallId) : IQuery<RecommendationSummary>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows, TimeProvider time) : IQueryHandler<Query, RecommendationSummary>
    {
        public async ValueTask<RecommendationSummary> Handle(Query query, CancellationToken ct)
        {
            var (authority, call) = await RecommendationRankings.OwnAsync(db, user, workflows, query.CallId, ct);
            return await RecommendationRankings.SummaryAsync(db, workflows, time, call, authority, ct);
        }
    }
}
