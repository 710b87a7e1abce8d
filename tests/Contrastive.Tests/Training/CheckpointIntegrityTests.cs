using Contrastive.Augment;
using Contrastive.Data;
using Contrastive.Methods;
using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Training;

/// <summary>
/// Checkpoints that verify themselves: every way of damaging a file of the newest checkpoint makes
/// the store pass it over for the older intact one and say why, a run with only damaged checkpoints
/// is refused (never restarted from step 0), and no damaged file reaches libtorch, with or without
/// a manifest.
/// </summary>
[TestFixture]
[NonParallelizable] // libtorch's thread count and global generator
public sealed class CheckpointIntegrityTests : OneLibTorchThread
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("contrastive-integrity-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    public enum Damage
    {
        Truncate,
        Zero,
        FlipByte,
        Delete,
        Garbage,
    }

    private static readonly string[] Files = ["state.json", "model.bin", "optimizer.bin", "generator-0.bin", "torch-rng.bin", "manifest.json"];

    // A deleted manifest is the one damage a checkpoint cannot see: it then reads as one written before
    // manifests, and is checked file by file (ACheckpointWithoutAManifestIsCheckedFileByFile).
    public static IEnumerable<TestCaseData> Matrix() =>
        from file in Files
        from damage in Enum.GetValues<Damage>()
        where !(file == "manifest.json" && damage == Damage.Delete)
        select new TestCaseData(file, damage).SetArgDisplayNames(file, damage.ToString());

    // Fails if a damaged file goes unnoticed (a flipped byte in model.bin loaded silently), if the
    // store gives up instead of using the older checkpoint, or if the note does not say which and why.
    [TestCaseSource(nameof(Matrix))]
    public void ADamagedNewestCheckpointIsPassedOverForTheOlderIntactOne(string file, Damage damage)
    {
        using var run = new TinyRun(_directory);
        run.SaveAt(10);
        run.SaveAt(20);
        Spoil(Path.Combine(_directory, "step-00000020", file), damage);

        var choice = run.Store.Newest();
        Assert.That(choice, Is.Not.Null);
        Assert.That(Path.GetFileName(choice!.Folder), Is.EqualTo("step-00000010"));
        Assert.That(choice.Note, Does.StartWith("checkpoints/latest names step-00000020, which is damaged: ").And.EndWith("using step-00000010, the newest intact checkpoint."));
        Assert.That(choice.Note, Does.Contain(file).Or.Contain("manifest.json"), "the note names the file at fault");
        Assert.That(run.Restore().Step, Is.EqualTo(10));
    }

    [TestCaseSource(nameof(Matrix))]
    public void ARunWhoseOnlyCheckpointIsDamagedIsRefusedNamingTheFile(string file, Damage damage)
    {
        using var run = new TinyRun(_directory);
        run.SaveAt(10);
        var folder = Path.Combine(_directory, "step-00000010");
        Spoil(Path.Combine(folder, file), damage);

        Assert.That(run.Store.Newest(), Is.Null);
        Assert.That(run.Store.HasCheckpoints, Is.True);
        Assert.That(run.Store.Problems(), Has.Count.EqualTo(1).And.One.StartsWith("step-00000010: "));
        Assert.That(run.Store.Problems()[0], Does.Contain(file).Or.Contain("manifest.json"));
        Assert.That(() => run.Restore(folder), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(folder));
    }

    // Checkpoints written before manifests existed have none: their random states and tensors are
    // still checked before libtorch reads them (a short generator state used to abort the process).
    [TestCase("generator-0.bin", Damage.Truncate)]
    [TestCase("generator-0.bin", Damage.Delete)]
    [TestCase("torch-rng.bin", Damage.Truncate)]
    [TestCase("torch-rng.bin", Damage.Garbage)]
    [TestCase("model.bin", Damage.Truncate)]
    [TestCase("model.bin", Damage.Garbage)]
    [TestCase("optimizer.bin", Damage.Truncate)]
    [TestCase("state.json", Damage.Garbage)]
    public void ACheckpointWithoutAManifestIsCheckedFileByFile(string file, Damage damage)
    {
        using var run = new TinyRun(_directory);
        run.SaveAt(10);
        var folder = Path.Combine(_directory, "step-00000010");
        File.Delete(Path.Combine(folder, "manifest.json"));
        Assert.That(run.Restore(folder).Step, Is.EqualTo(10), "an old checkpoint without a manifest still loads");

        Spoil(Path.Combine(folder, file), damage);
        Assert.That(() => run.Restore(folder), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(file));
    }

    [Test]
    public void AMissingLatestUsesTheNewestIntactCheckpointAndSaysSo()
    {
        using var run = new TinyRun(_directory);
        run.SaveAt(10);
        run.SaveAt(20);
        File.Delete(Path.Combine(_directory, "latest"));

        var choice = run.Store.Newest()!;
        Assert.That(Path.GetFileName(choice.Folder), Is.EqualTo("step-00000020"));
        Assert.That(choice.Note, Is.EqualTo("checkpoints/latest is missing; using step-00000020, the newest intact checkpoint."));
    }

    [TestCase("step-00000099", "checkpoints/latest names step-00000099, which is missing")]
    [TestCase("../../etc", "checkpoints/latest does not name a checkpoint ('../../etc')")]
    [TestCase("", "checkpoints/latest does not name a checkpoint ('')")]
    public void ALatestThatNamesNoIntactCheckpointIsPassedOver(string content, string why)
    {
        using var run = new TinyRun(_directory);
        run.SaveAt(10);
        File.WriteAllText(Path.Combine(_directory, "latest"), content);

        var choice = run.Store.Newest()!;
        Assert.That(choice.Note, Is.EqualTo(why + "; using step-00000010, the newest intact checkpoint."));
    }

    [Test]
    public void EveryFileOfACheckpointIsInItsManifest()
    {
        using var run = new TinyRun(_directory);
        run.SaveAt(10);
        var folder = Path.Combine(_directory, "step-00000010");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!["files"]!.AsObject();
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => f != "manifest.json");
        Assert.That(manifest.Select(p => p.Key), Is.EquivalentTo(files));
    }

    // The trainer's side: a resume with only damaged checkpoints changes nothing; a resume of a run that
    // never wrote one starts again from step 0 and says so; weights that turn NaN are never checkpointed.
    [Test]
    public void AResumeWithNoIntactCheckpointChangesNothingAndSaysWhy()
    {
        using var data = Images(32);
        var first = Trainer(new Drifting(nanAfter: null), data, steps: 4, checkpointEvery: 2);
        first.Run();
        var metrics = File.ReadAllText(Path.Combine(_directory, "metrics.jsonl"));
        foreach (var folder in Directory.GetDirectories(Path.Combine(_directory, "checkpoints"), "step-*"))
        {
            Spoil(Path.Combine(folder, "model.bin"), Damage.FlipByte);
        }

        var again = Trainer(new Drifting(nanAfter: null), data, steps: 8, checkpointEvery: 2, resume: true);
        Assert.That(() => again.Run(), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("holds no intact checkpoint to resume from").And.Message.Contains("model.bin does not match its SHA-256"));
        Assert.That(File.ReadAllText(Path.Combine(_directory, "metrics.jsonl")), Is.EqualTo(metrics), "metrics.jsonl untouched");
        Assert.That(Directory.GetDirectories(Path.Combine(_directory, "checkpoints"), "step-*"), Has.Length.EqualTo(2), "no checkpoint overwritten");
    }

    [Test]
    public void AResumeBeforeTheFirstCheckpointStartsAgainAndSaysSo()
    {
        using var data = Images(32);
        var notes = new List<string>();
        var trainer = Trainer(new Drifting(nanAfter: null), data, steps: 2, checkpointEvery: 100, resume: true);
        trainer.Note += notes.Add;
        trainer.Run();
        Assert.That(notes, Is.EqualTo(new[] { "the run has no checkpoint yet (it stopped before its first): training starts again from step 0." }));
    }

    [Test]
    public void AResumePassingOverADamagedCheckpointSaysSo()
    {
        using var data = Images(32);
        Trainer(new Drifting(nanAfter: null), data, steps: 4, checkpointEvery: 2).Run();
        Spoil(Path.Combine(_directory, "checkpoints", "step-00000004", "optimizer.bin"), Damage.Zero);

        var notes = new List<string>();
        var again = Trainer(new Drifting(nanAfter: null), data, steps: 6, checkpointEvery: 2, resume: true);
        again.Note += notes.Add;
        var summary = again.Run();
        Assert.That(notes, Has.Count.EqualTo(1).And.One.Contains("step-00000004, which is damaged: optimizer.bin").And.One.Contains("using step-00000002"));
        Assert.That(summary.Losses.First().Step, Is.EqualTo(3), "continued after step 2");
    }

    [Test]
    public void ACutShortLastMetricsLineIsDroppedOnResumeAndADamagedOneElsewhereIsRefused()
    {
        using var data = Images(32);
        Trainer(new Drifting(nanAfter: null), data, steps: 4, checkpointEvery: 4, logEvery: 1).Run();
        var path = Path.Combine(_directory, "metrics.jsonl");
        File.AppendAllText(path, "{\"step\": 5, \"epo");

        var notes = new List<string>();
        var again = Trainer(new Drifting(nanAfter: null), data, steps: 6, checkpointEvery: 2, logEvery: 1, resume: true);
        again.Note += notes.Add;
        again.Run();
        Assert.That(notes, Is.EqualTo(new[] { $"{path}: its last line was cut short (a write was interrupted) and is dropped." }));
        Assert.That(File.ReadAllLines(path).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()), Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 6 }));

        var lines = File.ReadAllLines(path);
        lines[2] = "not json";
        File.WriteAllLines(path, lines);
        var third = Trainer(new Drifting(nanAfter: null), data, steps: 8, checkpointEvery: 2, logEvery: 1, resume: true);
        Assert.That(() => third.Run(), Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith($"{path}:3: not a metrics line"));
        Assert.That(File.ReadAllLines(path)[2], Is.EqualTo("not json"), "nothing rewritten");
    }

    // Fails if a checkpoint is written of NaN weights (a finite loss does not mean finite weights after
    // the update), so that the guard would name a "last good" checkpoint that is not.
    [Test]
    public void WeightsThatTurnNaNAreNeverCheckpointed()
    {
        using var data = Images(32);
        var trainer = Trainer(new Drifting(nanAfter: 3), data, steps: 8, checkpointEvery: 2);

        var error = Assert.Throws<NonFiniteWeightsException>(() => trainer.Run())!;
        Assert.That(error.Message, Does.StartWith("step 4: encoder.weight holds NaN or infinite values after the update, so no checkpoint was written."));
        Assert.That(error.LastCheckpoint, Does.EndWith("step-00000002"));
        var latest = new CheckpointStore(Path.Combine(_directory, "checkpoints")).Latest;
        Assert.That(Path.GetFileName(latest), Is.EqualTo("step-00000002"));
    }

    private Trainer Trainer(SelfSupervisedMethod method, IDataset data, long steps, int checkpointEvery, bool resume = false, int logEvery = 10) =>
        new(method, data, ViewPipeline.Identity, new TrainOptions { BatchSize = 8, Epochs = 100, Seed = 3, Optimizer = new OptimizerOptions(OptimizerKind.Sgd, 0.1) },
            new TrainerSettings { RunDirectory = _directory, MaxSteps = steps, CheckpointEvery = checkpointEvery, LogEvery = logEvery, Resume = resume, TensorBoard = false });

    private static ImageDataset Images(int count)
    {
        var images = rand(count, 1, 2, 2, generator: new Generator(1));
        return new ImageDataset("tiny", "test", (images * 255).to(ScalarType.Byte), zeros(count, dtype: ScalarType.Int64), ["tiny"]);
    }

    private static void Spoil(string path, Damage damage)
    {
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case Damage.Truncate:
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case Damage.Zero:
                File.WriteAllBytes(path, new byte[bytes.Length]);
                break;
            case Damage.FlipByte:
                bytes[bytes.Length / 2] ^= 0x40;
                File.WriteAllBytes(path, bytes);
                break;
            case Damage.Delete:
                File.Delete(path);
                break;
            case Damage.Garbage:
                File.WriteAllText(path, "garbage {not: json");
                break;
        }
    }

    /// <summary>A linear model, its optimizer and a view generator, saved and restored through one store.</summary>
    private sealed class TinyRun : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> model;
        private readonly optim.Optimizer optimizer;
        private readonly Generator views = new(5);

        public TinyRun(string directory)
        {
            random.manual_seed(1);
            model = nn.Linear(4, 3);
            optimizer = OptimizerFactory.Create(model, new OptimizerOptions(OptimizerKind.Adam, 0.01));
            Store = new CheckpointStore(directory);
        }

        public CheckpointStore Store { get; }

        public void SaveAt(long step)
        {
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                model.call(ones(2, 4)).sum().backward();
                optimizer.step();
            }

            Store.Save(new TrainingState(step, 0, 0.5), model, optimizer, [views]);
        }

        public TrainingState Restore() => Store.Restore(model, [optimizer], [views])!;

        public TrainingState Restore(string folder) => Store.Restore(folder, model, [optimizer], [views]);

        public void Dispose()
        {
            optimizer.Dispose();
            model.Dispose();
            views.Dispose();
        }
    }

    /// <summary>A linear encoder with a finite loss whose weights turn NaN after a given step, as a diverging update leaves them.</summary>
    private sealed class Drifting : SelfSupervisedMethod
    {
        private readonly TorchSharp.Modules.Linear encoder;
        private readonly long? nanAfter;

        public Drifting(long? nanAfter)
            : base(nameof(Drifting))
        {
            random.manual_seed(2);
            encoder = nn.Linear(4, 2);
            this.nanAfter = nanAfter;
            RegisterComponents();
        }

        public override Tensor Features(Tensor inputs) => encoder.call(inputs.flatten(1));

        public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator) =>
            new(Features(batch.Inputs).square().mean(), []);

        public override void AfterOptimizerStep(long step, long totalSteps)
        {
            if (step + 1 > nanAfter)
            {
                using var _ = no_grad();
                encoder.weight!.fill_(double.NaN);
            }
        }
    }
}
