using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives.Critics;

/// <summary>
/// A critic f scores every pair of a batch: <c>forward(x, y)</c> returns the K x K matrix
/// <c>S[i, j] = f(x_i, y_j)</c> (positives on the diagonal), the input of every estimator in
/// <see cref="MutualInformation"/> and of <see cref="Losses.InfoNce"/>.
/// </summary>
public abstract class Critic : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Names the module (its checkpoint prefix).</summary>
    protected Critic(string name)
        : base(name)
    {
    }

    /// <summary>Checks that x and y are batches of the same size K.</summary>
    protected static void RequireBatches(Tensor x, Tensor y)
    {
        if (x.dim() < 2 || y.dim() < 2 || x.shape[0] != y.shape[0])
        {
            throw new ArgumentException(
                $"a critic scores K pairs: x and y must be batches [K, ...] of the same K; got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}].");
        }
    }
}
