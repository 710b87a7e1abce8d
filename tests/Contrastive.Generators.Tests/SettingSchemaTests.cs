using System.Text.Json.Nodes;
using Contrastive.Vocabularies;

namespace Contrastive.Generators.Tests;

/// <summary>
/// The schema's augment and train sections (models/model.schema.json, written by Schema/SchemaWriter.cs)
/// against the definitions (Definitions.Augment/Training.cs): the same keys, ranges with the same open
/// and closed bounds, defaults and names, so an editor's completion and checks say what the generator
/// and runtime do.
/// </summary>
public sealed class SettingSchemaTests
{
    private static JsonObject Defs => JsonNode.Parse(File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "models", "model.schema.json")))!["$defs"]!.AsObject();

    public static IEnumerable<TestCaseData> Steps() => Definitions.AugmentSteps.Select(s => new TestCaseData(s.Key).SetArgDisplayNames(s.Key));

    [Test]
    public void TheSchemaNamesEveryAugmentStepInOrder()
    {
        var bare = Defs["augmentStep"]!["oneOf"]![0]!["enum"]!.AsArray().Select(n => (string)n!);
        Assert.That(bare, Is.EqualTo(Definitions.AugmentSteps.Select(s => s.Key)));
    }

    [TestCaseSource(nameof(Steps))]
    public void AnAugmentStepsSchemaIsItsDefinition(string key)
    {
        var step = Definitions.AugmentStep(key);
        var settings = Defs["augment-" + key]!["properties"]![key]!["oneOf"]![0]!["properties"]!.AsObject();
        Assert.That(settings.Select(p => p.Key), Is.EqualTo(step.Keys), "the keys, in the definition's order");
        foreach (var setting in step.Settings)
        {
            AssertSetting(settings[setting.Key]!.AsObject(), setting, $"augment {key}.{setting.Key}");
        }
    }

    [Test]
    public void TheTrainSchemaIsTheTrainingDefinitions()
    {
        var train = Defs["train"]!["properties"]!.AsObject();
        var optimizer = train["optimizer"]!["oneOf"]!;
        var schedule = train["schedule"]!["oneOf"]!;
        Assert.Multiple(() =>
        {
            Assert.That(train.Select(p => p.Key), Is.EquivalentTo(Definitions.Training.Keys));
            AssertSetting(train["batch-size"]!.AsObject(), Definitions.Training.BatchSize, "train.batch-size");
            AssertSetting(train["epochs"]!.AsObject(), Definitions.Training.Epochs, "train.epochs");
            AssertSetting(train["seed"]!.AsObject(), Definitions.Training.Seed, "train.seed");

            AssertChoice(train["optimizer"]!, optimizer, Definitions.Training.Optimizer, "train.optimizer");
            var optimizerSettings = optimizer[1]!["properties"]!.AsObject();
            Assert.That(optimizerSettings.Select(p => p.Key), Is.EqualTo(Definitions.Training.OptimizerKeys));
            AssertSetting(optimizerSettings["lr"]!.AsObject(), Definitions.Training.LearningRate, "train.optimizer.lr");
            AssertSetting(optimizerSettings["weight-decay"]!.AsObject(), Definitions.Training.WeightDecay, "train.optimizer.weight-decay");
            AssertSetting(optimizerSettings["momentum"]!.AsObject(), Definitions.Training.Momentum, "train.optimizer.momentum");

            AssertChoice(train["schedule"]!, schedule, Definitions.Training.Schedule, "train.schedule");
            var scheduleSettings = schedule[1]!["properties"]!.AsObject();
            Assert.That(scheduleSettings.Select(p => p.Key), Is.EqualTo(Definitions.Training.ScheduleKeys));
            AssertSetting(scheduleSettings["warmup-epochs"]!.AsObject(), Definitions.Training.WarmupEpochs, "train.schedule.warmup-epochs");
        });
    }

    private static void AssertChoice(JsonNode property, JsonNode oneOf, Definitions.Choice choice, string where)
    {
        Assert.That(oneOf[0]!["enum"]!.AsArray().Select(n => (string)n!), Is.EqualTo(choice.Names), where + " bare names");
        Assert.That(oneOf[1]!["properties"]!["name"]!["enum"]!.AsArray().Select(n => (string)n!), Is.EqualTo(choice.Names), where + ".name");
        Assert.That((string)property["default"]!, Is.EqualTo(choice.Default), where + " default");
        Assert.That((string)oneOf[1]!["properties"]!["name"]!["default"]!, Is.EqualTo(choice.Default), where + ".name default");
    }

    private static void AssertSetting(JsonObject schema, Definitions.Setting setting, string where)
    {
        var interval = setting.Type == Definitions.SettingType.Interval;
        var bounds = interval ? schema["items"]!.AsObject() : schema;
        var range = setting.Range;
        Assert.Multiple(() =>
        {
            Assert.That((string)(interval ? schema["type"]! : bounds["type"]!), Is.EqualTo(setting.Type switch
            {
                Definitions.SettingType.Integer => "integer",
                Definitions.SettingType.Number => "number",
                _ => "array",
            }), where + " type");
            Assert.That(Bound(bounds, range.MinIncluded ? "minimum" : "exclusiveMinimum"), Is.EqualTo(range.Min), where + " lower bound");
            Assert.That(bounds.ContainsKey(range.MinIncluded ? "exclusiveMinimum" : "minimum"), Is.False, where + " lower bound's kind");
            if (double.IsPositiveInfinity(range.Max))
            {
                // An unbounded integer is bounded by its C# type (a seed is a long).
                var max = Bound(bounds, "maximum");
                Assert.That(max, setting.Type == Definitions.SettingType.Integer ? Is.EqualTo((double)long.MaxValue) : Is.Null, where + " upper bound");
                Assert.That(bounds.ContainsKey("exclusiveMaximum"), Is.False, where + " upper bound's kind");
            }
            else
            {
                Assert.That(Bound(bounds, range.MaxIncluded ? "maximum" : "exclusiveMaximum"), Is.EqualTo(range.Max), where + " upper bound");
                Assert.That(bounds.ContainsKey(range.MaxIncluded ? "exclusiveMaximum" : "maximum"), Is.False, where + " upper bound's kind");
            }

            var expected = interval ? new[] { setting.Default, setting.DefaultHigh } : new[] { setting.Default };
            var actual = interval ? schema["default"]!.AsArray().Select(n => (double)n!).ToArray() : new[] { (double)schema["default"]! };
            Assert.That(actual, Is.EqualTo(expected), where + " default");
            if (setting.Type != Definitions.SettingType.Integer)
            {
                Assert.That((string)schema["description"]!, Does.Contain(range.Text), where + " description says the range");
            }
        });
    }

    private static double? Bound(JsonObject schema, string name) => schema[name] is { } node ? (double)node : null;
}
