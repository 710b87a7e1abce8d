using Contrastive.Objectives;
using Contrastive.Vocabularies;
using static Contrastive.Generators.Tests.SpecRuns;
using GeneratorDefinitions = Contrastive.Generators.Vocabularies.Definitions;

namespace Contrastive.Generators.Tests;

/// <summary>
/// The datasets and estimators a spec can name are the runtime's definitions (compiled into both):
/// every definition is accepted where it fits, nothing else is, and the generated code names what the
/// runtime has.
/// </summary>
public sealed class VocabularyTests
{
    private const string Critic = """
        model: Crit
        method: critic
        input: [4]
        encoder:
          - linear: 8
        objective: { estimator: infonce }
        """;

    private const string Cpc = """
        model: Seq
        method: cpc
        input: [1, 64]
        encoder:
          - conv1d: { out: 8, kernel: 4, stride: 4 }
          - relu
        context:
          - gru: 8
        """;

    private static string SimClr(string input) => $"""
        model: Tiny
        method: simclr
        input: {input}
        encoder:
          - conv: {"{"} out: 8, kernel: 3 {"}"}
          - relu
          - global-avg-pool
        augment: [horizontal-flip]
        """;

    // A spec of a method that takes samples of the dataset's rank, in its shape when it has one.
    private static string SpecFor(Definitions.Dataset dataset) => dataset.SampleRank switch
    {
        1 => Critic,
        2 => Cpc,
        _ => SimClr("[" + string.Join(", ", dataset.SampleShape ?? [1, 28, 28]) + "]"),
    };

    public static IEnumerable<Definitions.Dataset> Datasets() => Definitions.Datasets;

    public static IEnumerable<Definitions.Estimator> Estimators() => Definitions.Estimators;

    [Test]
    public void TheGeneratorCompilesTheRuntimesDefinitions()
    {
        Assert.That(GeneratorDefinitions.Datasets.Select(d => (d.Key, d.SampleRank, d.Gives, d.Source.ToString())),
            Is.EqualTo(Definitions.Datasets.Select(d => (d.Key, d.SampleRank, d.Gives, d.Source.ToString()))));
        Assert.That(GeneratorDefinitions.Estimators.Select(e => (e.Key, e.Member, e.ScoresOnly)),
            Is.EqualTo(Definitions.Estimators.Select(e => (e.Key, e.Member, e.ScoresOnly))));
    }

    [TestCaseSource(nameof(Datasets))]
    public void EveryDatasetTheRuntimeDefinesIsAcceptedWhereItFits(Definitions.Dataset dataset)
    {
        var outcome = Clean(SpecFor(dataset).AppendLines("data: " + dataset.Key));
        Assert.That(outcome.Sources.Single(s => s.Key.EndsWith("Options.g.cs", StringComparison.Ordinal)).Value, Does.Contain($"Data = \"{dataset.Key}\","));
        Assert.That(Contrastive.Data.Datasets.Get(dataset.Key), Is.SameAs(dataset));
    }

    [TestCase("cifar100", "cifar10")]
    [TestCase("imagenet", null)]
    [TestCase("kmnst", "kmnist")]
    public void ANameTheRuntimeDoesNotDefineIsAnError(string name, string? suggestion) => Expect(
        SimClr("[1, 28, 28]").AppendLines("data: " + name),
        At("CTK015", 9, 7, $"Unknown dataset '{name}'", suggestion is null ? "expected one of: fashion-mnist, mnist, kmnist, cifar10, correlated-gaussians, synthetic-sequences" : $"did you mean '{suggestion}'?"));

    // Once the default for 3 x 32 x 32 inputs, accepted by the generator and unknown at 'train': now
    // the runtime defines cifar10 and finds it by name (tests/Contrastive.Tests/Data/DatasetDefinitionsTests.cs).
    [Test]
    public void AThreeChannelSpecDefaultsToCifar10WhichTheRuntimeLoadsByName()
    {
        var outcome = Clean(SimClr("[3, 32, 32]"));
        Assert.That(outcome.CompileProblems.Select(d => d.ToString()), Is.Empty);
        Assert.That(outcome.Sources["TinyOptions.g.cs"], Does.Contain("Data = \"cifar10\","));
        Assert.That(Contrastive.Data.Datasets.Get("cifar10").Source, Is.EqualTo(Definitions.DatasetSource.Cifar10Batches));
    }

    [Test]
    public void TheDefaultOfEveryInputRankIsTheFirstDefinitionThatFits()
    {
        Assert.That(Clean(SimClr("[1, 28, 28]")).Sources["TinyOptions.g.cs"], Does.Contain("Data = \"fashion-mnist\","));
        Assert.That(Clean(Cpc).Sources["SeqOptions.g.cs"], Does.Contain("Data = \"synthetic-sequences\","));
        Assert.That(Clean(Critic).Sources["CritOptions.g.cs"], Does.Contain("Data = \"correlated-gaussians\","));
    }

    // correlated-gaussians stays: the runtime defines it (drawn by mi-bench, which trains critics), and
    // only the critic reads [features].
    [Test]
    public void CorrelatedGaussiansFitOnlyTheCritic() => Expect(
        Cpc.AppendLines("data: correlated-gaussians"),
        At("CTK036", 9, 7, "The dataset 'correlated-gaussians' gives vectors [features], but 'input' is [1, 64]"));

    [TestCaseSource(nameof(Estimators))]
    public void EveryEstimatorIsAcceptedAndNamedAsTheRuntimeNamesIt(Definitions.Estimator estimator)
    {
        var spec = Critic.ReplaceLines("objective: { estimator: infonce }", $"objective: {{ estimator: {estimator.Key} }}");
        if (estimator.Key is "tuba" or "alpha")
        {
            spec = spec.AppendLines("head:\n  - linear: 1");
        }

        var outcome = Clean(spec);
        Assert.That(outcome.CompileProblems.Select(d => d.ToString()), Is.Empty);
        Assert.That(outcome.Sources["CritOptions.g.cs"], Does.Contain($"Estimator: global::Contrastive.Objectives.MiEstimator.{estimator.Member},"));
        Assert.That(Enum.Parse<Contrastive.Objectives.MiEstimator>(estimator.Member).Word(), Is.EqualTo(estimator.Key));
    }

    [Test]
    public void TheOldMiBenchWordIsNotASpecWord() => Expect(
        Critic.ReplaceLines("objective: { estimator: infonce }", "objective: { estimator: js }"),
        At("CTK015", 6, 25, "Unknown estimator 'js'", "did you mean 'jsd'?"));

    // The rows of the first table after the heading "## {heading}" in docs/spec.md, as cells.
    private static List<string[]> SpecTable(string heading)
    {
        var lines = File.ReadAllLines(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "spec.md"));
        var start = Array.IndexOf(lines, "## " + heading);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"docs/spec.md has no '## {heading}'");
        return lines.Skip(start + 1)
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
    }

    [Test]
    public void TheDocsDatasetTableIsTheDefinitions()
        => Assert.That(SpecTable("Data").Select(r => (r[0], r[1])),
            Is.EqualTo(Definitions.Datasets.Select(d => ($"`{d.Key}`", $"`{d.Gives}`"))));

    [Test]
    public void TheDocsEstimatorTableIsTheDefinitions()
        => Assert.That(SpecTable("Estimators").Select(r => (r[0], r[1], r[2], r[3])),
            Is.EqualTo(Definitions.Estimators.Select(e => ($"`{e.Key}`", $"`{e.Member}`", e.Summary, e.ScoresOnly ? "yes" : "no"))));

    [Test]
    public void TheSchemaDescribesEveryDataset()
    {
        var description = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "models", "model.schema.json")))!
            ["properties"]!["data"]!["description"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            foreach (var dataset in Definitions.Datasets)
            {
                Assert.That(description, Does.Contain(dataset.Key).And.Contain(dataset.Gives), dataset.Key);
            }
        });
    }
}
