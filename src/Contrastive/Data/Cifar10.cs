using System.Globalization;
using System.Text.RegularExpressions;
using Contrastive.Vocabularies;
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
    /// order of N for training, <c>test_batch.bin</c> for test; <paramref name="source"/> describes
    /// where it came from (default: the files).
    /// </summary>
    /// <exception cref="FileNotFoundException">The split's files are not in the folder.</exception>
    /// <exception cref="DataFormatException">A file is not whole records, a label is not 0 to 9, or batches.meta.txt does not list 10 names.</exception>
    public static ImageDataset Load(string folder, DataSplit split, string? source = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"no CIFAR-10 folder at {folder}.");
        }

        List<string> files;
        if (split == DataSplit.Train)
        {
            files = TrainingBatches(folder);
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

        return Read(files, $"{Name} ({split.ToString().ToLowerInvariant()})", ClassNamesIn(folder), source);
    }

    /// <summary>The sub-folder CIFAR-10's archive (cifar-10-binary.tar.gz) extracts to, also looked in.</summary>
    public const string ArchiveFolder = "cifar-10-batches-bin";

    /// <summary>Where the binary batches are published; this toolkit does not download them (no verified SHA-256 here).</summary>
    public const string DownloadPage = "https://www.cs.toronto.edu/~kriz/cifar.html";

    /// <summary>
    /// Looks for the binary batches in each location of <paramref name="locations"/>, in order, like the
    /// IDX datasets: the <c>cifar10</c> folder (or its <see cref="ArchiveFolder"/> sub-folder) under
    /// <c>$CONTRASTIVE_DATA</c>, the user cache and <c>/usr/share/datasets</c> (there is no bundled subset).
    /// A location is ready with at least one <c>data_batch_N.bin</c> and <c>test_batch.bin</c>; one whose
    /// files are not whole records is damaged, and chosen all the same so that loading says why.
    /// </summary>
    public static IReadOnlyList<DataLocation> Look(DataLocations locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        return Enum.GetValues<DataSourceKind>().Select(kind => Inspect(kind, locations.FolderFor(kind, Name))).ToList();
    }

    /// <summary>Reads <paramref name="split"/> from the first location of <see cref="Look"/> that has the batches.</summary>
    /// <exception cref="FileNotFoundException">No location has them; the message lists each one and says where to get them.</exception>
    /// <exception cref="DataFormatException">The files found are damaged.</exception>
    public static ImageDataset Load(DataSplit split, DataLocations locations)
    {
        var looked = Look(locations);
        var chosen = looked.FirstOrDefault(l => l.HasAllFiles) ?? throw new FileNotFoundException(
            $"{Name}: no location has CIFAR-10's binary batches (data_batch_N.bin and test_batch.bin). Looked at:"
            + string.Concat(looked.Select(l => $"{Environment.NewLine}  {DataResolution.Describe(l.Kind)}: {l.Folder ?? "-"}: {l.Summary}"))
            + $"{Environment.NewLine}{MissingAdvice(locations)}");
        var folder = BatchFolder(chosen.Folder!)!;
        return Load(folder, split, source: $"{DataResolution.Describe(chosen.Kind)}: {folder}");
    }

    /// <summary>What to do when no location has the batches: this toolkit does not download them.</summary>
    public static string MissingAdvice(DataLocations locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        return $"This toolkit does not download CIFAR-10: get the binary version (cifar-10-binary.tar.gz) from {DownloadPage} and extract it "
            + $"into a '{Name}' folder under ${DataLocations.EnvironmentVariable}, {locations.Cache} or {locations.System}.";
    }

    // The dataset's name, as its definition gives it.
    private static readonly string Name = Definitions.Datasets.Single(d => d.Source == Definitions.DatasetSource.Cifar10Batches).Key;

    // The folder holding the batches: the location's folder itself, or the archive's sub-folder in it.
    private static string? BatchFolder(string folder)
    {
        foreach (var candidate in new[] { folder, Path.Combine(folder, ArchiveFolder) })
        {
            if (Directory.Exists(candidate) && (File.Exists(Path.Combine(candidate, "test_batch.bin")) || TrainingBatches(candidate).Count > 0))
            {
                return candidate;
            }
        }

        return null;
    }

    private static List<string> TrainingBatches(string folder) => Directory.GetFiles(folder, "data_batch_*.bin")
        .Select(f => (Path: f, Match: BatchName().Match(Path.GetFileName(f))))
        .Where(f => f.Match.Success)
        .OrderBy(f => int.Parse(f.Match.Groups[1].Value, CultureInfo.InvariantCulture))
        .Select(f => f.Path)
        .ToList();

    private static DataLocation Inspect(DataSourceKind kind, string? folder)
    {
        if (folder is null)
        {
            return new DataLocation(kind, null, LocationState.NotSet, Array.Empty<FoundFile>(), $"{DataLocations.EnvironmentVariable} is not set");
        }

        if (!Directory.Exists(folder))
        {
            return new DataLocation(kind, folder, LocationState.Missing, Array.Empty<FoundFile>(), "no such folder");
        }

        var batches = BatchFolder(folder);
        var train = batches is null ? new List<string>() : TrainingBatches(batches);
        var test = batches is null ? null : Path.Combine(batches, "test_batch.bin");
        var paths = train.Concat(test is not null && File.Exists(test) ? new[] { test } : Array.Empty<string>()).ToList();
        var found = paths.Select(p => new FoundFile(p, new FileInfo(p).Length, null)).ToList();
        var missing = new List<string>();
        if (train.Count == 0)
        {
            missing.Add("data_batch_N.bin");
        }

        if (test is null || !File.Exists(test))
        {
            missing.Add("test_batch.bin");
        }

        if (missing.Count > 0)
        {
            return new DataLocation(kind, folder, LocationState.Incomplete, found, "missing " + string.Join(", ", missing));
        }

        var broken = found.Where(f => f.Bytes == 0 || f.Bytes % RecordBytes != 0).Select(f => $"{Path.GetFileName(f.Path)}: {f.Bytes:N0} bytes is not a whole number of {RecordBytes:N0}-byte records").ToList();
        if (broken.Count > 0)
        {
            return new DataLocation(kind, folder, LocationState.Damaged, found, string.Join("; ", broken));
        }

        var trainCount = found.Take(train.Count).Sum(f => f.Bytes / RecordBytes);
        var testCount = found[^1].Bytes / RecordBytes;
        return new DataLocation(kind, folder, LocationState.Ready, found, string.Create(CultureInfo.InvariantCulture,
            $"train {trainCount:N0} x 3 x 32 x 32, test {testCount:N0} x 3 x 32 x 32"));
    }

    /// <summary>Reads the records of <paramref name="files"/>, in order, into one dataset of 3 x 32 x 32 images; <paramref name="source"/> describes where they came from (default: the files).</summary>
    /// <exception cref="DataFormatException">A file is empty or not whole records, or a label is not a class.</exception>
    public static ImageDataset Read(IReadOnlyList<string> files, string name, IReadOnlyList<string>? classNames = null, string? source = null)
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

        source ??= files.Count == 1 ? files[0] : $"{Path.GetDirectoryName(files[0])}/{{{string.Join(", ", files.Select(Path.GetFileName))}}}";
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
