using ScottPlot;
using SkiaSharp;

namespace Contrastive.Reporting;

/// <summary>Draws one validated <see cref="PlotPanel"/> into a rectangle of a shared canvas with ScottPlot.</summary>
internal static class PanelRenderer
{
    private const float LineWidth = 1.5f;
    private const float StepWidth = 2f;
    private const float MarkerSize = 4f;

    public static void Render(SKCanvas canvas, PlotPanel panel, SKRectI bounds, string fontFamily)
    {
        using var plot = Build(panel, fontFamily);

        // ScottPlot clears the whole canvas before it draws; the clip keeps that to this panel's cell.
        canvas.Save();
        try
        {
            canvas.ClipRect(bounds);
            plot.Render(canvas, new PixelRect(new Pixel(bounds.Left, bounds.Top), new PixelSize(bounds.Width, bounds.Height)));
        }
        finally
        {
            canvas.Restore();
        }
    }

    private static Plot Build(PlotPanel panel, string fontFamily)
    {
        var plot = new Plot();
        try
        {
            plot.Title(panel.Title ?? "");
            plot.XLabel(panel.XLabel ?? "");
            plot.YLabel(panel.YLabel ?? "");

            var points = new List<(double[] Xs, double[] Ys)>(panel.Series.Count);
            foreach (var series in panel.Series)
            {
                points.Add(AddSeries(plot, series));
            }

            // Per plot rather than plot.Font.Set, which also changes ScottPlot's process-wide default.
            plot.Axes.Title.Label.FontName = fontFamily;
            foreach (var axis in plot.Axes.GetAxes())
            {
                axis.Label.FontName = fontFamily;
                axis.TickLabelStyle.FontName = fontFamily;
            }

            plot.Legend.FontName = fontFamily;

            FitAxes(plot, panel);
            if (panel.Series.Count > 1)
            {
                plot.ShowLegend(LegendPlacement.EmptiestCorner(points, plot.Axes.GetLimits()));
            }
            else
            {
                // ScottPlot shows a legend by itself once any item has legend text; one curve needs none.
                plot.HideLegend();
            }

            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds the series' finite points to <paramref name="plot"/> and returns them all, including those a staircase
    /// does not need drawn, so legend placement sees where its flat runs lie.
    /// </summary>
    private static (double[] Xs, double[] Ys) AddSeries(Plot plot, PlotSeries series)
    {
        var (xs, ys) = FinitePoints(series);
        if (series.Style == PlotStyle.Line && xs.Length > 1 && IsIncreasing(xs))
        {
            // A dense noisy curve stroked point by point costs ~300 ms per 20k points; SignalXY draws each pixel
            // column's min-max range instead (~15 ms) and looks the same. It needs increasing X, as steps are.
            var signal = plot.Add.SignalXY(xs, ys);
            signal.LegendText = series.Label ?? "";
            signal.LineWidth = LineWidth;
            signal.MarkerSize = 0;
            return (xs, ys);
        }

        var scatter = series.Style == PlotStyle.Step && IsIncreasing(xs)
            ? plot.Add.Scatter(StepCorners(xs, ys))
            : plot.Add.Scatter(xs, ys);
        scatter.LegendText = series.Label ?? "";
        switch (series.Style)
        {
            case PlotStyle.Line:
                scatter.LineWidth = LineWidth;
                // A line through one point has no length: mark the point so the series is not invisible.
                scatter.MarkerSize = xs.Length == 1 ? MarkerSize : 0;
                break;
            case PlotStyle.Step:
                scatter.LineWidth = StepWidth;
                scatter.MarkerSize = 0;
                scatter.ConnectStyle = ConnectStyle.StepHorizontal;
                break;
            case PlotStyle.Scatter:
                scatter.LineWidth = 0;
                scatter.MarkerSize = MarkerSize;
                break;
        }

        return (xs, ys);
    }

    /// <summary>
    /// The points where a staircase changes level, plus its last point: a per-step target of 20k points is a handful
    /// of steps, and stroking the rest costs ~90 ms for nothing.
    /// </summary>
    private static Coordinates[] StepCorners(double[] xs, double[] ys)
    {
        var kept = new List<Coordinates>();
        for (var i = 0; i < xs.Length; i++)
        {
            if (i == 0 || i == xs.Length - 1 || ys[i] != ys[i - 1])
            {
                kept.Add(new Coordinates(xs[i], ys[i]));
            }
        }

        return [.. kept];
    }

    private static bool IsIncreasing(double[] xs)
    {
        for (var i = 1; i < xs.Length; i++)
        {
            if (!(xs[i] > xs[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The series' points without any whose X or Y is NaN or infinite.</summary>
    private static (double[] Xs, double[] Ys) FinitePoints(PlotSeries series)
    {
        var xs = new double[series.X.Count];
        var ys = new double[series.Y.Count];
        var kept = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            double x = series.X[i], y = series.Y[i];
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                xs[kept] = x;
                ys[kept] = y;
                kept++;
            }
        }

        return kept == xs.Length ? (xs, ys) : (xs[..kept], ys[..kept]);
    }

    private static void FitAxes(Plot plot, PlotPanel panel)
    {
        plot.Axes.AutoScale();
        if (panel.YMin is null && panel.YMax is null)
        {
            return;
        }

        var fitted = plot.Axes.GetLimits();
        var bottom = panel.YMin ?? fitted.Bottom;
        var top = panel.YMax ?? fitted.Top;
        if (bottom >= top)
        {
            // Only one end was fixed and the data lie wholly beyond it: keep a visible, non-empty range.
            var span = Math.Max(Math.Abs(fitted.Top - fitted.Bottom), 1.0);
            (bottom, top) = panel.YMin is null ? (top - span, top) : (bottom, bottom + span);
        }

        plot.Axes.SetLimitsY(bottom, top);
    }
}
