using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Layers;

/// <summary>Multi-layer perceptrons for critics, baselines and heads.</summary>
public static class Mlp
{
    /// <summary>
    /// <c>Linear(input, hidden) -> ReLU</c>, repeated <paramref name="hiddenLayers"/> times, then
    /// <c>Linear(hidden, output)</c>. Submodules are named "0", "1", ... as in PyTorch's Sequential.
    /// </summary>
    /// <param name="input">Input features.</param>
    /// <param name="hidden">Width of every hidden layer.</param>
    /// <param name="hiddenLayers">Number of hidden layers (0 gives a single linear map).</param>
    /// <param name="output">Output features.</param>
    public static Sequential Create(int input, int hidden, int hiddenLayers, int output)
    {
        if (input < 1 || output < 1 || (hiddenLayers > 0 && hidden < 1) || hiddenLayers < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(hidden), $"an MLP needs positive sizes; got input {input}, hidden {hidden} x {hiddenLayers}, output {output}.");
        }

        var layers = new List<nn.Module<Tensor, Tensor>>();
        var width = input;
        for (var i = 0; i < hiddenLayers; i++)
        {
            layers.Add(nn.Linear(width, hidden));
            layers.Add(nn.ReLU());
            width = hidden;
        }

        layers.Add(nn.Linear(width, output));
        return nn.Sequential(layers);
    }
}
