namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>An expert's own assignment: what to review, by when, against which criteria.</summary>
public sealed record MyAssignmentView(Guid Id, Guid ApplicationId, string Title, string ProgrammeKey, string? SectorCode, int Round,
    string Status, DateTimeOffset DueAt, bool Late, DateTimeOffset? SubmittedAt, IReadOnlyDictionary<string, decimal>? Scores,
    string? Comment, string? Recommendation, IReadOnlyList<CriterionView> Criteria, int Version);

/// <summary>A criterion to score: its key, titles, weight and maximum.</summary>
public sealed record CriterionView(string Key, string? TitleZh, string? TitleEn, decimal Weight, decimal Max);
