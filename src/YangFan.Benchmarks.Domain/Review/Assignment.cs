using YangFan.Benchmarks.Domain;

namespace YangFan.Benchmarks.Domain.Review;

public static class AssignmentStatus
{
    /// <summary>The expert is to review the application.</summary>
    public const string Assigned = "Assigned";
    /// <summary>The expert's review is in (and editable until the round closes).</summary>
    public const string Submitted = "Submitted";
    public const string Declined = "Declined";
    public const string ConflictDeclared = "ConflictDeclared";
    public const string Removed = "Removed";
    public const string Reassigned = "Reassigned";
    /// <summary>
    /// Ended by a conflict of interest declared or given after the assignment (with the applicant or a partner): the
    /// expert no longer sees the application, and a review it held no longer counts.
    /// </summary>
    public const string Conflicted = "Conflicted";

    /// <summary>Statuses that hold a reviewer slot and let the expert see the application.</summary>
    public static readonly string[] Holding = [Assigned, Submitted];

    /// <summary>Statuses of assignments ended by a conflict of interest.</summary>
    public static readonly string[] EndedByConflict = [ConflictDeclared, Conflicted];

    /// <summary>
    /// Whether a review round needs a replacement reviewer: a conflict ended one of its assignments and fewer than
    /// <paramref name="minReviewers"/> still hold a slot. Clears itself once replacements are assigned.
    /// </summary>
    public static bool ReplacementNeeded(IReadOnlyCollection<string> roundStatuses, int minReviewers) =>
        roundStatuses.Any(EndedByConflict.Contains) && roundStatuses.Count(Holding.Contains) < minReviewers;
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
    public required string Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset DueAt { get; set; }
    public bool Late { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>Criterion key → score, as JSON.</summary>
    public string? Scores { get; set; }
    public decimal? WeightedTotal { get; set; }
    public string? Comment { get; set; }
    public string? Recommendation { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedReason { get; set; }
    public int Version { get; set; }
}
