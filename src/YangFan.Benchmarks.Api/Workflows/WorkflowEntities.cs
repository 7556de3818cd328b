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

/// <summary>
/// A call for applications (申报批次), as far as the workflow engine needs it: its programme, its dates and the
/// workflow version pinned for its applications.
/// </summary>
public sealed class Call : IVersioned
{
    public Guid Id { get; init; }
    public required string ProgrammeKey { get; init; }
    public int Year { get; set; }
    public int Batch { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public required string WorkflowKey { get; init; }
    public int WorkflowVersion { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; set; }
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

/// <summary>A durable state timer: fires its trigger as System once, when due, if the application is still in the state.</summary>
public sealed class WorkflowTimer
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public required string State { get; init; }
    public required string Trigger { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>An expert's review as far as the engine's guards need it (issue 5 adds the scores).</summary>
public sealed class Review
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public int Round { get; init; }
    public Guid ExpertId { get; init; }
    public DateTimeOffset? SubmittedAt { get; set; }
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
