namespace Contrastive.Reporting;

/// <summary>
/// A figure a method asks for beside the loss plot: panels of the metrics its training steps log,
/// drawn over training from the run's <c>metrics.jsonl</c> once the run ends
/// (<see cref="Methods.SelfSupervisedMethod.Plots"/>).
/// </summary>
/// <param name="FileName">The PNG file in the run folder ("steps.png").</param>
/// <param name="Panels">The panels, side by side.</param>
public sealed record MetricPlot(string FileName, IReadOnlyList<MetricPanel> Panels);
