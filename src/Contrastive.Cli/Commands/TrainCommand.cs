using System.ComponentModel;
using Contrastive.Data;
using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Training;
using Contrastive.Training.Runs;
using Contrastive.Vocabularies;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive train MODEL</c>: trains a generated model on its dataset with a live progress
/// display, then scores the encoder (linear probe, kNN) beside its own initial weights.
/// </summary>
public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    private readonly IAnsiConsole _console;
    private readonly DataCommandSetup _data;

    /// <summary>Created by the command app with its console and data locations.</summary>
    public TrainCommand(IAnsiConsole console, DataCommandSetup data)
    {
        _console = console;
        _data = data;
    }

    /// <summary>Options of <c>train</c>.</summary>
    public sealed class Settings : DeviceCommandSettings
    {
        /// <summary>The model to train (see <c>contrastive models</c>).</summary>
        [CommandArgument(0, "[MODEL]")]
        [Description("The model to train, as 'contrastive models' lists it (not needed with --resume).")]
        public string? Model { get; init; }

        /// <summary>Dataset name.</summary>
        [CommandOption("--data <NAME>")]
        [Description("Dataset (default: the spec's 'data'), e.g. fashion-mnist.")]
        public string? Data { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>")]
        [Description("Seed of the weights, the batch order and the views (default: the spec's).")]
        public long? Seed { get; init; }

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <N>")]
        [Description("Epochs (default: the spec's).")]
        public int? Epochs { get; init; }

        /// <summary>Step cap.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Stop after N steps even if the epochs are not done.")]
        public long? MaxSteps { get; init; }

        /// <summary>Batch size.</summary>
        [CommandOption("--batch-size <N>")]
        [Description("Images per batch (default: the spec's).")]
        public int? BatchSize { get; init; }

        /// <summary>Overrides.</summary>
        [CommandOption("--set <KEY=VALUE>")]
        [Description("Override any option of the spec by its key path in the spec, e.g. --set objective.temperature=0.5 --set train.optimizer.lr=0.001; a wrong key lists the valid ones.")]
        public string[] Set { get; init; } = [];

        /// <summary>Run folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("The run folder (default: runs/<model>-<time>).")]
        public string? Out { get; init; }

        /// <summary>Resume.</summary>
        [CommandOption("--resume <DIR>")]
        [Description("Continue the run in DIR from its newest intact checkpoint, with the options and settings (--max-steps, --checkpoint-every, --clip-grad-norm) it was started with.")]
        public string? Resume { get; init; }

        /// <summary>Checkpoint interval.</summary>
        [CommandOption("--checkpoint-every <N>")]
        [Description("Steps between checkpoints (default 500; one is always written at the end).")]
        public int CheckpointEvery { get; init; } = 500;

        /// <summary>Gradient clipping.</summary>
        [CommandOption("--clip-grad-norm <NORM>")]
        [Description("Clip the global gradient norm to NORM before each step (default: no clipping).")]
        public double ClipGradNorm { get; init; }

        /// <summary>Skip evaluation.</summary>
        [CommandOption("--no-eval")]
        [Description("Do not run the linear probe and kNN after training.")]
        public bool NoEval { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            var basic = base.Validate();
            if (!basic.Successful)
            {
                return basic;
            }

            if (Model is null && Resume is null)
            {
                return ValidationResult.Error("name the model to train (see 'contrastive models'), or --resume a run folder.");
            }

            if (Model is not null && Resume is not null)
            {
                return ValidationResult.Error("--resume continues a run with the model it was started with; leave out MODEL.");
            }

            if (Resume is not null && Out is not null)
            {
                return ValidationResult.Error("--resume DIR continues the run in DIR; leave out --out.");
            }

            if (Resume is not null && (Data ?? (object?)Seed ?? Epochs ?? (object?)BatchSize) is not null || (Resume is not null && Set.Length > 0))
            {
                return ValidationResult.Error("--resume continues a run exactly; options cannot change (start a new run instead).");
            }

            // --epochs and --batch-size take the ranges of the spec's 'train.epochs' and 'train.batch-size'.
            var epochs = Definitions.Training.Epochs;
            var batchSize = Definitions.Training.BatchSize;
            return (Epochs, MaxSteps, BatchSize, CheckpointEvery) switch
            {
                ({ } e, _, _, _) when !epochs.Range.Contains(e) => ValidationResult.Error($"--epochs must be a whole number {epochs.Range.Text}, got {e}."),
                (_, <= 0, _, _) => ValidationResult.Error($"--max-steps must be a positive integer, got {MaxSteps}."),
                (_, _, { } b, _) when !batchSize.Range.Contains(b) => ValidationResult.Error($"--batch-size must be a whole number {batchSize.Range.Text} (a contrastive batch needs negatives), got {b}."),
                (_, _, _, <= 0) => ValidationResult.Error($"--checkpoint-every must be a positive integer, got {CheckpointEvery}."),
                _ when !(ClipGradNorm >= 0) || double.IsInfinity(ClipGradNorm) => ValidationResult.Error($"--clip-grad-norm must be a finite norm of at least 0, got {ClipGradNorm}."),
                _ => ValidationResult.Success(),   // --device is read by DeviceChoice once libtorch is loaded
            };
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            settings.ApplyToTorch();
            var device = DeviceChoice.Resolve(settings.Device);   // before any run folder is made
            using var run = settings.Resume is { } resume
                ? TrainingRun.Resume(ModelRegistry.All, RunSettings(settings, resume, device), _data.Locations)
                : Start(settings, device);
            _console.MarkupLine($"[bold]{Markup.Escape(run.Folder.Model)}[/] on {Markup.Escape($"{run.TrainData}")}");
            _console.MarkupLine($"run folder: {Markup.Escape(run.Directory)}");

            run.Note += note => _console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
            var summary = Train(run, cancellationToken);
            _console.MarkupLine($"trained {summary.Steps} steps in {summary.Seconds:F0} s; final loss {summary.FinalLoss:F4}; checkpoint {Markup.Escape(summary.LastCheckpoint)}");
            foreach (var problem in run.DrawPlots(summary))
            {
                _console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(problem)}");
            }

            if (settings.NoEval)
            {
                return 0;
            }

            _console.MarkupLine("evaluating: linear probe and kNN on frozen features, trained and initial weights...");
            var report = run.Evaluate();
            EvaluationTable.Show(_console, report);
            run.WriteResults(summary, report);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or NonFiniteLossException or NonFiniteWeightsException or InvalidDataException or InvalidOperationException or IOException)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    private TrainingRun Start(Settings settings, torch.Device device)
    {
        var model = ModelInfo.Find(ModelRegistry.All, settings.Model!).Name;
        var directory = settings.Out ?? TrainingRun.DefaultDirectory(model);
        return TrainingRun.Start(ModelRegistry.All, model, Overrides(settings), RunSettings(settings, directory, device), _data.Locations);
    }

    private static TrainerSettings RunSettings(Settings settings, string directory, torch.Device device) => new()
    {
        RunDirectory = directory,
        MaxSteps = settings.MaxSteps,
        CheckpointEvery = settings.CheckpointEvery,
        ClipGradientNorm = settings.ClipGradNorm,
        Device = device,
    };

    // The flags that change the spec's options, as overrides with the spec's keys, then every --set.
    private static List<string> Overrides(Settings settings)
    {
        var overrides = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                overrides.Add(FormattableString.Invariant($"{key}={value}"));
            }
        }

        Add("data", settings.Data);
        Add("train.seed", settings.Seed);
        Add("train.epochs", settings.Epochs);
        Add("train.batch-size", settings.BatchSize);
        overrides.AddRange(settings.Set);
        return overrides;
    }

    private TrainingSummary Train(TrainingRun run, CancellationToken cancellationToken)
    {
        if (!_console.Profile.Capabilities.Interactive)
        {
            // Logs and pipes get a plain line every twentieth of the run.
            var every = Math.Max(1, run.TotalSteps / 20);
            run.Progress += p =>
            {
                if (p.Step % every == 0 || p.Step == p.TotalSteps)
                {
                    _console.WriteLine(Describe(p));
                }

                if (p.Warning is not null)
                {
                    _console.MarkupLineInterpolated($"[yellow]warning[/] (step {p.Step}): {p.Warning}");
                }
            };
            return run.Train(cancellationToken);
        }

        TrainingSummary? summary = null;
        _console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("starting", maxValue: run.TotalSteps);
                run.Progress += p =>
                {
                    task.Value = p.Step;
                    task.Description = Markup.Escape(Describe(p));
                };
                summary = run.Train(cancellationToken);
            });

        // A live progress display would overwrite a line written under it, so warnings come after.
        foreach (var (step, message) in summary!.Warnings)
        {
            _console.MarkupLineInterpolated($"[yellow]warning[/] (step {step}): {message}");
        }

        return summary;
    }

    private static string Describe(TrainingProgress p)
    {
        var metrics = string.Concat(p.Metrics.Select(m => FormattableString.Invariant($"  {m.Key} {m.Value:F3}")));
        return FormattableString.Invariant($"step {p.Step}/{p.TotalSteps}  epoch {p.Epoch + 1}  loss {p.Loss:F4}  lr {p.LearningRate:G3}  {p.InputsPerSecond:F0} img/s{metrics}");
    }
}
