using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>
/// A labelled dataset held in memory, as training, the probes and the command line use it: samples of
/// one shape (images [C, H, W] or sequences [C, T]), their labels, and batches of both by index.
/// <see cref="ImageDataset"/> and <see cref="SequenceDataset"/> implement it, and
/// <see cref="Datasets.Load(string, DataSplit, IReadOnlyList{long}, DataLocations?)"/> returns one by name.
/// </summary>
public interface IDataset : IDisposable
{
    /// <summary>The dataset's name and split, e.g. "fashion-mnist (train)".</summary>
    string Name { get; }

    /// <summary>Where the samples came from (files read, or how they were generated), for logs and run records.</summary>
    string Source { get; }

    /// <summary>The number of samples, N.</summary>
    long Count { get; }

    /// <summary>The shape of one sample as a model reads it: [C, H, W] for images, [C, T] for sequences.</summary>
    IReadOnlyList<long> InputShape { get; }

    /// <summary>Every label, int64 [N]: a class index, or <see cref="ImageDataset.Unlabelled"/>.</summary>
    Tensor Labels { get; }

    /// <summary>The class names, indexed by label; empty for an unlabelled dataset.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of classes (0 when unlabelled).</summary>
    int ClassCount { get; }

    /// <summary>
    /// The samples at <paramref name="indices"/> (1-D int64 or int32, [B]) as float32 [B, ...InputShape]
    /// and their labels, int64 [B], both in the caller's dispose scope; <paramref name="device"/> moves
    /// them (default: where the dataset is).
    /// </summary>
    /// <exception cref="ArgumentException">The indices are not a 1-D integer tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index lies outside [0, N).</exception>
    (Tensor Inputs, Tensor Labels) Batch(Tensor indices, Device? device = null);
}
