namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>An attachment's description (never its storage location).</summary>
public sealed record AttachmentView(Guid Id, string Kind, string FileName, string MediaType, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    public static AttachmentView From(Attachment a) => new(a.Id, a.Kind, a.FileName, a.MediaType, a.Size, a.Sha256, a.UploadedAt);
}
