using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Contrastive.Evaluation.MiBench;
using Contrastive.Objectives;
using Contrastive.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive mi-bench</c>: the Gaussian MI benchmark of Poole et al. 2019, with a live display,
/// a summary table, CSV files and a plot.
/// </summary>
public sealed class MiBenchCommand : Command<MiBenchCommand.Settings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Created by the command app with its console.</summary>
    public MiBenchCommand(IAnsiConsole console) => _console = console;

    /// <summary>Options of <c>mi-bench</c>.</summary>
    public sealed class Settings : DeviceCommandSettings
    {
        /// <summary>Comma-separated estimator names.</summary>
        [CommandOption("--estimators <LIST>")]
        [Description("Estimators to train, comma-separated: infonce, nwj, dv, mine, jsd, tuba, alpha, smile.")]
        [DefaultValue("infonce,nwj,dv,jsd,tuba,alpha,smile")]
        public string Estimators { get; init; } = "infonce,nwj,dv,jsd,tuba,alpha,smile";

        /// <summary>Steps at each MI level.</summary>
        [CommandOption("--steps-per-level <N>")]
        [Description("Training steps at each MI level.")]
        [DefaultValue(4000)]
        public int StepsPerLevel { get; init; } = 4000;

        /// <summary>True MI levels in nats.</summary>
        [CommandOption("--levels <LIST>")]
        [Description("True MI of each level, in nats, comma-separated.")]
        [DefaultValue("2,4,6,8,10")]
        public string Levels { get; init; } = "2,4,6,8,10";

        /// <summary>Critic architecture.</summary>
        [CommandOption("--critic <KIND>")]
        [Description("Critic: concat (MLP on [[x; y]], all K x K pairs) or separable (two MLPs, dot product).")]
        [DefaultValue("concat")]
        public string Critic { get; init; } = "concat";

        /// <summary>Batch size K.</summary>
        [CommandOption("--batch-size <K>")]
        [Description("Batch size K (InfoNCE saturates at log K).")]
        [DefaultValue(64)]
        public int BatchSize { get; init; } = 64;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>")]
        [Description("Seed of the data stream and of every critic's initialisation.")]
        [DefaultValue(1UL)]
        public ulong Seed { get; init; } = 1;

        /// <summary>Output folder.</summary>
        [CommandOption("--output <DIR>")]
        [Description("Folder for mi-bench.csv, summary.csv and mi-bench.png.")]
        [DefaultValue("runs/mi-bench")]
        public string Output { get; init; } = "runs/mi-bench";

        /// <summary>Re-plot a finished run instead of training.</summary>
        [CommandOption("--from-csv <FILE>")]
        [Description("Summarise and plot an earlier run's mi-bench.csv instead of training (writes next to --output).")]
        public string? FromCsv { get; init; }

        /// <summary>Parses the options into benchmark settings, naming the flag at fault.</summary>
        public MiBenchmarkOptions ToOptions()
        {
            var estimators = new List<MiEstimator>();
            foreach (var name in Estimators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                estimators.Add(MiEstimators.Parse(name) ?? throw new ArgumentException(
                    $"--estimators: unknown estimator '{name}'; expected some of {MiEstimators.Words}."
                    + (string.Equals(name, "js", StringComparison.OrdinalIgnoreCase) ? " 'js' is now spelled 'jsd', as in specs." : string.Empty)));
            }

            var levels = new List<double>();
            foreach (var text in Levels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                levels.Add(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
                    ? value
                    : throw new ArgumentException($"--levels: '{text}' is not a positive number of nats."));
            }

            var critic = Critic.ToLowerInvariant() switch
            {
                "concat" => MiCriticKind.Concat,
                "separable" => MiCriticKind.Separable,
                _ => throw new ArgumentException($"--critic: expected concat or separable, got '{Critic}'."),
            };

            var options = new MiBenchmarkOptions
            {
                Estimators = estimators,
                Levels = levels,
                StepsPerLevel = StepsPerLevel,
                Critic = critic,
                BatchSize = BatchSize,
                Seed = Seed,
            };
            options.Validate();
            return options;
        }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful)
            {
                return common;
            }

            try
            {
                ToOptions();
                return ValidationResult.Success();
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.FromCsv is { } csv)
        {
            if (!File.Exists(csv))
            {
                _console.MarkupLine($"[red]error:[/] --from-csv: no file at {Markup.Escape(csv)}.");
                return 1;
            }

            MiBenchmarkResult earlier;
            try
            {
                earlier = MiBenchmarkReport.ReadSeriesCsv(csv);
            }
            catch (FormatException e)
            {
                _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return 1;
            }

            return Report(earlier, settings.Output, wrote: "re-plotted");
        }

        var options = settings.ToOptions();
        settings.ApplyToTorch();
        torch.Device device;
        try
        {
            device = DeviceChoice.Resolve(settings.Device);
        }
        catch (ArgumentException e)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }

        _console.MarkupLine(
            $"mi-bench: {string.Join(", ", options.Estimators.Select(MiBenchmarkReport.Name))}; {options.Critic.ToString().ToLowerInvariant()} critic; "
            + $"K = {options.BatchSize}, d = {options.Dimension}; levels {string.Join(", ", options.Levels)} nats x {options.StepsPerLevel} steps; "
            + $"{torch.get_num_threads()} threads; {DeviceChoice.Name(device)}; seed {options.Seed}");

        MiBenchmarkResult? result = null;
        _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("training", maxValue: options.StepsPerLevel * options.Levels.Count);
                var refresh = Stopwatch.StartNew();
                result = MiBenchmark.Run(options, report =>
                {
                    task.Value = report.Step;
                    if (refresh.ElapsedMilliseconds > 250 || report.Step == report.TotalSteps)
                    {
                        refresh.Restart();
                        var latest = string.Join("  ", report.Latest.Select(p => $"{MiBenchmarkReport.Name(p.Key)} {p.Value,6:F2}"));
                        task.Description = Markup.Escape($"true {report.TrueMi:F0}  {latest}");
                    }
                }, cancellationToken, device);
            });

        return Report(result!, settings.Output, wrote: $"wall time {result!.Elapsed.TotalSeconds:F1} s");
    }

    private int Report(MiBenchmarkResult result, string output, string wrote)
    {
        Directory.CreateDirectory(output);
        var seriesPath = Path.Combine(output, "mi-bench.csv");
        var summaryPath = Path.Combine(output, "summary.csv");
        var plotPath = Path.Combine(output, "mi-bench.png");
        MiBenchmarkReport.WriteSeriesCsv(result, seriesPath);
        MiBenchmarkReport.WriteSummaryCsv(result, summaryPath);
        MiBenchmarkPlot.Save(result, plotPath);

        _console.Write(SummaryTable(result));
        _console.MarkupLine(Markup.Escape($"{wrote}; wrote {seriesPath}, {summaryPath}, {plotPath}"));
        return 0;
    }

    private static Table SummaryTable(MiBenchmarkResult result)
    {
        var table = new Table()
            .AddColumn("estimator")
            .AddColumn(new TableColumn("true MI").RightAligned())
            .AddColumn(new TableColumn("mean").RightAligned())
            .AddColumn(new TableColumn("std").RightAligned())
            .AddColumn(new TableColumn("bias").RightAligned());
        foreach (var row in result.Summary)
        {
            table.AddRow(
                MiBenchmarkReport.Name(row.Estimator),
                row.TrueMi.ToString("0.##", CultureInfo.InvariantCulture),
                row.Mean.ToString("F2", CultureInfo.InvariantCulture),
                row.StdDev.ToString("F2", CultureInfo.InvariantCulture),
                row.Bias.ToString("+0.00;-0.00", CultureInfo.InvariantCulture));
        }

        table.Caption("nats; mean and std over each level's last half");
        return table;
    }
}
