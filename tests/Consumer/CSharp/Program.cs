// Trains the model generated from tiny-simclr.model.yaml for a few steps on the Fashion-MNIST subset
// that the Contrastive package copies into this output, then scores its encoder. Prints each check
// and exits with 1 when one fails.
using Consumer;
using Contrastive.Data;
using Contrastive.Evaluation.Probes;
using Contrastive.Native;
using Contrastive.Training;
using TorchSharp;

var failures = 0;
void Check(bool holds, string what)
{
    Console.WriteLine($"{(holds ? "ok" : "FAILED")}: {what}");
    failures += holds ? 0 : 1;
}

var runtime = TorchRuntime.Inspect();
Console.WriteLine($"libtorch {runtime.LibTorchVersion}, TorchSharp {runtime.TorchSharpVersion}, compat patch: {runtime.Compat}");
Check(runtime.Compat is not NativeCompatState.Missing, "TorchSharp's native library loads here (patched where the host needs it)");

var info = ModelRegistry.Find("TinySimClr");
Check(info is { Method: "simclr", SpecPath: "tiny-simclr.model.yaml" }, "the generator listed this project's spec in its ModelRegistry");
Check(TinySimClr.FeatureSize == 32 && TinySimClr.EmbeddingSize == 16, "the generated model has the spec's shapes");

// Only the subset shipped in the package: the checks must not depend on what else this machine has.
var missing = Path.Combine(AppContext.BaseDirectory, "no-such-folder");
var bundled = new DataLocations(null, missing, missing, DataLocations.BundledRoot);
using var train = Datasets.Load("fashion-mnist", DataSplit.Train, bundled);
using var test = Datasets.Load("fashion-mnist", DataSplit.Test, bundled);
Check(train.Count == 10_000 && test.Count == 2_000, $"the package's Fashion-MNIST subset is in the output ({train.Count} + {test.Count} images)");

var options = new TinySimClrOptions();
torch.random.manual_seed(options.Train.Seed);
using var model = new TinySimClr(options);
using var generator = new torch.Generator((ulong)options.Train.Seed);
using var trainSample = train.Sample(1_000, generator);
using var testSample = test.Sample(500, generator);
var run = Path.Combine(Path.GetTempPath(), "contrastive-consumer-" + Guid.NewGuid().ToString("N"));
var summary = new Trainer(model, trainSample, options.Augment, options.Train, new TrainerSettings { RunDirectory = run, MaxSteps = 5, TensorBoard = false }).Run();
Directory.Delete(run, recursive: true);
Check(summary.Steps == 5 && double.IsFinite(summary.FinalLoss), $"trained 5 steps (loss {summary.Losses[0].Loss:F3} -> {summary.FinalLoss:F3})");

var scores = RepresentationEvaluation.Score(model, trainSample, testSample, options.Train.Seed);
// Ten classes: chance is 10%; even untrained convolutional features give far more, so this catches a
// probe fitted on the wrong labels or features, not a model that learned too little in 5 steps.
Check(scores.LinearProbe.TestAccuracy > 0.3, $"linear probe {100 * scores.LinearProbe.TestAccuracy:F1}%, kNN {100 * scores.Knn:F1}% on {testSample.Count} test images");

Console.WriteLine(failures == 0 ? "consumer: every check holds" : $"consumer: {failures} check(s) failed");
return failures == 0 ? 0 : 1;
