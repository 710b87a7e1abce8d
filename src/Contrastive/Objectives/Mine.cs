using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>
/// MINE (Belghazi et al. 2018): reports the Donsker-Varadhan value, but corrects the bias of its
/// minibatch gradient by dividing the gradient of offmean(e^S) by an exponential moving average of
/// offmean(e^S) instead of the current batch's value. The average is detached state of this object
/// (kept in log space, so it cannot overflow), not a graph that grows across steps. With momentum 0
/// the corrected gradient equals the Donsker-Varadhan gradient.
/// </summary>
public sealed class Mine
{
    private double? _logMovingAverage;

    /// <summary>Creates the estimator.</summary>
    /// <param name="momentum">EMA momentum in [0, 1): the weight of the old average (0.99 is typical).</param>
    public Mine(double momentum = 0.99)
    {
        if (!(momentum >= 0.0 && momentum < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must lie in [0, 1), e.g. 0.99.");
        }

        Momentum = momentum;
    }

    /// <summary>The EMA momentum.</summary>
    public double Momentum { get; }

    /// <summary>log of the moving average of offmean(e^S), or null before the first batch.</summary>
    public double? LogMovingAverage => _logMovingAverage;

    /// <summary>
    /// The Donsker-Varadhan estimate of this batch (in nats) with the EMA-corrected gradient, and
    /// updates the moving average. Call once per training step.
    /// </summary>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    public Tensor Estimate(Tensor scores)
    {
        ScoreMatrix.Validate(scores);
        var logMarginal = ScoreMatrix.LogMeanExpOffDiagonal(scores);   // log offmean(e^S), carries gradient
        var current = logMarginal.detach().to_type(ScalarType.Float64).item<double>();
        _logMovingAverage = _logMovingAverage is { } previous && Momentum > 0.0
            ? LogAddExp(Math.Log(Momentum) + previous, Math.Log(1.0 - Momentum) + current)
            : current;

        // d/dtheta of exp(logMarginal - logEma) = grad(offmean e^S) / ema: the corrected gradient.
        var corrected = (logMarginal - _logMovingAverage.Value).exp();
        var partition = logMarginal.detach() + (corrected - corrected.detach());
        return ScoreMatrix.MeanDiagonal(scores) - partition;
    }

    /// <summary>Forgets the moving average (e.g. when the data distribution changes).</summary>
    public void Reset() => _logMovingAverage = null;

    private static double LogAddExp(double a, double b)
    {
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
