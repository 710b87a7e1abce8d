using System.Text.RegularExpressions;

namespace Contrastive.Generators.Tests;

/// <summary>
/// docs/diagnostics.md shows, for every id, a spec and the exact error it produces; this runs each
/// example through the generator so the page cannot drift from the code.
/// </summary>
public sealed partial class DiagnosticsDocTests
{
    public static IEnumerable<TestCaseData> Sections()
    {
        var text = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "diagnostics.md"));
        var headings = Heading().Matches(text).ToList();
        for (var i = 0; i < headings.Count; i++)
        {
            var end = i + 1 < headings.Count ? headings[i + 1].Index : text.Length;
            var section = text[headings[i].Index..end];
            // CTK099 is the safety net no spec can trigger on purpose; its section shows no real output.
            if (YamlBlock().IsMatch(section) && headings[i].Groups[1].Value != "CTK099")
            {
                yield return new TestCaseData(headings[i].Groups[1].Value, section).SetName($"Documented example of {headings[i].Groups[1].Value}");
            }
        }
    }

    [TestCaseSource(nameof(Sections))]
    public void TheDocumentedExamplesProduceTheDocumentedErrors(string id, string section)
    {
        // Code blocks in order: yaml blocks are spec files (several for cross-file examples); the plain
        // block after them is what the generator prints for them.
        var pending = new List<Microsoft.CodeAnalysis.AdditionalText>();
        var examples = 0;
        foreach (Match block in CodeBlock().Matches(section))
        {
            if (block.Groups[2].Value == "yaml")
            {
                pending.Add(GeneratorHarness.Spec(block.Groups[1].Success ? block.Groups[1].Value : "foo.model.yaml", block.Groups[3].Value));
                continue;
            }

            if (pending.Count == 0)
            {
                continue;
            }

            var documented = block.Groups[3].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var outcome = GeneratorHarness.Run(pending.ToArray());
            var printed = outcome.Diagnostics.Select(d =>
            {
                var span = d.Location.GetLineSpan();
                return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}";
            });
            Assert.That(printed, Is.EqualTo(documented), $"{id}, example {examples + 1}");
            pending.Clear();
            examples++;
        }

        Assert.That(examples, Is.GreaterThan(0), $"{id}: no example with its output");
    }

    [GeneratedRegex(@"^## (CTK\d{3}):", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"```yaml\n", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    // A fenced block at the start of a line, with its language; an optional "`name.model.yaml`:" line
    // before a yaml block names the file (otherwise it is foo.model.yaml).
    [GeneratedRegex(@"(?:`([a-z0-9-]+\.model\.yaml)`:\s*\n\s*\n)?^```(yaml|)\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlock();
}
