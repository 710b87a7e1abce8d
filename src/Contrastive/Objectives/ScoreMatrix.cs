using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>
/// Shared reductions over a K x K score matrix <c>S[i, j] = f(x_i, y_j)</c> (positives on the
/// diagonal). Every sum of exponentials goes through log-sum-exp, and masks use -infinity, so that
/// no finite input produces NaN.
/// </summary>
internal static class ScoreMatrix
{
    /// <summary>Checks the convention and returns K; names the parameter and the shape it got.</summary>
    public static long Validate(Tensor scores, string parameter = "scores")
    {
        ArgumentNullException.ThrowIfNull(scores, parameter);
        if (scores.dim() != 2 || scores.shape[0] != scores.shape[1])
        {
            throw new ArgumentException(
                $"{parameter} must be a K x K matrix with S[i, j] = f(x_i, y_j); got shape [{string.Join(", ", scores.shape)}].",
                parameter);
        }

        if (!scores.is_floating_point())
        {
            throw new ArgumentException($"{parameter} must be float32 or float64; got {scores.dtype}.", parameter);
        }

        if (scores.shape[0] < 2)
        {
            throw new ArgumentException(
                $"{parameter} needs K >= 2 (at least one negative pair); got K = {scores.shape[0]}.", parameter);
        }

        return scores.shape[0];
    }

    /// <summary>
    /// Checks one K x K matrix or a stack [G, K, K] of G of them (independent batches scored alike,
    /// such as CPC's per-position groups) and returns K; the messages are those of <see cref="Validate"/>.
    /// </summary>
    public static long ValidateStack(Tensor scores, string parameter = "scores")
    {
        ArgumentNullException.ThrowIfNull(scores, parameter);
        if (scores.dim() != 3)
        {
            return Validate(scores, parameter);
        }

        if (scores.shape[0] < 1)
        {
            throw new ArgumentException($"{parameter}: a stack [G, K, K] of score matrices needs G >= 1; got shape [{string.Join(", ", scores.shape)}].", parameter);
        }

        if (scores.shape[1] != scores.shape[2])
        {
            throw new ArgumentException(
                $"{parameter} must be a K x K matrix or a stack [G, K, K] of them, with S[i, j] = f(x_i, y_j); got shape [{string.Join(", ", scores.shape)}].",
                parameter);
        }

        using var first = scores[0];   // dtype and K >= 2, with the messages of a single matrix
        return Validate(first, parameter);
    }

    /// <summary>A K x K boolean matrix, true on the diagonal.</summary>
    public static Tensor DiagonalMask(long k, Device device) => eye(k, dtype: ScalarType.Bool, device: device);

    /// <summary>mean_i S[i, i].</summary>
    public static Tensor MeanDiagonal(Tensor scores) => scores.diagonal().mean();

    /// <summary>log sum over i != j of exp(S[i, j]), as a scalar.</summary>
    public static Tensor LogSumExpOffDiagonal(Tensor scores)
    {
        var masked = scores.masked_fill(DiagonalMask(scores.shape[0], scores.device), double.NegativeInfinity);
        return masked.flatten().logsumexp(0);
    }

    /// <summary>log of the mean over the K(K-1) off-diagonal entries of exp(S): log offmean(e^S).</summary>
    public static Tensor LogMeanExpOffDiagonal(Tensor scores)
    {
        var k = scores.shape[0];
        return LogSumExpOffDiagonal(scores) - Math.Log(k * (double)(k - 1));
    }

    /// <summary>
    /// offmean(e^(S - shift)): the mean over the K(K-1) off-diagonal entries of exp(S[i, j] - shift),
    /// summed term by term, each term already divided by K(K-1). The sum overflows only when the mean
    /// itself exceeds the dtype (then it is +infinity, the true value), and each entry's gradient is its
    /// own term, finite unless that term overflows. exp(LogMeanExpOffDiagonal) has the same value, but
    /// its gradient is exp(LSE) * softmax, which is infinity * 0 = NaN for the entries far below the
    /// maximum once the mean overflows.
    /// </summary>
    public static Tensor MeanExpOffDiagonal(Tensor scores, double shift = 0.0)
    {
        var k = scores.shape[0];
        var masked = scores.masked_fill(DiagonalMask(k, scores.device), double.NegativeInfinity);
        return (masked - (shift + Math.Log(k * (double)(k - 1)))).exp().sum();
    }

    /// <summary>Plain mean of the off-diagonal entries (for terms that are already bounded, like softplus).</summary>
    public static Tensor MeanOffDiagonal(Tensor values)
    {
        var k = values.shape[0];
        return values.masked_fill(DiagonalMask(k, values.device), 0.0).sum() / (k * (double)(k - 1));
    }

    /// <summary>
    /// mean_i ( LSE_j S[i, j] - S[i, i] ): the InfoNCE loss, log K minus the estimate; for a stack
    /// [G, K, K] the mean over every matrix's rows.
    /// </summary>
    public static Tensor InfoNceLoss(Tensor scores) => (scores.logsumexp(-1) - scores.diagonal(0, -2, -1)).mean();

    /// <summary>
    /// Leave-one-out log-mean-exp down each column: <c>L[r, c] = log mean_{k != r} exp(S[k, c])</c>.
    /// Computed exactly and stably: for rows other than the column's maximum, subtract that row's
    /// term from the column sum taken relative to the maximum (the rest is at least 1, so there is no
    /// cancellation); for the maximum's own row, take the masked log-sum-exp directly.
    /// </summary>
    public static Tensor LeaveOneOutLogMeanExpOverRows(Tensor scores)
    {
        var k = scores.shape[0];
        var columnMax = scores.max(0, keepdim: true).values.detach();            // [1, K]
        var shifted = (scores - columnMax).exp();                                // [K, K], each column's max term is 1
        var isMaxRow = zeros_like(scores, dtype: ScalarType.Bool)
            .scatter_(0, scores.argmax(0, keepdim: true), ones_like(scores, dtype: ScalarType.Bool)); // one row per column

        // Rows that are not the column's argmax: the remaining sum still holds the max term (>= 1).
        var rest = shifted.sum(0, keepdim: true) - shifted;                      // [K, K]
        var safeRest = where(isMaxRow, ones_like(rest), rest);                   // keeps log() finite where unused
        var others = columnMax + safeRest.log();

        // The argmax row itself: log-sum-exp of the column without it.
        var withoutMax = scores.masked_fill(isMaxRow, double.NegativeInfinity).logsumexp(0, keepdim: true); // [1, K]
        var leaveOut = where(isMaxRow, withoutMax.expand(k, k), others);
        return leaveOut - Math.Log(k - 1);
    }
}
