namespace YangFan.Benchmarks.Domain.Attachments;

/// <summary>Kinds of attachment an application can carry.</summary>
public enum AttachmentKind
{
    ApplicationForm,
    BusinessLicence,
    RecommendationLetter,
    Other,
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
