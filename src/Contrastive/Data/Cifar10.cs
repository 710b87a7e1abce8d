using System.Globalization;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>
/// CIFAR-10's binary version (<c>cifar-10-batches-bin</c>): files of records of 1 label byte (0 to 9)
/// and 3,072 pixel bytes, the 1,024 red values of a 32 x 32 image row by row, then green, then blue.
/// Training records are in <c>data_batch_1.bin</c> to <c>data_batch_5.bin</c>, test records in
/// <c>test_batch.bin</c>; class names come from <c>batches.meta.txt</c> when it is there.
/// </summary>
public static partial class Cifar10
{
    /// <summary>Bytes per record: 1 label + 3 x 32 x 32 pixels.</summary>
    public const int RecordBytes = 1 + 3 * 32 * 32;

    /// <summary>The classes in label order, as CIFAR-10's batches.meta.txt lists them.</summary>
    public static IReadOnlyList<string> DefaultClassNames { get; } =
        new[] { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" };

    /// <summary>
    /// Reads <paramref name="split"/> from <paramref name="folder"/>: every <c>data_batch_N.bin</c> in
    /// order of N for training, <c>test_batch.bin</c> for test.
    /// </summary>
    /// <exception cref="FileNotFoundException">The split's files are not in the folder.</exception>
    /// <exception cref="DataFormatException">A file is not whole records, a label is not 0 to 9, or batches.meta.txt does not list 10 names.</exception>
    public static ImageDataset Load(string folder, DataSplit split)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"no CIFAR-10 folder at {folder}.");
        }

        List<string> files;
        if (split == DataSplit.Train)
        {
            files = Directory.GetFiles(folder, "data_batch_*.bin")
                .Select(f => (Path: f, Match: BatchName().Match(Path.GetFileName(f))))
                .Where(f => f.Match.Success)
                .OrderBy(f => int.Parse(f.Match.Groups[1].Value, CultureInfo.InvariantCulture))
                .Select(f => f.Path)
                .ToList();
            if (files.Count == 0)
            {
                throw new FileNotFoundException($"cifar10: no data_batch_N.bin in {folder}.", Path.Combine(folder, "data_batch_1.bin"));
            }
        }
        else
        {
            var test = Path.Combine(folder, "test_batch.bin");
            files = File.Exists(test) ? new List<string> { test } : throw new FileNotFoundException($"cifar10: no test_batch.bin in {folder}.", test);
        }

        return Read(files, $"cifar10 ({split.ToString().ToLowerInvariant()})", ClassNamesIn(folder));
    }

    /// <summary>Reads the records of <paramref name="files"/>, in order, into one dataset of 3 x 32 x 32 images.</summary>
    /// <exception cref="DataFormatException">A file is empty or not whole records, or a label is not a class.</exception>
    public static ImageDataset Read(IReadOnlyList<string> files, string name, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        classNames ??= DefaultClassNames;
        using var scope = NewDisposeScope();
        var images = new List<Tensor>();
        var labels = new List<Tensor>();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
            {
                throw new DataFormatException(file, string.Create(CultureInfo.InvariantCulture,
                    $"{bytes.Length:N0} bytes is not a whole number of {RecordBytes:N0}-byte records (1 label + 3,072 pixels): "
                    + $"{bytes.Length / RecordBytes:N0} records and {bytes.Length % RecordBytes:N0} bytes left over."));
            }

            var count = bytes.Length / RecordBytes;
            var records = tensor(bytes, new long[] { count, RecordBytes });
            var label = records.select(1, 0).to(ScalarType.Int64);
            using var bad = label.ge(tensor((long)classNames.Count)).nonzero();
            if (bad.shape[0] > 0)
            {
                var index = bad[0, 0].item<long>();
                throw new DataFormatException(file, string.Create(CultureInfo.InvariantCulture,
                    $"record {index:N0} has label {label[index].item<long>()}; expected 0 to {classNames.Count - 1} ({classNames.Count} classes)."));
            }

            images.Add(records.narrow(1, 1, RecordBytes - 1).reshape(count, 3, 32, 32));
            labels.Add(label);
        }

        if (images.Count == 0)
        {
            throw new ArgumentException("give at least one file.", nameof(files));
        }

        var source = files.Count == 1 ? files[0] : $"{Path.GetDirectoryName(files[0])}/{{{string.Join(", ", files.Select(Path.GetFileName))}}}";
        return new ImageDataset(name, source, cat(images, 0).contiguous(), cat(labels, 0), classNames);
    }

    private static IReadOnlyList<string> ClassNamesIn(string folder)
    {
        var meta = Path.Combine(folder, "batches.meta.txt");
        if (!File.Exists(meta))
        {
            return DefaultClassNames;
        }

        var names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == DefaultClassNames.Count
            ? names
            : throw new DataFormatException(meta, $"lists {names.Length} class name(s); CIFAR-10 has {DefaultClassNames.Count}.");
    }

    [GeneratedRegex(@"^data_batch_(\d+)\.bin$", RegexOptions.CultureInvariant)]
    private static partial Regex BatchName();
}
