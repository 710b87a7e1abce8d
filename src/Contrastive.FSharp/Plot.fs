namespace Contrastive.FSharp

open Contrastive.Reporting

/// PNG figures (Contrastive.Reporting.PanelPlot): series drawn on panels laid out in a grid.
[<RequireQualifiedAccess>]
module Plot =

    /// Points joined by lines.
    let line (label: string) (xs: float seq) (ys: float seq) = PlotSeries(label, Seq.toArray xs, Seq.toArray ys, PlotStyle.Line)

    /// Unconnected markers.
    let scatter (label: string) (xs: float seq) (ys: float seq) = PlotSeries(label, Seq.toArray xs, Seq.toArray ys, PlotStyle.Scatter)

    /// A staircase (a piecewise-constant target such as a true-MI schedule).
    let steps (label: string) (xs: float seq) (ys: float seq) = PlotSeries(label, Seq.toArray xs, Seq.toArray ys, PlotStyle.Step)

    /// One set of axes.
    let panel (title: string) (xLabel: string) (yLabel: string) (series: PlotSeries list) =
        PlotPanel(title, List.toArray series, xLabel, yLabel)

    /// Writes the panels, `columns` per row, as a PNG (atomically; the folder is created).
    let save (path: string) (columns: int) (panels: PlotPanel list) = PanelPlot.SavePng(path, List.toArray panels, columns)
