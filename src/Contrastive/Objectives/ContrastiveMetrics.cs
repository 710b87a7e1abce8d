using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>Diagnostics of contrastive training that are not losses.</summary>
public static class ContrastiveMetrics
{
    /// <summary>
    /// The share of the 2N views whose most similar other view (cosine) is their positive: the top-1
    /// accuracy of the classification NT-Xent trains. Near 1/(2N − 1) at random, near 1 when the task is
    /// solved; a value stuck at 1 from the start points to a shortcut in the views.
    /// </summary>
    /// <param name="z1">[N, D] embeddings of the first views.</param>
    /// <param name="z2">[N, D] embeddings of the second views; row i is the positive of row i of <paramref name="z1"/>.</param>
    /// <returns>A scalar in [0, 1].</returns>
    public static Tensor PositiveTop1(Tensor z1, Tensor z2)
    {
        if (z1.dim() != 2 || !z1.shape.SequenceEqual(z2.shape) || z1.shape[0] < 2)
        {
            throw new ArgumentException($"PositiveTop1 needs two [N, D] batches of the same shape with N >= 2; got [{string.Join(", ", z1.shape)}] and [{string.Join(", ", z2.shape)}].");
        }

        using var scope = NewDisposeScope();
        var n = z1.shape[0];
        var z = nn.functional.normalize(cat([z1, z2], 0), dim: 1);                    // [2N, D]
        var similarity = z.matmul(z.t());                                             // [2N, 2N]
        similarity = similarity.masked_fill(eye(2 * n, dtype: ScalarType.Bool, device: z.device), double.NegativeInfinity);
        var positives = cat([arange(n, 2 * n, device: z.device), arange(0, n, device: z.device)]);   // view i pairs with i ± N
        return scope.MoveToOuter(similarity.argmax(1).eq(positives).to(ScalarType.Float32).mean());
    }
}
