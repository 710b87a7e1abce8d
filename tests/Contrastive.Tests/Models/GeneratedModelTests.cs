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

    // --set's keys come from each record's generated table: each current key is unique, documented, and
    // sets exactly one of the record's options (read back from the record, for plain values as given).
    [Test]
    public void EverySettingKeySetsTheOptionItNames()
    {
        foreach (var info in ModelRegistry.All)
        {
            var options = info.CreateOptions();
            var settings = OptionOverrides.Settings(options);
            Assert.That(settings.Select(s => s.Key), Is.Unique, info.Name);
            Assert.That(OptionOverrides.Keys(options), Is.EqualTo(settings.Select(s => s.Key)), info.Name);
            Assert.That(settings.Select(s => s.Key), Does.Contain("train.batch-size").And.Contain("train.optimizer.lr").And.Contain("data"), info.Name);
            foreach (var setting in settings)
            {
                var what = $"{info.Name} {setting.Key}";
                Assert.That(setting.Summary, Is.Not.Empty, what);
                Assert.That(setting.Key.Split('.')[0], Is.AnyOf("objective", "train", "data"), what + ": a spec path");
                // A key whose other values need a neighbour first: in-batch after a queue, another schedule without warm-up.
                var start = setting.Key.EndsWith(".negatives", StringComparison.Ordinal) && setting.Form == "in-batch" ? OptionOverrides.Apply(options, setting.Key + ".queue", "8")
                    : setting.Key == "train.schedule" ? OptionOverrides.Apply(options, "train.schedule.warmup-epochs", "0")
                    : setting.Key == "train.schedule.warmup-epochs" ? OptionOverrides.Apply(options, "train.schedule", "warmup-cosine")
                    : options;
                var changed = Candidates(setting.Form)
                    .Select(text => (text, options: TryApply(start, setting.Key, text)))
                    .FirstOrDefault(c => c.options is not null && !c.options.Equals(start));
                Assert.That(changed.options, Is.Not.Null, what + ": some value of its form changes the options");
                var properties = start.GetType().GetProperties().Where(p => p.CanWrite && p.Name != "EqualityContract")
                    .Where(p => !Equals(p.GetValue(start), p.GetValue(changed.options))).ToList();
                Assert.That(properties, Has.Count.EqualTo(1), what + ": one option changes");
                var value = properties[0].GetValue(changed.options);
                if (value is double or int or long or bool && setting.Form is "a whole number" or "a finite number" or "true or false")
                {
                    Assert.That(System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.ToLowerInvariant(), Is.EqualTo(changed.text), what + ": the value given");
                }
            }
        }
    }

    private static IEnumerable<string> Candidates(string form) => form switch
    {
        "a whole number" => ["2", "3"],
        "a finite number" => ["0.25", "0.5"],
        "true or false" => ["true", "false"],
        "a name" => ["other-data"],
        "in-batch" => ["in-batch"],
        "nt-xent or dcl" => ["dcl", "nt-xent"],
        _ when form.StartsWith("one of ", StringComparison.Ordinal) => form["one of ".Length..].Split(", "),
        _ => throw new AssertionException($"no candidates for the form '{form}'"),
    };

    private static object? TryApply(object options, string key, string text)
    {
        try
        {
            return OptionOverrides.Apply(options, key, text);
        }
        catch (ArgumentException)
        {
            return null;
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
        Assert.That(options.Objective, Is.EqualTo(new SimClrSettings(0.2, NegativeSampling.InBatch, Decoupled: false)));
        Assert.That(options.Train.BatchSize, Is.EqualTo(256));
        Assert.That(options.Train.Optimizer, Is.EqualTo(new OptimizerOptions(OptimizerKind.Adam, 2e-3, 1e-6, 0.9)));
        Assert.That(options.Train.Schedule, Is.EqualTo(new ScheduleOptions(ScheduleKind.WarmupCosine, 1)));
        Assert.That(options.Augment.Steps, Has.Count.EqualTo(4));

        using var model = new SimClrFashion(options with { Objective = options.Objective with { Temperature = 0.5 } });
        Assert.That(model.Settings, Is.SameAs(model.Options.Objective));
        Assert.That(model.Temperature, Is.EqualTo(0.5));
    }
}
