using System.Globalization;
using Contrastive.Vocabularies;

namespace Contrastive.Generators.Tests;

/// <summary>
/// docs/spec.md's augmentation and training tables against the definitions
/// (Definitions.Augment/Training.cs): every step, setting, default and range the docs list is the one
/// the generator and the runtime check.
/// </summary>
public sealed class SettingDocsTests
{
    private static string SpecDoc => File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "spec.md"));

    // The section under a "## title" heading.
    private static string Section(string title)
    {
        var text = SpecDoc;
        var start = text.IndexOf("\n## " + title + "\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "docs/spec.md has a section " + title);
        var end = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)];
    }

    // Table rows whose first cell is `key`, as cells.
    private static List<string[]> Rows(string section, string key)
        => section.Split('\n').Where(l => l.StartsWith($"| `{key}` |", StringComparison.Ordinal))
            .Select(l => l.Trim('|', ' ').Split(" | ")).ToList();

    // The docs write a whole default as "1.0", as generated code does.
    private static string Number(double value)
        => value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Describe(Definitions.Setting s)
        => s.Type == Definitions.SettingType.Interval
            ? $"`{s.Key}`: [{Number(s.Default)}, {Number(s.DefaultHigh)}], each in {s.Range.Notation}"
            : $"`{s.Key}`: {Number(s.Default)}, in {s.Range.Notation}";

    [Test]
    public void TheAugmentationTableIsTheDefinitions()
    {
        var section = Section("Augmentations");
        var listed = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l => l.Split('`')[1]);
        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.EqualTo(Definitions.AugmentSteps.Select(s => s.Key)), "one row per step, in order");
            foreach (var step in Definitions.AugmentSteps)
            {
                var rows = Rows(section, step.Key);
                Assert.That(rows.Select(r => r[1]), Is.EqualTo(new[] { string.Join("; ", step.Settings.Select(Describe)) }), step.Key);
            }
        });
    }

    [Test]
    public void TheTrainingTablesAreTheDefinitions()
    {
        var section = Section("Training");
        string[] Row(string key) => Rows(section, key) is [var row] ? row : throw new AssertionException($"one row for `{key}` in docs/spec.md's Training section");
        void Whole(Definitions.Setting s)
        {
            var max = double.IsPositiveInfinity(s.Range.Max) ? long.MaxValue.ToString(CultureInfo.InvariantCulture) : s.Range.Max.ToString(CultureInfo.InvariantCulture);
            Assert.That(Row(s.Key)[1..], Is.EqualTo(new[] { $"whole number from {s.Range.Min} to {max}", s.Default.ToString(CultureInfo.InvariantCulture) }), s.Key);
        }

        void Real(Definitions.Setting s)
        {
            var row = Row(s.Key);
            Assert.That(row[1], Does.StartWith("number, " + s.Range.Text), s.Key);
            Assert.That(row[2], Is.EqualTo(s.Default.ToString("R", CultureInfo.InvariantCulture)), s.Key + " default");
        }

        void Names(Definitions.Choice c, string section)
            => Assert.That(Rows(section, "name").Any(r => r[1] == string.Join(", ", c.Names.Select(n => $"`{n}`")) && r[2] == $"`{c.Default}`"), Is.True, c.Doc);

        Assert.Multiple(() =>
        {
            Whole(Definitions.Training.BatchSize);
            Whole(Definitions.Training.Epochs);
            Whole(Definitions.Training.Seed);
            Real(Definitions.Training.LearningRate);
            Real(Definitions.Training.WeightDecay);
            Real(Definitions.Training.Momentum);
            Real(Definitions.Training.WarmupEpochs);
            Assert.That(Row("warmup-epochs")[1], Does.Contain("less than `epochs`"), "the warm-up rule");
            Names(Definitions.Training.Optimizer, section);
            Names(Definitions.Training.Schedule, section);
            Assert.That(Row("optimizer")[2], Is.EqualTo($"`{Definitions.Training.Optimizer.Default}`"));
            Assert.That(Row("schedule")[2], Is.EqualTo($"`{Definitions.Training.Schedule.Default}`"));
        });
    }
}
