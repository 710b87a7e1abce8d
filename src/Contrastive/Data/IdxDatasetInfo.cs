using Contrastive.Vocabularies;

namespace Contrastive.Data;

/// <summary>A file of a dataset: its name and, where known, the SHA-256 of the official file (lower-case hex).</summary>
/// <param name="FileName">The name the files are published under, e.g. "train-images-idx3-ubyte.gz".</param>
/// <param name="Sha256">The digest a download must match; null when no verified digest is known.</param>
public sealed record DatasetFile(string FileName, string? Sha256);

/// <summary>
/// A dataset in the MNIST layout: four IDX files (training and test images and labels, usually
/// gzip-compressed), single-channel images of one size, and a fixed list of classes.
/// </summary>
public sealed record IdxDatasetInfo
{
    /// <summary>The dataset this describes the files of: its name, title and sample shape.</summary>
    public required Definitions.Dataset Definition { get; init; }

    /// <summary>The name commands and specs use, e.g. "fashion-mnist": the definition's key.</summary>
    public string Name => Definition.Key;

    /// <summary>A human-readable title with the publisher: the definition's.</summary>
    public string Title => Definition.Title;

    /// <summary>The class names, indexed by label.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Rows of every image (from the definition's sample shape [1, H, W]).</summary>
    public int Height => Definition.SampleShape![1];

    /// <summary>Columns of every image (from the definition's sample shape [1, H, W]).</summary>
    public int Width => Definition.SampleShape![2];

    /// <summary>The training images.</summary>
    public DatasetFile TrainImages { get; init; } = new("train-images-idx3-ubyte.gz", null);

    /// <summary>The training labels.</summary>
    public DatasetFile TrainLabels { get; init; } = new("train-labels-idx1-ubyte.gz", null);

    /// <summary>The test images.</summary>
    public DatasetFile TestImages { get; init; } = new("t10k-images-idx3-ubyte.gz", null);

    /// <summary>The test labels.</summary>
    public DatasetFile TestLabels { get; init; } = new("t10k-labels-idx1-ubyte.gz", null);

    /// <summary>Where the four files are published (each file's name is appended); null when this toolkit knows no verified download.</summary>
    public Uri? DownloadUrl { get; init; }

    /// <summary>The four files: training images and labels, then test images and labels.</summary>
    public IReadOnlyList<DatasetFile> Files => new[] { TrainImages, TrainLabels, TestImages, TestLabels };

    /// <summary>The image and label files of <paramref name="split"/>.</summary>
    public (DatasetFile Images, DatasetFile Labels) FilesOf(DataSplit split)
        => split == DataSplit.Train ? (TrainImages, TrainLabels) : (TestImages, TestLabels);

    /// <summary>
    /// The path of <paramref name="file"/> in <paramref name="folder"/>: its published name, or that name
    /// without ".gz" (the reader tells gzip from raw by content either way); null when neither exists.
    /// </summary>
    public static string? Find(string folder, DatasetFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var published = Path.Combine(folder, file.FileName);
        if (File.Exists(published))
        {
            return published;
        }

        if (file.FileName.EndsWith(".gz", StringComparison.Ordinal))
        {
            var raw = Path.Combine(folder, file.FileName[..^3]);
            if (File.Exists(raw))
            {
                return raw;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads <paramref name="split"/> from the files in <paramref name="folder"/>, checking every header,
    /// count, size and label; <paramref name="source"/> describes where it came from (default: the files).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file of the split is not in the folder.</exception>
    /// <exception cref="DataFormatException">A file is damaged, or its images are not <see cref="Height"/> x <see cref="Width"/>.</exception>
    public ImageDataset Load(string folder, DataSplit split, string? source = null)
    {
        var (imagesFile, labelsFile) = FilesOf(split);
        var images = Find(folder, imagesFile) ?? throw new FileNotFoundException($"{Name}: no {imagesFile.FileName} in {folder}.", Path.Combine(folder, imagesFile.FileName));
        var labels = Find(folder, labelsFile) ?? throw new FileNotFoundException($"{Name}: no {labelsFile.FileName} in {folder}.", Path.Combine(folder, labelsFile.FileName));
        CheckImageSize(images, IdxFile.ReadHeader(images));
        return IdxFile.ReadDataset(images, labels, $"{Name} ({split.ToString().ToLowerInvariant()})", ClassNames, source);
    }

    /// <summary>Throws when an image file's header does not describe [N, <see cref="Height"/>, <see cref="Width"/>] images.</summary>
    internal void CheckImageSize(string path, IdxHeader header)
    {
        if (header.Dimensions.Count == 3 && (header.Dimensions[1] != Height || header.Dimensions[2] != Width))
        {
            throw new DataFormatException(path,
                $"images are {header.Dimensions[1]} x {header.Dimensions[2]}; {Name} images are {Height} x {Width}.");
        }
    }
}
