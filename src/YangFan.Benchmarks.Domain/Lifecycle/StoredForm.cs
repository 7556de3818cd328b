namespace YangFan.Benchmarks.Domain.Lifecycle;

/// <summary>Whether a stored form version may still be replaced (draft) or may be pinned by calls (published). Stored by name.</summary>
public enum FormVersionStatus
{
    Draft,
    Published,
}

/// <summary>A stored version of an application form definition (docs/forms.md). Published versions never change.</summary>
public sealed class StoredForm
{
    public required string Key { get; init; }
    public int Version { get; init; }
    public required FormVersionStatus Status { get; set; }
    public required string Programme { get; init; }
    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }
    public required string Content { get; init; }
    public required string ContentHash { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset? PublishedAt { get; set; }
}
