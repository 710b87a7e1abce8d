using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>
/// Labelled sequences held in memory as one float32 tensor [N, C, T] (channels first, the layout of
/// 1-d convolutions): what sequence models train and are probed on. Owns its two tensors, which live
/// outside any dispose scope until <see cref="Dispose"/>.
/// </summary>
public sealed class SequenceDataset : IDataset
{
    /// <summary>
    /// Takes ownership of <paramref name="sequences"/> (float32 [N, C, T]) and <paramref name="labels"/>
    /// (int64 [N]; every label in [0, class count), or all <see cref="ImageDataset.Unlabelled"/> when
    /// there are no class names).
    /// </summary>
    public SequenceDataset(string name, string source, Tensor sequences, Tensor labels, IReadOnlyList<string> classNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (sequences.dtype != ScalarType.Float32 || sequences.dim() != 3 || sequences.shape[1] < 1 || sequences.shape[2] < 1)
        {
            throw new ArgumentException($"sequences must be float32 [N, C, T] with C and T at least 1; got {sequences.dtype} [{string.Join(", ", sequences.shape)}].", nameof(sequences));
        }

        DatasetChecks.Labels(labels, sequences.shape[0], classNames, "sequence");
        Name = name;
        Source = source;
        Sequences = sequences.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        ClassNames = classNames.ToArray();
    }

    /// <summary>The dataset's name and split, e.g. "synthetic-sequences (train)".</summary>
    public string Name { get; }

    /// <summary>Where the sequences came from: the files read, or how they were generated.</summary>
    public string Source { get; }

    /// <summary>Every sequence, float32 [N, C, T].</summary>
    public Tensor Sequences { get; }

    /// <summary>Every label, int64 [N]: a class index, or <see cref="ImageDataset.Unlabelled"/>.</summary>
    public Tensor Labels { get; }

    /// <summary>The class names, indexed by label; empty for an unlabelled dataset.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of sequences, N.</summary>
    public long Count => Sequences.shape[0];

    /// <summary>The number of classes (0 when unlabelled).</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The shape of one sequence, [C, T].</summary>
    public IReadOnlyList<long> InputShape => [Sequences.shape[1], Sequences.shape[2]];

    /// <summary>
    /// The sequences at <paramref name="indices"/> (int64 or int32, [B]) as float32 [B, C, T] and their
    /// labels, int64 [B], both new tensors in the caller's dispose scope (one <c>index_select</c> each);
    /// <paramref name="device"/> moves them (default: the CPU, where the dataset is).
    /// </summary>
    /// <exception cref="ArgumentException">The indices are not a 1-D integer tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index lies outside [0, N).</exception>
    public (Tensor Inputs, Tensor Labels) Batch(Tensor indices, Device? device = null)
    {
        using var index = DatasetChecks.Indices(indices, Count, Name);
        var sequences = Sequences.index_select(0, index);
        var labels = Labels.index_select(0, index);
        return device is null ? (sequences, labels) : (sequences.to(device), labels.to(device));
    }

    /// <summary>The number of sequences of each class, indexed by label (empty when unlabelled).</summary>
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
        Sequences.Dispose();
        Labels.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {Count} sequences of {Sequences.shape[1]} x {Sequences.shape[2]}, {ClassCount} classes, from {Source}";
}
