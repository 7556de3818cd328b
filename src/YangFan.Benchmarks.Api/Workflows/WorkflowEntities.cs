using YangFan.Benchmarks.Domain;

namespace YangFan.Benchmarks.Api.Workflows;

public static class WorkflowVersionStatus
{
    public const string Draft = "Draft";
    public const string Published = "Published";
}

/// <summary>A stored version of a workflow definition. Published versions never change.</summary>
public sealed class StoredWorkflow
{
    public required string Key { get; init; }
    public int Version { get; init; }
    public required string Status { get; set; }
    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }
    public required string Content { get; init; }
    public required string ContentHash { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset? PublishedAt { get; set; }
}

/// <summary>The life of a call for applications.</summary>
public static class CallStatus
{
    public const string Draft = "Draft";
    public const string Open = "Open";
    public const string Closed = "Closed";
    public const string Finished = "Finished";
}

/// <summary>Kinds of attachment an application can carry.</summary>
public enum AttachmentKind
{
    ApplicationForm,
    BusinessLicence,
    RecommendationLetter,
    Other,
}

/// <summary>
/// A call for applications (申报批次): one programme, one batch of a year, open between two dates, with the
/// workflow version its applications follow pinned when it opens.
/// </summary>
public sealed class Call : IVersioned
{
    public Guid Id { get; init; }
    public required string ProgrammeKey { get; set; }
    public int Year { get; set; }
    public int Batch { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public required string Status { get; set; }
    public required string WorkflowKey { get; set; }

    /// <summary>Pinned when the call opens; null while it is a draft.</summary>
    public int? WorkflowVersion { get; set; }

    /// <summary>The version of the call's own lifecycle definition (<c>workflows/call.json</c>).</summary>
    public int LifecycleVersion { get; set; }

    /// <summary>How many applications one recommender may recommend in this call; null for no limit.</summary>
    public int? RecommenderQuota { get; set; }

    public List<AttachmentKind> RequiredAttachmentKinds { get; set; } = [];
    public List<CallSector> Sectors { get; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; set; }
}

/// <summary>A key sector open in a demonstration-benchmark call.</summary>
public sealed class CallSector
{
    public Guid CallId { get; init; }
    public required string SectorCode { get; init; }
}

/// <summary>
/// An application moving through its workflow. Pinned to one definition version from creation until an explicit
/// migration moves it.
/// </summary>
public sealed class Application : IVersioned
{
    public Guid Id { get; init; }
    public Guid CallId { get; init; }
    public Guid OrganisationId { get; init; }
    public required string ProgrammeKey { get; init; }
    public required string WorkflowKey { get; init; }
    public int WorkflowVersion { get; set; }
    public required string State { get; set; }
    public DateTimeOffset StateEnteredAt { get; set; }

    /// <summary>
    /// When the state the applicant sees was entered: staging a decision or taking it back (transitions into or out of
    /// a <c>visibleAs</c> state that the applicant does not see) leaves it alone.
    /// </summary>
    public DateTimeOffset ShownStateEnteredAt { get; set; }

    /// <summary>
    /// How many of the versions were such hidden steps. Applicants see <c>Version - StagedVersions</c> as the
    /// version and ETag, so that staging a decision does not change what they can observe.
    /// </summary>
    public int StagedVersions { get; set; }

    /// <summary>Set by the runtime for the next save: a transition hidden from applicants, a visible one.</summary>
    internal bool HiddenStepPending, VisibleStepPending;

    /// <summary>The version an applicant sees.</summary>
    public int ShownVersion => Version - StagedVersions;

    /// <summary>The key sector (demonstration benchmarks only).</summary>
    public string? SectorCode { get; set; }

    /// <summary>The sector for the uniqueness rule: the sector code, or empty for programmes without sectors.</summary>
    public string SectorKey { get; set; } = "";

    /// <summary>Project, solution or centre name, for listings.</summary>
    public string Title { get; set; } = "";

    /// <summary>The programme-specific content as JSON (see Features/Applications/ApplicationContent.cs).</summary>
    public string Content { get; set; } = "{}";

    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>
    /// The organisation's name when the application was (last) submitted: what recommendation, the notice and the
    /// directory show. Null until the first submission. Set by the <c>record-submission</c> effect.
    /// </summary>
    public string? SubmittedOrganisationName { get; set; }

    /// <summary>
    /// The organisation's province when the application was (last) submitted: whose recommenders cover it and which
    /// experts the same-province rule keeps away. Null until the first submission.
    /// </summary>
    public string? SubmittedProvinceCode { get; set; }

    public Guid? RecommendedBy { get; set; }
    public DateTimeOffset? RecommendedAt { get; set; }

    /// <summary>The current expert-review round; a fresh round starts each time the application enters review.</summary>
    public int ReviewRound { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; set; }
}

/// <summary>One step of an application's history.</summary>
public sealed class WorkflowHistoryEntry
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public int Sequence { get; init; }
    public string? FromState { get; init; }
    public required string ToState { get; init; }
    public required string Trigger { get; init; }
    public Guid? ActorId { get; init; }
    public required string ActorRole { get; init; }
    public string? Comment { get; init; }
    public string? Data { get; init; }
    public int WorkflowVersion { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
}

public static class TimerStatus
{
    public const string Pending = "Pending";
    public const string Fired = "Fired";
    public const string Cancelled = "Cancelled";
    public const string Skipped = "Skipped";
    public const string Failed = "Failed";
}

/// <summary>
/// A durable state timer of an application or a call: fires its trigger as System once, when due, if its subject is
/// still in the state.
/// </summary>
public sealed class WorkflowTimer
{
    public Guid Id { get; init; }
    public Guid? ApplicationId { get; init; }
    public Guid? CallId { get; init; }
    public required string State { get; init; }
    public required string Trigger { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}

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

/// <summary>An organisation an expert must never review, with the reason they gave or an administrator recorded.</summary>
public sealed class ExpertConflict
{
    public Guid ExpertId { get; init; }
    public required string CreditCode { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A message left for a role or a user by a workflow effect.</summary>
public sealed class Notification
{
    public Guid Id { get; init; }
    public string? RecipientRole { get; init; }
    public Guid? RecipientUserId { get; init; }
    public Guid? ApplicationId { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>That one user has read a notification (a notification for a role is read by each of its users separately).</summary>
public sealed class NotificationRead
{
    public Guid NotificationId { get; init; }
    public Guid UserId { get; init; }
    public DateTimeOffset ReadAt { get; init; }
}

/// <summary>The first response to a request sent with an <c>Idempotency-Key</c>, replayed for retries.</summary>
public sealed class IdempotencyRecord
{
    public Guid CallerId { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public int StatusCode { get; init; }
    public required string Body { get; init; }
    public string? ETag { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A file attached to an application, stored by its SHA-256.</summary>
public sealed class Attachment
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public AttachmentKind Kind { get; init; }
    public required string FileName { get; init; }
    public required string MediaType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public Guid UploadedBy { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}

/// <summary>An organisation's membership of a national body (central SOE group, industry association) that recommends.</summary>
public sealed class NationalBodyMembership
{
    public required string NationalBody { get; init; }
    public Guid OrganisationId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A real registered credit code that fails its checksum, accepted by an administrator with a reason.</summary>
public sealed class CreditCodeOverride
{
    public required string CreditCode { get; init; }
    public required string Reason { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A public notice (公示) of the applications a call shortlisted in one release.</summary>
public sealed class Notice
{
    public Guid Id { get; init; }
    public Guid CallId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public List<NoticeEntry> Entries { get; } = [];
}

/// <summary>An application on a public notice.</summary>
public sealed class NoticeEntry
{
    public Guid NoticeId { get; init; }
    public Guid ApplicationId { get; init; }
}

public static class ObjectionStatus
{
    public const string Open = "Open";
    public const string Dismissed = "Dismissed";
    public const string Sustained = "Sustained";
}

/// <summary>An objection to an entry of a public notice. Never public.</summary>
public sealed class Objection
{
    public Guid Id { get; init; }
    public Guid NoticeId { get; init; }
    public Guid ApplicationId { get; init; }
    public required string ObjectorName { get; init; }
    public required string Contact { get; init; }
    public required string Reason { get; init; }
    public string? EvidenceSha256 { get; init; }
    public string? EvidenceFileName { get; init; }
    public string? EvidenceMediaType { get; init; }
    public required string Status { get; set; }
    public string? Resolution { get; set; }
    public Guid? ResolvedBy { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>
/// A published directory version (名录) of one call: an immutable snapshot. Revoking an entry publishes a new
/// version; earlier versions, their content and their hash never change.
/// </summary>
public sealed class DirectoryVersion
{
    public Guid Id { get; init; }
    public Guid CallId { get; init; }
    public required string ProgrammeKey { get; init; }
    public int Number { get; init; }
    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public required string ContentHash { get; init; }
    public Guid? SupersedesId { get; init; }

    /// <summary>Every entry of the version, revoked ones included; fixed at publication like the content.</summary>
    public int EntryCount { get; init; }

    /// <summary>Entries not revoked in this version.</summary>
    public int ActiveCount { get; init; }

    public List<DirectoryEntry> Entries { get; } = [];
}

/// <summary>One entry of a directory version, copied at publication.</summary>
public sealed class DirectoryEntry
{
    public Guid Id { get; init; }
    public Guid DirectoryId { get; init; }
    public Guid ApplicationId { get; init; }
    public required string OrganisationName { get; init; }
    public required string CreditCode { get; init; }
    public required string Title { get; init; }
    public string? SectorCode { get; init; }
    public required string ProvinceCode { get; init; }
    public required string Batch { get; init; }
    public bool Revoked { get; init; }
    public string? RevokedReason { get; init; }
}
