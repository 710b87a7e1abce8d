using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Layers;

/// <summary>
/// Global average pooling: <c>[N, C, ...] -> [N, C]</c>, the mean of every channel over all its
/// positions (the trailing dimensions, whatever their number: 1-d sequences, 2-d images, 3-d volumes).
/// It turns a convolutional feature map into the per-sample feature vector that projectors, probes and
/// contrastive losses take. It has no parameters.
/// </summary>
public sealed class GlobalAvgPool : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the pooling layer.</summary>
    public GlobalAvgPool()
        : base(nameof(GlobalAvgPool))
    {
        RegisterComponents();
    }

    /// <summary>Averages every channel over its positions.</summary>
    /// <param name="x">Feature map, [N, C, ...] with at least one position dimension.</param>
    /// <returns>[N, C].</returns>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 3)
        {
            // [N, C] has no positions to average: pooling it would silently be a no-op in the wrong place.
            throw new ArgumentException(
                $"GlobalAvgPool averages a feature map [N, C, ...] over its positions and needs at least one dimension after C; got shape [{string.Join(", ", x.shape)}]. An input that is already [N, C] needs no pooling: remove the layer.",
                nameof(x));
        }

        return x.flatten(2).mean(new long[] { 2 });   // [N, C, ...] -> [N, C, P] -> [N, C]
    }
}
