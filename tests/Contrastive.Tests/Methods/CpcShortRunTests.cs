using System.Text.Json;
using Contrastive.Augment;
using Contrastive.Data;
using Contrastive.Evaluation.Probes;
using Contrastive.Models;
using Contrastive.Training;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// The two example CPC models, as generated from their specs, in short seeded runs on one thread:
/// on the synthetic sequences the per-step accuracy of picking the positive rises far above chance
/// and a linear probe on the final context recovers the latent class; on the bundled Fashion-MNIST
/// subset the probe on pooled patch encodings beats the same encoder at its initial weights. Catches a
/// model that cannot learn the task (a target it cannot predict, a loss with the wrong sign) or one
/// that learns it through a leak that teaches nothing about the data (the probe would not move).
/// </summary>
[TestFixture]
public sealed class CpcShortRunTests : OneLibTorchThread
{
    private string directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("contrastive-cpc-run-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Sequence_cpc_predicts_far_above_chance_and_its_context_recovers_the_class()
    {
        const int Steps = 100;
        var data = new SyntheticSequenceOptions { TrainCount = 2048, TestCount = 1024, Seed = 11 };
        using var train = SyntheticSequences.Load(DataSplit.Train, data);
        using var test = SyntheticSequences.Load(DataSplit.Test, data);
        random.manual_seed(3);
        using var model = new CpcSequences();
        random.manual_seed(3);
        using var initial = new CpcSequences();
        var options = model.Options.Train with { Epochs = 10, Seed = 4 };
        var trainer = new Trainer(model, train, ViewPipeline.Identity, options, new TrainerSettings { RunDirectory = directory, MaxSteps = Steps, LogEvery = 10, CheckpointEvery = 1000, TensorBoard = false });
        var summary = trainer.Run();
        TestContext.Out.WriteLine($"{Steps} steps in {summary.Seconds:F1} s");

        // Accuracy per step among 32 x 28 candidates (chance 1/896), over the last three logged steps.
        var lines = File.ReadLines(Path.Combine(directory, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        double Last(string metric) => lines.TakeLast(3).Average(l => l.GetProperty(metric).GetDouble());
        var firstAccuracy = lines[0].GetProperty("accuracy-k1").GetDouble();
        var accuracies = Enumerable.Range(1, 4).Select(k => Last($"accuracy-k{k}")).ToArray();
        var report = RepresentationEvaluation.Compare(model, initial, train, test, seed: 5);
        TestContext.Out.WriteLine($"accuracy per step {string.Join(", ", accuracies.Select(a => a.ToString("P1")))} (first logged: {firstAccuracy:P1}); "
            + $"bound k1 {Last("bound-k1"):F2} of log N {Math.Log(32 * 28):F2}; probe {report.Trained.LinearProbe.TestAccuracy:P1} vs {report.RandomInit.LinearProbe.TestAccuracy:P1} at init");
        Assert.Multiple(() =>
        {
            foreach (var (accuracy, k) in accuracies.Select((a, i) => (a, i + 1)))
            {
                Assert.That(accuracy, Is.GreaterThan(5.0 / (32 * 28)), $"step {k} picks its positive at least 5 times more often than chance");
            }

            Assert.That(accuracies[0], Is.GreaterThan(Math.Max(20.0 / (32 * 28), 2 * firstAccuracy)), "the accuracy of the nearest step rises to 20 times chance");
            Assert.That(report.Trained.LinearProbe.TestAccuracy, Is.GreaterThan(0.6), "the final context recovers the class (chance 25%)");
        });
    }

    [Test]
    public void Image_cpc_trains_on_the_bundled_subset_and_its_probe_beats_the_initial_encoder()
    {
        const int Steps = 60;
        var nowhere = Path.Combine(Path.GetTempPath(), "contrastive-nowhere-" + Guid.NewGuid().ToString("N"));
        var resolution = Datasets.Resolve("fashion-mnist", new DataLocations(nowhere, nowhere, nowhere, DataLocations.BundledRoot));
        using var fullTrain = resolution.Load(DataSplit.Train);
        using var fullTest = resolution.Load(DataSplit.Test);
        using var train = Slice(fullTrain, 1024, seed: 1);
        using var test = Slice(fullTest, 500, seed: 2);
        random.manual_seed(5);
        using var model = new CpcFashion();
        random.manual_seed(5);
        using var initial = new CpcFashion();
        var options = model.Options.Train with { BatchSize = 32, Epochs = 3, Seed = 7 };
        var summary = new Trainer(model, train, ViewPipeline.Identity, options, new TrainerSettings { RunDirectory = directory, MaxSteps = Steps, CheckpointEvery = 1000, TensorBoard = false }).Run();
        TestContext.Out.WriteLine($"{Steps} steps in {summary.Seconds:F1} s");

        var early = summary.Losses.Take(8).Average(l => l.Loss);
        var late = summary.Losses.TakeLast(8).Average(l => l.Loss);
        var report = RepresentationEvaluation.Compare(model, initial, train, test, seed: 3);
        TestContext.Out.WriteLine($"CpcFashion: loss {early:F4} -> {late:F4}; probe {report.Trained.LinearProbe.TestAccuracy:P2} vs {report.RandomInit.LinearProbe.TestAccuracy:P2} at init; kNN {report.Trained.Knn:P2} vs {report.RandomInit.Knn:P2}");
        Assert.Multiple(() =>
        {
            Assert.That(late, Is.LessThan(early), "the loss falls");
            Assert.That(report.Trained.LinearProbe.TestAccuracy, Is.GreaterThan(report.RandomInit.LinearProbe.TestAccuracy), "the probe beats the initial encoder");
            Assert.That(report.Trained.Knn, Is.GreaterThan(report.RandomInit.Knn), "so does kNN");
        });
    }

    private static ImageDataset Slice(ImageDataset data, int count, ulong seed)
    {
        using var scope = NewDisposeScope();
        var picked = randperm(data.Count, generator: new TorchSharp.torch.Generator(seed)).narrow(0, 0, count);
        return new ImageDataset(data.Name, data.Source, scope.MoveToOuter(data.Images.index_select(0, picked)), scope.MoveToOuter(data.Labels.index_select(0, picked)), data.ClassNames);
    }
}
