using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>
/// Contrastive losses (to minimise), built on the same reductions as <see cref="MutualInformation"/>.
/// Each returns a scalar tensor that carries gradient, in float32 or float64 on any device.
/// </summary>
/// <remarks>
/// Partial so that a new method's loss family lives in a file of its own (<c>Losses.BarlowTwins.cs</c>)
/// and is still called as <c>Losses.BarlowTwins(...)</c>, without editing this file.
/// </remarks>
public static partial class Losses
{
    /// <summary>
    /// The InfoNCE loss over K x K scores: <c>mean_i (LSE_j S[i, j] - S[i, i])</c>, equal to
    /// <c>log K - MutualInformation.InfoNce(S)</c>, hence never negative. A stack [G, K, K] of G
    /// independent score matrices gives the mean over all G K rows (CPC scores each position's
    /// prediction against its own group of candidates this way).
    /// </summary>
    /// <param name="scores">K x K scores <c>S[i, j] = f(x_i, y_j)</c>, positives on the diagonal, or a stack [G, K, K] of them.</param>
    /// <param name="symmetric">Average the x-to-y loss with the y-to-x loss (the same on S transposed), as CLIP does.</param>
    public static Tensor InfoNce(Tensor scores, bool symmetric = false)
    {
        ScoreMatrix.ValidateStack(scores);
        var forward = ScoreMatrix.InfoNceLoss(scores);
        return symmetric ? 0.5 * (forward + ScoreMatrix.InfoNceLoss(scores.transpose(-2, -1))) : forward;
    }

    /// <summary>
    /// NT-Xent (SimCLR, Chen et al. 2020): two views z1, z2 of N samples give 2N anchors; each anchor's
    /// positive is its other view, its negatives the other 2N - 2 embeddings (itself excluded). With
    /// cosine similarity s, loss per anchor <c>-log(exp(s_pos / tau) / sum_{k != anchor} exp(s_k / tau))</c>,
    /// averaged over all 2N anchors (the paper's convention; SimCLR's code reports twice this).
    /// Symmetric in the two views by construction.
    /// </summary>
    /// <param name="z1">First view's embeddings, [N, d].</param>
    /// <param name="z2">Second view's embeddings, [N, d]; row n pairs with row n of z1.</param>
    /// <param name="temperature">tau &gt; 0 (SimCLR uses 0.1 to 0.5).</param>
    public static Tensor NtXent(Tensor z1, Tensor z2, double temperature) => NtXent(z1, z2, temperature, extraNegatives: null);

    /// <summary>
    /// NT-Xent with negatives beyond the batch and, optionally, the decoupled form. Each of the 2N
    /// anchors is scored against the other 2N − 1 views and against every row of
    /// <paramref name="extraNegatives"/> (a queue or memory-bank draw; rows marked in
    /// <paramref name="excluded"/> are left out for that anchor, so a sample's own stale copy is never its
    /// negative). Decoupled (DCL, Yeh et al. 2022, "Decoupled Contrastive Learning") leaves the positive
    /// out of the denominator: <c>−s_pos/τ + log Σ_neg exp(s_neg/τ)</c>, which removes the
    /// negative-positive coupling that makes NT-Xent need large batches.
    /// </summary>
    /// <param name="z1">First view's embeddings, [N, d].</param>
    /// <param name="z2">Second view's embeddings, [N, d]; row n pairs with row n of z1.</param>
    /// <param name="temperature">tau &gt; 0.</param>
    /// <param name="extraNegatives">[K, d] further negatives (L2-normalised here; no gradient flows into them), or null.</param>
    /// <param name="excluded">[2N, K] bool, true where extra negative k must not count for anchor a (anchors: z1's rows, then z2's), or null.</param>
    /// <param name="decoupled">Leave the positive out of the denominator (DCL).</param>
    public static Tensor NtXent(Tensor z1, Tensor z2, double temperature, Tensor? extraNegatives, Tensor? excluded = null, bool decoupled = false)
    {
        ArgumentNullException.ThrowIfNull(z1);
        ArgumentNullException.ThrowIfNull(z2);
        if (z1.dim() != 2 || !z1.shape.SequenceEqual(z2.shape))
        {
            throw new ArgumentException(
                $"z1 and z2 must both be [N, d] with the same shape; got [{string.Join(", ", z1.shape)}] and [{string.Join(", ", z2.shape)}].");
        }

        RequirePositive(temperature, nameof(temperature));
        var n = z1.shape[0];
        var extras = extraNegatives?.shape[0] ?? 0;
        if (extraNegatives is not null && (extraNegatives.dim() != 2 || extraNegatives.shape[1] != z1.shape[1]))
        {
            throw new ArgumentException($"extraNegatives must be [K, {z1.shape[1]}]; got [{string.Join(", ", extraNegatives.shape)}].", nameof(extraNegatives));
        }

        if (excluded is not null && (extraNegatives is null || !excluded.shape.SequenceEqual(new[] { 2 * n, extras })))
        {
            throw new ArgumentException($"excluded must be [2N, K] = [{2 * n}, {extras}] beside extra negatives; got [{string.Join(", ", excluded.shape)}].", nameof(excluded));
        }

        if (decoupled && n < 2 && extras == 0)
        {
            throw new ArgumentException("the decoupled loss needs at least one negative: a batch of 2 or more, or extra negatives.");
        }

        var z = nn.functional.normalize(cat(new[] { z1, z2 }, 0), p: 2, dim: 1);     // [2N, d]
        var similarity = z.matmul(z.t()) / temperature;                              // [2N, 2N]
        var logits = similarity.masked_fill(ScoreMatrix.DiagonalMask(2 * n, z.device), double.NegativeInfinity);
        var positive = arange(2 * n, device: z.device).add(n).remainder(2 * n);     // anchor a pairs with (a + N) mod 2N
        var positiveLogits = logits.gather(1, positive.unsqueeze(1)).squeeze(1);
        if (decoupled)
        {
            logits = logits.scatter(1, positive.unsqueeze(1), full(new[] { 2 * n, 1L }, double.NegativeInfinity, dtype: logits.dtype, device: logits.device));
        }

        if (extraNegatives is not null && extras > 0)
        {
            var stored = nn.functional.normalize(extraNegatives.detach().to(z.dtype, z.device), p: 2, dim: 1);
            var extraLogits = z.matmul(stored.t()) / temperature;                    // [2N, K]
            if (excluded is not null)
            {
                extraLogits = extraLogits.masked_fill(excluded.to(z.device), double.NegativeInfinity);
            }

            logits = cat(new[] { logits, extraLogits }, 1);
        }

        return (logits.logsumexp(1) - positiveLogits).mean();
    }

    /// <summary>
    /// BYOL's regression loss: the squared distance between L2-normalised vectors,
    /// <c>mean_b ‖p̂_b − ẑ_b‖² = mean_b (2 − 2 cos(p_b, z_b))</c>, in [0, 4]. Gradient flows into both
    /// arguments: detach the targets to stop it (BYOL does).
    /// </summary>
    /// <param name="predictions">[N, d] online predictions.</param>
    /// <param name="targets">[N, d] target projections.</param>
    public static Tensor NormalizedMse(Tensor predictions, Tensor targets) => 2.0 - (2.0 * CosinePairs(predictions, targets).mean());

    /// <summary>
    /// SimSiam's D: the negative cosine similarity <c>−mean_b cos(p_b, z_b)</c>, in [−1, 1]. Gradient
    /// flows into both arguments: detach <paramref name="targets"/> for SimSiam's stop-gradient.
    /// </summary>
    /// <param name="predictions">[N, d] predictor outputs.</param>
    /// <param name="targets">[N, d] projections of the other view.</param>
    public static Tensor NegativeCosine(Tensor predictions, Tensor targets) => CosinePairs(predictions, targets).mean().neg();

    // cos(p_b, z_b) for each row b, [N].
    private static Tensor CosinePairs(Tensor predictions, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.dim() != 2 || !predictions.shape.SequenceEqual(targets.shape))
        {
            throw new ArgumentException(
                $"predictions and targets must both be [N, d] with the same shape; got [{string.Join(", ", predictions.shape)}] and [{string.Join(", ", targets.shape)}].");
        }

        return (nn.functional.normalize(predictions, p: 2, dim: 1) * nn.functional.normalize(targets, p: 2, dim: 1)).sum(1);
    }

    /// <summary>
    /// Noise-contrastive estimation (Gutmann and Hyvarinen 2010): logistic classification of data
    /// against k noise samples per data point, with logit <c>s(x) - log(k q(x))</c> where s is the model's
    /// unnormalised log-density and q the noise density. Loss
    /// <c>mean_b [ softplus(-logit_pos) + sum_k softplus(logit_neg_k) ]</c>.
    /// </summary>
    /// <param name="positiveScores">s at the data points, [B].</param>
    /// <param name="negativeScores">s at the noise samples, [B, k].</param>
    /// <param name="positiveNoiseLogDensity">log q at the data points, [B] or a scalar.</param>
    /// <param name="negativeNoiseLogDensity">log q at the noise samples, [B, k] or a scalar.</param>
    public static Tensor Nce(Tensor positiveScores, Tensor negativeScores, Tensor positiveNoiseLogDensity, Tensor negativeNoiseLogDensity)
    {
        ArgumentNullException.ThrowIfNull(positiveScores);
        ArgumentNullException.ThrowIfNull(negativeScores);
        if (positiveScores.dim() != 1 || negativeScores.dim() != 2 || negativeScores.shape[0] != positiveScores.shape[0])
        {
            throw new ArgumentException(
                $"positiveScores must be [B] and negativeScores [B, k]; got [{string.Join(", ", positiveScores.shape)}] and [{string.Join(", ", negativeScores.shape)}].");
        }

        var logK = Math.Log(negativeScores.shape[1]);
        var positiveLogit = positiveScores - (positiveNoiseLogDensity + logK);
        var negativeLogit = negativeScores - (negativeNoiseLogDensity + logK);
        var perSample = nn.functional.softplus(-positiveLogit) + nn.functional.softplus(negativeLogit).sum(1);
        return perSample.mean();
    }

    /// <summary>
    /// MoCo's InfoNCE against a queue (He et al. 2020): for each query q_b, the logits
    /// <c>[q_b . k_b, q_b . n_1, ..., q_b . n_Q] / tau</c> over its key and the queue's negatives
    /// (queries, keys and queue entries all L2-normalised here), cross-entropy with the positive at index 0.
    /// The queue is only read: the method that owns it enqueues this batch's keys after the loss is
    /// formed, so a key is never its own negative (<see cref="Methods.MoCo"/> does).
    /// </summary>
    /// <param name="queries">Query embeddings, [B, d] (carry gradient).</param>
    /// <param name="keys">Key embeddings from the momentum encoder, [B, d] (detached here).</param>
    /// <param name="queue">Negatives from earlier batches (read, not changed).</param>
    /// <param name="temperature">tau &gt; 0 (MoCo v2 uses 0.2).</param>
    public static Tensor MoCo(Tensor queries, Tensor keys, NegativeQueue queue, double temperature) =>
        MoCoLoss(queries, keys, queue, temperature);

    /// <summary>
    /// Symmetric MoCo (as in MoCo v3's symmetrised loss): <c>(loss(q1, k2) + loss(q2, k1)) / 2</c>, both
    /// against the same queue, which is only read (the owner enqueues both key sets afterwards).
    /// </summary>
    /// <param name="queries1">Queries from view 1, [B, d].</param>
    /// <param name="queries2">Queries from view 2, [B, d].</param>
    /// <param name="keys1">Momentum keys from view 1, [B, d].</param>
    /// <param name="keys2">Momentum keys from view 2, [B, d].</param>
    /// <param name="queue">Negatives from earlier batches (read, not changed).</param>
    /// <param name="temperature">tau &gt; 0.</param>
    public static Tensor MoCoSymmetric(Tensor queries1, Tensor queries2, Tensor keys1, Tensor keys2, NegativeQueue queue, double temperature) =>
        0.5 * (MoCoLoss(queries1, keys2, queue, temperature) + MoCoLoss(queries2, keys1, queue, temperature));

    private static Tensor MoCoLoss(Tensor queries, Tensor keys, NegativeQueue queue, double temperature)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(queue);
        if (queries.dim() != 2 || !queries.shape.SequenceEqual(keys.shape) || queries.shape[1] != queue.Dimension)
        {
            throw new ArgumentException(
                $"queries and keys must both be [B, {queue.Dimension}] (the queue's dimension); got [{string.Join(", ", queries.shape)}] and [{string.Join(", ", keys.shape)}].");
        }

        RequirePositive(temperature, nameof(temperature));
        var q = nn.functional.normalize(queries, p: 2, dim: 1);
        var k = nn.functional.normalize(keys.detach(), p: 2, dim: 1);
        var positive = (q * k).sum(1, keepdim: true);                                   // [B, 1]
        var stored = nn.functional.normalize(queue.Keys().to(q.dtype, q.device), p: 2, dim: 1);
        var negatives = q.matmul(stored.t());                                           // [B, Count]
        var logits = cat(new[] { positive, negatives }, 1) / temperature;               // [B, 1 + Count]
        return (logits.logsumexp(1) - logits.select(1, 0)).mean();
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0.0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number.");
        }
    }
}
