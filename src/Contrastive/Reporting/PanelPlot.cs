using SkiaSharp;

namespace Contrastive.Reporting;

/// <summary>Figures made of several <see cref="PlotPanel"/>s laid out in a grid, saved as PNG files.</summary>
/// <remarks>
/// The image is <c>columns × panelWidth</c> pixels wide and <c>rows × panelHeight</c> pixels high, where
/// <c>rows = ⌈panels / columns⌉</c>, plus <see cref="TitleHeight"/> pixels on top when a figure title is given.
/// Panels fill the grid row by row; cells past the last panel stay white. Text needs a font: on Debian, the
/// package <c>fonts-dejavu-core</c>.
/// </remarks>
public static class PanelPlot
{
    /// <summary>Height in pixels of the band above the grid that holds the figure title (only when one is given).</summary>
    public const int TitleHeight = 40;

    /// <summary>Smallest panel width or height in pixels: below it the axes, labels and ticks no longer fit.</summary>
    public const int MinPanelSize = 100;

    /// <summary>Largest image width or height in pixels.</summary>
    public const int MaxImageSize = 16384;

    private const float TitleFontSize = 20f;

    /// <summary>Renders <paramref name="panels"/> in a grid and writes the PNG to <paramref name="path"/>.</summary>
    /// <param name="path">The PNG file to write. Its folder is created if needed; an existing file is replaced
    /// in one rename, so readers see either the old figure or the new one.</param>
    /// <param name="panels">The panels, in row-major order. Points with a NaN or infinite coordinate are left out.</param>
    /// <param name="columns">Panels per row (at least 1).</param>
    /// <param name="panelWidth">Width of each panel in pixels.</param>
    /// <param name="panelHeight">Height of each panel in pixels.</param>
    /// <param name="title">Figure title, drawn in a band of <see cref="TitleHeight"/> pixels above the grid; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="panels"/> is null.</exception>
    /// <exception cref="ArgumentException">No panels; a panel, series or coordinate list is missing; a series'
    /// X and Y lengths differ; a fixed Y range is not finite or empty; or a size is out of range.</exception>
    /// <exception cref="InvalidOperationException">No font is installed to draw the text with.</exception>
    public static void SavePng(
        string path,
        IReadOnlyList<PlotPanel> panels,
        int columns,
        int panelWidth = 480,
        int panelHeight = 320,
        string? title = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.EndsInDirectorySeparator(path))
        {
            throw new ArgumentException($"'{path}' names a folder, not a PNG file.", nameof(path));
        }

        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A figure needs at least one panel.", nameof(panels));
        }

        var (width, height) = ImageSize(panels.Count, columns, panelWidth, panelHeight, title is not null);
        Validate(panels);

        Native.SkiaNativeLibraries.EnsureResolvable();   // drawing uses SkiaSharp, also under dotnet fsi
        using var png = Render(panels, columns, panelWidth, panelHeight, title, width, height);
        AtomicFile.Write(path, png.SaveTo);
    }

    private static (int Width, int Height) ImageSize(int panelCount, int columns, int panelWidth, int panelHeight, bool hasTitle)
    {
        if (columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "A figure needs at least one column.");
        }

        if (panelWidth < MinPanelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(panelWidth), panelWidth, $"Panels must be at least {MinPanelSize} pixels wide.");
        }

        if (panelHeight < MinPanelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(panelHeight), panelHeight, $"Panels must be at least {MinPanelSize} pixels high.");
        }

        // In long arithmetic: a silly column count or panel size must fail here, not overflow.
        var rows = (panelCount + (long)columns - 1) / columns;
        var width = (long)columns * panelWidth;
        var height = rows * panelHeight + (hasTitle ? TitleHeight : 0);
        if (width > MaxImageSize || height > MaxImageSize)
        {
            throw new ArgumentException(
                $"The figure would be {width} x {height} pixels; at most {MaxImageSize} either way. Use fewer columns, rows or smaller panels.");
        }

        return ((int)width, (int)height);
    }

    private static void Validate(IReadOnlyList<PlotPanel> panels)
    {
        for (var p = 0; p < panels.Count; p++)
        {
            var panel = panels[p] ?? throw new ArgumentException($"Panel #{p} is null.", nameof(panels));
            var where = $"panel #{p} '{panel.Title}'";
            if (panel.Series is null)
            {
                throw new ArgumentException($"{where} has no series list.", nameof(panels));
            }

            for (var s = 0; s < panel.Series.Count; s++)
            {
                var series = panel.Series[s] ?? throw new ArgumentException($"Series #{s} of {where} is null.", nameof(panels));
                var name = $"series '{series.Label}' (#{s} of {where})";
                if (series.X is null || series.Y is null)
                {
                    throw new ArgumentException($"The {name} has no {(series.X is null ? "X" : "Y")} values.", nameof(panels));
                }

                if (series.X.Count != series.Y.Count)
                {
                    throw new ArgumentException(
                        $"The {name} has {series.X.Count} X values but {series.Y.Count} Y values.", nameof(panels));
                }

                if (!Enum.IsDefined(series.Style))
                {
                    throw new ArgumentException($"The {name} has unknown style {(int)series.Style}.", nameof(panels));
                }
            }

            if ((panel.YMin is { } min && !double.IsFinite(min)) || (panel.YMax is { } max && !double.IsFinite(max)))
            {
                throw new ArgumentException($"The fixed Y range of {where} must be finite.", nameof(panels));
            }

            if (panel.YMin >= panel.YMax)
            {
                throw new ArgumentException(
                    $"The fixed Y range of {where} is empty: YMin {panel.YMin} is not below YMax {panel.YMax}.", nameof(panels));
            }
        }
    }

    private static SKData Render(
        IReadOnlyList<PlotPanel> panels, int columns, int panelWidth, int panelHeight, string? title, int width, int height)
    {
        var family = PlotFont.Family;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Could not allocate a {width} x {height} drawing surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        var top = 0;
        if (title is not null)
        {
            DrawTitle(canvas, title, family, width);
            top = TitleHeight;
        }

        for (var i = 0; i < panels.Count; i++)
        {
            var left = i % columns * panelWidth;
            var cellTop = top + i / columns * panelHeight;
            PanelRenderer.Render(canvas, panels[i], SKRectI.Create(left, cellTop, panelWidth, panelHeight), family);
        }

        using var image = surface.Snapshot();
        return image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the figure as PNG.");
    }

    private static void DrawTitle(SKCanvas canvas, string title, string family, int width)
    {
        using var typeface = SKTypeface.FromFamilyName(family, SKFontStyle.Bold);
        using var font = new SKFont(typeface, TitleFontSize);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        // A title wider than the figure shrinks to fit rather than being cut at both ends.
        var room = width - 2 * 10f;
        var measured = font.MeasureText(title);
        if (measured > room)
        {
            font.Size = TitleFontSize * room / measured;
        }

        var metrics = font.Metrics;
        var baseline = TitleHeight / 2f - (metrics.Ascent + metrics.Descent) / 2f;
        canvas.DrawText(title, width / 2f, baseline, SKTextAlign.Center, font, paint);
    }
}
