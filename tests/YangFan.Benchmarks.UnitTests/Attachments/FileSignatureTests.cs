using System.IO.Compression;
using System.Text;
using YangFan.Benchmarks.Domain.Attachments;

namespace YangFan.Benchmarks.UnitTests.Attachments;

/// <summary>Attachments are recognised by their bytes; every sample is built here, not read from disk.</summary>
public class FileSignatureTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Padded(byte[] header, int padding = 64) => [.. header, .. new byte[padding]];

    private static readonly byte[] MinimalPdf = Ascii(
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
        "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

    private static readonly byte[] PngSample = Padded([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]);
    private static readonly byte[] JpegSample = Padded([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46]);

    private static byte[] Zip(params string[] entryNames)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entryNames)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><x/>");
            }
        }
        return buffer.ToArray();
    }

    private static byte[] Docx() =>
        Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels");

    private static byte[] Xlsx() =>
        Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml");

    private static DetectedFileType? Detect(byte[] bytes) => FileSignature.Detect(new MemoryStream(bytes));

    [Fact]
    public void A_pdf_is_recognised_by_its_header()
    {
        Assert.Equal(new DetectedFileType("pdf", "application/pdf", ".pdf"), Detect(MinimalPdf));
    }

    [Fact]
    public void A_png_is_recognised_by_its_eight_byte_signature()
    {
        var detected = Detect(PngSample);

        Assert.Equal("png", detected?.Kind);
        Assert.Equal("image/png", detected?.MediaType);
    }

    [Fact]
    public void A_jpeg_is_recognised_by_its_start_of_image_marker()
    {
        var detected = Detect(JpegSample);

        Assert.Equal("jpeg", detected?.Kind);
        Assert.Equal("image/jpeg", detected?.MediaType);
    }

    [Fact]
    public void A_word_package_is_a_docx()
    {
        var detected = Detect(Docx());

        Assert.Equal("docx", detected?.Kind);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", detected?.MediaType);
        Assert.Equal(".docx", detected?.Extension);
    }

    [Fact]
    public void An_excel_package_is_an_xlsx()
    {
        var detected = Detect(Xlsx());

        Assert.Equal("xlsx", detected?.Kind);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", detected?.MediaType);
        Assert.Equal(".xlsx", detected?.Extension);
    }

    [Fact]
    public void A_plain_zip_is_not_an_office_document()
    {
        Assert.Null(Detect(Zip("readme.txt", "payload/run.exe")));
    }

    [Fact]
    public void A_zip_with_office_parts_but_no_content_types_is_not_an_office_document()
    {
        Assert.Null(Detect(Zip("word/document.xml")));
        Assert.Null(Detect(Zip("xl/workbook.xml")));
    }

    [Fact]
    public void A_package_claiming_to_be_both_word_and_excel_is_refused()
    {
        Assert.Null(Detect(Zip("[Content_Types].xml", "word/document.xml", "xl/workbook.xml")));
    }

    [Fact]
    public void A_truncated_zip_is_refused_rather_than_thrown()
    {
        Assert.Null(Detect(Docx()[..40]));
        Assert.Null(Detect([0x50, 0x4B, 0x03, 0x04]));
    }

    [Fact]
    public void A_pdf_name_carrying_an_executable_is_not_a_pdf()
    {
        // What "申报书.pdf" holds when it is really a Windows program.
        Assert.Null(Detect(Padded([.. Ascii("MZ"), 0x90, 0x00, 0x03, 0x00, 0x00, 0x00], 256)));
    }

    [Theory]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00 })]
    [InlineData(new byte[] { 0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x34 })]
    public void A_native_binary_is_refused(byte[] header)
    {
        Assert.Null(Detect(Padded(header)));
    }

    [Theory]
    [InlineData("#!/bin/sh\nrm -rf /\n")]
    [InlineData("<html><body><script>alert(1)</script></body></html>")]
    [InlineData("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("plain text that mentions %PDF- later on")]
    [InlineData(" %PDF-1.7\n")]
    [InlineData("%PDF")]
    public void Text_that_is_not_an_accepted_type_is_refused(string text)
    {
        Assert.Null(Detect(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_pdf_signature_not_at_the_start_is_refused()
    {
        Assert.Null(Detect([0xEF, 0xBB, 0xBF, .. MinimalPdf]));
        Assert.Null(Detect([.. new byte[16], .. MinimalPdf]));
    }

    [Fact]
    public void An_empty_stream_is_refused()
    {
        Assert.Null(Detect([]));
    }

    public static TheoryData<string> Samples => new() { "pdf", "png", "jpeg", "docx", "xlsx", "zip", "exe", "empty" };

    private static byte[] Sample(string kind) => kind switch
    {
        "pdf" => MinimalPdf,
        "png" => PngSample,
        "jpeg" => JpegSample,
        "docx" => Docx(),
        "xlsx" => Xlsx(),
        "zip" => Zip("readme.txt"),
        "exe" => Padded(Ascii("MZ")),
        "empty" => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detection_leaves_the_stream_where_it_was(string kind)
    {
        var stream = new MemoryStream(Sample(kind));

        FileSignature.Detect(stream);

        Assert.Equal(0, stream.Position);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detection_reads_from_the_current_position_and_returns_to_it(string kind)
    {
        var prefix = Ascii("prefix written by a caller;");
        var stream = new MemoryStream([.. prefix, .. Sample(kind)]) { Position = prefix.Length };

        var detected = FileSignature.Detect(stream);

        Assert.Equal(prefix.Length, stream.Position);
        Assert.Equal(Detect(Sample(kind)), detected);
    }

    [Fact]
    public void The_same_stream_can_be_detected_twice_and_then_read_whole()
    {
        var bytes = Docx();
        var stream = new MemoryStream(bytes);

        Assert.Equal("docx", FileSignature.Detect(stream)?.Kind);
        Assert.Equal("docx", FileSignature.Detect(stream)?.Kind);

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_still_recognised()
    {
        Assert.Equal("pdf", FileSignature.Detect(new ForwardOnlyStream(MinimalPdf))?.Kind);
        Assert.Equal("xlsx", FileSignature.Detect(new ForwardOnlyStream(Xlsx()))?.Kind);
        Assert.Null(FileSignature.Detect(new ForwardOnlyStream(Zip("readme.txt"))));
    }

    [Fact]
    public void Only_the_header_is_read_from_a_file_that_is_not_a_zip()
    {
        var stream = new ForwardOnlyStream([.. MinimalPdf, .. new byte[4096]]);

        FileSignature.Detect(stream);

        Assert.Equal(8, stream.BytesRead);
    }

    /// <summary>A network-like body: readable once, front to back, one byte-chunk at a time.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Short reads, as a socket gives them, so callers must loop.
            var read = _inner.Read(buffer, offset, Math.Min(count, 3));
            BytesRead += read;
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("application/pdf", true, ".pdf")]
    [InlineData("image/png", true, ".png")]
    [InlineData("image/jpeg", true, ".jpg")]
    [InlineData("IMAGE/JPEG", true, ".jpg")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, ".docx")]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, ".xlsx")]
    public void Only_pdf_and_images_are_viewable_in_the_browser_and_each_stored_type_knows_its_extension(string mediaType, bool viewable,
        string extension)
    {
        Assert.Equal(viewable, FileSignature.ViewableInBrowser(mediaType));
        Assert.Equal(extension, FileSignature.ForMediaType(mediaType)!.Extension);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    [InlineData("application/octet-stream")]
    public void A_type_never_accepted_is_neither_viewable_nor_known(string mediaType)
    {
        Assert.False(FileSignature.ViewableInBrowser(mediaType));
        Assert.Null(FileSignature.ForMediaType(mediaType));
    }
}
