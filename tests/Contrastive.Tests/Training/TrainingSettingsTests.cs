using System.Globalization;
using System.Reflection;
using Contrastive.Models;
using Contrastive.Training;
using Contrastive.Vocabularies;

namespace Contrastive.Tests.Training;

/// <summary>
/// The <c>--set</c> keys of training come from the training definitions (Definitions.Training): every
/// setting defined there is a key under its spec path with the definition's doc, and the key reaches
/// the runtime property that is checked against that same definition.
/// </summary>
[TestFixture]
public sealed class TrainingSettingsTests
{
    private static readonly IOptionSetting[] Keys = SimClrFashionOptions.Settings.Cast<IOptionSetting>().ToArray();

    // Every Setting property of Definitions.Training, found by reflection so that a new one is tested without a list to edit.
    public static IEnumerable<TestCaseData> TrainingDefinitions()
        => typeof(Definitions.Training).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(Definitions.Setting))
            .Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

    private static Definitions.Setting Definition(string name)
        => (Definitions.Setting)typeof(Definitions.Training).GetProperty(name)!.GetValue(null)!;

    [TestCaseSource(nameof(TrainingDefinitions))]
    public void EveryTrainingSettingIsASetKeyWithItsDefinitionsDoc(string name)
    {
        var setting = Definition(name);
        var entries = Keys.Where(k => !k.Legacy && k.Key.StartsWith("train.", StringComparison.Ordinal) && k.Key.EndsWith("." + setting.Key, StringComparison.Ordinal)).ToArray();

        Assert.That(entries, Has.Length.EqualTo(1), $"one --set key ends in '.{setting.Key}'");
        Assert.That(entries[0].Summary, Is.EqualTo(setting.Doc));
    }

    // Fails if a key's setter writes another property than its definition's (lr setting the weight decay),
    // or if the runtime property skips the definition's range (as train.seed once did).
    [TestCaseSource(nameof(TrainingDefinitions))]
    public void AValueOutsideTheDefinitionsRangeIsRefusedNamingThatDefinition(string name)
    {
        var setting = Definition(name);
        var key = Keys.Single(k => !k.Legacy && k.Key.StartsWith("train.", StringComparison.Ordinal) && k.Key.EndsWith("." + setting.Key, StringComparison.Ordinal)).Key;
        var outside = double.IsPositiveInfinity(setting.Range.Max) ? setting.Range.Min - 1 : setting.Range.Max + 1;
        var text = outside.ToString(CultureInfo.InvariantCulture);

        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), key, text),
            Throws.ArgumentException.With.Message.StartsWith($"--set {key}={text}: ").And.Message.Contains($"spec key '{setting.Key}'"));
    }

    [Test]
    public void TheRuntimeDefaultsAreTheDefinitions()
    {
        var train = new TrainOptions();
        Assert.Multiple(() =>
        {
            Assert.That(train.BatchSize, Is.EqualTo(Definitions.Training.BatchSize.Default));
            Assert.That(train.Epochs, Is.EqualTo(Definitions.Training.Epochs.Default));
            Assert.That(train.Seed, Is.EqualTo(Definitions.Training.Seed.Default));
            Assert.That(train.Optimizer.LearningRate, Is.EqualTo(Definitions.Training.LearningRate.Default));
            Assert.That(train.Optimizer.WeightDecay, Is.EqualTo(Definitions.Training.WeightDecay.Default));
            Assert.That(train.Optimizer.Momentum, Is.EqualTo(Definitions.Training.Momentum.Default));
            Assert.That(train.Schedule.WarmupEpochs, Is.EqualTo(Definitions.Training.WarmupEpochs.Default));
            Assert.That(train.Data, Is.EqualTo(Definitions.Datasets[0].Key));
        });
    }
}
