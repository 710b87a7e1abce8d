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

    /// <summary>
    /// The accuracy of the classification InfoNCE trains: the share of rows of a score matrix (or of a
    /// stack [G, K, K] of them) whose largest entry is the positive on the diagonal. Near 1/K at random;
    /// CPC reports it per prediction step.
    /// </summary>
    /// <param name="scores">[K, K] or [G, K, K] scores <c>S[i, j] = f(x_i, y_j)</c>, positives on the diagonal.</param>
    /// <returns>A scalar in [0, 1] (float32, no gradient).</returns>
    public static Tensor ScoreTop1(Tensor scores)
    {
        var k = ScoreMatrix.ValidateStack(scores);
        using var scope = NewDisposeScope();
        var picked = scores.detach().argmax(-1);                                        // [..., K]: each row's best candidate
        return scope.MoveToOuter(picked.eq(arange(k, device: scores.device)).to(ScalarType.Float32).mean());
    }

    /// <summary>
    /// MoCo's task accuracy: the share of queries whose own key scores above every negative in the
    /// dictionary. Near 1/(1 + K) at random; with an empty dictionary every query counts as correct.
    /// </summary>
    /// <param name="queries">[B, D] query embeddings.</param>
    /// <param name="keys">[B, D] their positive keys.</param>
    /// <param name="negatives">[K, D] the dictionary as the loss saw it (before this batch's keys were added).</param>
    /// <returns>A scalar in [0, 1].</returns>
    public static Tensor PositiveTop1AgainstNegatives(Tensor queries, Tensor keys, Tensor negatives)
    {
        if (queries.dim() != 2 || !queries.shape.SequenceEqual(keys.shape) || negatives.dim() != 2 || negatives.shape[1] != queries.shape[1])
        {
            throw new ArgumentException($"expected queries and keys [B, D] and negatives [K, D]; got [{string.Join(", ", queries.shape)}], [{string.Join(", ", keys.shape)}] and [{string.Join(", ", negatives.shape)}].");
        }

        using var scope = NewDisposeScope();
        var q = nn.functional.normalize(queries.detach(), dim: 1);
        var positive = (q * nn.functional.normalize(keys.detach(), dim: 1)).sum(1);    // [B]
        if (negatives.shape[0] == 0)
        {
            return scope.MoveToOuter(ones(1, dtype: ScalarType.Float32, device: q.device).mean());
        }

        var hardest = q.matmul(nn.functional.normalize(negatives.detach().to(q.dtype), dim: 1).t()).amax(new long[] { 1 });   // [B]
        return scope.MoveToOuter(positive.gt(hardest).to(ScalarType.Float32).mean());
    }
}
