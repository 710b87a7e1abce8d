using System.Text;
using Contrastive.Reporting;
using static TorchSharp.torch;

namespace Contrastive.Cli.Commands;

/// <summary>Writes NumPy .npy files (format 1.0, little-endian, C order) for float32 and int64 tensors.</summary>
internal static class NumPy
{
    public static void Write(string path, Tensor tensor)
    {
        var descr = tensor.dtype switch
        {
            ScalarType.Float32 => "<f4",
            ScalarType.Int64 => "<i8",
            _ => throw new ArgumentException($"only float32 and int64 tensors are written as .npy, not {tensor.dtype}."),
        };
        var shape = tensor.dim() == 1 ? $"({tensor.shape[0]},)" : $"({string.Join(", ", tensor.shape)})";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        // Magic, version, header length; the header is padded with spaces so data starts on a 64-byte boundary.
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        var bytes = tensor.contiguous().bytes.ToArray();
        AtomicFile.Write(path, stream =>
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(bytes);
        });
    }
}
