namespace YangFan.Benchmarks.Domain.Lifecycle;

/// <summary>Whether a stored workflow version may still be replaced (draft) or is in use (published). Stored by name.</summary>
public enum WorkflowVersionStatus
{
    Draft,
    Published,
}

/// <summary>
/// A stored version of a workflow definition. Published versions never change, except once to gain the state tags
/// they lacked before tags existed (the API's WorkflowImporter).
/// </summary>
public sealed class StoredWorkflow
{
    public required string Key { get; init; }
    public int Version { get; init; }
    public required WorkflowVersionStatus Status { get; set; }
    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }
    public required string Content { get; set; }
    public required string ContentHash { get; set; }
    public required string Source { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset? PublishedAt { get; set; }
}
