// Trains the generated model SimClrFashion (models/simclr-fashion.model.yaml) for a few steps and
// prints its linear-probe accuracy: a C# file-based app (.NET 10) that references the models project.
//
// Run from the repository root (it builds what it references on the first run):
//     dotnet run scripts/examples/train-probe.cs
// Settings after "--" (defaults in brackets): --steps [50] --batch-size [the spec's, 256] --seed [the spec's]
//     --probe-train [2000] --probe-test [1000] images the probe uses, --out [runs/examples/train-probe-cs-<time>]
// Tiny, as CI runs it:
//     dotnet run scripts/examples/train-probe.cs -- --steps 5 --batch-size 32 --probe-train 1000 --probe-test 500
#:project ../../models/Contrastive.Models.csproj
// File-based apps default to native AOT settings, which turn reflection-based JSON off; the trainer's
// metrics log uses it, so this app is an ordinary JIT-compiled one.
#:property PublishAot=false

using System.Globalization;
using Contrastive.Data;
using Contrastive.Evaluation.Probes;
using Contrastive.Models;
using Contrastive.Native;
using Contrastive.Training;
using Contrastive.Training.Runs;
using TorchSharp;

var settings = Settings.Parse(args);
var spec = new SimClrFashionOptions();
var steps = settings.Long("steps", 50);
var overrides = new[]
{
    FormattableString.Invariant($"train.batch-size={settings.Long("batch-size", spec.Train.BatchSize)}"),
    FormattableString.Invariant($"train.seed={settings.Long("seed", spec.Train.Seed)}"),
};
var probeTrain = settings.Long("probe-train", 2000);
var probeTest = settings.Long("probe-test", 1000);
var output = settings.Text("out", Path.Combine("runs", "examples", $"train-probe-cs-{DateTime.Now:yyyyMMdd-HHmmss}"));
settings.RejectUnread();

TorchRuntime.EnsureLoaded();

// The run builds the model on its seed, loads the data in the model's input shape and trains, as
// `contrastive train` does.
using var run = TrainingRun.Start(ModelRegistry.All, "SimClrFashion", overrides, new TrainerSettings
{
    RunDirectory = output,
    MaxSteps = steps,
    TensorBoard = false,
});
Console.WriteLine(run.TrainData);
run.Progress += p =>
{
    if (p.Step % Math.Max(1, p.TotalSteps / 5) == 0 || p.Step == p.TotalSteps)
    {
        Console.WriteLine(FormattableString.Invariant($"step {p.Step}/{p.TotalSteps}  loss {p.Loss:F4}"));
    }
};
var summary = run.Train();
Console.WriteLine(FormattableString.Invariant($"trained {summary.Steps} steps in {summary.Seconds:F0} s; final loss {summary.FinalLoss:F4}"));

// A random sample of each split keeps the probe quick; pass larger counts for a steadier number.
var seed = run.Options.Train.Seed;
var trainData = (ImageDataset)run.TrainData;   // SimClrFashion reads images
using var testData = (ImageDataset)run.Load(DataSplit.Test);
using var generator = new torch.Generator((ulong)seed);
using var probeTrainData = trainData.Sample(Math.Min(probeTrain, trainData.Count), generator);
using var probeTestData = testData.Sample(Math.Min(probeTest, testData.Count), generator);
var scores = RepresentationEvaluation.Score(run.Model, probeTrainData, probeTestData, seed);
Console.WriteLine(FormattableString.Invariant(
    $"linear probe accuracy {100 * scores.LinearProbe.TestAccuracy:F2}% (kNN {100 * scores.Knn:F2}%) on {probeTestData.Count} test images"));

/// <summary>Settings given as "--name value"; a name the script does not read is an error.</summary>
internal sealed class Settings
{
    private readonly Dictionary<string, string> given;
    private readonly HashSet<string> read = [];

    private Settings(Dictionary<string, string> given) => this.given = given;

    public static Settings Parse(string[] args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected settings as '--name value'; cannot read '{args[i]}' (in: {string.Join(' ', args)})");
            }

            given[args[i][2..]] = args[i + 1];
        }

        return new Settings(given);
    }

    public long Long(string name, long fallback) =>
        Read(name) is { } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"--{name} {text}: expected a whole number")
            : fallback;

    public string Text(string name, string fallback) => Read(name) ?? fallback;

    public void RejectUnread()
    {
        var unknown = given.Keys.Where(name => !read.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown setting(s): {string.Join(", ", unknown.Select(n => "--" + n))}; this script reads: {string.Join(", ", read.Select(n => "--" + n))}");
        }
    }

    private string? Read(string name)
    {
        read.Add(name);
        return given.TryGetValue(name, out var text) ? text : null;
    }
}
