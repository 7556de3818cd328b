using Mediator;
using Microsoft.AspNetCore.Authorization;
using YangFan.Benchmarks.Api.Features.Recommendations;

namespace YangFan.Benchmarks.Api.Pages.Recommenders;

/// <summary>
/// The summary sheet's XLSX, for the ranking page to link to. The page session cannot call <c>/api</c> (bearer tokens
/// only), so the page has its own address for the same query, under the same rule (the authority's own recommenders).
/// </summary>
public static class RecommenderDownloads
{
    public static string SummaryXlsx(Guid callId) => $"/recommender/calls/{callId}/summary.xlsx";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/recommender/calls/{callId:guid}/summary.xlsx", async (Guid callId, ISender sender, CancellationToken ct) =>
            {
                var file = await sender.Send(new DownloadRecommendationSummary.Query(callId), ct);
                return Results.File(file.Content, DownloadRecommendationSummary.ContentType, file.FileName);
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Recommender })
            .ExcludeFromDescription();
}
