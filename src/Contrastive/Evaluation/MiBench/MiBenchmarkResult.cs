using Contrastive.Objectives;

namespace Contrastive.Evaluation.MiBench;

/// <summary>One estimator at one level: statistics over the level's last half of steps.</summary>
/// <param name="Estimator">The estimator.</param>
/// <param name="TrueMi">The level's true MI, in nats.</param>
/// <param name="Mean">Mean estimate over the level's last half.</param>
/// <param name="StdDev">Standard deviation of the estimate over the same steps.</param>
public sealed record MiLevelSummary(MiEstimator Estimator, double TrueMi, double Mean, double StdDev)
{
    /// <summary>Mean minus truth.</summary>
    public double Bias => Mean - TrueMi;
}

/// <summary>A finished benchmark: every step's estimates, the true staircase, and the per-level summary.</summary>
/// <param name="Options">The settings it ran with.</param>
/// <param name="TrueMi">The true MI at each step.</param>
/// <param name="Estimates">Each estimator's estimate at each step, in the order of <see cref="MiBenchmarkOptions.Estimators"/>.</param>
/// <param name="Summary">Per estimator and level statistics.</param>
/// <param name="Elapsed">Wall time of the training.</param>
public sealed record MiBenchmarkResult(
    MiBenchmarkOptions Options,
    IReadOnlyList<double> TrueMi,
    IReadOnlyDictionary<MiEstimator, double[]> Estimates,
    IReadOnlyList<MiLevelSummary> Summary,
    TimeSpan Elapsed);

/// <summary>Reported after every step.</summary>
/// <param name="Step">Steps done so far (1-based).</param>
/// <param name="TotalSteps">Steps in the whole run.</param>
/// <param name="TrueMi">The current level's true MI.</param>
/// <param name="Latest">Each estimator's estimate at this step.</param>
public sealed record MiBenchmarkProgress(int Step, int TotalSteps, double TrueMi, IReadOnlyDictionary<MiEstimator, double> Latest);
