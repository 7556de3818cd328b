using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.UnitTests.Storage;

/// <summary>The intake reads an upload as a stream: what the store receives, and what the intake holds meanwhile.</summary>
public class FileIntakeTests
{
    private const int MiB = 1024 * 1024;

    private static readonly StorageOptions Limits = new();

    /// <summary>A PDF signature followed by random bytes, <paramref name="length"/> bytes in all.</summary>
    private static byte[] Pdf(int length)
    {
        var content = new byte[length];
        new Random(44).NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        return content;
    }

    /// <summary>
    /// Records what it is handed and hashes it as it reads, through a small buffer, synchronously: so the whole intake
    /// runs on the calling thread when its source is in memory, and that thread's allocations are the intake's own.
    /// </summary>
    private sealed class RecordingStore : IFileStore
    {
        public string? Sha256 { get; private set; }
        public string? ContentHash { get; private set; }
        public bool CanSeek { get; private set; }
        public long Length { get; private set; }

        public Task SaveAsync(string sha256, Stream content, CancellationToken ct)
        {
            (Sha256, CanSeek, Length) = (sha256, content.CanSeek, content.Length);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> buffer = stackalloc byte[4096];
            int read;
            while ((read = content.Read(buffer)) > 0)
                hash.AppendData(buffer[..read]);
            ContentHash = Convert.ToHexStringLower(hash.GetHashAndReset());
            return Task.CompletedTask;
        }

        public Task<Stream> OpenAsync(string sha256, CancellationToken ct) => throw new NotSupportedException();
    }

    [Fact]
    public async Task An_upload_at_the_limit_is_hashed_and_stored_without_being_held_in_memory()
    {
        var content = Pdf((int)Limits.MaxAttachmentBytes);
        var upload = InMemory("申报书.pdf", content);
        var store = new RecordingStore();
        var expected = Convert.ToHexStringLower(SHA256.HashData(content));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var task = FileIntake.StoreAsync(store, Limits, upload, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(task.IsCompleted, "With an in-memory source and store the intake runs synchronously, so the measure above is whole.");
        var stored = await task;

        Assert.Equal(expected, stored.Sha256);
        Assert.Equal(expected, store.Sha256);
        Assert.Equal(expected, store.ContentHash);
        Assert.Equal(content.Length, stored.Size);
        Assert.True(store.CanSeek);
        Assert.Equal(content.Length, store.Length);
        // Holding the upload as bytes would allocate its 20 MiB (twice, copying a MemoryStream out).
        Assert.True(allocated < MiB, $"Storing a {content.Length}-byte upload allocated {allocated} bytes.");
    }

    [Fact]
    public async Task An_upload_that_cannot_seek_is_spooled_and_the_store_gets_a_seekable_stream_of_known_length()
    {
        var content = Pdf(3 * MiB);
        var upload = new Upload("scan.pdf", content.Length, () => new DeflateStream(new MemoryStream(Deflated(content)), CompressionMode.Decompress));
        var store = new RecordingStore();

        var stored = await FileIntake.StoreAsync(store, Limits, upload, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.Sha256);
        Assert.Equal(stored.Sha256, store.ContentHash);
        Assert.True(store.CanSeek);
        Assert.Equal(content.Length, store.Length);
        Assert.Equal("scan.pdf", stored.FileName);
    }

    [Fact]
    public async Task An_upload_that_cannot_seek_gets_413_once_it_passes_the_limit_and_nothing_is_stored()
    {
        var content = Pdf(2 * MiB);
        var small = new StorageOptions { MaxAttachmentBytes = MiB };
        // The length it claims is within the limit; the bytes are not.
        var upload = new Upload("big.pdf", 1024, () => new DeflateStream(new MemoryStream(Deflated(content)), CompressionMode.Decompress));
        var store = new RecordingStore();

        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() => FileIntake.StoreAsync(store, small, upload, CancellationToken.None));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, refused.StatusCode);
        Assert.Null(store.Sha256);
    }

    [Fact]
    public async Task An_upload_that_is_no_accepted_type_gets_415_and_nothing_is_stored()
    {
        var store = new RecordingStore();

        await Assert.ThrowsAsync<ProblemException>(() =>
            FileIntake.StoreAsync(store, Limits, InMemory("a.pdf", "MZ\u0090\0 not a pdf"u8.ToArray()), CancellationToken.None));

        Assert.Null(store.Sha256);
    }

    private static Upload InMemory(string fileName, byte[] content) =>
        new(fileName, content.Length, () => new MemoryStream(content, writable: false));

    private static byte[] Deflated(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(content);
        return buffer.ToArray();
    }
}
