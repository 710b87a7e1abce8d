namespace Contrastive.Reporting;

/// <summary>One set of axes in a <see cref="PanelPlot"/> figure.</summary>
/// <param name="Title">Text above the axes.</param>
/// <param name="Series">The curves drawn on these axes, in drawing order; a legend appears when there is more than one.</param>
/// <param name="XLabel">Horizontal axis label (none when empty).</param>
/// <param name="YLabel">Vertical axis label (none when empty).</param>
/// <param name="YMin">Fixed bottom of the vertical axis, or <see langword="null"/> to fit the data.</param>
/// <param name="YMax">Fixed top of the vertical axis, or <see langword="null"/> to fit the data.</param>
public sealed record PlotPanel(
    string Title,
    IReadOnlyList<PlotSeries> Series,
    string XLabel = "",
    string YLabel = "",
    double? YMin = null,
    double? YMax = null);
