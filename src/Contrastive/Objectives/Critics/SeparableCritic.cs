using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives.Critics;

/// <summary>Separable critic <c>f(x, y) = g(x)^T h(y)</c>: one embedding per sample, one matmul for all K x K pairs.</summary>
public sealed class SeparableCritic : Critic
{
    private readonly nn.Module<Tensor, Tensor> g;
    private readonly nn.Module<Tensor, Tensor>? h;   // null when h is g: registering one module twice would train it twice

    /// <summary>Creates the critic from the two embedding networks (same output width).</summary>
    public SeparableCritic(nn.Module<Tensor, Tensor> g, nn.Module<Tensor, Tensor> h)
        : base(nameof(SeparableCritic))
    {
        this.g = g;
        this.h = ReferenceEquals(g, h) ? null : h;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        RequireBatches(x, y);
        return g.call(x).matmul((h ?? g).call(y).t());   // [K, e] x [e, K] -> [K, K]
    }
}
