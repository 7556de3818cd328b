using System.IO.Compression;

namespace YangFan.Benchmarks.Domain.Attachments;

/// <summary>An attachment type recognised from the file's own bytes, never from its name or declared type.</summary>
/// <param name="Kind">Short key: "pdf", "png", "jpeg", "docx" or "xlsx".</param>
/// <param name="MediaType">The media type to store and serve the file with.</param>
/// <param name="Extension">The extension the stored name gets, with its leading dot.</param>
public sealed record DetectedFileType(string Kind, string MediaType, string Extension);

/// <summary>
/// Recognises the attachment types the programmes accept by their leading bytes ("magic numbers"). Anything not
/// recognised, including a plain ZIP, an executable or a script, is refused by returning null.
/// </summary>
public static class FileSignature
{
    /// <summary>A PDF document.</summary>
    public static readonly DetectedFileType Pdf = new("pdf", "application/pdf", ".pdf");

    /// <summary>A PNG image.</summary>
    public static readonly DetectedFileType Png = new("png", "image/png", ".png");

    /// <summary>A JPEG image.</summary>
    public static readonly DetectedFileType Jpeg = new("jpeg", "image/jpeg", ".jpg");

    /// <summary>A Word document (Office Open XML).</summary>
    public static readonly DetectedFileType Docx = new(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");

    /// <summary>An Excel workbook (Office Open XML).</summary>
    public static readonly DetectedFileType Xlsx = new(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");

    private static readonly DetectedFileType[] Accepted = [Pdf, Png, Jpeg, Docx, Xlsx];

    /// <summary>The accepted type a file was stored as, by its stored media type; null for any other.</summary>
    public static DetectedFileType? ForMediaType(string mediaType) =>
        Accepted.FirstOrDefault(t => string.Equals(t.MediaType, mediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether a browser may be asked to show a file of this stored media type itself rather than save it: PDF and the
    /// two image types, which browsers render without running the file's own code. Office documents are only downloaded.
    /// </summary>
    public static bool ViewableInBrowser(string mediaType) => ForMediaType(mediaType) is { Kind: "pdf" or "png" or "jpeg" };

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    // The longest signature above; nothing beyond it is read unless the file is a ZIP container.
    private const int HeaderLength = 8;

    /// <summary>
    /// Detects the type of the content starting at the stream's current position. A seekable stream is left where
    /// it was; a non-seekable one is consumed (entirely, for a ZIP container).
    /// </summary>
    /// <returns>The detected type, or null when the content is not one of the accepted types.</returns>
    public static DetectedFileType? Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);

        var start = content.CanSeek ? content.Position : 0;
        try
        {
            var header = new byte[HeaderLength];
            var read = content.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
            var bytes = header.AsSpan(0, read);

            if (bytes.StartsWith(PdfMagic)) return Pdf;
            if (bytes.StartsWith(PngMagic)) return Png;
            if (bytes.StartsWith(JpegMagic)) return Jpeg;
            if (bytes.StartsWith(ZipMagic)) return DetectOfficeDocument(content, start, header.AsSpan(0, read));
            return null;
        }
        finally
        {
            if (content.CanSeek) content.Position = start;
        }
    }

    // DOCX and XLSX are ZIP packages told apart only by their parts, so the central directory has to be read.
    // Only entry names are looked at; nothing is decompressed.
    private static DetectedFileType? DetectOfficeDocument(Stream content, long start, ReadOnlySpan<byte> header)
    {
        Stream archiveStream;
        if (content.CanSeek)
        {
            // ZipArchive seeks to absolute offsets, so the view must begin where the content does.
            archiveStream = start == 0 ? content : new OffsetStream(content, start);
        }
        else
        {
            // ZipArchive would buffer a non-seekable stream anyway; the header bytes are already consumed.
            var buffer = new MemoryStream();
            buffer.Write(header);
            content.CopyTo(buffer);
            buffer.Position = 0;
            archiveStream = buffer;
        }

        try
        {
            using var archive = new ZipArchive(archiveStream, ZipArchiveMode.Read, leaveOpen: true);
            var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);

            // OPC part names are case-insensitive. A package claiming to be both is not trusted as either.
            if (!names.Contains("[Content_Types].xml")) return null;
            var isWord = names.Contains("word/document.xml");
            var isExcel = names.Contains("xl/workbook.xml");
            return (isWord, isExcel) switch
            {
                (true, false) => Docx,
                (false, true) => Xlsx,
                _ => null,
            };
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A read-only view of a seekable stream that starts at <c>start</c> and never disposes it.</summary>
    private sealed class OffsetStream(Stream inner, long start) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length - start;

        public override long Position
        {
            get => inner.Position - start;
            set => inner.Position = start + value;
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) =>
            origin switch
            {
                SeekOrigin.Begin => inner.Seek(start + offset, SeekOrigin.Begin) - start,
                SeekOrigin.Current => inner.Seek(offset, SeekOrigin.Current) - start,
                SeekOrigin.End => inner.Seek(offset, SeekOrigin.End) - start,
                _ => throw new ArgumentOutOfRangeException(nameof(origin)),
            };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
