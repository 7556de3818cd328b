using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using YangFan.Benchmarks.Domain.Attachments;

namespace YangFan.Benchmarks.UnitTests.Attachments;

/// <summary>Zip bombs are built here by streaming zeros into a deflated part; nothing is read from disk.</summary>
public class OfficePackageTests
{
    private const int MiB = 1024 * 1024;

    private static readonly UnpackLimits Defaults = new(100L * MiB, 50L * MiB, 1000, 100);

    // Small limits keep the tests fast: a few MiB of zeros stand in for the gibibyte a real bomb would carry.
    private static readonly UnpackLimits Small = new(4L * MiB, 2L * MiB, 20, 100);

    private const string Xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document><w:body><w:p>申报书</w:p></w:body></w:document>";

    /// <summary>A DOCX whose extra parts hold the given number of zero bytes each.</summary>
    public static byte[] Docx(params (string Name, long Zeros)[] parts)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "_rels/.rels", "word/document.xml" })
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(Xml);
            }
            var chunk = new byte[MiB];
            foreach (var (name, zeros) in parts)
            {
                using var part = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                for (var left = zeros; left > 0; left -= chunk.Length)
                    part.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Rewrites the uncompressed size the central directory and local header give for a part.</summary>
    public static byte[] Understated(byte[] zip, string name, uint declared)
    {
        var copy = (byte[])zip.Clone();
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < copy.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(i));
            if (signature == 0x02014B50 && copy.AsSpan(i + 46).StartsWith(nameBytes)
                && BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(i + 28)) == nameBytes.Length)
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(i + 24), declared);
            if (signature == 0x04034B50 && copy.AsSpan(i + 30).StartsWith(nameBytes)
                && BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(i + 26)) == nameBytes.Length)
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(i + 22), declared);
        }
        return copy;
    }

    /// <summary>The byte-built packages above, inspected as the intake does: from a seekable stream.</summary>
    private static PackageProblem? Inspect(byte[] package, UnpackLimits limits) =>
        OfficePackage.Inspect(new MemoryStream(package, writable: false), limits);

    [Fact]
    public void An_ordinary_document_is_accepted()
    {
        Assert.Null(Inspect(Docx(("word/media/image1.png", 200 * 1024)), Defaults));
    }

    [Fact]
    public void A_small_part_may_compress_as_well_as_it_likes()
    {
        // 512 KiB of zeros compresses about 1000:1, but the ratio is held only against parts of 1 MiB or more.
        Assert.Null(Inspect(Docx(("word/styles.xml", 512 * 1024)), Small));
    }

    [Fact]
    public void A_part_declaring_more_than_the_part_limit_is_too_large()
    {
        var problem = Inspect(Docx(("word/media/bomb.bin", 3L * MiB)), Small);

        Assert.Equal(PackageRefusal.TooLarge, problem?.Refusal);
        Assert.Contains("word/media/bomb.bin", problem!.Reason);
    }

    [Fact]
    public void Parts_together_over_the_total_limit_are_too_large()
    {
        var problem = Inspect(Docx(("a.bin", 900 * 1024), ("b.bin", 900 * 1024), ("c.bin", 900 * 1024),
            ("d.bin", 900 * 1024), ("e.bin", 900 * 1024)), Small with { MaxCompressionRatio = 10_000 });

        Assert.Equal(PackageRefusal.TooLarge, problem?.Refusal);
    }

    [Fact]
    public void The_default_limits_refuse_a_part_that_unpacks_past_fifty_mebibytes()
    {
        // 60 MiB of zeros deflate to about 60 KiB: a small upload that would fill the disk of whoever opens it.
        var bomb = Docx(("word/document2.xml", 60L * MiB));
        Assert.True(bomb.Length < MiB);

        Assert.Equal(PackageRefusal.TooLarge, Inspect(bomb, Defaults)?.Refusal);
    }

    [Fact]
    public void A_large_part_compressed_past_the_ratio_is_not_credible()
    {
        var problem = Inspect(Docx(("word/media/zeros.bin", 3L * MiB)), Defaults);

        Assert.Equal(PackageRefusal.NotCredible, problem?.Refusal);
        Assert.Contains("100:1", problem!.Reason);
    }

    [Fact]
    public void Too_many_entries_are_not_credible()
    {
        var parts = Enumerable.Range(0, 30).Select(i => ($"word/media/p{i}.bin", 16L)).ToArray();

        Assert.Equal(PackageRefusal.NotCredible, Inspect(Docx(parts), Small)?.Refusal);
    }

    [Fact]
    public void A_part_whose_header_understates_it_is_counted_and_stopped_at_the_limit()
    {
        // The headers say 1 KiB; inflating it would give 3 MiB, past the 2 MiB part limit.
        var lying = Understated(Docx(("word/media/bomb.bin", 3L * MiB)), "word/media/bomb.bin", 1024);

        var problem = Inspect(lying, Small);

        Assert.Equal(PackageRefusal.TooLarge, problem?.Refusal);
    }

    [Fact]
    public void A_part_whose_header_misstates_its_size_within_the_limits_is_not_credible()
    {
        var lying = Understated(Docx(("word/media/image1.png", 300 * 1024)), "word/media/image1.png", 1024);

        var problem = Inspect(lying, Defaults);

        Assert.Equal(PackageRefusal.NotCredible, problem?.Refusal);
        Assert.Contains("declares 1024 bytes", problem!.Reason);
    }

    [Fact]
    public void A_package_without_a_central_directory_is_not_credible()
    {
        Assert.Equal(PackageRefusal.NotCredible, Inspect(Docx()[..60], Defaults)?.Refusal);
        Assert.Equal(PackageRefusal.NotCredible, Inspect([], Defaults)?.Refusal);
    }

    [Fact]
    public void A_part_with_corrupt_deflate_data_is_not_credible()
    {
        var zip = Docx(("word/media/image1.png", 300 * 1024));
        // The part's data follows its local header: 30 bytes plus the name; 0xFF bytes are no valid deflate block.
        var local = zip.AsSpan().IndexOf("word/media/image1.png"u8);
        zip.AsSpan(local + "word/media/image1.png".Length, 16).Fill(0xFF);

        Assert.Equal(PackageRefusal.NotCredible, Inspect(zip, Defaults)?.Refusal);
    }

    [Fact]
    public void A_package_is_inspected_from_a_file_on_disk_and_the_stream_is_left_where_it_was()
    {
        using var good = OnDisk(Docx(("word/media/image1.png", 300 * 1024)));
        using var bomb = OnDisk(Docx(("word/document2.xml", 60L * MiB)));
        good.Position = bomb.Position = 7;

        Assert.Null(OfficePackage.Inspect(good, Defaults));
        Assert.Equal(PackageRefusal.TooLarge, OfficePackage.Inspect(bomb, Defaults)?.Refusal);
        Assert.Equal(7, good.Position);
        Assert.Equal(7, bomb.Position);
    }

    [Fact]
    public void A_large_package_is_inflated_through_a_buffer_and_never_read_whole()
    {
        // 20 MiB of random bytes deflate to about 20 MiB: a package at the attachment limit that holds what it says.
        var noise = new byte[20 * MiB];
        new Random(18).NextBytes(noise);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "word/document.xml" })
                using (var writer = new StreamWriter(archive.CreateEntry(name).Open()))
                    writer.Write(Xml);
            using var part = archive.CreateEntry("word/media/scan.bin", CompressionLevel.Fastest).Open();
            part.Write(noise);
        }
        buffer.Position = 0;
        Assert.True(buffer.Length > 20 * MiB);

        // Inspect is synchronous, so this thread's allocations are all of its own: a buffer, never the package.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var problem = OfficePackage.Inspect(buffer, Defaults);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(problem);
        Assert.True(allocated < MiB, $"Inspecting a {buffer.Length}-byte package allocated {allocated} bytes.");
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_refused()
    {
        // A decompressing stream reads forward only.
        using var forwardOnly = new DeflateStream(new MemoryStream(Docx()), CompressionMode.Decompress);

        Assert.Throws<ArgumentException>(() => OfficePackage.Inspect(forwardOnly, Defaults));
    }

    /// <summary>The package in a temporary file, deleted when the stream is closed.</summary>
    private static FileStream OnDisk(byte[] package)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"yangfan-package-{Guid.NewGuid():N}.docx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        file.Write(package);
        return file;
    }
}
