using System.Text.Json;
using Contrastive.Reporting;

namespace Contrastive.Training.Runs;

/// <summary>The figures a run leaves in its folder: the loss, and the metric plots its method declares.</summary>
public static class RunPlots
{
    /// <summary>The file the training loss is drawn to.</summary>
    public const string LossFile = "loss.png";

    /// <summary><c>loss.png</c>: the loss of every step this process ran (nothing for fewer than two steps).</summary>
    /// <exception cref="InvalidOperationException">No font is installed to draw the text with.</exception>
    public static void DrawLoss(string directory, string title, TrainingSummary summary)
    {
        if (summary.Losses.Count < 2)
        {
            return;
        }

        var series = new PlotSeries("loss", summary.Losses.Select(l => (double)l.Step).ToList(), summary.Losses.Select(l => l.Loss).ToList());
        PanelPlot.SavePng(Path.Combine(directory, LossFile), [new PlotPanel("training loss", [series], "step", "loss")], columns: 1, panelWidth: 720, panelHeight: 400, title: title);
    }

    /// <summary>
    /// Draws <paramref name="plot"/> from the run's <c>metrics.jsonl</c> (the logged steps), one curve
    /// per metric that was logged; nothing when none of its metrics was. Returns whether it drew.
    /// </summary>
    /// <exception cref="InvalidOperationException">No font is installed to draw the text with.</exception>
    public static bool DrawMetrics(string directory, string title, MetricPlot plot)
    {
        var wanted = plot.Panels.SelectMany(p => p.Curves).Select(c => c.Metric).ToHashSet(StringComparer.Ordinal);
        var logged = ReadMetrics(Path.Combine(directory, "metrics.jsonl"), wanted);
        if (logged.Count == 0)
        {
            return false;
        }

        var panels = plot.Panels.Select(panel => new PlotPanel(
                panel.Title,
                panel.Curves.Where(c => logged.ContainsKey(c.Metric))
                    .Select(c => new PlotSeries(c.Label, logged[c.Metric].Select(p => p.Step).ToList(), logged[c.Metric].Select(p => p.Value).ToList()))
                    .ToList(),
                "step",
                panel.YLabel))
            .ToList();
        PanelPlot.SavePng(Path.Combine(directory, plot.FileName), panels, columns: Math.Min(2, panels.Count), panelWidth: 560, panelHeight: 400, title: title);
        return true;
    }

    // (step, value) of each wanted metric, in the order logged; metrics never logged are absent.
    private static Dictionary<string, List<(double Step, double Value)>> ReadMetrics(string path, HashSet<string> wanted)
    {
        var series = new Dictionary<string, List<(double Step, double Value)>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return series;
        }

        foreach (var line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var step = document.RootElement.GetProperty("step").GetDouble();
            foreach (var metric in document.RootElement.EnumerateObject().Where(m => wanted.Contains(m.Name) && m.Value.ValueKind == JsonValueKind.Number))
            {
                (series.TryGetValue(metric.Name, out var points) ? points : series[metric.Name] = []).Add((step, metric.Value.GetDouble()));
            }
        }

        return series;
    }
}
