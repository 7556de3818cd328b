using System.Buffers.Binary;
using System.IO.Compression;

namespace YangFan.Benchmarks.Domain.Attachments;

/// <summary>What a DOCX or XLSX package may unpack to.</summary>
/// <param name="MaxTotalBytes">All parts together, uncompressed.</param>
/// <param name="MaxPartBytes">One part, uncompressed.</param>
/// <param name="MaxEntries">Entries in the package's central directory.</param>
/// <param name="MaxCompressionRatio">Largest uncompressed-to-compressed ratio of a part of at least
/// <paramref name="RatioCheckedFromBytes"/>; XML parts of real documents stay well below 100:1.</param>
/// <param name="RatioCheckedFromBytes">Small parts compress arbitrarily well and cost nothing, so only larger ones
/// are held to the ratio.</param>
public sealed record UnpackLimits(long MaxTotalBytes, long MaxPartBytes, int MaxEntries, int MaxCompressionRatio,
    long RatioCheckedFromBytes = 1024 * 1024);

/// <summary>Why a package was refused: too large once unpacked, or not a credible document at all.</summary>
public enum PackageRefusal
{
    /// <summary>The parts unpack, by declaration or by count, to more than the limits allow.</summary>
    TooLarge,

    /// <summary>Too many entries, an absurd compression ratio, sizes that lie, or parts that cannot be read.</summary>
    NotCredible,
}

/// <summary>A refused package and the reason in words.</summary>
public sealed record PackageProblem(PackageRefusal Refusal, string Reason);

/// <summary>
/// Checks that an Office Open XML package (a ZIP container) cannot unpack into more than the limits allow: a "zip
/// bomb" passes the type check on its entry names alone. The central directory is read first; then every part is
/// inflated into nothing, counting, and the count stops at the limit, so a package whose headers understate its
/// sizes is caught too, without ever holding more than a buffer. The package is read from a seekable stream (an upload
/// spooled to disk by the form reader), never loaded whole.
/// </summary>
public static class OfficePackage
{
    private const uint EndOfCentralDirectorySignature = 0x06054B50;
    private const uint CentralDirectorySignature = 0x02014B50;
    private const uint LocalHeaderSignature = 0x04034B50;
    private const int EndOfCentralDirectoryLength = 22;
    private const int CentralDirectoryHeaderLength = 46;
    private const int LocalHeaderLength = 30;
    private const ushort Stored = 0;
    private const ushort Deflated = 8;

    // ZIP64 marks sizes and offsets beyond 32 bits with all ones; no accepted package comes near that.
    private const uint Zip64Marker = uint.MaxValue;

    private sealed record Entry(string Name, ushort Method, long CompressedSize, long DeclaredSize, long LocalHeaderOffset);

    /// <summary>
    /// Inspects a package read from a seekable stream: the whole stream is the package, whatever its position; only
    /// the end record, the central directory's headers and one part at a time through a buffer are read, and the
    /// position is left where it was.
    /// </summary>
    /// <returns>Null when the package stays within <paramref name="limits"/>; otherwise why it does not.</returns>
    public static PackageProblem? Inspect(Stream package, UnpackLimits limits)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(limits);
        if (!package.CanRead || !package.CanSeek)
            throw new ArgumentException("A package is inspected from a readable, seekable stream.", nameof(package));

        var position = package.Position;
        try
        {
            return InspectWhole(package, limits);
        }
        finally
        {
            package.Position = position;
        }
    }

    private static PackageProblem? InspectWhole(Stream package, UnpackLimits limits)
    {
        var entries = ReadCentralDirectory(package, limits, out var problem);
        if (problem is not null) return problem;

        long declaredTotal = 0;
        foreach (var entry in entries!)
        {
            if (entry.DeclaredSize > limits.MaxPartBytes)
                return TooLarge($"The part '{entry.Name}' unpacks to {entry.DeclaredSize} bytes; the limit per part is {limits.MaxPartBytes} bytes.");
            declaredTotal += entry.DeclaredSize;
            if (declaredTotal > limits.MaxTotalBytes)
                return TooLarge($"The parts unpack to more than {limits.MaxTotalBytes} bytes together.");
            if (entry.DeclaredSize >= limits.RatioCheckedFromBytes
                && entry.DeclaredSize > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedSize))
                return NotCredible($"The part '{entry.Name}' is compressed more than {limits.MaxCompressionRatio}:1.");
        }

        // The declarations are only claims: inflate every part and count what it really holds.
        long countedTotal = 0;
        foreach (var entry in entries)
        {
            var room = Math.Min(limits.MaxPartBytes, limits.MaxTotalBytes - countedTotal);
            var counted = Count(package, entry, room, out problem);
            if (problem is not null) return problem;
            if (counted > room)
                return TooLarge($"The part '{entry.Name}' unpacks to more than its header says and more than the limits allow.");
            if (counted != entry.DeclaredSize)
                return NotCredible($"The part '{entry.Name}' declares {entry.DeclaredSize} bytes but holds {counted}.");
            countedTotal += counted;
        }
        return null;
    }

    private static List<Entry>? ReadCentralDirectory(Stream zip, UnpackLimits limits, out PackageProblem? problem)
    {
        problem = null;
        // The end record sits in the last 22 bytes plus at most a 65,535-byte comment: that tail is all that is read whole.
        var tail = new byte[(int)Math.Min(zip.Length, EndOfCentralDirectoryLength + ushort.MaxValue)];
        ReadAt(zip, zip.Length - tail.Length, tail);
        var end = FindEndOfCentralDirectory(tail);
        if (end < 0)
        {
            problem = NotCredible("The package has no readable ZIP central directory.");
            return null;
        }

        ReadOnlySpan<byte> record = tail.AsSpan(end);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        if (count > limits.MaxEntries)
        {
            problem = NotCredible($"The package has {count} entries; at most {limits.MaxEntries} are accepted.");
            return null;
        }
        if (offset == Zip64Marker || count == ushort.MaxValue)
        {
            problem = NotCredible("The package uses ZIP64, which no accepted document needs.");
            return null;
        }

        var entries = new List<Entry>(count);
        var header = new byte[CentralDirectoryHeaderLength];
        var position = (long)offset;
        for (var i = 0; i < count; i++)
        {
            if (position + CentralDirectoryHeaderLength > zip.Length)
            {
                problem = NotCredible("The package's central directory is damaged.");
                return null;
            }
            ReadAt(zip, position, header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralDirectorySignature)
            {
                problem = NotCredible("The package's central directory is damaged.");
                return null;
            }
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10));
            var compressed = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(20));
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            var localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(42));
            if (position + CentralDirectoryHeaderLength + nameLength > zip.Length)
            {
                problem = NotCredible("The package's central directory is damaged.");
                return null;
            }
            var nameBytes = new byte[nameLength];
            ReadAt(zip, position + CentralDirectoryHeaderLength, nameBytes);
            var name = System.Text.Encoding.UTF8.GetString(nameBytes);
            if (compressed == Zip64Marker || declared == Zip64Marker || localOffset == Zip64Marker)
            {
                // A part that needs ZIP64 sizes is at least 4 GiB, far past any limit.
                problem = TooLarge($"The part '{name}' declares a size of 4 GiB or more.");
                return null;
            }
            entries.Add(new Entry(name, method, compressed, declared, localOffset));
            position += CentralDirectoryHeaderLength + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    // The last signature in the tail wins.
    private static int FindEndOfCentralDirectory(ReadOnlySpan<byte> tail)
    {
        for (var i = tail.Length - EndOfCentralDirectoryLength; i >= 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) == EndOfCentralDirectorySignature)
                return i;
        return -1;
    }

    /// <summary>Inflates one part into nothing and returns its size, stopping once it passes <paramref name="room"/>.</summary>
    private static long Count(Stream zip, Entry entry, long room, out PackageProblem? problem)
    {
        problem = null;
        var local = entry.LocalHeaderOffset;
        Span<byte> header = stackalloc byte[LocalHeaderLength];
        if (local + LocalHeaderLength > zip.Length)
        {
            problem = NotCredible($"The part '{entry.Name}' cannot be found where the central directory says.");
            return 0;
        }
        ReadAt(zip, local, header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeaderSignature)
        {
            problem = NotCredible($"The part '{entry.Name}' cannot be found where the central directory says.");
            return 0;
        }
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        var dataStart = local + LocalHeaderLength + nameLength + extraLength;
        if (dataStart + entry.CompressedSize > zip.Length)
        {
            problem = NotCredible($"The part '{entry.Name}' runs past the end of the package.");
            return 0;
        }

        switch (entry.Method)
        {
            case Stored:
                return entry.CompressedSize;
            case Deflated:
                try
                {
                    zip.Position = dataStart;
                    using var inflater = new DeflateStream(new Window(zip, entry.CompressedSize), CompressionMode.Decompress);
                    var buffer = new byte[81920];
                    long total = 0;
                    int read;
                    while ((read = inflater.Read(buffer)) > 0)
                    {
                        total += read;
                        if (total > room) break;
                    }
                    return total;
                }
                catch (InvalidDataException)
                {
                    problem = NotCredible($"The part '{entry.Name}' cannot be decompressed.");
                    return 0;
                }
            default:
                problem = NotCredible($"The part '{entry.Name}' uses compression method {entry.Method}; Office documents use only stored or deflated parts.");
                return 0;
        }
    }

    private static void ReadAt(Stream zip, long position, Span<byte> buffer)
    {
        zip.Position = position;
        zip.ReadExactly(buffer);
    }

    /// <summary>The next <c>length</c> bytes of a stream from its position, read forward only; the stream stays open.</summary>
    private sealed class Window(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0) return 0;
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static PackageProblem TooLarge(string reason) => new(PackageRefusal.TooLarge, reason);

    private static PackageProblem NotCredible(string reason) => new(PackageRefusal.NotCredible, reason);
}
