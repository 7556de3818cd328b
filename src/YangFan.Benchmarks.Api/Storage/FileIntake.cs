using System.Security.Cryptography;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Attachments;

namespace YangFan.Benchmarks.Api.Storage;

/// <summary>
/// A file a client sent, not yet read: the name it came with, its length, and how to open its content. Commands carry
/// this, never the bytes (ADR 0044): ASP.NET Core's form reader has already spooled a file of more than 64 KB to a
/// temporary file, and <see cref="FileIntake.StoreAsync"/> reads it from there.
/// </summary>
/// <param name="FileName">The name the client gave, unsafe until <see cref="FileNames.Sanitise"/>.</param>
/// <param name="Length">The content's length in bytes.</param>
/// <param name="Open">Opens the content from its start; the caller disposes the stream.</param>
public sealed record Upload(string? FileName, long Length, Func<Stream> Open)
{
    /// <summary>A file of a multipart form; its stream is a seekable view of the buffered request body.</summary>
    public static Upload Of(IFormFile file) => new(file.FileName, file.Length, file.OpenReadStream);
}

/// <summary>A file accepted from a client: its type decided by its bytes, its name made safe, its content stored.</summary>
public sealed record StoredFile(string Sha256, string FileName, string MediaType, long Size);

public static class FileIntake
{
    /// <summary>
    /// Accepts PDF, PNG, JPEG, DOCX or XLSX by signature (never by name or Content-Type), otherwise 415. A DOCX or
    /// XLSX must also unpack within <see cref="StorageOptions.UnpackLimits"/>: 413 when its parts unpack to more, 415
    /// when it is no credible document (too many entries, an absurd compression ratio, sizes that lie). Only then is
    /// the content stored, under its SHA-256. <paramref name="only"/> accepts that one type alone (a form's template
    /// is the type its name says).
    /// </summary>
    /// <remarks>
    /// The content is read as a stream, never held whole: the type from its first bytes, a package's central directory
    /// and parts by seeking, the hash incrementally, and the store is handed the same stream rewound. A stream that
    /// cannot seek is first copied to a temporary file that is deleted when closed.
    /// </remarks>
    public static async Task<StoredFile> StoreAsync(IFileStore files, StorageOptions storage, Upload upload, CancellationToken ct,
        bool scansOnly = false, DetectedFileType? only = null)
    {
        await using var content = await SeekableAsync(upload.Open(), storage.MaxAttachmentBytes, ct);
        if (content.Length > storage.MaxAttachmentBytes)
            throw TooLarge(content.Length, storage);
        var onlyMessage = only is null ? null : $"The file must be {only.Kind.ToUpperInvariant()}; the content of this file is not.";
        var type = FileSignature.Detect(content) ?? throw ProblemException.UnsupportedFileType(onlyMessage ?? (scansOnly ? ScansOnlyMessage
            : "Files must be PDF, PNG, JPEG, DOCX or XLSX; the content of this file is none of these."));
        // A licence or authorisation letter is a scan or a signed PDF: an editable document proves nothing.
        if (scansOnly && type != FileSignature.Pdf && type != FileSignature.Png && type != FileSignature.Jpeg)
            throw ProblemException.UnsupportedFileType(ScansOnlyMessage);
        if (only is not null && type != only)
            throw ProblemException.UnsupportedFileType(onlyMessage!);
        if ((type == FileSignature.Docx || type == FileSignature.Xlsx) && OfficePackage.Inspect(content, storage.UnpackLimits) is { } problem)
            throw problem.Refusal == PackageRefusal.TooLarge
                ? ProblemException.PackageTooLarge(problem.Reason)
                : ProblemException.UnsupportedFileType(problem.Reason);
        content.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        content.Position = 0;
        await files.SaveAsync(sha256, content, ct);
        var name = FileNames.WithExtension(FileNames.Sanitise(upload.FileName, type.Extension), type.Extension);
        return new StoredFile(sha256, name, type.MediaType, content.Length);
    }

    private const string ScansOnlyMessage = "Documents must be PDF, PNG or JPEG; the content of this file is none of these.";

    /// <summary>
    /// One file field of a multipart form, unread: 400 when it is missing or empty, 413 beyond the attachment limit
    /// (the same limit as application attachments).
    /// </summary>
    public static Upload ReadFile(IFormCollection form, string field, StorageOptions storage)
    {
        var file = form.Files.GetFile(field) ?? throw ProblemException.Invalid(field, "A file is required.");
        return ReadOptionalFile(file, storage) ?? throw ProblemException.Invalid(field, "The file is empty.");
    }

    /// <summary>An optional file, unread: null when none was sent or it is empty, 413 beyond the attachment limit.</summary>
    public static Upload? ReadOptionalFile(IFormFile? file, StorageOptions storage) =>
        file is not { Length: > 0 } ? null
        : file.Length > storage.MaxAttachmentBytes ? throw TooLarge(file.Length, storage)
        : Upload.Of(file);

    private static BadHttpRequestException TooLarge(long length, StorageOptions storage) =>
        new($"The file is {length} bytes; the limit is {storage.MaxAttachmentBytes} bytes.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// The stream itself when it can seek; otherwise its content copied to a temporary file deleted on close, 413 as
    /// soon as the copy passes <paramref name="limit"/>.
    /// </summary>
    private static async Task<Stream> SeekableAsync(Stream content, long limit, CancellationToken ct)
    {
        if (content.CanSeek)
            return content;
        await using (content)
        {
            var spool = new FileStream(Path.Combine(Path.GetTempPath(), "yangfan-upload-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            try
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    if (spool.Length + read > limit)
                        throw new BadHttpRequestException($"The file is more than {limit} bytes; the limit is {limit} bytes.",
                            StatusCodes.Status413PayloadTooLarge);
                    await spool.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                spool.Position = 0;
                return spool;
            }
            catch
            {
                await spool.DisposeAsync();
                throw;
            }
        }
    }
}
