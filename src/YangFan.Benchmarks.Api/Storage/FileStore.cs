using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Attachments;

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
    /// <summary><c>Local</c> (a folder, the default) or <c>S3</c> (an S3-compatible bucket, <see cref="S3"/>).</summary>
    public string Provider { get; set; } = "Local";

    public S3StorageOptions S3 { get; set; } = new();

    /// <summary>Folder for attachment content; relative paths are under the data folder.</summary>
    public string Root { get; set; } = "attachments";

    /// <summary>Largest attachment accepted; larger uploads get 413.</summary>
    public long MaxAttachmentBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest size all parts of a DOCX or XLSX package may unpack to together; more gets 413.</summary>
    public long MaxUnpackedBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>Largest size one part of a DOCX or XLSX package may unpack to; more gets 413.</summary>
    public long MaxUnpackedPartBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Most entries a DOCX or XLSX package may have; more gets 415.</summary>
    public int MaxPackageEntries { get; set; } = 1000;

    /// <summary>Largest compression ratio of a package part of 1 MiB or more; more gets 415.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    public Domain.Attachments.UnpackLimits UnpackLimits =>
        new(MaxUnpackedBytes, MaxUnpackedPartBytes, MaxPackageEntries, MaxCompressionRatio);
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

    public Task<Stream> OpenAsync(string sha256, CancellationToken ct)
    {
        var path = PathFor(sha256);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
        }
        catch (DirectoryNotFoundException missing)
        {
            // Missing content is one exception, whether or not its folder was ever made.
            throw new FileNotFoundException($"No file {path}.", path, missing);
        }
    }

    private string PathFor(string sha256) => Path.Combine(root, ContentAddress.RelativePath(sha256, Path.DirectorySeparatorChar));
}

/// <summary>Where content lives in every store: <c>ab/cd/abcd…</c>, two levels of its SHA-256 so no folder grows huge.</summary>
public static class ContentAddress
{
    public static string RelativePath(string sha256, char separator)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        return string.Join(separator, sha256[..2], sha256[2..4], sha256);
    }
}
