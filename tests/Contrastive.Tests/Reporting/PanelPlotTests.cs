using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Contrastive.Reporting;
using SkiaSharp;

namespace Contrastive.Tests.Reporting;

/// <summary>PNG figures: size, content, argument checks and the atomic write.</summary>
[TestFixture]
public sealed class PanelPlotTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private string _folder = "";

    [SetUp]
    public void CreateFolder() =>
        _folder = Path.Combine(Path.GetTempPath(), "contrastive-plot-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void A_2x2_grid_is_a_PNG_of_the_grid_size_with_the_title_band()
    {
        // A folder that does not exist yet: SavePng must create it.
        var path = Path.Combine(_folder, "figures", "grid.png");

        PanelPlot.SavePng(path, FourPanels(), columns: 2, panelWidth: 300, panelHeight: 200, title: "benchmark");

        var bytes = File.ReadAllBytes(path);
        Assert.Multiple(() =>
        {
            Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(PngSignature), "PNG signature");
            Assert.That(bytes.AsSpan(12, 4).ToArray(), Is.EqualTo("IHDR"u8.ToArray()), "first chunk");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.EqualTo(2 * 300), "IHDR width");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), Is.EqualTo(2 * 200 + PanelPlot.TitleHeight), "IHDR height");
        });
    }

    [Test]
    public void Without_a_title_the_image_is_exactly_the_grid_and_a_short_last_row_still_counts()
    {
        var path = Path.Combine(_folder, "three.png");

        PanelPlot.SavePng(path, FourPanels().Take(3).ToArray(), columns: 2, panelWidth: 300, panelHeight: 200);

        using var bitmap = SKBitmap.Decode(path);
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((2 * 300, 2 * 200)));
    }

    [Test]
    public void The_figure_is_not_blank_and_every_panel_has_ink()
    {
        var path = Path.Combine(_folder, "grid.png");
        PanelPlot.SavePng(path, FourPanels(), columns: 2, panelWidth: 300, panelHeight: 200);

        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap, Is.Not.Null, "SkiaSharp decodes the file");
        Assert.Multiple(() =>
        {
            // Each cell holds axes, text and a curve: many colours, not a white sheet.
            for (var cell = 0; cell < 4; cell++)
            {
                var colours = DistinctColours(bitmap, SKRectI.Create(cell % 2 * 300, cell / 2 * 200, 300, 200));
                Assert.That(colours, Is.GreaterThan(20), $"distinct colours in panel {cell}");
            }
        });
    }

    [Test]
    public void Text_has_a_font()
    {
        // The Linux Skia build scans /usr/share/fonts and draws labels as nothing when it finds no font; this is
        // the test that fails on a machine without fonts-dejavu-core (see .ci/run), instead of blank figures.
        Assert.That(() => PlotFont.Family, Throws.Nothing);
        using var typeface = SKTypeface.FromFamilyName(PlotFont.Family);
        Assert.That(typeface.GlyphCount, Is.GreaterThan(0), PlotFont.Family);
    }

    [Test]
    public void Mismatched_lengths_throw_an_ArgumentException_naming_the_series()
    {
        var panel = new PlotPanel("InfoNCE", [new PlotSeries("noisy estimate", [0, 1, 2], [1, 2])]);
        var path = Path.Combine(_folder, "bad.png");

        Assert.That(() => PanelPlot.SavePng(path, [panel], columns: 1),
            Throws.ArgumentException.With.Message.Contains("noisy estimate").And.Message.Contains("3 X values but 2 Y values"));
        Assert.That(Directory.Exists(_folder), Is.False, "nothing is written for invalid input");
    }

    [Test]
    public void No_panels_or_no_columns_throw()
    {
        var path = Path.Combine(_folder, "bad.png");
        Assert.Multiple(() =>
        {
            Assert.That(() => PanelPlot.SavePng(path, [], columns: 1),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("panels"));
            Assert.That(() => PanelPlot.SavePng(path, FourPanels(), columns: 0),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("columns"));
            Assert.That(() => PanelPlot.SavePng(path, [new PlotPanel("p", [], YMin: 2, YMax: 1)], columns: 1),
                Throws.ArgumentException.With.Message.Contains("YMin"));
        });
    }

    [Test]
    public void NaN_and_infinite_points_are_skipped()
    {
        var xs = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var ys = xs.Select(x => Math.Sin(x / 20)).ToArray();
        ys[10] = double.NaN;
        ys[11] = double.PositiveInfinity;
        xs[50] = double.NaN;
        var panels = new[]
        {
            new PlotPanel("gaps", [new PlotSeries("line", xs, ys), new PlotSeries("step", xs, ys, PlotStyle.Step)]),
            new PlotPanel("all NaN", [new PlotSeries("nothing", [double.NaN, double.NaN], [double.NaN, 1], PlotStyle.Scatter)]),
            new PlotPanel("empty", [new PlotSeries("none", [], [])]),
        };
        var path = Path.Combine(_folder, "nan.png");

        Assert.That(() => PanelPlot.SavePng(path, panels, columns: 3, panelWidth: 200, panelHeight: 150), Throws.Nothing);
        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap.Width, Is.EqualTo(3 * 200));
    }

    [Test]
    public void The_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_folder, "figure.png");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(path, "an older figure");

        PanelPlot.SavePng(path, FourPanels().Take(1).ToArray(), columns: 1, panelWidth: 200, panelHeight: 150);

        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFileSystemEntries(_folder), Is.EqualTo(new[] { path }), "only the figure");
            Assert.That(File.ReadAllBytes(path).AsSpan(0, 8).ToArray(), Is.EqualTo(PngSignature), "replaced by the PNG");
        });
    }

    /// <summary>The benchmark's shapes: a noisy estimate against a true-MI staircase, and training curves.</summary>
    private static PlotPanel[] FourPanels()
    {
        const int steps = 2000;
        var random = new Random(5);
        var step = Enumerable.Range(0, steps).Select(i => (double)i).ToArray();
        var truth = step.Select(s => 2.0 * (1 + (int)(s / 500))).ToArray();
        PlotPanel Estimator(string name, double noise) => new(
            name,
            [
                new PlotSeries("estimate", step, truth.Select(t => t + noise * (random.NextDouble() - 0.5)).ToArray()),
                new PlotSeries("true MI", step, truth, PlotStyle.Step),
            ],
            XLabel: "step",
            YLabel: "nats");
        var loss = step.Select(s => 4 * Math.Exp(-s / 400) + 0.1 * random.NextDouble()).ToArray();
        return
        [
            Estimator("InfoNCE", 1),
            Estimator("NWJ", 3),
            Estimator("MINE", 2),
            new PlotPanel("training loss", [new PlotSeries("loss", step, loss)], "step", "loss", YMin: 0),
        ];
    }

    private static int DistinctColours(SKBitmap bitmap, SKRectI cell)
    {
        using var region = new SKBitmap();
        Assert.That(bitmap.ExtractSubset(region, cell), Is.True, "cell inside the image");
        // The subset shares its parent's rows; a copy packs them, four bytes a pixel.
        using var packed = region.Copy(SKColorType.Rgba8888);
        return MemoryMarshal.Cast<byte, uint>(packed.GetPixelSpan()).ToArray().Distinct().Count();
    }
}
