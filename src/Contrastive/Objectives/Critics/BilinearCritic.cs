using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives.Critics;

/// <summary>Bilinear critic <c>f(x, y) = g(x)^T W h(y)</c> with a learned W.</summary>
public sealed class BilinearCritic : Critic
{
    private readonly nn.Module<Tensor, Tensor> g;
    private readonly nn.Module<Tensor, Tensor>? h;   // null when h is g: registering one module twice would train it twice
    private readonly TorchSharp.Modules.Parameter weight;

    /// <summary>Creates the critic; W starts as the identity-like map scaled by 1/sqrt(d) so initial scores stay small.</summary>
    /// <param name="g">Embedding of x, output width <paramref name="xFeatures"/>.</param>
    /// <param name="h">Embedding of y, output width <paramref name="yFeatures"/>.</param>
    /// <param name="xFeatures">Width of g's output.</param>
    /// <param name="yFeatures">Width of h's output.</param>
    public BilinearCritic(nn.Module<Tensor, Tensor> g, nn.Module<Tensor, Tensor> h, int xFeatures, int yFeatures)
        : base(nameof(BilinearCritic))
    {
        this.g = g;
        this.h = ReferenceEquals(g, h) ? null : h;
        weight = nn.Parameter(eye(xFeatures, yFeatures) / Math.Sqrt(Math.Max(xFeatures, yFeatures)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        RequireBatches(x, y);
        return g.call(x).matmul(weight).matmul((h ?? g).call(y).t());   // [K, dx] [dx, dy] [dy, K] -> [K, K]
    }
}
