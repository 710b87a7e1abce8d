using System.Text.Json;
using Contrastive.Cli;
using Contrastive.Cli.Commands;
using Contrastive.Data;
using Contrastive.Tests.Data;
using Spectre.Console.Testing;

namespace Contrastive.Tests.Cli;

/// <summary>
/// The main job end to end on a tiny Fashion-MNIST-shaped dataset in the user cache (64 training and
/// 40 test images), so a run with evaluation takes seconds.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TrainCommandTests
{
    private TempFolder _root = null!;
    private DataCommandSetup _setup = null!;

    [SetUp]
    public void MakeData()
    {
        _root = new TempFolder();
        var locations = new DataLocations(null, _root.File("cache"), _root.File("system"), _root.File("no-bundle"));
        TestData.WriteMnistLayout(Path.Combine(locations.Cache, "fashion-mnist"), train: 64, test: 40);
        _setup = new DataCommandSetup(locations, Datasets.IdxFiles);
    }

    [TearDown]
    public void RemoveData() => _root.Dispose();

    private (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        var exit = ContrastiveApp.Create(console, _setup).Run(new[] { "train" }.Concat(args).ToArray());
        return (exit, console.Output);
    }

    // What a run leaves in its folder is the runtime's (TrainingRunTests); the command shows the run.
    [Test]
    public void TrainShowsTheRunAndItsScores()
    {
        var run = _root.File("run");
        var (exit, output) = Run("SimClrFashion", "--max-steps", "4", "--batch-size", "16", "--threads", "1", "--out", run);

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("SimClrFashion on fashion-mnist").And.Contain("run folder: " + run));
        Assert.That(output, Does.Contain("step 4/4").And.Contain("trained 4 steps").And.Contain("linear probe").And.Contain("initial weights"));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "results.json")));
        Assert.That(results.RootElement.GetProperty("overrides").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "train.batch-size=16" }), "the flags reach the run as the spec's keys");
    }

    [Test]
    public void NoEvalLeavesTheScoresOut()
    {
        var run = _root.File("run");
        var (exit, output) = Run("SimClrFashion", "--max-steps", "1", "--batch-size", "16", "--seed", "7", "--threads", "1", "--no-eval", "--out", run, "--set", "objective.temperature=0.5");
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Not.Contain("linear probe"));
        Assert.That(File.Exists(Path.Combine(run, "results.json")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(run, "run.json")), Does.Contain("\"train.seed=7\"").And.Contain("\"train.batch-size=16\"").And.Contain("\"objective.temperature=0.5\""));
    }

    [Test]
    public void ResumeContinuesARunWithItsOwnOptions()
    {
        var run = _root.File("run");
        Assert.That(Run("SimClrFashion", "--epochs", "2", "--batch-size", "16", "--threads", "1", "--max-steps", "3", "--no-eval", "--out", run).Exit, Is.Zero);

        // A capped run is complete: a resume keeps its cap, and a different one is refused naming both.
        var (again, againOutput) = Run("--resume", run, "--threads", "1", "--no-eval");
        Assert.That(again, Is.Zero, againOutput);
        Assert.That(againOutput, Does.Contain("note: the run is already complete (step 3 of 3): nothing to train."));
        var (conflict, conflictOutput) = Run("--resume", run, "--max-steps", "5", "--no-eval");
        Assert.That(conflict, Is.EqualTo(1));
        Assert.That(conflictOutput, Does.Contain("error: max-steps 5 differs from the run's 3 (run.json)"));
        var (both, bothOutput) = Run("--resume", run, "--out", _root.File("elsewhere"));
        Assert.That(both, Is.Not.Zero);
        Assert.That(bothOutput, Does.Contain("--resume DIR continues the run in DIR; leave out --out."));

        Interrupted(run);
        var (exit, output) = Run("--resume", run, "--threads", "1", "--no-eval");
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("step 8/8"), "2 epochs of 64 / 16 = 4 steps, continued from step 3");
        Assert.That(File.ReadAllText(Path.Combine(run, "checkpoints", "latest")), Is.EqualTo("step-00000008"));
    }

    // As if the run had been started without a cap and killed after its step-3 checkpoint.
    private static void Interrupted(string run)
    {
        var path = Path.Combine(run, "run.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        json["Settings"]!["MaxSteps"] = null;
        File.WriteAllText(path, json.ToJsonString());
    }

    [Test]
    public void AnUnknownModelIsNamedWithTheOnesThatExist()
    {
        var (exit, output) = Run("SimClrFasion");
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("unknown model 'SimClrFasion'").And.Contain("SimClrFashion"));
    }

    [TestCase("--batch-size", "1", "--batch-size must be a whole number from 2 to 1048576")]
    [TestCase("--epochs", "0", "--epochs must be a whole number from 1 to 1000000")]
    [TestCase("--device", "tpu", "--device must be cpu, cuda or cuda:N (N a GPU index, 0 or more); got 'tpu'")]
    [TestCase("--device", "cuda:-1", "--device must be cpu, cuda or cuda:N")]
    [TestCase("--clip-grad-norm", "-1", "--clip-grad-norm must be a finite norm of at least 0")]
    [TestCase("--set", "temprature=0.5", "'temprature' is not an option of this model. Did you mean 'objective.temperature'?")]
    public void BadFlagsSayWhatIsExpected(string flag, string value, string message)
    {
        var (exit, output) = Run("SimClrFashion", flag, value, "--out", _root.File("bad"));
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain(message));
    }

    [Test]
    public void CudaWithoutCudaIsRefusedBeforeAnyRunFolderIsMade()
    {
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.Ignore("this machine has CUDA: the error cannot happen here.");
        }

        var run = _root.File("gpu");
        var (exit, output) = Run("SimClrFashion", "--device", "cuda", "--max-steps", "1", "--out", run);
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("--device cuda:0: CUDA is not available to this libtorch").And.Contain("--device cpu"));
        Assert.That(Directory.Exists(run), Is.False);
    }

    [Test]
    public void MissingDataSaysWhereItLooked()
    {
        Directory.Delete(Path.Combine(_setup.Locations.Cache, "fashion-mnist"), recursive: true);
        var (exit, output) = Run("SimClrFashion", "--max-steps", "1", "--out", _root.File("run"));
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("fashion-mnist"));
    }

    [Test]
    public void CriticModelsAreSentToTheMiBenchmark()
    {
        var (exit, output) = Run("GaussianCritic", "--out", _root.File("run"));
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("use 'mi-bench'"));
    }

    // The bank is made for the training set at the start of training and saved in every checkpoint;
    // a model built for evaluation has none, and must still load the run's weights.
    [Test]
    public void EvalReadsARunWhoseCheckpointHoldsAMemoryBank()
    {
        var run = _root.File("run");
        var (exit, output) = Run("SimClrFashion", "--max-steps", "2", "--batch-size", "16", "--threads", "1", "--no-eval", "--out", run,
            "--set", "negatives.source=memory-bank", "--set", "negatives.size=32");
        Assert.That(exit, Is.Zero, output);

        var (evalExit, evalOutput) = RunCommand("eval", run, "--threads", "1", "--device", "cpu");
        Assert.That(evalExit, Is.Zero, evalOutput);
        Assert.That(evalOutput, Does.Contain("linear probe"));

        var (badExit, badOutput) = RunCommand("embed", run, "--out", _root.File("f.npy"), "--device", "gpu");
        Assert.That(badExit, Is.Not.Zero);
        Assert.That(badOutput, Does.Contain("--device must be cpu, cuda or cuda:N"));
    }

    [TestCase("MoCoFashion")]
    [TestCase("ByolFashion")]
    [TestCase("SimSiamFashion")]
    public void EveryViewMethodTrainsAndEvaluatesFromTheCommandLine(string model)
    {
        var (exit, output) = Run(model, "--max-steps", "3", "--batch-size", "16", "--threads", "1", "--out", _root.File("run-" + model));
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("step 3/3").And.Contain("linear probe").And.Contain("initial weights"));
    }

    // A pretext method logs its accuracy beside the loss, and eval reads its run: jigsaw's checkpoint
    // carries the permutation set as a buffer, which eval's check for every tensor of the model requires.
    [TestCase("RotationFashion")]
    [TestCase("JigsawFashion")]
    [TestCase("RelativePositionFashion")]
    public void EveryPretextMethodLogsItsAccuracyAndEvalReadsItsRun(string model)
    {
        var run = _root.File("run-" + model);
        var (exit, output) = Run(model, "--max-steps", "3", "--batch-size", "16", "--threads", "1", "--no-eval", "--out", run);
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("step 3/3").And.Contain("pretext-accuracy"));
        Assert.That(File.ReadLines(Path.Combine(run, "metrics.jsonl")).Last(), Does.Contain("\"pretext-accuracy\":"));

        var (evalExit, evalOutput) = RunCommand("eval", run, "--threads", "1");
        Assert.That(evalExit, Is.Zero, evalOutput);
        Assert.That(evalOutput, Does.Contain("linear probe").And.Contain("initial weights"));
    }

    // Each row of scripts/experiments/dim-methods.sh, a few steps each: the overrides reach the model
    // (a bad one would fail to build it) and every variant trains and evaluates.
    [TestCase("estimator=infonce")]
    [TestCase("alpha=1", "beta=0")]
    public void DimVariantsTrainAndEvaluateFromTheCommandLine(params string[] overrides)
    {
        var arguments = new List<string> { "DimFashion", "--max-steps", "2", "--batch-size", "16", "--threads", "1", "--out", _root.File("run") };
        arguments.AddRange(overrides.SelectMany(o => new[] { "--set", o }));
        var (exit, output) = Run(arguments.ToArray());
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("step 2/2").And.Contain("linear probe").And.Contain("initial weights"));
    }

    // With a prior, the run keeps a second optimizer (the prior discriminator's) in its checkpoints:
    // a resume restores it, and eval rebuilds the model with the run's overrides and loads it.
    [Test]
    public void DimWithAPriorResumesAndEvaluates()
    {
        var run = _root.File("run");
        var (exit, output) = Run("DimFashion", "--epochs", "2", "--batch-size", "16", "--threads", "1", "--max-steps", "3", "--no-eval", "--out", run, "--set", "gamma=0.1");
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("prior-accuracy"));
        Assert.That(File.Exists(Path.Combine(run, "checkpoints", "step-00000003", "optimizer-1.bin")), Is.True, "the prior discriminator's optimizer is checkpointed");

        Interrupted(run);
        var (resumeExit, resumeOutput) = Run("--resume", run, "--threads", "1", "--no-eval");
        Assert.That(resumeExit, Is.Zero, resumeOutput);
        Assert.That(resumeOutput, Does.Contain("step 8/8"));

        var (evalExit, evalOutput) = RunCommand("eval", run, "--threads", "1");
        Assert.That(evalExit, Is.Zero, evalOutput);
        Assert.That(evalOutput, Does.Contain("linear probe"));
    }

    // CPC takes the images as patch grids and makes no views; eval rebuilds it from the run folder
    // and scores its pooled patch encodings.
    [Test]
    public void ImageCpcTrainsAndEvaluatesFromTheCommandLine()
    {
        var run = _root.File("run-cpc");
        var (exit, output) = Run("CpcFashion", "--max-steps", "2", "--batch-size", "8", "--threads", "1", "--no-eval", "--out", run);
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("step 2/2").And.Contain("accuracy-k2").And.Contain("bound-k3"));
        var logged = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Last();
        Assert.That(logged, Does.Contain("\"loss-k2\"").And.Contain("\"accuracy-k3\"").And.Contain("\"bound-k2\""));

        var (evalExit, evalOutput) = RunCommand("eval", run, "--threads", "1");
        Assert.That(evalExit, Is.Zero, evalOutput);
        Assert.That(evalOutput, Does.Contain("linear probe").And.Contain("initial weights"));
    }

    // The data must have the shape of the model's input: a sequence model is not trained on images.
    [Test]
    public void AModelIsNotTrainedOnDataOfAnotherShape()
    {
        var (exit, output) = Run("CpcSequences", "--data", "fashion-mnist", "--max-steps", "1", "--out", _root.File("run"));
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("fashion-mnist holds samples [1, 28, 28], but the model reads [1, 256]"));
    }

    [Test]
    public void EvalAndEmbedReadAFinishedRun()
    {
        var run = _root.File("run");
        Assert.That(Run("SimClrFashion", "--max-steps", "2", "--batch-size", "16", "--threads", "1", "--no-eval", "--out", run).Exit, Is.Zero);

        var (evalExit, evalOutput) = RunCommand("eval", run, "--threads", "1");
        Assert.That(evalExit, Is.Zero, evalOutput);
        Assert.That(evalOutput, Does.Contain("linear probe").And.Contain("initial weights"));
        Assert.That(File.Exists(Path.Combine(run, "eval.json")), Is.True);

        var csv = _root.File("features.csv");
        var (csvExit, csvOutput) = RunCommand("embed", run, "--out", csv, "--plot", _root.File("pca.png"), "--threads", "1");
        Assert.That(csvExit, Is.Zero, csvOutput);
        var lines = File.ReadAllLines(csv);
        Assert.That(lines, Has.Length.EqualTo(1 + 40), "a header and one row per test image");
        Assert.That(lines[0], Does.StartWith("label,f0,f1,").And.EndWith(",f127"));
        Assert.That(File.Exists(_root.File("pca.png")), Is.True);

        var npy = _root.File("features.npy");
        Assert.That(RunCommand("embed", Path.Combine(run, "checkpoints", "step-00000002"), "--out", npy, "--threads", "1").Exit, Is.Zero);
        var bytes = File.ReadAllBytes(npy);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.That(bytes[..6], Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }));
        Assert.That(header, Does.Contain("'descr': '<f4'").And.Contain("'shape': (40, 128)"));
        Assert.That((10 + headerLength) % 64, Is.Zero, "data aligned as NumPy writes it");
        Assert.That(bytes.Length, Is.EqualTo(10 + headerLength + (40 * 128 * 4)));
        Assert.That(File.Exists(_root.File("features.labels.npy")), Is.True);
    }

    [Test]
    public void EvalOfAFolderWithoutCheckpointsSaysWhatItNeeds()
    {
        var (exit, output) = RunCommand("eval", _root.Path);
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("holds no checkpoint"));
    }

    private (int Exit, string Output) RunCommand(params string[] args)
    {
        var console = new TestConsole().Width(250);
        var exit = ContrastiveApp.Create(console, _setup).Run(args);
        return (exit, console.Output);
    }
}
