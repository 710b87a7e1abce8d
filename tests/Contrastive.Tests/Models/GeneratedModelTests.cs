using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Models;

/// <summary>
/// The example models as the build generated them: they compile (this file would not otherwise),
/// the registry lists every spec, and the shapes their constants promise are the shapes they produce.
/// </summary>
public sealed class GeneratedModelTests
{
    [Test]
    public void RegistryListsEveryExampleSpec()
    {
        var specs = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "models"), "*.model.yaml")
            .Select(p => Path.GetFileName(p))
            .Order(StringComparer.Ordinal)
            .ToList();
        var listed = ModelRegistry.All.Select(m => m.SpecPath).Order(StringComparer.Ordinal).ToList();
        Assert.That(listed, Is.EqualTo(specs));
        Assert.That(ModelRegistry.Find("simclrfashion")?.ModelType, Is.EqualTo(typeof(SimClrFashion)));
        Assert.That(ModelRegistry.Find("NoSuchModel"), Is.Null);
    }

    [Test]
    public void RegistryFactoriesBuildTheirTypes()
    {
        foreach (var info in ModelRegistry.All)
        {
            using var model = info.Create();
            Assert.That(model, Is.TypeOf(info.ModelType), info.Name);
        }
    }

    // The run workflow reads Train and Augment through IModelOptions: for every registered model they
    // must be the generated record's own properties (Augment: the no-op views when the record has none).
    [Test]
    public void TheOptionsInterfaceGivesTheRecordsOwnTrainAndAugment()
    {
        Assert.That(ModelRegistry.All, Is.Not.Empty);
        foreach (var info in ModelRegistry.All)
        {
            var options = info.CreateOptions();
            var type = options.GetType();
            Assert.That(type.Name, Is.EqualTo(info.Name + "Options"), info.Name);
            var train = type.GetProperty(nameof(IModelOptions.Train))?.GetValue(options);
            Assert.That(train, Is.Not.Null.And.SameAs(options.Train), info.Name);
            Assert.That(info.CreateOptions().Train, Is.EqualTo(options.Train), info.Name + ": the spec's training options, every time");
            var augment = type.GetProperty(nameof(IModelOptions.Augment));
            Assert.That(options.Augment, Is.SameAs(augment is null ? Contrastive.Augment.ViewPipeline.Identity : augment.GetValue(options)), info.Name);
            if (augment is null)
            {
                Assert.That(info.Method, Is.AnyOf("cpc", "dim", "critic"), info.Name + ": only the methods without views lack Augment");
            }

            // A changed copy, read back through the interface, builds the model with those options.
            var copy = (IModelOptions)OptionOverrides.ApplyAll(options, [$"train.seed={options.Train.Seed + 1}"]);
            Assert.That(copy.Train, Is.EqualTo(options.Train with { Seed = options.Train.Seed + 1 }), info.Name);
            using var model = info.CreateWithOptions(copy);
            Assert.That(model, Is.TypeOf(info.ModelType), info.Name);
            Assert.That(model.GetType().GetProperty("Options")?.GetValue(model), Is.SameAs(copy), info.Name + ": built with the options given");
        }
    }

    [Test]
    public void SimClrFashionProducesTheShapesItsConstantsPromise()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        using var model = new SimClrFashion();
        var batch = rand(4, SimClrFashion.InputChannels, SimClrFashion.InputHeight, SimClrFashion.InputWidth);

        Assert.That(model.Features(batch).shape, Is.EqualTo(new long[] { 4, SimClrFashion.FeatureSize }));
        Assert.That(model.Embed(batch).shape, Is.EqualTo(new long[] { 4, SimClrFashion.EmbeddingSize }));
        Assert.That(model.Encoder.ForwardWithTaps(batch).Local.shape, Is.EqualTo(new long[] { 4, 128, 7, 7 }));
        Assert.That(SimClrFashionEncoder.OutputShape, Is.EqualTo(new long[] { SimClrFashion.FeatureSize }));

        var loss = model.Loss(batch, batch.flip(3));
        Assert.That(loss.shape, Is.Empty);
        Assert.That(double.IsFinite(loss.item<float>()), Is.True);
    }

    [Test]
    public void CheckpointKeysAreTheSpecsLayerNames()
    {
        using var model = new SimClrFashion();
        var keys = model.state_dict().Keys.ToList();

        Assert.That(keys, Does.Contain("encoder.conv1.weight"));
        Assert.That(keys, Does.Contain("encoder.local.weight"), "a named layer keeps its name");
        Assert.That(keys, Does.Contain("encoder.batchnorm3.running_mean"));
        Assert.That(keys, Does.Contain("projector.linear2.bias"));
        Assert.That(keys, Is.All.StartsWith("encoder.").Or.StartsWith("projector."), "typed properties of the generated class must not register the parts twice");
    }

    [Test]
    public void ResidualBlocksNestTheirKeysAndProject()
    {
        using var scope = NewDisposeScope();
        using var model = new SimClrResNetFashion();
        var keys = model.state_dict().Keys.ToList();
        Assert.That(keys, Does.Contain("encoder.residual1.body.conv1.weight"));
        Assert.That(keys, Does.Contain("encoder.stage2.projection.weight"));

        var taps = model.Encoder.ForwardWithTaps(rand(2, 1, 28, 28));
        Assert.That(taps.Stage2.shape, Is.EqualTo(new long[] { 2, 64, 14, 14 }));
        Assert.That(taps.Output.shape, Is.EqualTo(new long[] { 2, SimClrResNetFashion.FeatureSize }));
    }

    [Test]
    public void GaussianCriticEstimatesWithTheSpecsEstimator()
    {
        using var scope = NewDisposeScope();
        using var critic = new GaussianCritic();
        var x = randn(8, GaussianCritic.InputFeatures);
        Assert.That(critic.Estimator, Is.EqualTo(Contrastive.Objectives.MiEstimator.InfoNce));
        Assert.That(critic.Scores(x, x).shape, Is.EqualTo(new long[] { 8, 8 }));
        Assert.That(critic.Estimate(x, x).shape, Is.Empty);
        Assert.That(critic.Estimate(x, x).item<float>(), Is.LessThanOrEqualTo(Math.Log(8) + 1e-5), "InfoNCE is bounded by log K");
    }

    [Test]
    public void OptionsCarryTheSpecsValuesAndCanBeOverridden()
    {
        var options = new SimClrFashionOptions();
        Assert.That(options.Temperature, Is.EqualTo(0.2));
        Assert.That(options.Train.BatchSize, Is.EqualTo(256));
        Assert.That(options.Train.Optimizer, Is.EqualTo(new OptimizerOptions(OptimizerKind.Adam, 2e-3, 1e-6, 0.9)));
        Assert.That(options.Train.Schedule, Is.EqualTo(new ScheduleOptions(ScheduleKind.WarmupCosine, 1)));
        Assert.That(options.Augment.Steps, Has.Count.EqualTo(4));

        using var model = new SimClrFashion(options with { Temperature = 0.5 });
        Assert.That(model.Temperature, Is.EqualTo(0.5));
    }
}
