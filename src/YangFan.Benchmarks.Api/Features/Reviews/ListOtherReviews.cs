using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class ListOtherReviews
{
    public sealed record Query(Guid AssignmentId) : IQuery<IReadOnlyList<OtherReviewView>>;

    /// <summary>Another expert's submitted review of the same application and round, numbered in order of submission; never who wrote it.</summary>
    public sealed record OtherReviewView(int Number, IReadOnlyDictionary<string, decimal> Scores, decimal WeightedTotal, string? Comment,
        string? Recommendation);

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts) : IQueryHandler<Query, IReadOnlyList<OtherReviewView>>
    {
        public async ValueTask<IReadOnlyList<OtherReviewView>> Handle(Query query, CancellationToken ct)
        {
            var (own, application) = await OwnAssignment.CurrentAsync(db, user, query.AssignmentId, ct);
            var (_, review) = await facts.ReviewBlockAsync(application, ct);
            if (!review.ShowOtherReviewsAfterSubmission)
                throw ProblemException.OtherReviewsHidden("This workflow does not show experts each other's reviews.");
            // Seeing the others first would anchor the expert's own judgement.
            if (own.Status != AssignmentStatus.Submitted)
                throw ProblemException.OtherReviewsHidden("Submit your own review first; the others' reviews are shown after it.");
            var others = await db.Assignments.AsNoTracking()
                .Where(s => s.ApplicationId == own.ApplicationId && s.Round == own.Round && s.Id != own.Id && s.Status == AssignmentStatus.Submitted)
                .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
                .Select(s => new { s.Scores, s.WeightedTotal, s.Comment, s.Recommendation }).ToListAsync(ct);
            return others.Select((s, i) => new OtherReviewView(i + 1, JsonSerializer.Deserialize<Dictionary<string, decimal>>(s.Scores!)!,
                s.WeightedTotal!.Value, s.Comment, s.Recommendation)).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/assignments/{id:guid}/other-reviews", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("ListOtherReviews")
            .WithSummary("The other experts' submitted reviews of the same application and round, without their names: only when the workflow's "
                + "review block has showOtherReviewsAfterSubmission and after the expert's own submission.")
            .WithProblems(401, 403, 404);
}
