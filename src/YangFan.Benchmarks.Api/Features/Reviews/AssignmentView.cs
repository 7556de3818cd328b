using System.Text.Json;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// An assignment as administrators see it: who, status and (once written) the review. <c>ReplacementNeeded</c> is set
/// on an assignment of the current round that a conflict of interest ended while the round is short of reviewers. A draft
/// is the expert's own: an assignment still Assigned shows no scores, comment or recommendation.
/// </summary>
public sealed record AssignmentView(Guid Id, Guid ApplicationId, int Round, Guid ExpertId, string ExpertName, string Status,
    DateTimeOffset DueAt, bool Late, DateTimeOffset? SubmittedAt, IReadOnlyDictionary<string, decimal>? Scores, decimal? WeightedTotal,
    string? Comment, string? Recommendation, string? EndedReason, int Version, bool ReplacementNeeded = false)
{
    public static AssignmentView From(Assignment a, string expertName, bool replacementNeeded = false)
    {
        var reviewed = a.SubmittedAt is not null;
        return new(a.Id, a.ApplicationId, a.Round, a.ExpertId, expertName, a.Status.ToString(), a.DueAt, a.Late, a.SubmittedAt,
            reviewed && a.Scores is not null ? JsonSerializer.Deserialize<Dictionary<string, decimal>>(a.Scores) : null,
            a.WeightedTotal, reviewed ? a.Comment : null, reviewed ? a.Recommendation : null, a.EndedReason, a.Version, replacementNeeded);
    }
}
