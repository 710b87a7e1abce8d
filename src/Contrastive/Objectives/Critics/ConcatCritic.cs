using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives.Critics;

/// <summary>
/// Concatenation critic <c>f(x, y) = MLP([x; y])</c>, the most expressive: all K x K pairs are formed
/// by broadcasting and scored in one batched call (K^2 rows), not in a double loop.
/// </summary>
public sealed class ConcatCritic : Critic
{
    private readonly nn.Module<Tensor, Tensor> mlp;

    /// <summary>Creates the critic around a network mapping [x; y] (flattened features) to one score.</summary>
    public ConcatCritic(nn.Module<Tensor, Tensor> mlp)
        : base(nameof(ConcatCritic))
    {
        this.mlp = mlp;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        RequireBatches(x, y);
        var k = x.shape[0];
        var xs = x.flatten(1).unsqueeze(1).expand(k, k, -1);   // [K, K, dx]: row i repeats x_i
        var ys = y.flatten(1).unsqueeze(0).expand(k, k, -1);   // [K, K, dy]: column j repeats y_j
        var pairs = cat(new[] { xs, ys }, 2).reshape(k * k, -1); // [K*K, dx+dy], pair (i, j) at i*K + j
        return mlp.call(pairs).reshape(k, k);                  // [K, K]
    }
}
