namespace YangFan.Benchmarks.Domain.Lifecycle;

/// <summary>Where a durable timer stands: pending until it fires, is cancelled, skipped or fails. Stored by name.</summary>
public enum TimerStatus
{
    Pending,
    Fired,
    Cancelled,
    Skipped,
    Failed,
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
    public required TimerStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}
