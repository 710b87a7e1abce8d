using System.Globalization;
using System.Text.RegularExpressions;
using Contrastive.Generators.Diagnostics;

namespace Contrastive.Generators.Tests.Diagnostics;

/// <summary>
/// The catalogue of descriptors against what is written about it elsewhere: the release-tracking
/// table (whose Notes column the Roslyn analyzer does not compare) and the help links' anchors.
/// </summary>
public sealed partial class DescriptorCatalogueTests
{
    private static string Repository(params string[] parts) => Path.Combine(new[] { GeneratorHarness.RepositoryRoot }.Concat(parts).ToArray());

    [Test]
    public void TheUnshippedReleaseTableListsEveryDescriptorWithItsTitleCategoryAndSeverity()
    {
        var rows = ReleaseRow().Matches(File.ReadAllText(Repository("generators", "Contrastive.Generators", "AnalyzerReleases.Unshipped.md")))
            .Select(m => (Id: m.Groups[1].Value, Category: m.Groups[2].Value, Severity: m.Groups[3].Value, Title: m.Groups[4].Value.Trim()))
            .ToList();
        var descriptors = DiagnosticDescriptors.All
            .Select(d => (d.Id, d.Category, Severity: d.DefaultSeverity.ToString(), Title: d.Title.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        Assert.That(rows, Is.EqualTo(descriptors));
    }

    [Test]
    public void EveryHelpLinkIsTheDocumentationPageAndAnAnchorItHas()
    {
        var anchors = Anchor().Matches(File.ReadAllText(Repository("docs", "diagnostics.md"))).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Multiple(() =>
        {
            foreach (var descriptor in DiagnosticDescriptors.All)
            {
                var anchor = descriptor.Id.ToLowerInvariant();
                Assert.That(descriptor.HelpLinkUri, Is.EqualTo(DiagnosticDescriptors.HelpLinkBase + "#" + anchor), descriptor.Id);
                Assert.That(anchors, Does.Contain(anchor), $"docs/diagnostics.md has no <a id=\"{anchor}\"></a>");
            }
        });
    }

    // "CTK001 | Contrastive.ModelSpec | Error | Invalid YAML"
    [GeneratedRegex(@"^(CTK\d{3}) \| ([^|]+?) \| ([^|]+?) \| (.+)$", RegexOptions.Multiline)]
    private static partial Regex ReleaseRow();

    [GeneratedRegex(@"<a id=""(ctk\d{3})""></a>")]
    private static partial Regex Anchor();
}
