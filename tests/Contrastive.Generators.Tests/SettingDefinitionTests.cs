using Contrastive.Augment;
using Contrastive.Training;
using Contrastive.Vocabularies;
using static Contrastive.Generators.Tests.SpecRuns;
using GeneratorDefinitions = Contrastive.Generators.Vocabularies.Definitions;

namespace Contrastive.Generators.Tests;

/// <summary>
/// The augment steps and training settings are defined once (Definitions.Augment/Training.cs): a value
/// gets the same verdict from a spec (CTK011 at its line) and from the runtime record a run or
/// <c>--set</c> builds, and that verdict is the definition's range.
/// </summary>
public sealed class SettingDefinitionTests
{
    private static string Spec(string augment, string train = "{ epochs: 10 }") => $"""
        model: Tiny
        method: simclr
        input: [1, 28, 28]
        encoder: [flatten, {"{"} linear: 8 {"}"}]
        augment:
          - {augment}
        train: {train}
        """;

    // How the runtime builds each augment setting; an interval's two ends take the same value.
    private static readonly Dictionary<(string Step, string Key), Func<double, AugmentStep>> RuntimeSteps = new()
    {
        [("random-resized-crop", "scale")] = v => new RandomResizedCrop(MinScale: v, MaxScale: v),
        [("random-resized-crop", "ratio")] = v => new RandomResizedCrop(MinRatio: v, MaxRatio: v),
        [("horizontal-flip", "p")] = v => new HorizontalFlip(P: v),
        [("color-jitter", "brightness")] = v => new ColorJitter(Brightness: v),
        [("color-jitter", "contrast")] = v => new ColorJitter(Contrast: v),
        [("color-jitter", "p")] = v => new ColorJitter(P: v),
        [("gaussian-blur", "sigma")] = v => new GaussianBlur(MinSigma: v, MaxSigma: v),
        [("gaussian-blur", "p")] = v => new GaussianBlur(P: v),
        [("gaussian-noise", "std")] = v => new GaussianNoise(Std: v),
        [("gaussian-noise", "p")] = v => new GaussianNoise(P: v),
        [("random-erasing", "p")] = v => new RandomErasing(P: v),
        [("random-erasing", "scale")] = v => new RandomErasing(MinScale: v, MaxScale: v),
        [("rotate90", "p")] = v => new Rotate90(P: v),
    };

    // Values at, inside and outside each bound, and the issue's crop ratio of 150.
    private static IEnumerable<double> Probes(Definitions.Bounds range)
    {
        yield return range.Min;
        yield return range.Min - 0.5;
        yield return range.Min + 0.5;
        if (!double.IsPositiveInfinity(range.Max))
        {
            yield return range.Max;
            yield return range.Max + 0.5;
            yield return range.Max / 2;
        }

        yield return 150;
        yield return -1;
    }

    public static IEnumerable<TestCaseData> AugmentCases()
        => from step in Definitions.AugmentSteps
           from setting in step.Settings
           from value in Probes(setting.Range).Distinct()
           select new TestCaseData(step.Key, setting.Key, value).SetName($"{{m}}({step.Key}.{setting.Key}={value})");

    [TestCaseSource(nameof(AugmentCases))]
    public void AnAugmentValueGetsOneVerdictFromASpecAndTheRuntime(string step, string key, double value)
    {
        var setting = Definitions.AugmentStep(step)[key];
        var written = setting.Type == Definitions.SettingType.Interval ? $"[{Text(value)}, {Text(value)}]" : Text(value);
        var outcome = Run(Spec($"{step}: {{ {key}: {written} }}"));
        var specAccepts = !outcome.Diagnostics.Any();
        var runtimeAccepts = Accepts(() => RuntimeSteps[(step, key)](value));

        Assert.Multiple(() =>
        {
            Assert.That(specAccepts, Is.EqualTo(setting.Range.Contains(value)), "the spec follows the definition: " + string.Join("; ", outcome.Diagnostics.Select(Describe)));
            Assert.That(runtimeAccepts, Is.EqualTo(specAccepts), "the runtime record agrees with the spec");
            if (!specAccepts)
            {
                Assert.That(outcome.Diagnostics.Select(d => (d.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line + 1)), Has.Member(("CTK011", 6)));
            }
        });
    }

    [Test]
    public void ACropRatioOf150IsRefusedBySpecAndRuntimeAlike()
    {
        Expect(Spec("random-resized-crop: { ratio: [0.5, 150] }"),
            At("CTK011", 6, 41, "augment[0] (random-resized-crop).ratio[1] must be greater than 0 and at most 100", "found 150"));
        Assert.That(() => new RandomResizedCrop(MaxRatio: 150), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("MaxRatio must lie in (0, 100]"));
    }

    [Test]
    public void AWarmupAsLongAsTheRunIsRefusedBySpecAndRuntimeAlike()
    {
        Expect(Spec("horizontal-flip", "{ epochs: 4, schedule: { name: warmup-cosine, warmup-epochs: 4 } }"),
            At("CTK011", 7, 69, "'train.schedule.warmup-epochs' must be less than 'train.epochs' (4)", "found 4"));
        var runtime = new TrainOptions { Epochs = 4, Schedule = new ScheduleOptions(ScheduleKind.WarmupCosine, 4) };
        Assert.That(runtime.Validate, Throws.ArgumentException.With.Message.Contains("less than 'train.epochs' (4)"));

        Assert.That(Run(Spec("horizontal-flip", "{ epochs: 4, schedule: { name: warmup-cosine, warmup-epochs: 3.5 } }")).Diagnostics, Is.Empty);
        Assert.That((runtime with { Schedule = new ScheduleOptions(ScheduleKind.WarmupCosine, 3.5) }).Validate, Throws.Nothing);
    }

    // How the runtime takes each training setting, and how a spec writes it.
    private static readonly Dictionary<string, (Func<double, TrainOptions> Runtime, Func<string, string> Spec)> TrainSettings = new()
    {
        ["batch-size"] = (v => new TrainOptions { BatchSize = (int)v }, v => $"{{ batch-size: {v} }}"),
        ["epochs"] = (v => new TrainOptions { Epochs = (int)v }, v => $"{{ epochs: {v} }}"),
        ["lr"] = (v => new TrainOptions { Optimizer = new OptimizerOptions(LearningRate: v) }, v => $"{{ optimizer: {{ name: adam, lr: {v} }} }}"),
        ["weight-decay"] = (v => new TrainOptions { Optimizer = new OptimizerOptions(WeightDecay: v) }, v => $"{{ optimizer: {{ name: adam, weight-decay: {v} }} }}"),
        ["momentum"] = (v => new TrainOptions { Optimizer = new OptimizerOptions(Momentum: v) }, v => $"{{ optimizer: {{ name: sgd, momentum: {v} }} }}"),
        ["warmup-epochs"] = (v => new TrainOptions { Epochs = 1000, Schedule = new ScheduleOptions(ScheduleKind.WarmupCosine, v) }, v => $"{{ epochs: 1000, schedule: {{ name: warmup-cosine, warmup-epochs: {v} }} }}"),
    };

    public static IEnumerable<TestCaseData> TrainCases()
        => from setting in new[]
           {
               Definitions.Training.BatchSize, Definitions.Training.Epochs, Definitions.Training.LearningRate,
               Definitions.Training.WeightDecay, Definitions.Training.Momentum, Definitions.Training.WarmupEpochs,
           }
           from value in Probes(setting.Range).Where(v => setting.Type != Definitions.SettingType.Integer || v == Math.Floor(v)).Distinct()
           select new TestCaseData(setting.Key, value).SetName($"{{m}}({setting.Key}={value})");

    [TestCaseSource(nameof(TrainCases))]
    public void ATrainingValueGetsOneVerdictFromASpecAndTheRuntime(string key, double value)
    {
        var (runtime, spec) = TrainSettings[key];
        var outcome = Run(Spec("horizontal-flip", spec(Text(value))));
        var specAccepts = !outcome.Diagnostics.Any();
        var runtimeAccepts = Accepts(() => runtime(value).Validate());

        Assert.That(runtimeAccepts, Is.EqualTo(specAccepts), "the runtime record agrees with the spec: " + string.Join("; ", outcome.Diagnostics.Select(Describe)));
    }

    [Test]
    public void TheGeneratorAndTheRuntimeCompileTheSameDefinitions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GeneratorDefinitions.AugmentSteps.Select(s => s.Key + ":" + string.Join(",", s.Settings.Select(x => $"{x.Key}{x.Range.Notation}{x.DefaultText}"))),
                Is.EqualTo(Definitions.AugmentSteps.Select(s => s.Key + ":" + string.Join(",", s.Settings.Select(x => $"{x.Key}{x.Range.Notation}{x.DefaultText}")))));
            Assert.That(GeneratorDefinitions.Training.Optimizer.Names, Is.EqualTo(Definitions.Training.Optimizer.Names));
            Assert.That(GeneratorDefinitions.Training.Schedule.Names, Is.EqualTo(Definitions.Training.Schedule.Names));
        });
    }

    [Test]
    public void TheRuntimeEnumsAreTheDefinedNames()
    {
        // "warmup-cosine" is WarmupCosine, "adamw" AdamW: the enum names, lower-cased without dashes.
        static string Plain(string name) => name.Replace("-", string.Empty).ToLowerInvariant();
        Assert.Multiple(() =>
        {
            Assert.That(Enum.GetNames<OptimizerKind>().Select(Plain), Is.EqualTo(Definitions.Training.Optimizer.Names.Select(Plain)));
            Assert.That(Enum.GetNames<ScheduleKind>().Select(Plain), Is.EqualTo(Definitions.Training.Schedule.Names.Select(Plain)));
            Assert.That(new OptimizerOptions().Kind.ToString().ToLowerInvariant(), Is.EqualTo(Definitions.Training.Optimizer.Default));
            Assert.That(new ScheduleOptions().Kind.ToString().ToLowerInvariant(), Is.EqualTo(Definitions.Training.Schedule.Default));
        });
    }

    private static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static bool Accepts(Action create)
    {
        try
        {
            create();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
