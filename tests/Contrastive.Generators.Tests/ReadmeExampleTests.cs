using System.Text.RegularExpressions;

namespace Contrastive.Generators.Tests;

/// <summary>The README's spec example and the errors it quotes are what the generator really does.</summary>
public sealed partial class ReadmeExampleTests
{
    private static string Readme => File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "README.md"));

    private static string Section => Readme[Readme.IndexOf("## Models from spec files", StringComparison.Ordinal)..];

    [Test]
    public void TheReadmeSpecGeneratesCodeThatCompiles()
    {
        var yaml = YamlBlock().Match(Section).Groups[1].Value;
        var outcome = GeneratorHarness.Run(GeneratorHarness.Spec("readme.model.yaml", yaml));

        Assert.That(outcome.Diagnostics, Is.Empty);
        Assert.That(outcome.CompileProblems, Is.Empty);
        Assert.That(outcome.Sources.Keys, Does.Contain("SimClrFashionEncoder.g.cs"));
    }

    [Test]
    public void TheReadmeErrorsAreTheGeneratorsForTheQuotedMistakes()
    {
        var spec = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "models", "simclr-fashion.model.yaml"))
            .Replace("  - conv: { out: 64, kernel: 3, stride: 2, padding: 1 }", "  - convv: { out: 64, kernel: 3, stride: 2, padding: 1 }", StringComparison.Ordinal)
            .Replace("temperature: 0.2", "temperature: -0.2", StringComparison.Ordinal);
        var outcome = GeneratorHarness.Run(GeneratorHarness.Spec("simclr-fashion.model.yaml", spec));

        var printed = outcome.Diagnostics.Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return $"models/simclr-fashion.model.yaml({start.Line + 1},{start.Character + 1}): error {d.Id}: {d.GetMessage()}";
        });
        var quoted = ErrorBlock().Match(Section).Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(printed, Is.EqualTo(quoted));
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex("```\\n(models/.*?)```", RegexOptions.Singleline)]
    private static partial Regex ErrorBlock();
}
