namespace YangFan.Benchmarks.Domain.Attachments;

/// <summary>
/// A file attached to an application, stored by its SHA-256. Its kind is a key the form of the application's call
/// defines (<c>application-form</c>, <c>business-licence</c>, …).
/// </summary>
public sealed class Attachment
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public required string Kind { get; init; }
    public required string FileName { get; init; }
    public required string MediaType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public Guid UploadedBy { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}
