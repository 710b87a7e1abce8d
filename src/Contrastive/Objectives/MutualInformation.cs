using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>
/// Variational lower bounds on the mutual information I(X; Y), in nats, estimated from a K x K score
/// matrix <c>S[i, j] = f(x_i, y_j)</c> of a critic f over a batch of K joint pairs (x_i, y_i): the
/// diagonal holds the positive (joint) pairs, the K(K-1) off-diagonal entries stand in for samples of
/// p(x)p(y). Each method returns a scalar tensor that carries gradient (maximise it to train the
/// critic), works in float32 and float64 on any device, and reduces through log-sum-exp or softplus.
/// </summary>
/// <remarks>
/// Reference: Poole, Ozair, van den Oord, Alemi, Tucker, "On Variational Bounds of Mutual
/// Information", ICML 2019; Song and Ermon, "Understanding the Limitations of Variational Mutual
/// Information Estimators", ICLR 2020 (SMILE). The estimators built on an exponential of the scores
/// (NWJ, TUBA, I_alpha, the NWJ report of JS) are exact values: when offmean(e^S) exceeds the dtype's
/// range (scores above ~88 in float32, ~709 in float64) the true value is below the most negative
/// representable number and they return -infinity; they never return NaN for finite scores, nor a NaN
/// gradient (each off-diagonal entry's gradient is its own exponential term, -infinity only where that
/// term itself overflows).
/// </remarks>
public static class MutualInformation
{
    /// <summary>
    /// InfoNCE (van den Oord et al. 2018): <c>log K + mean_i (S[i, i] - LSE_j S[i, j])</c>.
    /// Low variance, but never exceeds log K. A stack [G, K, K] of independent score matrices gives
    /// log K minus the mean loss over all their rows (CPC's bound I(x_{t+k}; c_t) &gt;= log N - L_N).
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal, or a stack [G, K, K] of them.</param>
    public static Tensor InfoNce(Tensor scores)
    {
        var k = ScoreMatrix.ValidateStack(scores);
        return Math.Log(k) - ScoreMatrix.InfoNceLoss(scores);
    }

    /// <summary>
    /// NWJ (Nguyen, Wainwright and Jordan; f-GAN KL, "MINE-f"):
    /// <c>mean_i S[i, i] - e^-1 offmean(e^S)</c>. Unbiased; tight at f = 1 + log r; high variance.
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    public static Tensor Nwj(Tensor scores)
    {
        ScoreMatrix.Validate(scores);
        return ScoreMatrix.MeanDiagonal(scores) - ScoreMatrix.MeanExpOffDiagonal(scores, shift: 1.0);
    }

    /// <summary>
    /// Donsker-Varadhan (the value MINE reports): <c>mean_i S[i, i] - log offmean(e^S)</c>.
    /// Invariant to a constant shift of S; its minibatch value is biased upward.
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    public static Tensor DonskerVaradhan(Tensor scores)
    {
        ScoreMatrix.Validate(scores);
        return ScoreMatrix.MeanDiagonal(scores) - ScoreMatrix.LogMeanExpOffDiagonal(scores);
    }

    /// <summary>
    /// Jensen-Shannon lower bound in f-GAN form:
    /// <c>mean_i -softplus(-S[i, i]) - offmean(softplus(S))</c>. Always negative; a good objective for
    /// training a critic (optimum f = log r), not an MI estimate itself: see <see cref="JensenShannonNwj"/>.
    /// Deep InfoMax's code adds 2 log 2 to this value, which changes no gradient.
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    public static Tensor JensenShannon(Tensor scores)
    {
        ScoreMatrix.Validate(scores);
        var joint = -nn.functional.softplus(-scores.diagonal()).mean();
        var marginal = ScoreMatrix.MeanOffDiagonal(nn.functional.softplus(scores));
        return joint - marginal;
    }

    /// <summary>
    /// "Train with JS, report NWJ": the value is <c>NWJ(S + 1)</c> (tight at the JS-optimal critic
    /// f = log r), the gradient is that of <see cref="JensenShannon"/> (Poole et al. 2019, Sec. 2.3).
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    public static Tensor JensenShannonNwj(Tensor scores)
    {
        var js = JensenShannon(scores);
        var report = Nwj(scores + 1.0);
        return WithGradientOf(value: report, gradientSource: js);
    }

    /// <summary>
    /// TUBA (tractable unnormalised Barber-Agakov) with a baseline a(y) &gt; 0:
    /// <c>1 + mean_j (S[j, j] - log a(y_j)) - mean_{i != j} e^{S[i, j]} / a(y_j)</c>.
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    /// <param name="logBaseline">log a(y_j), one per column (shape [K]) or a scalar; may carry gradient (a learned baseline).</param>
    public static Tensor Tuba(Tensor scores, Tensor logBaseline)
    {
        var k = ScoreMatrix.Validate(scores);
        var perColumn = ColumnBaseline(logBaseline, k, scores);
        var joint = (scores.diagonal() - perColumn).mean();
        var marginal = ScoreMatrix.MeanExpOffDiagonal(scores - perColumn.unsqueeze(0));
        return 1.0 + joint - marginal;
    }

    /// <summary>
    /// I_alpha (Poole et al. 2019): TUBA whose baseline interpolates between the leave-one-out
    /// InfoNCE baseline and a learned one, <c>a(y) = alpha m(y) + (1 - alpha) q(y)</c>, where m(y) is
    /// the mean of e^{f(x_k, y)} over the batch leaving one sample out. alpha = 1 behaves like InfoNCE
    /// (bounded by about log(K / alpha)), alpha = 0 is TUBA with baseline q; small alpha trades bias for variance.
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    /// <param name="logBaseline">log q(y_j), one per column (shape [K]) or a scalar.</param>
    /// <param name="alpha">Interpolation weight in [0, 1].</param>
    public static Tensor Interpolated(Tensor scores, Tensor logBaseline, double alpha)
    {
        var k = ScoreMatrix.Validate(scores);
        if (!(alpha >= 0.0 && alpha <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in [0, 1] (1: InfoNCE-like, 0: TUBA).");
        }

        if (alpha == 0.0)
        {
            return Tuba(scores, logBaseline);
        }

        var learned = ColumnBaseline(logBaseline, k, scores).unsqueeze(0).expand(k, k);   // [K, K], q(y_c) in column c
        var leaveOneOut = ScoreMatrix.LeaveOneOutLogMeanExpOverRows(scores);              // [K, K], L[r, c]
        var logBaselines = alpha == 1.0
            ? leaveOneOut
            : logaddexp(leaveOneOut + Math.Log(alpha), learned + Math.Log(1.0 - alpha)); // B[r, c]

        // Joint term: each positive S[c, c] against every baseline of its column that leaves out a negative r != c.
        var joint = ScoreMatrix.MeanOffDiagonal(scores.diagonal().unsqueeze(0) - logBaselines);
        // Marginal term: negatives of column c against the baseline that leaves out the positive (r = c).
        var marginal = ScoreMatrix.MeanExpOffDiagonal(scores - logBaselines.diagonal().unsqueeze(0));
        return 1.0 + joint - marginal;
    }

    /// <summary>
    /// SMILE (Song and Ermon 2020): the Donsker-Varadhan value with the partition term's scores clipped
    /// to [-tau, tau], <c>mean_i S[i, i] - log offmean(e^{clip(S, -tau, tau)})</c>; the gradient is that
    /// of <see cref="JensenShannon"/>. Clipping bounds the variance at the cost of some bias.
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    /// <param name="tau">Clip threshold, &gt; 0 (5 is common).</param>
    public static Tensor Smile(Tensor scores, double tau)
    {
        ScoreMatrix.Validate(scores);
        if (!(tau > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be positive (5 is a common choice).");
        }

        var value = ScoreMatrix.MeanDiagonal(scores) - ScoreMatrix.LogMeanExpOffDiagonal(scores.clamp(-tau, tau));
        return WithGradientOf(value, JensenShannon(scores));
    }

    /// <summary>A tensor whose value is <paramref name="value"/> and whose gradient is that of <paramref name="gradientSource"/>.</summary>
    internal static Tensor WithGradientOf(Tensor value, Tensor gradientSource)
        => gradientSource + (value - gradientSource).detach();

    /// <summary>A baseline given per column ([K]) or as a scalar, as a [K] vector of the scores' dtype and device.</summary>
    private static Tensor ColumnBaseline(Tensor logBaseline, long k, Tensor scores)
    {
        ArgumentNullException.ThrowIfNull(logBaseline);
        if (logBaseline.numel() == 1)
        {
            return logBaseline.reshape(1).to(scores.dtype, scores.device).expand(k);
        }

        if (logBaseline.dim() != 1 || logBaseline.shape[0] != k)
        {
            throw new ArgumentException(
                $"logBaseline must hold log a(y_j) for each of the K = {k} columns (shape [{k}]) or be a scalar; got shape [{string.Join(", ", logBaseline.shape)}].",
                nameof(logBaseline));
        }

        return logBaseline.to(scores.dtype, scores.device);
    }
}
