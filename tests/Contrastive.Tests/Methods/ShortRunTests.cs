using Contrastive.Augment;
using Contrastive.Data;
using Contrastive.Evaluation.Probes;
using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Training;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// Each method, as generated from its example spec, trained for a few dozen steps on the bundled
/// Fashion-MNIST subset: its loss falls and its frozen encoder beats the same encoder at its initial
/// weights in the linear probe; a pretext method's accuracy ends well above chance. Catches a method
/// that trains the wrong network (the probe would not move), a target or queue that leaks the answer
/// (the loss would fall, the probe not), or a loss with the wrong sign.
/// </summary>
[TestFixture]
public sealed class ShortRunTests : OneLibTorchThread
{
    private const int TrainImages = 2048;
    private const int TestImages = 1000;
    private string directory = string.Empty;
    private ImageDataset? train;
    private ImageDataset? test;

    [OneTimeSetUp]
    public void LoadBundledSubset()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "contrastive-nowhere-" + Guid.NewGuid().ToString("N"));
        var resolution = Datasets.Resolve("fashion-mnist", new DataLocations(nowhere, nowhere, nowhere, DataLocations.BundledRoot));
        using var fullTrain = resolution.Load(DataSplit.Train);
        using var fullTest = resolution.Load(DataSplit.Test);
        train = Slice(fullTrain, TrainImages, seed: 1);
        test = Slice(fullTest, TestImages, seed: 2);
    }

    [OneTimeTearDown]
    public void DisposeData()
    {
        train?.Dispose();
        test?.Dispose();
    }

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("contrastive-short-run-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void SimClr_learns() => AssertLearns(() => new SimClrFashion(), o => ((SimClrFashionOptions)o).Augment, settle: 0);

    // A queue of 512 keys fills in four steps; before that the loss rises with the number of negatives.
    [Test]
    public void MoCo_learns() => AssertLearns(() => new MoCoFashion(SmallQueue(new MoCoFashionOptions())), o => ((MoCoFashionOptions)o).Augment, settle: 8);

    private static MoCoFashionOptions SmallQueue(MoCoFashionOptions options) => options with { Objective = options.Objective with { QueueSize = 512 } };

    [Test]
    public void Byol_learns() => AssertLearns(() => new ByolFashion(), o => ((ByolFashionOptions)o).Augment, settle: 0);

    [Test]
    public void SimSiam_learns() => AssertLearns(() => new SimSiamFashion(), o => ((SimSiamFashionOptions)o).Augment, settle: 0);

    // The context-instance methods also log their pretext accuracy, which must end well above chance
    // (a head that is never trained, labels that do not match the inputs, would stay at chance). Rotation
    // shows each image four times, so its batches are smaller for the same work; the tile methods
    // encode nine 6 x 6 tiles per image, cheap enough for larger batches, which the whole-image
    // features they are probed on need to move clearly within 48 steps.
    [Test]
    public void Rotation_learns() => AssertLearns(() => new RotationFashion(), o => ((RotationFashionOptions)o).Augment, settle: 0, batchSize: 64, chance: 1.0 / 4);

    [Test]
    public void Jigsaw_learns() => AssertLearns(() => new JigsawFashion(), o => ((JigsawFashionOptions)o).Augment, settle: 0, chance: 1.0 / JigsawFashion.PermutationCount, batchSize: 256);

    [Test]
    public void RelativePosition_learns() => AssertLearns(() => new RelativePositionFashion(), o => ((RelativePositionFashionOptions)o).Augment, settle: 0, chance: 1.0 / 8, batchSize: 256);

    private void AssertLearns(Func<SelfSupervisedMethod> create, Func<object, ViewPipeline> views, int settle, int batchSize = 128, double? chance = null)
    {
        const int Steps = 48;
        random.manual_seed(5);
        using var model = create();
        random.manual_seed(5);
        using var initial = create();
        var options = new TrainOptions
        {
            BatchSize = batchSize,
            Epochs = 100,   // MaxSteps ends the run
            Optimizer = new OptimizerOptions(OptimizerKind.Adam, 2e-3),
            Seed = 7,
        };
        var optionsOfModel = model.GetType().GetProperty("Options")!.GetValue(model)!;
        var trainer = new Trainer(model, train!, views(optionsOfModel), options, new TrainerSettings { RunDirectory = directory, MaxSteps = Steps, CheckpointEvery = 1000, TensorBoard = false });
        var accuracies = new List<double>();
        trainer.Progress += p => accuracies.AddRange(p.Metrics.Where(m => m.Key == "pretext-accuracy").Select(m => m.Value));
        var summary = trainer.Run();

        var early = summary.Losses.Skip(settle).Take(8).Average(l => l.Loss);
        var late = summary.Losses.TakeLast(8).Average(l => l.Loss);
        var report = RepresentationEvaluation.Compare(model, initial, train!, test!, seed: 3);
        var pretext = accuracies.Count > 0 ? accuracies.TakeLast(8).Average() : double.NaN;
        var pretextNote = accuracies.Count > 0 ? $"; pretext accuracy {pretext:P1}" : "";
        TestContext.Out.WriteLine($"{model.GetType().Name}: loss {early:F4} -> {late:F4}{pretextNote}; probe {report.Trained.LinearProbe.TestAccuracy:P2} vs {report.RandomInit.LinearProbe.TestAccuracy:P2} at init; kNN {report.Trained.Knn:P2} vs {report.RandomInit.Knn:P2}");
        Assert.Multiple(() =>
        {
            Assert.That(late, Is.LessThan(early), "the loss falls");
            Assert.That(report.Trained.LinearProbe.TestAccuracy, Is.GreaterThan(report.RandomInit.LinearProbe.TestAccuracy), "the probe beats the initial encoder");
            if (chance is { } level)
            {
                Assert.That(accuracies, Has.Count.EqualTo(Steps), "pretext-accuracy is logged at every step");
                Assert.That(pretext, Is.GreaterThan(2 * level), "the pretext accuracy of the last steps is well above chance");
            }
        });
    }

    internal static ImageDataset Slice(ImageDataset data, int count, ulong seed)
    {
        using var scope = NewDisposeScope();
        var picked = randperm(data.Count, generator: new Generator(seed)).narrow(0, 0, count);
        var images = data.Images.index_select(0, picked);
        var labels = data.Labels.index_select(0, picked);
        return new ImageDataset(data.Name, data.Source, scope.MoveToOuter(images), scope.MoveToOuter(labels), data.ClassNames);
    }
}
