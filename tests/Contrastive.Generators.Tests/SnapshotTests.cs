namespace Contrastive.Generators.Tests;

/// <summary>
/// The generated code of every example spec, compared with the reviewed copy in Snapshots/. A change
/// in the generator shows up here as a diff to read. To accept a change, run the tests with
/// CONTRASTIVE_UPDATE_SNAPSHOTS=1 and review the diff with git before committing.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("CONTRASTIVE_UPDATE_SNAPSHOTS") == "1";

    public static IEnumerable<string> ExampleSpecs() => Directory
        .GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "models"), "*.model.yaml")
        .Select(p => Path.GetFileName(p))
        .OrderBy(n => n, StringComparer.Ordinal)!;

    [TestCaseSource(nameof(ExampleSpecs))]
    public void GeneratedCodeMatchesTheReviewedSnapshot(string specFile)
    {
        var text = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "models", specFile));
        var outcome = GeneratorHarness.Run(GeneratorHarness.Spec(specFile, text));
        Assert.That(outcome.Diagnostics, Is.Empty);

        var directory = Path.Combine(GeneratorHarness.RepositoryRoot, "tests", "Contrastive.Generators.Tests", "Snapshots", specFile.Replace(".model.yaml", string.Empty, StringComparison.Ordinal));
        var produced = outcome.Sources.Where(s => s.Key != "ModelRegistry.g.cs").ToDictionary(s => s.Key.Replace(".g.cs", ".verified.cs", StringComparison.Ordinal), s => s.Value);
        if (Update)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach (var (name, source) in produced)
            {
                File.WriteAllText(Path.Combine(directory, name), source);
            }

            Assert.Warn($"snapshots of {specFile} rewritten; review them with git diff");
            return;
        }

        Assert.That(Directory.Exists(directory), Is.True, $"no snapshots for {specFile}; run with CONTRASTIVE_UPDATE_SNAPSHOTS=1");
        var expected = Directory.GetFiles(directory, "*.verified.cs").ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        Assert.That(produced.Keys.Order(), Is.EqualTo(expected.Keys.Order()), "the set of generated files changed");
        foreach (var (name, source) in produced)
        {
            Assert.That(source, Is.EqualTo(expected[name]), $"{name} differs from its snapshot");
        }
    }

    [Test]
    public void RegistryMatchesTheReviewedSnapshot()
    {
        var specs = ExampleSpecs().Select(f => GeneratorHarness.Spec(f, File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "models", f)))).ToArray();
        var source = GeneratorHarness.Run(specs).Sources["ModelRegistry.g.cs"];
        var path = Path.Combine(GeneratorHarness.RepositoryRoot, "tests", "Contrastive.Generators.Tests", "Snapshots", "ModelRegistry.verified.cs");
        if (Update)
        {
            File.WriteAllText(path, source);
            Assert.Warn("registry snapshot rewritten; review it with git diff");
            return;
        }

        Assert.That(source, Is.EqualTo(File.ReadAllText(path)));
    }

    /// <summary>The command that rewrites models/model.schema.json (docs/spec.md and docs/ARCHITECTURE.md quote it).</summary>
    public const string RegenerateSchema = "CONTRASTIVE_UPDATE_SNAPSHOTS=1 dotnet test tests/Contrastive.Generators.Tests --filter Name=TheJsonSchemaIsTheWritersOutput";

    // models/model.schema.json is written from the generator's definitions (Schema/SchemaWriter.cs); the file is its reviewed output.
    [Test]
    public void TheJsonSchemaIsTheWritersOutput()
    {
        var path = Path.Combine(GeneratorHarness.RepositoryRoot, "models", "model.schema.json");
        var produced = Contrastive.Generators.Schema.SchemaWriter.Write();
        if (Update)
        {
            File.WriteAllText(path, produced);
            Assert.Warn("models/model.schema.json rewritten; review it with git diff");
            return;
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo(produced),
            $"models/model.schema.json is generated from the generator's definitions and differs from them; regenerate it with `{RegenerateSchema}` and review the diff");
    }

    [TestCase("docs/spec.md")]
    [TestCase("docs/ARCHITECTURE.md")]
    public void TheDocsGiveTheCommandThatRegeneratesTheSchema(string doc) =>
        Assert.That(File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, doc)), Does.Contain(RegenerateSchema));

    [Test]
    public void GeneratedCodeQuotedInTheSpecDocsIsTheGeneratorsOwn()
    {
        // docs/spec.md quotes generated code; every quoted generated file or member must be in a snapshot.
        var docs = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "spec.md"));
        var snapshots = Directory.GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "tests", "Contrastive.Generators.Tests", "Snapshots"), "*.verified.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .ToList();
        var quoted = System.Text.RegularExpressions.Regex.Matches(docs, "```csharp\n(// <auto-generated>.*?|/// <summary>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.That(quoted, Is.Not.Empty);
        foreach (var block in quoted)
        {
            Assert.That(snapshots.Any(s => s.Contains(block, StringComparison.Ordinal)), Is.True, "docs/spec.md quotes code no snapshot has:\n" + block[..Math.Min(300, block.Length)]);
        }
    }

    [Test]
    public void EveryMethodHasAnExampleSpec()
    {
        // The example specs are what 'contrastive list' shows and the short-run tests train: a method
        // without one would be listed nowhere a user looks.
        var methods = ExampleSpecs()
            .Select(f => GeneratorHarness.Run(GeneratorHarness.Spec(f, File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "models", f)))))
            .SelectMany(o => o.Sources.Where(s => s.Key == "ModelRegistry.g.cs"))
            .SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s.Value, "Method: \"([a-z-]+)\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.That(methods, Is.EquivalentTo(Contrastive.Generators.Spec.Methods.MethodReaders.All.Select(r => r.Key)));
    }
}
