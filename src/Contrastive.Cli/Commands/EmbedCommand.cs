using System.ComponentModel;
using System.Globalization;
using System.Text;
using Contrastive.Data;
using Contrastive.Evaluation.Probes;
using Contrastive.Models;
using Contrastive.Reporting;
using Contrastive.Training;
using Contrastive.Training.Runs;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive embed RUN --out FILE</c>: the trained encoder's features of a split, as CSV or NumPy
/// .npy for other tools, and optionally a 2-D PCA picture coloured by class.
/// </summary>
public sealed class EmbedCommand : Command<EmbedCommand.Settings>
{
    private readonly IAnsiConsole _console;
    private readonly DataCommandSetup _data;

    /// <summary>Created by the command app with its console and data locations.</summary>
    public EmbedCommand(IAnsiConsole console, DataCommandSetup data)
    {
        _console = console;
        _data = data;
    }

    /// <summary>Options of <c>embed</c>.</summary>
    public sealed class Settings : RunCommandSettings
    {
        /// <summary>Output file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("features.csv (label, then one column per feature) or features.npy (float32 [[N, D]]; labels go to features.labels.npy).")]
        public string Out { get; init; } = string.Empty;

        /// <summary>Split.</summary>
        [CommandOption("--split <SPLIT>")]
        [Description("test (default) or train.")]
        public string Split { get; init; } = "test";

        /// <summary>PCA plot.</summary>
        [CommandOption("--plot <PNG>")]
        [Description("Also draw the first two principal components, coloured by class.")]
        public string? Plot { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var basic = base.Validate();
            if (!basic.Successful)
            {
                return basic;
            }

            if (string.IsNullOrWhiteSpace(Out) || !(Out.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || Out.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)))
            {
                return ValidationResult.Error($"--out must name a .csv or .npy file, got '{Out}'.");
            }

            return Split is "test" or "train" ? ValidationResult.Success() : ValidationResult.Error($"--split must be test or train, got '{Split}'.");
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            settings.ApplyToTorch();
            using var run = TrainingRun.Open(ModelRegistry.All, settings.Run, _data.Locations, DeviceChoice.Resolve(settings.Device));
            if (run.CheckpointNote is { } note)
            {
                _console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
            }

            using var data = run.Load(settings.Split == "train" ? DataSplit.Train : DataSplit.Test);
            using var scope = NewDisposeScope();
            var extracted = RepresentationEvaluation.Extract(run.Model, data);
            var features = extracted with { Features = extracted.Features.cpu() };   // written and plotted from host memory
            if (settings.Out.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                WriteCsv(settings.Out, features);
            }
            else
            {
                NumPy.Write(settings.Out, features.Features.to(ScalarType.Float32));
                NumPy.Write(Path.ChangeExtension(settings.Out, null) + ".labels.npy", features.Labels.to(ScalarType.Int64));
            }

            _console.MarkupLine($"{features.Count} x {features.Dimension} features of {Markup.Escape($"{data}")} → {Markup.Escape(settings.Out)}");
            if (settings.Plot is { } plot)
            {
                PlotPca(plot, features, data.ClassNames, run.Folder.Model);
                _console.MarkupLine($"PCA plot → {Markup.Escape(plot)}");
            }

            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or InvalidDataException or InvalidOperationException or IOException)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    private static void WriteCsv(string path, FeatureSet features)
    {
        var values = features.Features.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        var labels = features.Labels.to(ScalarType.Int64).data<long>().ToArray();
        var width = (int)features.Dimension;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
            writer.WriteLine("label," + string.Join(",", Enumerable.Range(0, width).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture))));
            for (var row = 0; row < labels.Length; row++)
            {
                writer.Write(labels[row].ToString(CultureInfo.InvariantCulture));
                for (var column = 0; column < width; column++)
                {
                    writer.Write(',');
                    writer.Write(values[(row * width) + column].ToString("R", CultureInfo.InvariantCulture));
                }

                writer.WriteLine();
            }
        });
    }

    private static void PlotPca(string path, FeatureSet features, IReadOnlyList<string> classes, string model)
    {
        using var scope = NewDisposeScope();
        var x = features.Features.to(ScalarType.Float64);
        x = x - x.mean([0L], keepdim: true);
        var (_, _, vh) = linalg.svd(x, fullMatrices: false);          // vh: [D, D], rows are principal axes
        var projected = x.matmul(vh.narrow(0, 0, 2).t());              // [N, 2]
        var points = projected.data<double>().ToArray();
        var labels = features.Labels.data<long>().ToArray();
        var series = Enumerable.Range(0, Math.Max(1, classes.Count))
            .Select(c => new PlotSeries(
                c < classes.Count ? classes[c] : "all",
                Enumerable.Range(0, labels.Length).Where(i => classes.Count == 0 || labels[i] == c).Select(i => points[2 * i]).ToList(),
                Enumerable.Range(0, labels.Length).Where(i => classes.Count == 0 || labels[i] == c).Select(i => points[(2 * i) + 1]).ToList(),
                PlotStyle.Scatter))
            .ToList();
        PanelPlot.SavePng(path, [new PlotPanel("features, first two principal components", series, "PC 1", "PC 2")], columns: 1, panelWidth: 720, panelHeight: 560, title: model);
    }
}
