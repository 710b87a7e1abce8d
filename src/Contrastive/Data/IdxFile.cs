using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Contrastive.Data;

/// <summary>
/// The IDX format of MNIST, Fashion-MNIST and KMNIST: two zero bytes, a type byte (0x08: unsigned
/// bytes), the number of dimensions, each dimension as a big-endian 32-bit integer, then the values
/// in row-major order. Files may be gzip-compressed; the reader tells by the first two bytes, not by
/// the name. Every read checks the header and that the file holds exactly the values it declares.
/// </summary>
public static class IdxFile
{
    /// <summary>The IDX type byte of unsigned 8-bit values, the only type image and label files use.</summary>
    public const byte UnsignedByte = 0x08;

    private const int MaxDimensions = 8;

    /// <summary>Reads only the header: the type byte and the dimensions.</summary>
    /// <exception cref="DataFormatException">The header is cut short or malformed.</exception>
    public static IdxHeader ReadHeader(string path)
    {
        using var stream = Open(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="rank"/> dimensions: header and every value.</summary>
    /// <exception cref="DataFormatException">
    /// The magic bytes, type byte or rank differ from what is expected, a dimension is zero, or the file
    /// holds fewer or more values than its header declares.
    /// </exception>
    public static IdxArray Read(string path, int rank)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path);
        if (header.Type != UnsignedByte)
        {
            throw new DataFormatException(path, $"IDX type byte is 0x{header.Type:X2} ({TypeName(header.Type)}); expected 0x08 (unsigned bytes).");
        }

        if (header.Dimensions.Count != rank)
        {
            throw new DataFormatException(path, $"IDX header declares {header.Dimensions.Count} dimension(s) ({Describe(header.Dimensions)}); expected {rank}.");
        }

        var expected = header.ValueCount;
        if (expected > Array.MaxLength)
        {
            throw new DataFormatException(path, $"IDX header declares {Describe(header.Dimensions)} = {Count(expected)} values, more than one array can hold.");
        }

        var values = ReadExactly(stream, path, header, (int)expected);
        return new IdxArray(header.Dimensions, values);
    }

    /// <summary>
    /// Reads an image file ([N, rows, columns]) and its label file ([N]) into a dataset of N
    /// single-channel images. With <paramref name="classNames"/>, every label must be a class index below
    /// their count; without, the classes are named "0" up to the largest label. <paramref name="source"/>
    /// describes where the files came from (default: their paths).
    /// </summary>
    /// <exception cref="DataFormatException">
    /// Either file is damaged (see <see cref="Read"/>), the counts differ, or a label is not a class.
    /// </exception>
    public static ImageDataset ReadDataset(string imagesPath, string labelsPath, string name, IReadOnlyList<string>? classNames = null, string? source = null)
    {
        var images = Read(imagesPath, rank: 3);
        var labels = Read(labelsPath, rank: 1);
        var (count, rows, columns) = (images.Dimensions[0], images.Dimensions[1], images.Dimensions[2]);
        if (labels.Dimensions[0] != count)
        {
            throw new DataFormatException(labelsPath,
                $"holds {Count(labels.Dimensions[0])} labels, but {Path.GetFileName(imagesPath)} holds {Count(count)} images; expected one label per image.");
        }

        if (classNames is { Count: 0 })
        {
            throw new ArgumentException("give at least one class name, or none (null) to number the classes by label.", nameof(classNames));
        }

        if (classNames is { Count: < 256 } names)
        {
            var bad = labels.Values.AsSpan().IndexOfAnyInRange((byte)names.Count, (byte)255);
            if (bad >= 0)
            {
                throw new DataFormatException(labelsPath,
                    $"label {labels.Values[bad]} at index {Count(bad)} is not a class: expected 0 to {names.Count - 1} ({names.Count} classes).");
            }
        }

        classNames ??= Enumerable.Range(0, count == 0 ? 0 : labels.Values.Max() + 1).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        using var scope = TorchSharp.torch.NewDisposeScope();
        var imageTensor = TorchSharp.torch.tensor(images.Values, new long[] { count, 1, rows, columns });
        var labelTensor = TorchSharp.torch.tensor(labels.Values, new long[] { count }).to(TorchSharp.torch.ScalarType.Int64);
        source ??= $"{imagesPath} + {Path.GetFileName(labelsPath)}";
        return new ImageDataset(name, source, imageTensor, labelTensor, classNames);
    }

    /// <summary>Writes <paramref name="values"/> as an unsigned-byte IDX file with the given dimensions, gzip-compressed or raw.</summary>
    public static void Write(Stream stream, IReadOnlyList<int> dimensions, ReadOnlySpan<byte> values, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count is 0 or > MaxDimensions || dimensions.Any(d => d <= 0))
        {
            throw new ArgumentException($"IDX dimensions must be 1 to {MaxDimensions} positive sizes; got {Describe(dimensions)}.", nameof(dimensions));
        }

        var count = dimensions.Aggregate(1L, (product, d) => product * d);
        if (count != values.Length)
        {
            throw new ArgumentException($"{Describe(dimensions)} = {Count(count)} values, but {Count(values.Length)} were given.", nameof(values));
        }

        using var target = gzip ? new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true) : (Stream)new NonClosing(stream);
        Span<byte> header = stackalloc byte[4 + 4 * dimensions.Count];
        header[2] = UnsignedByte;
        header[3] = (byte)dimensions.Count;
        for (var i = 0; i < dimensions.Count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header[(4 + 4 * i)..], dimensions[i]);
        }

        target.Write(header);
        target.Write(values);
    }

    /// <summary>Opens a file for reading, through gzip when its first two bytes are gzip's magic (1f 8b).</summary>
    internal static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false)
            : file;
    }

    private static IdxHeader ReadHeader(Stream stream, string path)
    {
        Span<byte> head = stackalloc byte[4];
        var read = Fill(stream, head, path);
        if (read < 4)
        {
            throw new DataFormatException(path, $"too short for an IDX header: {read} byte(s); an IDX file starts with 4 magic bytes and its dimensions.");
        }

        if (head[0] != 0 || head[1] != 0)
        {
            throw new DataFormatException(path, $"not an IDX file: it starts with {head[0]:x2} {head[1]:x2}; expected 00 00 (or gzip's 1f 8b).");
        }

        var rank = head[3];
        if (rank is 0 or > MaxDimensions)
        {
            throw new DataFormatException(path, $"IDX header declares {rank} dimensions; expected 1 to {MaxDimensions}.");
        }

        Span<byte> sizes = stackalloc byte[4 * rank];
        read = Fill(stream, sizes, path);
        if (read < sizes.Length)
        {
            throw new DataFormatException(path, $"truncated IDX header: {rank} dimensions need {sizes.Length} bytes after the magic; found {read}.");
        }

        var dimensions = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(sizes[(4 * i)..]);
            if (size <= 0)
            {
                throw new DataFormatException(path, $"IDX dimension {i} is {size}; every dimension must be at least 1.");
            }

            dimensions[i] = size;
        }

        return new IdxHeader(head[2], dimensions);
    }

    private static byte[] ReadExactly(Stream stream, string path, IdxHeader header, int expected)
    {
        // A header can claim far more than the file holds; check a raw file's length before allocating.
        if (stream is FileStream file && file.Length - file.Position < expected)
        {
            throw Truncated(path, header, expected, file.Length - file.Position);
        }

        var values = new byte[expected];
        var read = Fill(stream, values, path);
        if (read < expected)
        {
            throw Truncated(path, header, expected, read);
        }

        Span<byte> extra = stackalloc byte[4096];
        long trailing = 0;
        int n;
        while ((n = Fill(stream, extra, path)) > 0)
        {
            trailing += n;
        }

        if (trailing > 0)
        {
            throw new DataFormatException(path,
                $"IDX header declares {Describe(header.Dimensions)} = {Count(expected)} values, but {Count(trailing)} more byte(s) follow them (wrong header or two files joined).");
        }

        return values;
    }

    private static DataFormatException Truncated(string path, IdxHeader header, long expected, long found)
        => new(path, $"truncated: the IDX header declares {Describe(header.Dimensions)} = {Count(expected)} values; found {Count(found)}.");

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; damaged gzip data becomes a <see cref="DataFormatException"/>.</summary>
    private static int Fill(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"damaged gzip data ({e.Message})", e);
        }
    }

    internal static string Describe(IReadOnlyList<int> dimensions)
        => dimensions.Count == 0 ? "no dimensions" : string.Join(" x ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string TypeName(byte type) => type switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not an IDX type",
    };

    /// <summary>Lets a raw write go through the same <c>using</c> as a gzip one without closing the caller's stream.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}

/// <summary>An IDX header: the type byte and the size of each dimension.</summary>
/// <param name="Type">The type byte (0x08 for unsigned bytes).</param>
/// <param name="Dimensions">Sizes, outermost first (images: count, rows, columns).</param>
public sealed record IdxHeader(byte Type, IReadOnlyList<int> Dimensions)
{
    /// <summary>The number of values the header declares: the product of the dimensions.</summary>
    public long ValueCount => Dimensions.Aggregate(1L, (product, d) => product * d);
}

/// <summary>The contents of an unsigned-byte IDX file.</summary>
/// <param name="Dimensions">Sizes, outermost first.</param>
/// <param name="Values">Every value in row-major order.</param>
public sealed record IdxArray(IReadOnlyList<int> Dimensions, byte[] Values);
