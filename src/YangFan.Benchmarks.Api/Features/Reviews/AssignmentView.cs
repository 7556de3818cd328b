using System.Text.Json;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// An assignment as administrators see it: who, status and (once written) the review. <c>ReplacementNeeded</c> is set
/// on an assignment of the current round that a conflict of interest ended while the round is short of reviewers.
/// </summary>
public sealed record AssignmentView(Guid Id, Guid ApplicationId, int Round, Guid ExpertId, string ExpertName, string Status,
    DateTimeOffset DueAt, bool Late, DateTimeOffset? SubmittedAt, IReadOnlyDictionary<string, decimal>? Scores, decimal? WeightedTotal,
    string? Comment, string? Recommendation, string? EndedReason, int Version, bool ReplacementNeeded = false)
{
    public static AssignmentView From(Assignment a, string expertName, bool replacementNeeded = false) => new(a.Id, a.ApplicationId,
        a.Round, a.ExpertId, expertName, a.Status.ToString(), a.DueAt, a.Late, a.SubmittedAt,
        a.Scores is null ? null : JsonSerializer.Deserialize<Dictionary<string, decimal>>(a.Scores),
        a.WeightedTotal, a.Comment, a.Recommendation, a.EndedReason, a.Version, replacementNeeded);
}
