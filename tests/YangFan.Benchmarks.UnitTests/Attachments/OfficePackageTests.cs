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

    [Fact]
    public void An_ordinary_document_is_accepted()
    {
        Assert.Null(OfficePackage.Inspect(Docx(("word/media/image1.png", 200 * 1024)), Defaults));
    }

    [Fact]
    public void A_small_part_may_compress_as_well_as_it_likes()
    {
        // 512 KiB of zeros compresses about 1000:1, but the ratio is held only against parts of 1 MiB or more.
        Assert.Null(OfficePackage.Inspect(Docx(("word/styles.xml", 512 * 1024)), Small));
    }

    [Fact]
    public void A_part_declaring_more_than_the_part_limit_is_too_large()
    {
        var problem = OfficePackage.Inspect(Docx(("word/media/bomb.bin", 3L * MiB)), Small);

        Assert.Equal(PackageRefusal.TooLarge, problem?.Refusal);
        Assert.Contains("word/media/bomb.bin", problem!.Reason);
    }

    [Fact]
    public void Parts_together_over_the_total_limit_are_too_large()
    {
        var problem = OfficePackage.Inspect(Docx(("a.bin", 900 * 1024), ("b.bin", 900 * 1024), ("c.bin", 900 * 1024),
            ("d.bin", 900 * 1024), ("e.bin", 900 * 1024)), Small with { MaxCompressionRatio = 10_000 });

        Assert.Equal(PackageRefusal.TooLarge, problem?.Refusal);
    }

    [Fact]
    public void The_default_limits_refuse_a_part_that_unpacks_past_fifty_mebibytes()
    {
        // 60 MiB of zeros deflate to about 60 KiB: a small upload that would fill the disk of whoever opens it.
        var bomb = Docx(("word/document2.xml", 60L * MiB));
        Assert.True(bomb.Length < MiB);

        Assert.Equal(PackageRefusal.TooLarge, OfficePackage.Inspect(bomb, Defaults)?.Refusal);
    }

    [Fact]
    public void A_large_part_compressed_past_the_ratio_is_not_credible()
    {
        var problem = OfficePackage.Inspect(Docx(("word/media/zeros.bin", 3L * MiB)), Defaults);

        Assert.Equal(PackageRefusal.NotCredible, problem?.Refusal);
        Assert.Contains("100:1", problem!.Reason);
    }

    [Fact]
    public void Too_many_entries_are_not_credible()
    {
        var parts = Enumerable.Range(0, 30).Select(i => ($"word/media/p{i}.bin", 16L)).ToArray();

        Assert.Equal(PackageRefusal.NotCredible, OfficePackage.Inspect(Docx(parts), Small)?.Refusal);
    }

    [Fact]
    public void A_part_whose_header_understates_it_is_counted_and_stopped_at_the_limit()
    {
        // The headers say 1 KiB; inflating it would give 3 MiB, past the 2 MiB part limit.
        var lying = Understated(Docx(("word/media/bomb.bin", 3L * MiB)), "word/media/bomb.bin", 1024);

        var problem = OfficePackage.Inspect(lying, Small);

        Assert.Equal(PackageRefusal.TooLarge, problem?.Refusal);
    }

    [Fact]
    public void A_part_whose_header_misstates_its_size_within_the_limits_is_not_credible()
    {
        var lying = Understated(Docx(("word/media/image1.png", 300 * 1024)), "word/media/image1.png", 1024);

        var problem = OfficePackage.Inspect(lying, Defaults);

        Assert.Equal(PackageRefusal.NotCredible, problem?.Refusal);
        Assert.Contains("declares 1024 bytes", problem!.Reason);
    }

    [Fact]
    public void A_package_without_a_central_directory_is_not_credible()
    {
        Assert.Equal(PackageRefusal.NotCredible, OfficePackage.Inspect(Docx()[..60], Defaults)?.Refusal);
        Assert.Equal(PackageRefusal.NotCredible, OfficePackage.Inspect([], Defaults)?.Refusal);
    }

    [Fact]
    public void A_part_with_corrupt_deflate_data_is_not_credible()
    {
        var zip = Docx(("word/media/image1.png", 300 * 1024));
        // The part's data follows its local header: 30 bytes plus the name; 0xFF bytes are no valid deflate block.
        var local = zip.AsSpan().IndexOf("word/media/image1.png"u8);
        zip.AsSpan(local + "word/media/image1.png".Length, 16).Fill(0xFF);

        Assert.Equal(PackageRefusal.NotCredible, OfficePackage.Inspect(zip, Defaults)?.Refusal);
    }
}
