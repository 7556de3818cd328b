using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Domain.Attachments;

namespace YangFan.Benchmarks.Performance;

/// <summary>
/// What taking in one upload at the attachment limit costs (issue 18, ADR 0044): the streamed intake
/// (<see cref="FileIntake.StoreAsync"/> over the file the form reader spooled) against the intake before it, which copied
/// the upload into a byte[] first. The upload is a 20 MiB file on disk, as ASP.NET Core's form reader leaves a file
/// over 64 KiB; the store reads what it is given into nothing, so the numbers are the intake's own.
/// </summary>
[MemoryDiagnoser]
public class UploadIntakeBenchmarks
{
    private readonly StorageOptions _storage = new();
    private readonly DiscardingStore _store = new();
    private string _pdf = null!;
    private string _docx = null!;

    [GlobalSetup]
    public void Setup()
    {
        var size = (int)_storage.MaxAttachmentBytes;
        var content = new byte[size];
        new Random(18).NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        _pdf = Path.Combine(Path.GetTempPath(), $"yangfan-bench-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(_pdf, content);

        // A DOCX just under the limit: its one 18 MiB part is random, so it deflates to a little more than its own size and is inflated whole.
        _docx = Path.Combine(Path.GetTempPath(), $"yangfan-bench-{Guid.NewGuid():N}.docx");
        using (var archive = System.IO.Compression.ZipFile.Open(_docx, System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
                using (var part = archive.CreateEntry(name).Open())
                    part.Write("<?xml version=\"1.0\"?><x/>"u8);
            using var scan = archive.CreateEntry("word/media/scan.bin", System.IO.Compression.CompressionLevel.Fastest).Open();
            scan.Write(content, 0, size - 2 * 1024 * 1024);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_pdf);
        File.Delete(_docx);
    }

    /// <summary>The intake before issue 18: the form file copied into a byte[], typed, inspected and hashed from memory.</summary>
    [Benchmark(Baseline = true)]
    public async Task<string> BufferedPdf() => await BufferedAsync(_pdf);

    [Benchmark]
    public async Task<string> StreamedPdf() =>
        (await FileIntake.StoreAsync(_store, _storage, Spooled(_pdf), CancellationToken.None)).Sha256;

    [Benchmark]
    public async Task<string> StreamedDocx() =>
        (await FileIntake.StoreAsync(_store, _storage, Spooled(_docx), CancellationToken.None)).Sha256;

    private static Upload Spooled(string path) =>
        new(Path.GetFileName(path), new FileInfo(path).Length,
            () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true));

    private async Task<string> BufferedAsync(string path)
    {
        await using var file = Spooled(path).Open();
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        var content = buffer.ToArray();
        using var stream = new MemoryStream(content, writable: false);
        _ = FileSignature.Detect(stream) ?? throw new InvalidOperationException("Not an accepted type.");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        await _store.SaveAsync(sha256, stream, CancellationToken.None);
        return sha256;
    }

    private sealed class DiscardingStore : IFileStore
    {
        public Task SaveAsync(string sha256, Stream content, CancellationToken ct) => content.CopyToAsync(Stream.Null, ct);

        public Task<Stream> OpenAsync(string sha256, CancellationToken ct) => throw new NotSupportedException();
    }
}
