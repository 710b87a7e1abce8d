using Contrastive.Objectives;
using Contrastive.Reporting;

namespace Contrastive.Evaluation.MiBench;

/// <summary>
/// The benchmark's figure, laid out as in Poole et al. 2019: one panel per estimator with its
/// estimate at every step against the true MI staircase, plus log K where InfoNCE saturates.
/// </summary>
public static class MiBenchmarkPlot
{
    /// <summary>Writes the PNG (atomically).</summary>
    public static void Save(MiBenchmarkResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var options = result.Options;
        var steps = Enumerable.Range(1, result.TrueMi.Count).Select(s => (double)s).ToArray();
        var top = options.Levels.Max() + 2;
        var logK = Math.Log(options.BatchSize);
        var panels = options.Estimators.Select(estimator => new PlotPanel(
            Title: Title(estimator, options),
            Series: new[]
            {
                new PlotSeries("estimate", steps, result.Estimates[estimator]),
                new PlotSeries("true MI", steps, result.TrueMi, PlotStyle.Step),
                new PlotSeries($"log K = {logK:F2}", new[] { 1.0, steps[^1] }, new[] { logK, logK }),
            },
            XLabel: "step",
            YLabel: "nats",
            YMin: -1,
            YMax: top)).ToList();

        PanelPlot.SavePng(
            path,
            panels,
            columns: Math.Min(4, panels.Count),
            title: $"Gaussian MI benchmark: d = {options.Dimension}, K = {options.BatchSize}, {options.Critic.ToString().ToLowerInvariant()} critic, seed {options.Seed}");
    }

    // The estimator's word, then what a reader of the figure needs to know about it.
    private static string Title(MiEstimator estimator, MiBenchmarkOptions options) => MiBenchmarkReport.Name(estimator) + estimator switch
    {
        MiEstimator.Alpha => $" (I_alpha, alpha = {options.Alpha})",
        MiEstimator.Smile => $" (tau = {options.SmileTau})",
        MiEstimator.Jsd => " (NWJ report of a JS-trained critic)",
        MiEstimator.Mine => $" (EMA {options.MineMomentum})",
        _ => string.Empty,
    };
}
