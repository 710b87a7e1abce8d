using Contrastive.Augment;
using Contrastive.Data;
using Contrastive.Layers;
using Contrastive.Methods;
using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Training;

/// <summary>The training loop on a tiny SimCLR model and 12x12 images: seconds per test, one thread.</summary>
[TestFixture]
[NonParallelizable] // libtorch's thread count is global
public sealed class TrainerTests : OneLibTorchThread
{
    private static readonly ViewPipeline Views = new([new RandomResizedCrop(0.5, 1.0), new HorizontalFlip(), new GaussianNoise(0.05, 0.5)]);
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("contrastive-train-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void LossFallsOnAFixedSeed()
    {
        using var data = Images(256, seed: 1);
        using var model = TinySimClr(seed: 2);
        var summary = Train(model, data, steps: 120, seed: 3);

        var early = summary.Losses.Take(10).Average(l => l.Loss);
        var late = summary.Losses.TakeLast(10).Average(l => l.Loss);
        Assert.That(late, Is.LessThan(early - 0.3), $"first ten {early:F3}, last ten {late:F3}");
        Assert.That(File.ReadAllLines(Path.Combine(_directory, "metrics.jsonl")), Has.Length.EqualTo(120 / 10));
    }

    [Test]
    public void ResumingFromACheckpointGivesTheWeightsOfAnUninterruptedRun()
    {
        using var data = Images(128, seed: 4);
        using var straight = TinySimClr(seed: 5);
        Train(straight, data, steps: 16, seed: 6, directory: Path.Combine(_directory, "straight"));

        // The same run stopped after 8 steps, then continued by a fresh process-like setup.
        var resumedDirectory = Path.Combine(_directory, "resumed");
        using (var first = TinySimClr(seed: 5))
        {
            Train(first, data, steps: 16, seed: 6, directory: resumedDirectory, maxSteps: 8);
        }

        random.manual_seed(12345);   // whatever the global generator holds now must not matter
        using var resumed = TinySimClr(seed: 99);
        Train(resumed, data, steps: 16, seed: 6, directory: resumedDirectory, resume: true);

        foreach (var (name, value) in straight.state_dict())
        {
            Assert.That(value.allclose(resumed.state_dict()[name], rtol: 0, atol: 0), Is.True, name);
        }
    }

    [Test]
    public void SameSeedGivesBitIdenticalRuns()
    {
        using var data = Images(128, seed: 7);
        using var a = TinySimClr(seed: 8);
        using var b = TinySimClr(seed: 8);
        var first = Train(a, data, steps: 10, seed: 9, directory: Path.Combine(_directory, "a"));
        var second = Train(b, data, steps: 10, seed: 9, directory: Path.Combine(_directory, "b"));
        Assert.That(second.Losses, Is.EqualTo(first.Losses));
    }

    [Test]
    public void NativeMemoryStaysFlatOverHundredsOfSteps()
    {
        using var data = Images(128, seed: 10);
        using var model = TinySimClr(seed: 11);
        Train(model, data, steps: 5, seed: 12, directory: Path.Combine(_directory, "warm"));   // optimizer state exists now
        var before = Tensor.TotalCount;
        Train(model, data, steps: 300, seed: 12, directory: Path.Combine(_directory, "long"), checkpointEvery: 1000, tensorBoard: false);
        Assert.That(Tensor.TotalCount, Is.LessThanOrEqualTo(before + 2), "live tensors after 300 steps (the run's own optimizer is disposed)");
    }

    [Test]
    public void ANonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint()
    {
        using var data = Images(64, seed: 13);
        using var model = new PoisonedAfter(5, TinySimClr(seed: 14));
        var trainer = new Trainer(model, data, Views, Options(16) with { Epochs = 3 }, new TrainerSettings { RunDirectory = _directory, CheckpointEvery = 2, TensorBoard = false });

        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Run())!;
        Assert.That(error.Message, Does.StartWith("step 6: the loss is NaN"));
        Assert.That(error.LastCheckpoint, Does.EndWith("step-00000004"));
        Assert.That(File.Exists(Path.Combine(error.LastCheckpoint!, "state.json")), Is.True);
    }

    [Test]
    public void GradientClippingBoundsTheUpdate()
    {
        using var data = Images(64, seed: 17);
        var sgd = Options(16) with { Optimizer = new OptimizerOptions(OptimizerKind.Sgd, 0.1, Momentum: 0) };
        double Moved(double clip, string name)
        {
            using var model = TinySimClr(seed: 18);
            var before = model.parameters().Select(p => p.detach().clone()).ToList();
            new Trainer(model, data, Views, sgd, new TrainerSettings { RunDirectory = Path.Combine(_directory, name), MaxSteps = 1, ClipGradientNorm = clip, TensorBoard = false }).Run();
            return Math.Sqrt(model.parameters().Zip(before).Sum(p => (p.First - p.Second).square().sum().item<float>()));
        }

        var free = Moved(0, "free");
        var clipped = Moved(1e-3, "clipped");
        Assert.That(clipped, Is.EqualTo(0.1 * 1e-3).Within(1e-6), "one SGD step moves the weights by lr x the clipped norm");
        Assert.That(free, Is.GreaterThan(10 * clipped));
    }

    [Test]
    public void ADatasetSmallerThanOneBatchIsRejectedWithTheFix()
    {
        using var data = Images(8, seed: 15);
        using var model = TinySimClr(seed: 16);
        Assert.That(() => new Trainer(model, data, Views, Options(16), new TrainerSettings { RunDirectory = _directory }),
            Throws.ArgumentException.With.Message.Contains("fewer than one batch of 16; lower the batch size"));
    }

    [Test]
    public void SequencesTrainWithoutViewsAndRefuseAugmentations()
    {
        // Sequences reach the method as [N, C, T] batches with no view maker built for them; a
        // pipeline with steps (which only images can take) is refused before the run starts.
        using var data = SyntheticSequences.Load(DataSplit.Train, new SyntheticSequenceOptions { Length = 32, TrainCount = 32 });
        random.manual_seed(19);
        using var model = new Cpc(new CpcSettings(Steps: 2, FirstStep: 1, CpcNegatives.Both), nn.Conv1d(1, 4, kernel_size: 4, stride: 4), new SequenceGru(4, 4), patches: null, 4, 4);
        Assert.That(() => new Trainer(model, data, new ViewPipeline([new HorizontalFlip()]), Options(16), new TrainerSettings { RunDirectory = _directory }),
            Throws.ArgumentException.With.Message.Contains("augmentations make views of images [C, H, W], but 'synthetic-sequences (train)' holds samples [1, 32]"));

        var summary = new Trainer(model, data, ViewPipeline.Identity, Options(16) with { Epochs = 2 }, new TrainerSettings { RunDirectory = _directory, TensorBoard = false }).Run();
        Assert.That(summary.Steps, Is.EqualTo(4));
        Assert.That(summary.Losses.Select(l => l.Loss), Is.All.Matches<double>(double.IsFinite));
    }

    private TrainingSummary Train(SelfSupervisedMethod model, ImageDataset data, int steps, long seed, string? directory = null, long? maxSteps = null, bool resume = false, int checkpointEvery = 4, bool tensorBoard = true)
    {
        var options = Options(16) with { Epochs = (int)Math.Ceiling(steps / (double)(data.Count / 16)), Seed = seed };
        var settings = new TrainerSettings { RunDirectory = directory ?? _directory, MaxSteps = maxSteps ?? steps, CheckpointEvery = checkpointEvery, Resume = resume, TensorBoard = tensorBoard };
        return new Trainer(model, data, Views, options, settings).Run();
    }

    private static TrainOptions Options(int batch) => new() { BatchSize = batch, Epochs = 1, Optimizer = new OptimizerOptions(OptimizerKind.Adam, 3e-3) };

    private static ImageDataset Images(int count, long seed)
    {
        // Smooth random blobs: distinct images with structure that survives a crop.
        var generator = new Generator((ulong)seed);
        var small = rand(count, 1, 3, 3, generator: generator);
        var images = nn.functional.interpolate(small, size: [12, 12], mode: InterpolationMode.Bilinear, align_corners: false);
        return new ImageDataset("blobs", "test", (images * 255).to(ScalarType.Byte), zeros(count, dtype: ScalarType.Int64), ["blob"]);
    }

    private static SimClr TinySimClr(long seed)
    {
        random.manual_seed(seed);
        var encoder = nn.Sequential(
            ("conv1", nn.Conv2d(1, 8, kernel_size: 3, padding: 1)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(8, 16, kernel_size: 3, stride: 2, padding: 1)),
            ("relu2", nn.ReLU()),
            ("pool", new GlobalAvgPool()));
        return new SimClr(new SimClrSettings(Temperature: 0.5, NegativeSampling.InBatch, Decoupled: false), encoder, nn.Linear(16, 16), embeddingSize: 16);
    }

    /// <summary>A SimCLR whose loss turns NaN at a given step, as a diverging run's would.</summary>
    private sealed class PoisonedAfter : SelfSupervisedMethod
    {
        private readonly SimClr model;
        private readonly int goodSteps;
        private int steps;

        public PoisonedAfter(int goodSteps, SimClr model)
            : base(nameof(PoisonedAfter))
        {
            this.model = model;
            this.goodSteps = goodSteps;
            RegisterComponents();
        }

        public override Tensor Features(Tensor inputs) => model.Features(inputs);

        public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
        {
            var result = model.TrainingStep(batch, views, generator);
            return ++steps > goodSteps ? result with { Loss = result.Loss * double.NaN } : result;
        }
    }
}
