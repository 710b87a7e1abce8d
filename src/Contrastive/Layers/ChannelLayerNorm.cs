using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Layers;

/// <summary>
/// Layer normalisation over the channel dimension (dimension 1) of channel-first tensors. For
/// <c>[N, C]</c> it is ordinary LayerNorm over the C features; for <c>[N, C, ...]</c> (conv outputs) it
/// normalises the C values at every position independently, as ConvNeXt's "channels_first" LayerNorm
/// does, so a convolutional stack can use LayerNorm without permuting around every layer. Output
/// <c>weight * (x - mean_C) / sqrt(var_C + eps) + bias</c> with the biased variance, same shape as x.
/// Unlike batch normalisation it uses no batch statistics, so one sample's output never depends on the
/// others in its batch (no leak between a contrastive batch's negatives).
/// </summary>
public sealed class ChannelLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;   // [C], starts at ones
    private readonly Parameter bias;     // [C], starts at zeros
    private readonly long _channels;
    private readonly double _eps;

    /// <summary>Creates the layer with the identity affine map (weight ones, bias zeros).</summary>
    /// <param name="channels">C, the size of dimension 1 of the input.</param>
    /// <param name="eps">Added to the variance for numerical stability, &gt; 0.</param>
    public ChannelLayerNorm(long channels, double eps = 1e-5)
        : base(nameof(ChannelLayerNorm))
    {
        if (channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be at least 1 (the size of the input's dimension 1).");
        }

        if (!(eps > 0.0) || double.IsInfinity(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be a small positive finite number (e.g. 1e-5 or 1e-6).");
        }

        _channels = channels;
        _eps = eps;
        weight = nn.Parameter(ones(channels));
        bias = nn.Parameter(zeros(channels));
        RegisterComponents();
    }

    /// <summary>Normalises over the channels at every position.</summary>
    /// <param name="x">[N, C] or [N, C, ...] with C = the constructor's channels.</param>
    /// <returns>The same shape as <paramref name="x"/>.</returns>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 2 || x.shape[1] != _channels)
        {
            throw new ArgumentException(
                $"ChannelLayerNorm({_channels}) normalises dimension 1 of [N, {_channels}] or [N, {_channels}, ...]; got shape [{string.Join(", ", x.shape)}].",
                nameof(x));
        }

        var normalizedShape = new[] { _channels };
        if (x.dim() == 2)
        {
            return nn.functional.layer_norm(x, normalizedShape, weight, bias, _eps);
        }

        var channelsLast = x.movedim(new long[] { 1 }, new long[] { -1 });                    // [N, C, ...] -> [N, ..., C]
        var normalized = nn.functional.layer_norm(channelsLast, normalizedShape, weight, bias, _eps);
        return normalized.movedim(new long[] { -1 }, new long[] { 1 });                      // [N, ..., C] -> [N, C, ...]
    }
}
