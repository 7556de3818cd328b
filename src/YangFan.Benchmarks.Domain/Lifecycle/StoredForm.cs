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

    /// <summary>
    /// The SHA-256 of each attachment kind's template, as a JSON object (<c>{"application-form": "ab12…"}</c>): the
    /// bytes this version serves, kept in the content-addressed file store, so editing a template file never changes
    /// a stored version. Null only for a version stored before templates belonged to their version, until the next
    /// start-up records the files it served until then.
    /// </summary>
    public string? TemplateHashes { get; set; }
}
