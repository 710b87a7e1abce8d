using Contrastive.Data;
using Contrastive.Models;
using Contrastive.Training;
using Contrastive.Training.Runs;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive eval RUN</c>: linear probe and kNN of a trained run's encoder beside its initial weights.</summary>
public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    private readonly IAnsiConsole _console;
    private readonly DataCommandSetup _data;

    /// <summary>Created by the command app with its console and data locations.</summary>
    public EvalCommand(IAnsiConsole console, DataCommandSetup data)
    {
        _console = console;
        _data = data;
    }

    /// <summary>Options of <c>eval</c>.</summary>
    public sealed class Settings : RunCommandSettings
    {    }

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

            using var testData = run.Load(DataSplit.Test);
            _console.MarkupLine($"[bold]{Markup.Escape(run.Folder.Model)}[/] from {Markup.Escape(run.Checkpoint!)} on {Markup.Escape($"{testData}")}");
            var report = run.Evaluate(run.TrainData, testData);
            EvaluationTable.Show(_console, report);
            run.WriteEvaluation(report);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or InvalidDataException or InvalidOperationException or IOException)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }
}
