using System.ComponentModel;
using System.IO.Compression;
using System.Reflection;
using Contrastive.Cli.Commands;
using Contrastive.Evaluation.MiBench;
using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Objectives;
using Contrastive.Tests.Data;
using Contrastive.Training;
using Contrastive.Vocabularies;

namespace Contrastive.Tests.Objectives;

/// <summary>
/// One spelling per estimator: the enum, mi-bench's flags and files, --set and the errors all use the
/// word of the estimator's definition.
/// </summary>
[TestFixture]
public sealed class MiEstimatorDefinitionsTests
{
    public static IEnumerable<Definitions.Estimator> All() => Definitions.Estimators;

    [Test]
    public void Every_enum_member_is_one_definition()
    {
        Assert.That(Definitions.Estimators.Select(d => d.Member), Is.EqualTo(Enum.GetNames<MiEstimator>()), "one definition per member, in the enum's order");
        Assert.That(Definitions.Estimators.Select(d => d.Key), Is.Unique);
        Assert.That(MiEstimators.Words, Is.EqualTo("infonce, nwj, dv, mine, jsd, tuba, alpha, smile"));
    }

    [Test]
    public void The_estimators_of_scores_alone_are_the_definitions_that_say_so()
        => Assert.That(MutualInformationCritic.ScoreOnlyEstimators.Select(e => e.Word()),
            Is.EquivalentTo(Definitions.Estimators.Where(d => d.ScoresOnly).Select(d => d.Key)));

    [TestCaseSource(nameof(All))]
    public void Mi_bench_and_its_files_use_the_word(Definitions.Estimator definition)
    {
        var estimator = Enum.Parse<MiEstimator>(definition.Member);
        var options = new MiBenchCommand.Settings { Estimators = definition.Key.ToUpperInvariant() }.ToOptions();
        Assert.That(options.Estimators, Is.EqualTo(new[] { estimator }));
        Assert.That(MiBenchmarkReport.Name(estimator), Is.EqualTo(definition.Key));

        using var folder = new TempFolder();
        var result = new MiBenchmarkResult(options with { Levels = [1.0], StepsPerLevel = 2 }, [1.0, 1.0],
            new Dictionary<MiEstimator, double[]> { [estimator] = [0.5, 0.7] }, [new MiLevelSummary(estimator, 1.0, 0.6, 0.1)], TimeSpan.Zero);
        MiBenchmarkReport.WriteSeriesCsv(result, folder.File("series.csv"));
        MiBenchmarkReport.WriteSummaryCsv(result, folder.File("summary.csv"));
        Assert.That(File.ReadAllLines(folder.File("series.csv"))[0], Is.EqualTo("step,true_mi," + definition.Key));
        Assert.That(File.ReadAllLines(folder.File("summary.csv"))[1], Does.StartWith(definition.Key + ","));
        Assert.That(MiBenchmarkReport.ReadSeriesCsv(folder.File("series.csv")).Options.Estimators, Is.EqualTo(new[] { estimator }));
    }

    [TestCaseSource(nameof(All))]
    public void Set_takes_the_word(Definitions.Estimator definition)
    {
        var options = (GaussianCriticOptions)OptionOverrides.Apply(new GaussianCriticOptions(), "estimator", definition.Key);
        Assert.That(options.Objective.Estimator.Word(), Is.EqualTo(definition.Key));
    }

    [Test]
    public void A_wrong_word_lists_the_words()
    {
        Assert.That(() => OptionOverrides.Apply(new GaussianCriticOptions(), "estimator", "info-nce"),
            Throws.ArgumentException.With.Message.EqualTo("--set estimator=info-nce: expected one of infonce, nwj, dv, mine, jsd, tuba, alpha, smile."));
        Assert.That(() => new MiBenchCommand.Settings { Estimators = "infonce,js" }.ToOptions(),
            Throws.ArgumentException.With.Message.EqualTo("--estimators: unknown estimator 'js'; expected some of infonce, nwj, dv, mine, jsd, tuba, alpha, smile. 'js' is now spelled 'jsd', as in specs."));
    }

    [Test]
    public void Mi_bench_help_and_default_use_the_words()
    {
        var property = typeof(MiBenchCommand.Settings).GetProperty(nameof(MiBenchCommand.Settings.Estimators))!;
        var description = property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()!.Description;
        var defaultValue = (string)property.GetCustomAttribute<DefaultValueAttribute>()!.Value!;
        Assert.That(description, Does.EndWith(": " + MiEstimators.Words + "."));
        Assert.That(new MiBenchCommand.Settings { Estimators = defaultValue }.ToOptions().Estimators, Is.EqualTo(new MiBenchmarkOptions().Estimators));
        Assert.That(new MiBenchCommand.Settings().Estimators, Is.EqualTo(defaultValue));
    }

    // The published run (docs/results/mi-bench-default) was written when jsd was called js: --from-csv
    // still reads it, and writes it back with today's word.
    [Test]
    public void A_series_written_with_the_old_js_column_is_still_read()
    {
        using var folder = new TempFolder();
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(TestPaths.RepositoryRoot, "docs", "results", "mi-bench-default", "mi-bench.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        {
            File.WriteAllLines(folder.File("old.csv"), Enumerable.Range(0, 5).Select(_ => reader.ReadLine()!));
        }

        Assert.That(File.ReadLines(folder.File("old.csv")).First().Split(','), Does.Contain("js"), "the published file still has the old column");
        var result = MiBenchmarkReport.ReadSeriesCsv(folder.File("old.csv"));
        Assert.That(result.Options.Estimators, Does.Contain(MiEstimator.Jsd));
        MiBenchmarkReport.WriteSeriesCsv(result, folder.File("new.csv"));
        Assert.That(File.ReadLines(folder.File("new.csv")).First().Split(','), Does.Contain("jsd").And.Not.Contain("js"));
    }
}
