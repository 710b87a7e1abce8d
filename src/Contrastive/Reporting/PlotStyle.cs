namespace Contrastive.Reporting;

/// <summary>How a <see cref="PlotSeries"/> is drawn.</summary>
public enum PlotStyle
{
    /// <summary>Points joined by straight lines, without markers (training curves, noisy estimates).</summary>
    Line,

    /// <summary>Unconnected markers.</summary>
    Scatter,

    /// <summary>
    /// A staircase: each value holds until the next point's X, then jumps (a piecewise-constant target such as a
    /// true-MI schedule).
    /// </summary>
    Step,
}
