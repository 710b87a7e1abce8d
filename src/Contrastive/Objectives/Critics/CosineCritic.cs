using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives.Critics;

/// <summary>
/// Cosine critic of SimCLR and MoCo: <c>f(x, y) = cos(g(x), h(y)) / tau</c>. With the same network
/// for g and h it is the similarity NT-Xent uses.
/// </summary>
public sealed class CosineCritic : Critic
{
    private readonly nn.Module<Tensor, Tensor> g;
    private readonly nn.Module<Tensor, Tensor>? h;   // null when h is g: registering one module twice would train it twice

    /// <summary>Creates the critic.</summary>
    /// <param name="g">Embedding of x.</param>
    /// <param name="h">Embedding of y (pass <paramref name="g"/> again to share weights).</param>
    /// <param name="temperature">tau &gt; 0.</param>
    public CosineCritic(nn.Module<Tensor, Tensor> g, nn.Module<Tensor, Tensor> h, double temperature)
        : base(nameof(CosineCritic))
    {
        if (!(temperature > 0.0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be a positive finite number (e.g. 0.1).");
        }

        this.g = g;
        this.h = ReferenceEquals(g, h) ? null : h;
        Temperature = temperature;
        RegisterComponents();
    }

    /// <summary>tau.</summary>
    public double Temperature { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        RequireBatches(x, y);
        var gx = nn.functional.normalize(g.call(x), p: 2, dim: 1);
        var hy = nn.functional.normalize((h ?? g).call(y), p: 2, dim: 1);
        return gx.matmul(hy.t()) / Temperature;   // [K, K]
    }
}
