namespace YangFan.Benchmarks.Api.Features.Recommendations;

public static class RecommendationEndpoints
{
    public static void MapRecommendationEndpoints(this IEndpointRouteBuilder app)
    {
        ListPendingRecommendations.Map(app);
        GetAuthorityQuotas.Map(app);
        ListRecommendationDecisions.Map(app);
        GetApplicationToRecommend.Map(app);
        GetRecommendationRanking.Map(app);
        SetRecommendationRanking.Map(app);
        ListRecommendationRankings.Map(app);
        DownloadRecommendationSummary.Map(app);
    }
}
