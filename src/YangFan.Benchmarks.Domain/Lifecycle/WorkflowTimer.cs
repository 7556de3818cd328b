namespace YangFan.Benchmarks.Domain.Lifecycle;

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
