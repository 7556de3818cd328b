namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>
/// An expert's own assignment: what to review, by when, against which criteria, and the expert's review (a draft
/// while <c>status</c> is Assigned and <c>draftSavedAt</c> is set, the submitted review once Submitted).
/// <c>organisationName</c> is the applicant's name as submitted, null in a blind review: with the title, all the
/// expert sees of the application until <c>confirmedAt</c> is set (POST /api/assignments/{id}/confirm-no-conflict).
/// <c>callId</c>: the call the application belongs to (the inbox groups by it). <c>total</c> is the weighted total of the scores so far (Σ weight × score / max), the figure the review page shows
/// live. <c>otherReviewsShown</c>: whether the workflow shows the other experts' reviews after the expert's own submission.
/// <c>open</c>: whether the review can still be written (a draft saved, submitted or revised): the assignment holds its slot in
/// the application's current round and the application is still collecting reviews. An ended assignment (declined, a conflict,
/// an earlier round, the round closed) is not open; <c>GET /api/me/assignments?includeEnded=true</c> lists those too.
/// </summary>
public sealed record MyAssignmentView(Guid Id, Guid ApplicationId, Guid CallId, string Title, string? OrganisationName, string ProgrammeKey, string? SectorCode,
    int Round, string Status, DateTimeOffset? ConfirmedAt, DateTimeOffset DueAt, bool Late, DateTimeOffset? DraftSavedAt, DateTimeOffset? SubmittedAt,
    IReadOnlyDictionary<string, decimal>? Scores, decimal? Total, string? Comment, string? Recommendation, IReadOnlyList<CriterionView> Criteria,
    bool OtherReviewsShown, int Version, bool Open);

/// <summary>A criterion to score: its key, titles, weight, maximum and scoring guide (评分标准), if the workflow has one.</summary>
public sealed record CriterionView(string Key, string? TitleZh, string? TitleEn, decimal Weight, decimal Max, ScoringGuideView? Guide);

/// <summary>How to score a criterion: a text and bands covering 0..max; a band holds its min and the scores below its max (the top band its max too).</summary>
public sealed record ScoringGuideView(string? TextZh, string? TextEn, IReadOnlyList<ScoreBandView> Bands);

/// <summary>A score band and what such a score means.</summary>
public sealed record ScoreBandView(decimal Min, decimal Max, string TextZh, string TextEn);
