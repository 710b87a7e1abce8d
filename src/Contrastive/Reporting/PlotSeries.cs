namespace Contrastive.Reporting;

/// <summary>One named curve of a <see cref="PlotPanel"/>.</summary>
/// <param name="Label">Legend text; also names the series in validation errors.</param>
/// <param name="X">Horizontal coordinates, one per point (need not be sorted for <see cref="PlotStyle.Scatter"/>).</param>
/// <param name="Y">Vertical coordinates, as many as <paramref name="X"/>.</param>
/// <param name="Style">How the points are drawn.</param>
/// <remarks>
/// A point whose X or Y is NaN or infinite is left out: a <see cref="PlotStyle.Line"/> then joins its neighbours.
/// </remarks>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, PlotStyle Style = PlotStyle.Line);
