using YangFan.Benchmarks.Domain;

namespace YangFan.Benchmarks.Domain.Review;

/// <summary>Where an expert's assignment stands. Stored by name.</summary>
public enum AssignmentStatus
{
    /// <summary>The expert is to review the application.</summary>
    Assigned,
    /// <summary>The expert's review is in (and editable until the round closes).</summary>
    Submitted,
    Declined,
    ConflictDeclared,
    Removed,
    Reassigned,
    /// <summary>
    /// Ended by a conflict of interest declared or given after the assignment (with the applicant or a partner): the
    /// expert no longer sees the application, and a review it held no longer counts.
    /// </summary>
    Conflicted,
}

/// <summary>The groups of <see cref="AssignmentStatus"/> the review rules ask about.</summary>
public static class AssignmentStatuses
{
    /// <summary>Statuses that hold a reviewer slot and let the expert see the application.</summary>
    public static readonly AssignmentStatus[] Holding = [AssignmentStatus.Assigned, AssignmentStatus.Submitted];

    /// <summary>Statuses of assignments ended by a conflict of interest.</summary>
    public static readonly AssignmentStatus[] EndedByConflict = [AssignmentStatus.ConflictDeclared, AssignmentStatus.Conflicted];

    /// <summary>
    /// Whether a review round needs a replacement reviewer: a conflict ended one of its assignments and fewer than
    /// <paramref name="minReviewers"/> still hold a slot. Clears itself once replacements are assigned.
    /// </summary>
    public static bool ReplacementNeeded(IReadOnlyCollection<AssignmentStatus> roundStatuses, int minReviewers) =>
        ReplacementNeeded(roundStatuses.Count(EndedByConflict.Contains), roundStatuses.Count(Holding.Contains), minReviewers);

    /// <summary>The same rule, from how many of the round's assignments a conflict ended and how many hold a slot.</summary>
    public static bool ReplacementNeeded(int endedByConflict, int holding, int minReviewers) =>
        endedByConflict > 0 && holding < minReviewers;
}

/// <summary>
/// An expert's assignment to review an application in one review round, and the review itself once written.
/// Scores and identities are for administrators only; applicants never see them.
/// </summary>
public sealed class Assignment : IVersioned
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public Guid CallId { get; init; }
    public int Round { get; init; }
    public Guid ExpertId { get; init; }
    public required AssignmentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// When the expert confirmed having no conflict of interest with the application (回避). Until then the expert
    /// sees only its title (and, outside a blind review, the organisation's name), and can decline or declare a
    /// conflict but not review.
    /// </summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>Whether the expert has confirmed having no conflict of interest.</summary>
    public bool Confirmed => ConfirmedAt is not null;

    public DateTimeOffset DueAt { get; set; }
    public bool Late { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>
    /// Criterion key → score, as JSON: the draft while <see cref="Status"/> is <see cref="AssignmentStatus.Assigned"/>
    /// (some criteria may be missing), the review once submitted.
    /// </summary>
    public string? Scores { get; set; }

    /// <summary>
    /// The submitted review's weighted total; null for a draft, so that the ranking, the quorum and the count of
    /// excluded reviews (all of which read it) never see a draft.
    /// </summary>
    public decimal? WeightedTotal { get; set; }

    /// <summary>When the expert last saved a draft of the review; the draft is in <see cref="Scores"/>, <see cref="Comment"/> and <see cref="Recommendation"/>.</summary>
    public DateTimeOffset? DraftSavedAt { get; set; }
    public string? Comment { get; set; }
    public string? Recommendation { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedReason { get; set; }
    public int Version { get; set; }
}
