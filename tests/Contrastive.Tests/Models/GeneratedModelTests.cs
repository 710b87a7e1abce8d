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
