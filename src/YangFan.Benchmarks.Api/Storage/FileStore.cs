namespace YangFan.Benchmarks.Api.Storage;

/// <summary>
/// Where attachment content lives, addressed by its SHA-256. The local implementation writes under a folder;
/// object storage (S3, OSS, MinIO) can implement the same two operations.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the content under its hash; storing the same content twice keeps one copy.</summary>
    Task SaveAsync(string sha256, Stream content, CancellationToken ct);

    Task<Stream> OpenAsync(string sha256, CancellationToken ct);
}

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>Folder for attachment content; relative paths are under the data folder.</summary>
    public string Root { get; set; } = "attachments";

    /// <summary>Largest attachment accepted; larger uploads get 413.</summary>
    public long MaxAttachmentBytes { get; set; } = 20 * 1024 * 1024;
}

public sealed class LocalFileStore(string root) : IFileStore
{
    public async Task SaveAsync(string sha256, Stream content, CancellationToken ct)
    {
        var path = PathFor(sha256);
        if (File.Exists(path))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write to a temporary name and move, so a reader never sees half a file.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await content.CopyToAsync(file, ct);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream> OpenAsync(string sha256, CancellationToken ct) =>
        Task.FromResult<Stream>(new FileStream(PathFor(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));

    private string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        return Path.Combine(root, sha256[..2], sha256[2..4], sha256);
    }
}

/// <summary>A file accepted from a client: its type decided by its bytes, its name made safe, its content stored.</summary>
public sealed record StoredFile(string Sha256, string FileName, string MediaType, long Size);

public static class FileIntake
{
    /// <summary>
    /// Accepts PDF, PNG, JPEG, DOCX or XLSX by signature (never by name or Content-Type), otherwise 415; stores the
    /// content under its SHA-256.
    /// </summary>
    public static async Task<StoredFile> StoreAsync(IFileStore files, byte[] content, string? fileName, CancellationToken ct)
    {
        using var stream = new MemoryStream(content, writable: false);
        var type = Domain.Attachments.FileSignature.Detect(stream) ?? throw new Infrastructure.ProblemException(
            StatusCodes.Status415UnsupportedMediaType, Infrastructure.ProblemTypes.UnsupportedMediaType, "Unsupported file type",
            "Files must be PDF, PNG, JPEG, DOCX or XLSX; the content of this file is none of these.");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        stream.Position = 0;
        await files.SaveAsync(sha256, stream, ct);
        var name = Domain.Attachments.FileNames.WithExtension(Domain.Attachments.FileNames.Sanitise(fileName, type.Extension), type.Extension);
        return new StoredFile(sha256, name, type.MediaType, content.Length);
    }
}
