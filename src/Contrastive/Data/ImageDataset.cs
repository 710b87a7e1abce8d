using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>
/// Labelled (or unlabelled) images held in memory as one uint8 tensor: what a training loop or a
/// probe draws batches from. Owns its two tensors, which live outside any dispose scope until
/// <see cref="Dispose"/>.
/// </summary>
public sealed class ImageDataset : IDataset
{
    /// <summary>The label of every image in a dataset without classes.</summary>
    public const long Unlabelled = -1;

    /// <summary>
    /// Takes ownership of <paramref name="images"/> (uint8 [N, C, H, W]) and <paramref name="labels"/>
    /// (int64 [N]; every label in [0, class count), or all <see cref="Unlabelled"/> when there are no class names).
    /// </summary>
    public ImageDataset(string name, string source, Tensor images, Tensor labels, IReadOnlyList<string> classNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException($"images must be uint8 [N, C, H, W]; got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        }

        DatasetChecks.Labels(labels, images.shape[0], classNames, "image");

        Name = name;
        Source = source;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        ClassNames = classNames.ToArray();
    }

    /// <summary>The dataset's name and split, e.g. "fashion-mnist (train)".</summary>
    public string Name { get; }

    /// <summary>Where the images came from: the files or folder read, for logs and run records.</summary>
    public string Source { get; }

    /// <summary>Every image, uint8 [N, C, H, W], values 0 to 255.</summary>
    public Tensor Images { get; }

    /// <summary>Every label, int64 [N]: a class index, or <see cref="Unlabelled"/>.</summary>
    public Tensor Labels { get; }

    /// <summary>The class names, indexed by label; empty for an unlabelled dataset.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of images, N.</summary>
    public long Count => Images.shape[0];

    /// <summary>The number of classes (0 when unlabelled).</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The shape of one image: channels, height, width.</summary>
    public (int Channels, int Height, int Width) SampleShape => ((int)Images.shape[1], (int)Images.shape[2], (int)Images.shape[3]);

    /// <summary>The shape of one image as a model reads it, [C, H, W].</summary>
    public IReadOnlyList<long> InputShape => [Images.shape[1], Images.shape[2], Images.shape[3]];

    /// <summary>
    /// The images at <paramref name="indices"/> (int64 or int32, [B]) as float32 [B, C, H, W] in [0, 1],
    /// and their labels, int64 [B]. Both belong to the caller's dispose scope; <paramref name="device"/>
    /// moves them (default: where the dataset is, the CPU).
    /// </summary>
    /// <exception cref="ArgumentException">The indices are not a 1-D integer tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index lies outside [0, N).</exception>
    public (Tensor Images, Tensor Labels) Batch(Tensor indices, Device? device = null)
    {
        using var index = DatasetChecks.Indices(indices, Count, Name);
        using var picked = Images.index_select(0, index);
        using Scalar scale = 255f;  // held for the call: see "Known issues" in docs/ARCHITECTURE.md
        var images = picked.to(ScalarType.Float32, device ?? Images.device).div_(scale);
        var labels = Labels.index_select(0, index);
        return (images, device is null ? labels : labels.to(device));
    }

    /// <summary>
    /// A new dataset of <paramref name="count"/> images drawn without replacement, in the order drawn
    /// (a random permutation from <paramref name="generator"/>), for quick runs and small probes. The
    /// new dataset owns copies of the images and labels; this one is unchanged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in [1, <see cref="Count"/>].</exception>
    public ImageDataset Sample(long count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 1 || count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"{Name}: a sample must hold from 1 to {Count.ToString(CultureInfo.InvariantCulture)} images (all of them).");
        }

        using var scope = NewDisposeScope();
        var order = randperm(Count, generator: generator).narrow(0, 0, count);
        var source = FormattableString.Invariant($"{Source}; {count} of its {Count} images, drawn at random");
        return new ImageDataset(Name, source, Images.index_select(0, order), Labels.index_select(0, order), ClassNames);
    }

    /// <inheritdoc />
    (Tensor Inputs, Tensor Labels) IDataset.Batch(Tensor indices, Device? device) => Batch(indices, device);

    /// <summary>The number of images of each class, indexed by label (empty when unlabelled).</summary>
    public long[] CountPerClass()
    {
        if (ClassCount == 0)
        {
            return Array.Empty<long>();
        }

        using var counts = Labels.bincount(null, ClassCount);
        return counts.data<long>().ToArray();
    }

    /// <summary>Frees the two tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var (c, h, w) = SampleShape;
        return $"{Name}: {Count} images of {c} x {h} x {w}, {ClassCount} classes, from {Source}";
    }
}
