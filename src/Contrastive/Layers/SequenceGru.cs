using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Layers;

/// <summary>
/// A (stacked) GRU over a channel-first sequence: <c>[N, C, T] -> [N, H, T]</c>, the top layer's
/// hidden state at every time step. It takes and returns the layout of 1-d convolutions, so it can sit
/// between conv1d layers; CPC uses it as the autoregressive context network, whose output at step t
/// summarises steps &lt;= t only (the GRU is unidirectional, hence causal).
/// </summary>
public sealed class SequenceGru : nn.Module<Tensor, Tensor>
{
    private readonly GRU gru;   // batch-first, so its keys are gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, ...
    private readonly long _inputChannels;

    /// <summary>Creates the GRU (PyTorch's default initialisation).</summary>
    /// <param name="inputChannels">C, the input's channels (features per time step).</param>
    /// <param name="hidden">H, the hidden state's width and the output's channels.</param>
    /// <param name="layers">Stacked GRU layers, &gt;= 1.</param>
    public SequenceGru(long inputChannels, long hidden, long layers = 1)
        : base(nameof(SequenceGru))
    {
        if (inputChannels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputChannels), inputChannels, "inputChannels must be at least 1 (the size of the input's dimension 1).");
        }

        if (hidden < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden must be at least 1 (the width of the GRU's state).");
        }

        if (layers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(layers), layers, "layers must be at least 1 (1 is a single GRU).");
        }

        _inputChannels = inputChannels;
        gru = nn.GRU(inputChannels, hidden, numLayers: layers, batchFirst: true);
        RegisterComponents();
    }

    /// <summary>Runs the GRU from a zero state over the whole sequence.</summary>
    /// <param name="x">[N, C, T], channel-first.</param>
    /// <returns>[N, H, T]: the top layer's state after each step, channel-first.</returns>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.shape[1] != _inputChannels)
        {
            throw new ArgumentException(
                $"SequenceGru takes a channel-first sequence [N, {_inputChannels}, T]; got shape [{string.Join(", ", x.shape)}].",
                nameof(x));
        }

        var (output, last) = gru.call(x.transpose(1, 2), null);   // [N, C, T] -> [N, T, C]; output [N, T, H]
        last.Dispose();                                            // [layers, N, H], not needed: output holds every step
        return output.transpose(1, 2);                             // [N, T, H] -> [N, H, T]
    }
}
