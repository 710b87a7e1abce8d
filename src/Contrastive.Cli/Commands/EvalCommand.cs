using System.ComponentModel;
using System.Text.Json;
using Contrastive.Data;
using Contrastive.Evaluation.Probes;
using Contrastive.Reporting;
using Contrastive.Training;
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
            var device = DeviceChoice.Resolve(settings.Device);
            var (run, directory, checkpoint, options, model) = RunFolder.Open(settings.Run);
            using var disposeModel = model;
            var (_, initial) = run.Build();
            using var disposeInitial = initial;
            model.to(device);   // loaded on the CPU, then moved
            initial.to(device);
            var train = RunFolder.TrainOptionsOf(options);
            using var trainData = Datasets.Load(train.Data, DataSplit.Train, run.InputShape, _data.Locations);
            using var testData = Datasets.Load(train.Data, DataSplit.Test, run.InputShape, _data.Locations);
            _console.MarkupLine($"[bold]{Markup.Escape(run.Model)}[/] from {Markup.Escape(checkpoint)} on {Markup.Escape($"{testData}")}");
            var report = RepresentationEvaluation.Compare(model, initial, trainData, testData, train.Seed);
            EvaluationTable.Show(_console, report);
            AtomicFile.WriteAllText(Path.Combine(directory, "eval.json"), JsonSerializer.Serialize(EvaluationTable.Json(report, checkpoint), new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or InvalidOperationException or IOException)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }
}
