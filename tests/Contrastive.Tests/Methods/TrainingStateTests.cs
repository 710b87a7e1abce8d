using Contrastive.Augment;
using Contrastive.Data;
using Contrastive.Methods;
using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// The state a method keeps between steps (queue, memory bank, momentum target) under the trainer:
/// it survives a checkpoint exactly and does not grow native memory.
/// </summary>
[TestFixture]
public sealed class TrainingStateTests : OneLibTorchThread
{
    private string directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("contrastive-state-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    public static IEnumerable<TestCaseData> Methods()
    {
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.MoCo(queue: 24, dtype: ScalarType.Float32))).SetName("MoCo (queue, key network)");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.SimClr(new NegativeSampling(NegativeSource.Queue, Size: 24), dtype: ScalarType.Float32))).SetName("SimCLR with a queue");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.SimClr(new NegativeSampling(NegativeSource.MemoryBank, Size: 16), dtype: ScalarType.Float32))).SetName("SimCLR with a memory bank");
        yield return new TestCaseData((Func<SelfSupervisedMethod>)(() => TinyMethods.Dim(gamma: 0.5, dtype: ScalarType.Float32))).SetName("Deep InfoMax with a prior (its discriminator's own optimizer)");
    }

    // Fails if the queue, the bank or the key network is left out of the checkpoint: the resumed run
    // would start from an empty queue, a fresh bank or a re-copied target and drift from the straight one.
    [TestCaseSource(nameof(Methods))]
    public void Resuming_gives_the_state_of_an_uninterrupted_run(Func<SelfSupervisedMethod> create)
    {
        using var data = Images(64, seed: 1);
        using var straight = create();
        Train(straight, data, steps: 12, directory: Path.Combine(directory, "straight"));

        var resumedDirectory = Path.Combine(directory, "resumed");
        using (var first = create())
        {
            Train(first, data, steps: 12, directory: resumedDirectory, maxSteps: 5);
        }

        using var resumed = create();
        Train(resumed, data, steps: 12, directory: resumedDirectory, resume: true);

        var expected = straight.state_dict();
        Assert.That(resumed.state_dict().Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (name, value) in resumed.state_dict())
        {
            Assert.That(value.allclose(expected[name], rtol: 0, atol: 0), Is.True, name);
        }
    }

    [TestCaseSource(nameof(Methods))]
    public void Native_memory_stays_flat_over_hundreds_of_steps(Func<SelfSupervisedMethod> create)
    {
        using var data = Images(64, seed: 2);
        using var model = create();
        Train(model, data, steps: 5, directory: Path.Combine(directory, "warm"));
        var before = Tensor.TotalCount;
        Train(model, data, steps: 300, directory: Path.Combine(directory, "long"), checkpointEvery: 1000);
        Assert.That(Tensor.TotalCount, Is.LessThanOrEqualTo(before + 2), "live tensors after 300 steps");
    }

    private static TrainingSummary Train(SelfSupervisedMethod model, ImageDataset data, int steps, string directory, long? maxSteps = null, bool resume = false, int checkpointEvery = 3)
    {
        var options = new TrainOptions
        {
            BatchSize = 8,
            Epochs = (int)Math.Ceiling(steps / (double)(data.Count / 8)),
            Optimizer = new OptimizerOptions(OptimizerKind.Adam, 1e-2),
            Seed = 3,
        };
        var settings = new TrainerSettings { RunDirectory = directory, MaxSteps = maxSteps ?? steps, CheckpointEvery = checkpointEvery, Resume = resume, TensorBoard = false };
        return new Trainer(model, data, ViewPipeline.Identity, options, settings).Run();
    }

    private static ImageDataset Images(int count, ulong seed)
    {
        var images = randint(0, 256, new long[] { count, 1, 2, 2 }, dtype: ScalarType.Byte, generator: new Generator(seed));
        return new ImageDataset("pixels", "test", images, zeros(count, dtype: ScalarType.Int64), ["pixel"]);
    }
}
