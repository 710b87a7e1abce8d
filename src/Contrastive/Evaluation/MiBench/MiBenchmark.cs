using System.Diagnostics;
using Contrastive.Data;
using Contrastive.Native;
using Contrastive.Objectives;
using static TorchSharp.torch;

namespace Contrastive.Evaluation.MiBench;

/// <summary>
/// The Gaussian MI benchmark of Poole et al. 2019: every estimator trains its own critic on the same
/// stream of correlated Gaussian batches while the true MI steps up a staircase, and its estimate is
/// recorded at every step.
/// </summary>
public static class MiBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="progress"/> hears about every step.</summary>
    /// <param name="options">What to train and measure.</param>
    /// <param name="progress">Hears about every step.</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <param name="device">Where the critics train (default: the CPU). The data stream is drawn on the
    /// CPU from the seed and moved there, so every device sees the same batches.</param>
    public static MiBenchmarkResult Run(
        MiBenchmarkOptions options, Action<MiBenchmarkProgress>? progress = null, CancellationToken cancellationToken = default, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.EnsureLoaded();
        device ??= CPU;

        var estimators = options.Estimators;
        var totalSteps = options.StepsPerLevel * options.Levels.Count;
        var trueMi = new double[totalSteps];
        var estimates = estimators.ToDictionary(e => e, _ => new double[totalSteps]);
        var tracks = estimators.Select((e, i) => new EstimatorTrack(e, options, options.Seed * 1000 + (ulong)i, device)).ToList();
        using var data = new Generator(options.Seed);
        var clock = Stopwatch.StartNew();
        try
        {
            var step = 0;
            foreach (var level in options.Levels)
            {
                var rho = CorrelatedGaussians.RhoFor(level, options.Dimension);
                for (var i = 0; i < options.StepsPerLevel; i++, step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var latest = new Dictionary<MiEstimator, double>(estimators.Count);
                    using (NewDisposeScope())
                    {
                        var (cpuX, cpuY) = CorrelatedGaussians.Sample(options.BatchSize, options.Dimension, rho, data);
                        var (x, y) = (cpuX.to(device), cpuY.to(device));
                        foreach (var track in tracks)
                        {
                            var value = track.Step(x, y);
                            estimates[track.Estimator][step] = value;
                            latest[track.Estimator] = value;
                        }
                    }

                    trueMi[step] = level;
                    progress?.Invoke(new MiBenchmarkProgress(step + 1, totalSteps, level, latest));
                }
            }
        }
        finally
        {
            tracks.ForEach(t => t.Dispose());
        }

        return new MiBenchmarkResult(options, trueMi, estimates, Summarise(options, estimates), clock.Elapsed);
    }

    /// <summary>Mean and standard deviation of each estimator over the last half of each level.</summary>
    public static IReadOnlyList<MiLevelSummary> Summarise(MiBenchmarkOptions options, IReadOnlyDictionary<MiEstimator, double[]> estimates)
    {
        var rows = new List<MiLevelSummary>();
        foreach (var estimator in options.Estimators)
        {
            var series = estimates[estimator];
            for (var l = 0; l < options.Levels.Count; l++)
            {
                var half = options.StepsPerLevel / 2;
                var start = l * options.StepsPerLevel + (options.StepsPerLevel - half);
                var window = new ArraySegment<double>(series, start, half);
                var mean = window.Average();
                var variance = window.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, half - 1);
                rows.Add(new MiLevelSummary(estimator, options.Levels[l], mean, Math.Sqrt(variance)));
            }
        }

        return rows;
    }
}
