namespace YangFan.Benchmarks.Domain.Lifecycle;

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
