using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>The checks every in-memory dataset makes of its labels and of the indices of a batch.</summary>
internal static class DatasetChecks
{
    /// <summary>Labels are int64 [N], each a class index, or all <see cref="ImageDataset.Unlabelled"/> without class names.</summary>
    public static void Labels(Tensor labels, long count, IReadOnlyList<string> classNames, string what)
    {
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != count)
        {
            throw new ArgumentException(
                $"labels must be int64 [{count}] (one per {what}); got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        if (labels.numel() == 0)
        {
            return;
        }

        var (low, high) = Range(labels);
        var valid = classNames.Count == 0 ? low == ImageDataset.Unlabelled && high == ImageDataset.Unlabelled : low >= 0 && high < classNames.Count;
        if (!valid)
        {
            throw new ArgumentException(
                classNames.Count == 0
                    ? $"a dataset without class names takes only the label {ImageDataset.Unlabelled}; found labels from {low} to {high}."
                    : $"labels must lie in [0, {classNames.Count}) for {classNames.Count} classes; found labels from {low} to {high}.",
                nameof(labels));
        }
    }

    /// <summary>
    /// The indices of a batch as an int64 CPU tensor (the caller disposes it), after checking that they
    /// are a 1-D integer tensor within [0, <paramref name="count"/>).
    /// </summary>
    public static Tensor Indices(Tensor indices, long count, string name)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.dim() != 1 || indices.dtype is not (ScalarType.Int64 or ScalarType.Int32))
        {
            throw new ArgumentException($"indices must be a 1-D int64 or int32 tensor; got {indices.dtype} [{string.Join(", ", indices.shape)}].", nameof(indices));
        }

        var index = indices.device_type == DeviceType.CPU ? indices.to(ScalarType.Int64) : indices.to(ScalarType.Int64, CPU);
        if (index.numel() > 0)
        {
            var (low, high) = Range(index);
            if (low < 0 || high >= count)
            {
                index.Dispose();
                var bad = low < 0 ? low : high;
                throw new ArgumentOutOfRangeException(nameof(indices), bad,
                    $"{name}: index {bad.ToString(CultureInfo.InvariantCulture)} is outside [0, {count.ToString(CultureInfo.InvariantCulture)}).");
            }
        }

        return index;
    }

    /// <summary>Smallest and largest value of an integer tensor.</summary>
    public static (long Low, long High) Range(Tensor values)
    {
        using var low = values.min();
        using var high = values.max();
        return (low.item<long>(), high.item<long>());
    }
}
