using System.Buffers.Binary;
using System.IO.Compression;

namespace Contrastive.Tests.Data;

/// <summary>
/// Builds the small files the data tests read, byte by byte, independently of the reader under test,
/// so a damaged header is as easy to write as a good one.
/// </summary>
internal static class TestData
{
    /// <summary>An IDX file: 00 00, the type byte, the rank, big-endian dimensions, then <paramref name="values"/> as given.</summary>
    public static byte[] Idx(int[] dimensions, byte[] values, byte type = 0x08)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + values.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        }

        values.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }

    /// <summary>Deterministic pixel values: (31 i + 7) mod 256 for the i-th value.</summary>
    public static byte[] Pixels(int count) => Enumerable.Range(0, count).Select(i => (byte)((31 * i + 7) % 256)).ToArray();

    /// <summary>Labels 0, 1, ..., classes - 1, 0, 1, ...</summary>
    public static byte[] Labels(int count, int classes = 10) => Enumerable.Range(0, count).Select(i => (byte)(i % classes)).ToArray();

    /// <summary>Writes the four MNIST-layout files (gzip) of <paramref name="train"/> and <paramref name="test"/> images of size x size into <paramref name="folder"/>.</summary>
    public static void WriteMnistLayout(string folder, int train, int test, int size = 28, bool gzip = true)
    {
        Directory.CreateDirectory(folder);
        void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(folder, gzip ? name : name[..^3]), gzip ? Gzip(bytes) : bytes);
        Write("train-images-idx3-ubyte.gz", Idx(new[] { train, size, size }, Pixels(train * size * size)));
        Write("train-labels-idx1-ubyte.gz", Idx(new[] { train }, Labels(train)));
        Write("t10k-images-idx3-ubyte.gz", Idx(new[] { test, size, size }, Pixels(test * size * size)));
        Write("t10k-labels-idx1-ubyte.gz", Idx(new[] { test }, Labels(test)));
    }
}

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "contrastive-data-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
