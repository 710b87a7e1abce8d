using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Contrastive.Generators.Tests;

/// <summary>
/// Runs spec texts through <see cref="GeneratorHarness"/> for the diagnostic and injection tests.
/// Every run checks what must hold for any input at all: the generator did not throw (CS8785 in a
/// build) and did not fall back to its internal-error diagnostic CTK099.
/// </summary>
internal static class SpecRuns
{
    /// <summary>The file name single-spec tests use.</summary>
    public const string FileName = "bad.model.yaml";

    /// <summary>The path diagnostics of a single-spec test name.</summary>
    public static readonly string SpecPath = PathOf(FileName);

    public static string PathOf(string fileName) => GeneratorHarness.ProjectDirectory + fileName;

    public static GeneratorOutcome Run(string text) => Run((FileName, text));

    public static GeneratorOutcome Run(params (string FileName, string Text)[] specs)
    {
        var outcome = GeneratorHarness.Run(specs.Select(s => GeneratorHarness.Spec(s.FileName, s.Text)).ToArray());
        var thrown = outcome.Result.Results.Where(r => r.Exception is not null).Select(r => r.Exception!.ToString())
            .Concat(outcome.GeneratorDiagnostics.Where(d => d.Id == "CS8785").Select(d => d.ToString()))
            .ToList();
        Assert.That(thrown, Is.Empty, "the generator threw");
        Assert.That(outcome.Diagnostics.Where(d => d.Id == "CTK099").Select(Describe), Is.Empty, "CTK099 is the generator's fallback for its own bugs");
        return outcome;
    }

    /// <summary>"bad.model.yaml(6,5) CTK012: message": the position as a terminal shows it (1-based).</summary>
    public static string Describe(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}) {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    /// <summary>A diagnostic expected in <see cref="FileName"/>.</summary>
    public static Expected At(string id, int line, int column, params string[] fragments) => new(id, FileName, line, column, fragments);

    /// <summary>A diagnostic expected in another file of a multi-spec test.</summary>
    public static Expected In(string fileName, string id, int line, int column, params string[] fragments) => new(id, fileName, line, column, fragments);

    /// <summary>
    /// Runs one spec and asserts that it reports exactly <paramref name="expected"/> (none left
    /// unasserted): id, severity, file, 1-based line and column, and the message fragments.
    /// </summary>
    public static GeneratorOutcome Expect(string text, params Expected[] expected)
    {
        var outcome = Run(text);
        Expect(outcome, expected);
        return outcome;
    }

    public static void Expect(GeneratorOutcome outcome, params Expected[] expected)
    {
        var actual = outcome.Diagnostics
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.GetLineSpan().StartLinePosition)
            .ToList();
        var wanted = expected
            .OrderBy(e => PathOf(e.FileName), StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ToList();
        var all = string.Join("\n", actual.Select(Describe));
        Assert.That(actual, Has.Count.EqualTo(wanted.Count), $"the generator reported:\n{all}");
        Assert.Multiple(() =>
        {
            foreach (var (d, e) in actual.Zip(wanted))
            {
                var span = d.Location.GetLineSpan();
                var message = d.GetMessage(CultureInfo.InvariantCulture);
                Assert.That(d.Id, Is.EqualTo(e.Id), Describe(d));
                Assert.That(d.Severity, Is.EqualTo(DiagnosticSeverity.Error), Describe(d));
                Assert.That(span.Path, Is.EqualTo(PathOf(e.FileName)), Describe(d));
                Assert.That((span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1), Is.EqualTo((e.Line, e.Column)), $"line and column of {Describe(d)}");
                foreach (var fragment in e.Fragments)
                {
                    Assert.That(message, Does.Contain(fragment), Describe(d));
                }
            }
        });
    }

    /// <summary>Runs one spec and asserts that the generator reports nothing.</summary>
    public static GeneratorOutcome Clean(string text)
    {
        var outcome = Run(text);
        Assert.That(outcome.Diagnostics.Select(Describe), Is.Empty);
        return outcome;
    }
}

/// <summary>A diagnostic a test expects: id, file, 1-based line and column, message fragments.</summary>
internal sealed record Expected(string Id, string FileName, int Line, int Column, string[] Fragments);

/// <summary>Edits of a spec's text by whole lines, so that a test shows only what it changes.</summary>
internal static class SpecText
{
    /// <summary>Replaces the lines <paramref name="lines"/> (which must occur exactly once, as whole lines).</summary>
    public static string ReplaceLines(this string spec, string lines, string replacement)
    {
        var normalized = "\n" + spec + "\n";
        var target = "\n" + lines + "\n";
        var first = normalized.IndexOf(target, StringComparison.Ordinal);
        Assert.That(first, Is.GreaterThanOrEqualTo(0), $"the spec has no line '{lines}'");
        Assert.That(normalized.IndexOf(target, first + 1, StringComparison.Ordinal), Is.EqualTo(-1), $"the spec has '{lines}' twice");
        var replaced = normalized.Substring(0, first) + "\n" + replacement + "\n" + normalized.Substring(first + target.Length);
        return replaced.Substring(1, replaced.Length - 2);
    }

    public static string RemoveLines(this string spec, string lines)
    {
        var removed = spec.ReplaceLines(lines, "\u0000");
        return string.Join("\n", removed.Split('\n').Where(l => l != "\u0000"));
    }

    public static string AppendLines(this string spec, string lines) => spec + "\n" + lines;
}
