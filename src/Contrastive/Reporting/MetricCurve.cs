namespace Contrastive.Reporting;

/// <summary>One curve of a <see cref="MetricPanel"/>: a metric as the training step logs it.</summary>
/// <param name="Label">The legend entry ("k = 2").</param>
/// <param name="Metric">The metric's name in <c>metrics.jsonl</c> ("accuracy-k2").</param>
public sealed record MetricCurve(string Label, string Metric);
