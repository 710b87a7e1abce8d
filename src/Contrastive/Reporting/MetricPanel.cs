namespace Contrastive.Reporting;

/// <summary>One panel of a <see cref="MetricPlot"/>: logged metrics against the step.</summary>
/// <param name="Title">Text above the axes.</param>
/// <param name="YLabel">Vertical axis label (the horizontal axis is the step).</param>
/// <param name="Curves">The metrics drawn, one curve each, in this order.</param>
public sealed record MetricPanel(string Title, string YLabel, IReadOnlyList<MetricCurve> Curves);
