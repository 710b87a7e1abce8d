using System.Text.Json;
using Contrastive.Data;
using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Reporting;
using Contrastive.Tests.Data;
using Contrastive.Training;
using Contrastive.Training.Runs;
using SkiaSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Training.Runs;

/// <summary>
/// The run workflow through the runtime's <see cref="TrainingRun"/>, on a tiny Fashion-MNIST-shaped
/// dataset in the user cache (64 training and 40 test images): what a run leaves in its folder,
/// resume, a finished run opened for evaluation, and the plots a method declares.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TrainingRunTests
{
    private TempFolder _root = null!;
    private DataLocations _locations = null!;

    [SetUp]
    public void MakeData()
    {
        _root = new TempFolder();
        _locations = new DataLocations(null, _root.File("cache"), _root.File("system"), _root.File("no-bundle"));
        TestData.WriteMnistLayout(Path.Combine(_locations.Cache, "fashion-mnist"), train: 64, test: 40);
    }

    [TearDown]
    public void RemoveData() => _root.Dispose();

    private TrainingRun Start(string model, string folder, long? maxSteps, params string[] overrides) =>
        TrainingRun.Start(ModelRegistry.All, model, overrides, new TrainerSettings { RunDirectory = _root.File(folder), MaxSteps = maxSteps }, _locations);

    [Test]
    public void AShortRunLeavesItsFolderAndResults()
    {
        var folder = _root.File("run");
        TrainingSummary summary;
        using (var run = Start("simclrfashion", "run", 4, "train.batch-size=16"))
        {
            var told = new List<long>();
            run.Progress += p => told.Add(p.Step);
            Assert.That(run.TotalSteps, Is.EqualTo(4));
            summary = run.Train();
            Assert.That(told, Is.EqualTo(new long[] { 1, 2, 3, 4 }), "progress is told every step");
            Assert.That(run.DrawPlots(summary), Is.Empty);
            run.WriteResults(summary, run.Evaluate());
        }

        // run.json keeps the format runs made before the workflow moved into the runtime, with the run's settings added.
        Assert.That(File.ReadAllText(Path.Combine(folder, "run.json")), Is.EqualTo(
            "{\n  \"Model\": \"SimClrFashion\",\n  \"Overrides\": [\n    \"train.batch-size=16\"\n  ],\n  \"InputShape\": [\n    1,\n    28,\n    28\n  ],\n  \"Settings\": {\n    \"MaxSteps\": 4,\n    \"CheckpointEvery\": 500,\n    \"ClipGradientNorm\": 0,\n    \"LogEvery\": 10\n  }\n}".Replace("\n", Environment.NewLine, StringComparison.Ordinal)));
        Assert.That(File.ReadAllLines(Path.Combine(folder, "metrics.jsonl")), Is.Not.Empty);
        Assert.That(File.ReadAllText(Path.Combine(folder, "checkpoints", "latest")), Is.EqualTo("step-00000004"));
        Assert.That(Directory.GetFiles(Path.Combine(folder, "tensorboard"), "events.out.tfevents.*", SearchOption.AllDirectories), Is.Not.Empty, "TensorBoard event file");
        Assert.That(File.Exists(Path.Combine(folder, "loss.png")), Is.True);
        Assert.That(File.Exists(Path.Combine(folder, "steps.png")), Is.False, "SimCLR declares no plots of its own");

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
        var root = results.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "model", "overrides", "steps", "seconds", "final_loss", "evaluation" }));
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("SimClrFashion"));
        Assert.That(root.GetProperty("overrides").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "train.batch-size=16" }));
        Assert.That(root.GetProperty("steps").GetInt64(), Is.EqualTo(4));
        Assert.That(root.GetProperty("final_loss").GetDouble(), Is.EqualTo(summary.FinalLoss));
        var evaluation = root.GetProperty("evaluation");
        Assert.That(evaluation.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "checkpoint", "trained", "initial", "train_images", "test_images" }));
        Assert.That(evaluation.GetProperty("checkpoint").GetString(), Is.EqualTo(summary.LastCheckpoint));
        Assert.That((evaluation.GetProperty("train_images").GetInt64(), evaluation.GetProperty("test_images").GetInt64()), Is.EqualTo((64L, 40L)));
        foreach (var encoder in new[] { "trained", "initial" })
        {
            var scores = evaluation.GetProperty(encoder);
            Assert.That(scores.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "linear_probe", "linear_probe_train", "knn", "probe_l2" }), encoder);
            Assert.That(scores.GetProperty("knn").GetDouble(), Is.InRange(0.0, 1.0), encoder);
        }
    }

    [Test]
    public void ResumeContinuesARunWithItsOwnOptions()
    {
        // A run of 2 epochs of 64 / 16 = 4 steps, stopped after step 3 (as by a kill), checkpointed every step.
        var settings = new TrainerSettings { RunDirectory = _root.File("run"), CheckpointEvery = 1 };
        using (var run = TrainingRun.Start(ModelRegistry.All, "SimClrFashion", ["train.epochs=2", "train.batch-size=16"], settings, _locations))
        {
            using var stop = new CancellationTokenSource();
            run.Progress += p =>
            {
                if (p.Step == 3)
                {
                    stop.Cancel();
                }
            };
            Assert.That(() => run.Train(stop.Token), Throws.InstanceOf<OperationCanceledException>());
        }

        using var resumed = TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = _root.File("run") }, _locations);
        Assert.That(resumed.Options.Train.BatchSize, Is.EqualTo(16), "the overrides come from run.json");
        Assert.That(resumed.TotalSteps, Is.EqualTo(8), "2 epochs of 64 / 16 = 4 steps");
        var summary = resumed.Train();
        Assert.That(summary.Losses.Select(l => l.Step), Is.EqualTo(new long[] { 4, 5, 6, 7, 8 }), "continued from step 3");
        Assert.That(File.ReadAllText(Path.Combine(_root.File("run"), "checkpoints", "latest")), Is.EqualTo("step-00000008"));
    }

    // Fails if a resume trains past the step cap the run was started with (to the spec's whole run,
    // pruning the capped run's final checkpoint and stretching its learning-rate schedule).
    [Test]
    public void ResumeKeepsTheSettingsTheRunWasStartedWith()
    {
        using (var run = Start("SimClrFashion", "run", 2, "train.batch-size=16"))
        {
            run.Train();
        }

        var notes = new List<string>();
        using (var resumed = TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = _root.File("run") }, _locations))
        {
            Assert.That(resumed.TotalSteps, Is.EqualTo(2), "the cap of run.json, not the spec's 3 epochs");
            resumed.Note += notes.Add;
            var summary = resumed.Train();
            Assert.That(summary.Losses, Is.Empty);
            Assert.That(double.IsFinite(summary.FinalLoss), Is.True, "the last loss of the run, not NaN");
        }

        Assert.That(notes, Is.EqualTo(new[] { "the run is already complete (step 2 of 2): nothing to train." }));
        Assert.That(File.ReadAllText(Path.Combine(_root.File("run"), "checkpoints", "latest")), Is.EqualTo("step-00000002"));
        Assert.That(() => TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = _root.File("run"), MaxSteps = 60 }, _locations),
            Throws.ArgumentException.With.Message.StartsWith("max-steps 60 differs from the run's 2 (run.json): a resume continues the run as it was started"));
        Assert.That(() => TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = _root.File("run"), CheckpointEvery = 7 }, _locations),
            Throws.ArgumentException.With.Message.StartsWith("checkpoint-every 7 differs from the run's 500 (run.json)"));
    }

    // A run folder written before --set took the spec's key paths holds the old keys in run.json; it
    // must still resume and open, with the options those keys meant.
    [Test]
    public void ARunFolderWithTheOldKeysStillResumesAndOpens()
    {
        using (var run = Start("SimClrFashion", "run", 2, "train.epochs=2", "train.batch-size=16", "objective.temperature=0.4", "objective.negatives.queue=32", "objective.loss=dcl"))
        {
            run.Train();
        }

        var runJson = Path.Combine(_root.File("run"), "run.json");
        var current = File.ReadAllText(runJson);
        File.WriteAllText(runJson, current
            .Replace("\"objective.temperature=0.4\"", "\"temperature=0.4\"", StringComparison.Ordinal)
            .Replace("\"objective.negatives.queue=32\"", "\"negatives.source=queue\",\n    \"negatives.size=32\"", StringComparison.Ordinal)
            .Replace("\"objective.loss=dcl\"", "\"decoupled=true\"", StringComparison.Ordinal));
        var old = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(runJson))!.AsObject();
        old.Remove("Settings");   // and from before run.json recorded the run's settings
        File.WriteAllText(runJson, old.ToJsonString());
        Assert.That(File.ReadAllText(runJson), Does.Contain("negatives.source=queue").And.Not.Contain("objective."), "the test writes the old keys");

        var expected = new SimClrFashionOptions();
        expected = expected with
        {
            Objective = new SimClrSettings(Temperature: 0.4, new NegativeSampling(NegativeSource.Queue, 32), Decoupled: true),
            Train = expected.Train with { Epochs = 2, BatchSize = 16 },
        };
        using (var resumed = TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = _root.File("run"), MaxSteps = 3 }, _locations))
        {
            Assert.That(resumed.Options, Is.EqualTo(expected));
            Assert.That(resumed.Train().Losses.Select(l => l.Step), Is.EqualTo(new long[] { 3 }), "continued from its checkpoint, queue and all");
        }

        using var opened = TrainingRun.Open(ModelRegistry.All, _root.File("run"), _locations);
        Assert.That(opened.Options, Is.EqualTo(expected));
        Assert.That(opened.Evaluate().TrainCount, Is.EqualTo(64L));
    }

    // The bank is made for the training set at the start of training and saved in every checkpoint;
    // a model opened for evaluation has none, and must still load the run's weights.
    [Test]
    public void OpenReadsAFinishedRunAtItsCheckpointsWeights()
    {
        Tensor trained;
        var settings = new TrainerSettings { RunDirectory = _root.File("run"), MaxSteps = 2, CheckpointEvery = 1 };
        using (var run = TrainingRun.Start(ModelRegistry.All, "SimClrFashion", ["train.batch-size=16", "negatives.source=memory-bank", "negatives.size=32"], settings, _locations))
        {
            run.Train();
            trained = run.Model.parameters().First().detach().clone();
        }

        using var opened = TrainingRun.Open(ModelRegistry.All, _root.File("run"), _locations);
        Assert.That(opened.Checkpoint, Is.EqualTo(Path.Combine(_root.File("run"), "checkpoints", "step-00000002")));
        Assert.That(opened.Model.training, Is.False, "eval mode");
        Assert.That(opened.Model.parameters().First().equal(trained).all().item<bool>(), Is.True, "the checkpoint's weights");
        Assert.That(() => opened.Train(), Throws.InvalidOperationException, "an opened run is read, not trained");

        var report = opened.Evaluate();
        Assert.That((report.TrainCount, report.TestCount), Is.EqualTo((64L, 40L)));
        opened.WriteEvaluation(report);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root.File("run"), "eval.json")));
        Assert.That(written.RootElement.GetProperty("checkpoint").GetString(), Is.EqualTo(opened.Checkpoint));

        using var atStep = TrainingRun.Open(ModelRegistry.All, Path.Combine(_root.File("run"), "checkpoints", "step-00000001"), _locations);
        Assert.That(atStep.Checkpoint, Does.EndWith("step-00000001"));
        Assert.That(atStep.Directory, Is.EqualTo(_root.File("run")));
        Assert.That(atStep.Model.parameters().First().equal(trained).all().item<bool>(), Is.False, "the weights of the checkpoint named");
    }

    // Fails if a new run takes over a folder that holds one (its metrics emptied, its checkpoints mixed with the new run's).
    [Test]
    public void ANewRunRefusesAFolderThatHoldsARun()
    {
        using (var run = Start("SimClrFashion", "run", 2, "train.batch-size=16"))
        {
            run.Train();
        }

        var metrics = File.ReadAllText(Path.Combine(_root.File("run"), "metrics.jsonl"));
        Assert.That(() => Start("SimClrFashion", "run", 2, "train.seed=5"),
            Throws.ArgumentException.With.Message.EqualTo($"{_root.File("run")} already holds a run: continue it with --resume {_root.File("run")}, or give a new folder with --out."));
        Assert.That(File.ReadAllText(Path.Combine(_root.File("run"), "metrics.jsonl")), Is.EqualTo(metrics));
        Assert.That(File.ReadAllText(Path.Combine(_root.File("run"), "run.json")), Does.Contain("train.batch-size=16").And.Not.Contain("train.seed=5"));
    }

    // Fails if two writers can hold one run folder (the checkpoints of both seeds mixed, run.json of one).
    [Test]
    public void ARunFolderHasOneWriterAtATime()
    {
        var folder = _root.File("run");
        using (var first = Start("SimClrFashion", "run", 2, "train.batch-size=16"))
        {
            first.Train();
            Assert.That(() => TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = folder }, _locations),
                Throws.InstanceOf<IOException>().With.Message.StartsWith($"{folder} is being written by another run (process {Environment.ProcessId} on {Environment.MachineName}, since "));
            Assert.That(FlockHeld(Path.Combine(folder, ".lock")), Is.True, "the kernel lock is seen from another process");
        }

        Assert.That(FlockHeld(Path.Combine(folder, ".lock")), Is.False, "released with the run");
        Assert.That(File.Exists(Path.Combine(folder, RunLock.HolderName)), Is.False);
        using var resumed = TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = folder }, _locations);
        Assert.That(resumed.TotalSteps, Is.EqualTo(2));
    }

    [Test]
    public void ALockLeftByARunThatDiedIsTakenOverWithANote()
    {
        var folder = _root.File("run");
        using (var first = Start("SimClrFashion", "run", 2, "train.batch-size=16"))
        {
            first.Train();
        }

        // What a killed run leaves: its lock.json (the kernel released the lock itself).
        File.WriteAllText(Path.Combine(folder, RunLock.HolderName), $"{{\"Pid\":2147483646,\"Host\":\"{Environment.MachineName}\",\"Started\":\"2026-01-02T03:04:05+00:00\"}}");
        var notes = new List<string>();
        using var resumed = TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = folder }, _locations);
        resumed.Note += notes.Add;
        resumed.Train();
        Assert.That(notes, Does.Contain($"{folder} was last written by process 2147483646 on {Environment.MachineName}, since 2026-01-02 03:04:05 UTC (no longer running), which ended without releasing it; this run takes it over."));
    }

    [Test]
    public void TemporaryEntriesOfKilledWritesAreRemovedWhenTheRunIsTakenUp()
    {
        var folder = _root.File("run");
        using (var first = Start("SimClrFashion", "run", 2, "train.batch-size=16"))
        {
            first.Train();
        }

        // What kill -9 leaves mid-write: a checkpoint's temporary folder and a file's temporary copy.
        var checkpoints = Path.Combine(folder, "checkpoints");
        Directory.CreateDirectory(Path.Combine(checkpoints, ".step-00000004.0123456789abcdef0123456789abcdef.tmp"));
        File.WriteAllText(Path.Combine(checkpoints, ".latest.fedcba9876543210fedcba9876543210.tmp"), "step-0000");
        File.WriteAllText(Path.Combine(folder, ".notes.tmp"), "a user's file that only looks alike");
        var notes = new List<string>();
        using var resumed = TrainingRun.Resume(ModelRegistry.All, new TrainerSettings { RunDirectory = folder }, _locations);
        resumed.Note += notes.Add;
        resumed.Train();

        Assert.That(notes, Does.Contain($"removed 2 temporary entries left in {folder} by an interrupted write."));
        Assert.That(Directory.GetFileSystemEntries(checkpoints).Select(Path.GetFileName).Where(n => n!.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty);
        Assert.That(File.Exists(Path.Combine(folder, ".notes.tmp")), Is.True, "only the writers' own pattern is removed");
    }

    // util-linux's flock(1) asks the kernel from outside this process: exit 1 when the lock is held.
    private static bool FlockHeld(string path)
    {
        using var flock = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["--nonblock", "--exclusive", path, "true"]) { RedirectStandardError = true })!;
        flock.WaitForExit();
        return flock.ExitCode != 0;
    }

    [Test]
    public void OpenRefusesWeightsThatAreNotFinite()
    {
        using (var run = Start("SimClrFashion", "run", 2, "train.batch-size=16"))
        {
            run.Train();
        }

        // As a diverged run would have left them, with a manifest that vouches for them.
        var checkpoint = Path.Combine(_root.File("run"), "checkpoints", "step-00000002");
        var model = Path.Combine(checkpoint, "model.bin");
        using (var opened = TrainingRun.Open(ModelRegistry.All, _root.File("run"), _locations))
        {
            using (no_grad())
            {
                opened.Model.parameters().First().fill_(double.NaN);
            }

            opened.Model.save(model);
        }

        File.Delete(Path.Combine(checkpoint, "manifest.json"));
        Assert.That(() => TrainingRun.Open(ModelRegistry.All, _root.File("run"), _locations),
            Throws.ArgumentException.With.Message.StartsWith($"{checkpoint} holds weights that are not finite (").And.Message.Contains("Evaluate an earlier checkpoint"));
    }

    [Test]
    public void OpenOfARunWhoseCheckpointsAreAllDamagedSaysWhatIsWrong()
    {
        using (var run = Start("SimClrFashion", "run", 2, "train.batch-size=16"))
        {
            run.Train();
        }

        var checkpoint = Path.Combine(_root.File("run"), "checkpoints", "step-00000002");
        var size = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(checkpoint, "manifest.json")))!["files"]!["state.json"]!["size"]!.GetValue<long>();
        File.WriteAllText(Path.Combine(checkpoint, "state.json"), "{}");
        Assert.That(() => TrainingRun.Open(ModelRegistry.All, _root.File("run"), _locations),
            Throws.ArgumentException.With.Message.EqualTo($"{_root.File("run")} holds no intact checkpoint: step-00000002: state.json is 2 bytes, but manifest.json says {size}."));
    }

    [Test]
    public void OpenOfAFolderWithoutCheckpointsSaysWhatItNeeds() =>
        Assert.That(() => TrainingRun.Open(ModelRegistry.All, _root.Path, _locations), Throws.ArgumentException.With.Message.Contain("holds no checkpoint"));

    [Test]
    public void AnUnknownModelIsNamedWithTheOnesThatExist() =>
        Assert.That(() => Start("SimClrFasion", "run", 1), Throws.ArgumentException.With.Message.Contain("unknown model 'SimClrFasion'").And.Message.Contain("SimClrFashion"));

    [Test]
    public void ABadOverrideFailsBeforeTheFolderIsMade()
    {
        Assert.That(() => Start("SimClrFashion", "run", 1, "temprature=0.5"), Throws.ArgumentException.With.Message.Contain("'temprature' is not an option of this model. Did you mean 'objective.temperature'?"));
        Assert.That(Directory.Exists(_root.File("run")), Is.False);
    }

    [Test]
    public void CriticModelsAreNotTrainedAsSelfSupervisedMethods() =>
        Assert.That(() => Start("GaussianCritic", "run", 1), Throws.ArgumentException.With.Message.Contain("use 'mi-bench'"));

    [Test]
    public void TheDataMustHaveTheModelsInputShape() =>
        Assert.That(() => Start("CpcSequences", "run", 1, "data=fashion-mnist"), Throws.ArgumentException.With.Message.Contain("fashion-mnist holds samples [1, 28, 28], but the model reads [1, 256]"));

    [Test]
    public void CpcDeclaresItsPerStepPlotAndTheRunDrawsIt()
    {
        using var run = Start("CpcFashion", "run", 2, "train.batch-size=8");
        var plot = run.Model.Plots.Single();
        Assert.That(plot.FileName, Is.EqualTo("steps.png"));
        Assert.That(plot.Panels.Select(p => p.Title), Is.EqualTo(new[] { "accuracy of picking the positive, per step k", "bound log N - L_N, per step k" }));
        Assert.That(plot.Panels.Select(p => p.Curves.Select(c => (c.Label, c.Metric))), Is.EqualTo(new[]
        {
            new[] { ("k = 2", "accuracy-k2"), ("k = 3", "accuracy-k3") },
            new[] { ("k = 2", "bound-k2"), ("k = 3", "bound-k3") },
        }));

        var summary = run.Train();
        Assert.That(run.DrawPlots(summary), Is.Empty);
        using var image = SKBitmap.Decode(Path.Combine(run.Directory, "steps.png"));
        Assert.That((image.Width, image.Height), Is.EqualTo((2 * 560, PanelPlot.TitleHeight + 400)), "two panels side by side under the model's name");
    }

    [Test]
    public void AMetricPlotIsDrawnFromTheLoggedMetricsOnly()
    {
        var folder = _root.File("metrics");
        Directory.CreateDirectory(folder);
        var plot = new MetricPlot("m.png", [new MetricPanel("a", "value", [new MetricCurve("a", "a"), new MetricCurve("b", "b")])]);
        Assert.That(RunPlots.DrawMetrics(folder, "t", plot), Is.False, "no metrics.jsonl");

        File.WriteAllLines(Path.Combine(folder, "metrics.jsonl"), ["{\"step\":10,\"loss\":1.5,\"c\":0.1}", "{\"step\":20,\"loss\":1.2,\"c\":0.2}"]);
        Assert.That(RunPlots.DrawMetrics(folder, "t", plot), Is.False, "none of its metrics was logged");
        Assert.That(File.Exists(Path.Combine(folder, "m.png")), Is.False);

        File.AppendAllLines(Path.Combine(folder, "metrics.jsonl"), ["{\"step\":30,\"loss\":1.1,\"a\":0.3}"]);
        Assert.That(RunPlots.DrawMetrics(folder, "t", plot), Is.True);
        using var image = SKBitmap.Decode(Path.Combine(folder, "m.png"));
        Assert.That((image.Width, image.Height), Is.EqualTo((560, PanelPlot.TitleHeight + 400)), "one panel");
    }
}
