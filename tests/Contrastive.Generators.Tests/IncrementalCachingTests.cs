using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contrastive.Generators.Tests;

/// <summary>
/// The pipeline must not redo work an edit did not touch: an IDE runs it on every keystroke.
/// </summary>
public sealed class IncrementalCachingTests
{
    private static readonly string[] TrackedSteps =
    {
        TrackingNames.Settings, TrackingNames.SpecFiles, TrackingNames.Specs, TrackingNames.Diagnostics, TrackingNames.Plans,
        TrackingNames.Clashes, TrackingNames.ClashingSpecs, TrackingNames.Rendered, TrackingNames.Registry,
    };

    [Test]
    public void UnrelatedCSharpEditLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.Compilation("namespace User { public static class A { } }");
        var driver = GeneratorHarness.Driver(ExampleSpecs()).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User { public static class B { } }", (CSharpParseOptions)compilation.SyntaxTrees.First().Options));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.That(reasons, Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), step);
        }

        Assert.That(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void EditingOneSpecRereadsOnlyThatSpec()
    {
        var specs = ExampleSpecs();
        var compilation = GeneratorHarness.Compilation("namespace User { public static class A { } }");
        var driver = GeneratorHarness.Driver(specs).RunGenerators(compilation);

        var target = specs.Single(s => s.Path.EndsWith("simclr-fashion.model.yaml", StringComparison.Ordinal));
        var text = target.GetText()!.ToString().Replace("temperature: 0.2", "temperature: 0.3", StringComparison.Ordinal);
        Assert.That(text, Does.Contain("temperature: 0.3"), "the edit must change the spec");
        driver = driver.ReplaceAdditionalText(target, GeneratorHarness.Spec("simclr-fashion.model.yaml", text));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var reads = result.TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.That(reads.Count(r => r == IncrementalStepRunReason.Modified), Is.EqualTo(1), "the edited spec is read again");
        Assert.That(reads.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), Is.EqualTo(specs.Length - 1), "the others are not");

        // The model name did not change, so the cross-file check's result and the registry are reused.
        Assert.That(result.TrackedSteps[TrackingNames.Clashes].SelectMany(s => s.Outputs).Select(o => o.Reason), Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
        Assert.That(result.TrackedSteps[TrackingNames.Registry].SelectMany(s => s.Outputs).Select(o => o.Reason), Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void CommentOnlyEditProducesAnEqualPlan()
    {
        var specs = ExampleSpecs();
        var compilation = GeneratorHarness.Compilation("namespace User { public static class A { } }");
        var driver = GeneratorHarness.Driver(specs).RunGenerators(compilation);

        var target = specs[0];
        driver = driver.ReplaceAdditionalText(target, GeneratorHarness.Spec(Path.GetFileName(target.Path), target.GetText()! + "\n# a trailing comment\n"));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var reads = result.TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.That(reads, Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), "the file changed but its plan did not");
    }

    /// <summary>
    /// Prepending a comment and a blank line moves every line of a spec down by two: its plan is the
    /// same, so nothing is rendered again and the sources stay as they were, while its diagnostics
    /// (read from their own output) follow the move. Specs: a valid one, one with an error, and a
    /// model name another spec already uses (a clash, reported from the collected names).
    /// </summary>
    [Test]
    public void MovingASpecsLinesRerendersNothingAndMovesItsDiagnostics()
    {
        const string Error = "model: Bad\nmethod: simclr\ninput: [1, 28, 28]\nencoder: [convv]\naugment: []\n";
        const string Clash = "model: SimClrFashion\nmethod: simclr\ninput: [1, 28, 28]\nencoder: [flatten]\naugment: []\n";
        var specs = ExampleSpecs()
            .Append(GeneratorHarness.Spec("zz-error.model.yaml", Error))
            .Append(GeneratorHarness.Spec("zz-clash.model.yaml", Clash))
            .ToArray();
        var compilation = GeneratorHarness.Compilation("namespace User { public static class A { } }");
        var driver = GeneratorHarness.Driver(specs).RunGenerators(compilation);
        var before = driver.GetRunResult();
        Assert.That(before.Diagnostics.Select(Position), Is.EquivalentTo(new[] { "zz-error.model.yaml(4,11) CTK012", "zz-clash.model.yaml(1,8) CTK040" }));

        foreach (var spec in specs.Where(s => s.Path.EndsWith("simclr-fashion.model.yaml", StringComparison.Ordinal) || s.Path.Contains("/zz-", StringComparison.Ordinal)))
        {
            driver = driver.ReplaceAdditionalText(spec, GeneratorHarness.Spec(Path.GetFileName(spec.Path), "# moved down by two lines\n\n" + spec.GetText()));
        }

        var run = driver.RunGenerators(compilation).GetRunResult();
        var result = run.Results.Single();
        Assert.That(result.TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs).Count(o => o.Reason == IncrementalStepRunReason.Modified), Is.EqualTo(3), "the moved specs are read again");

        // Every output that adds sources (all but the one fed by the diagnostics) reuses its last run.
        var sourceOutputs = result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(step => step.Inputs.All(input => input.Source.Name is not (TrackingNames.Diagnostics or TrackingNames.Clashes)))
            .ToList();
        Assert.That(sourceOutputs, Is.Not.Empty);
        Assert.That(sourceOutputs.SelectMany(s => s.Outputs).Select(o => o.Reason), Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), "nothing is rendered again");
        foreach (var step in new[] { TrackingNames.Plans, TrackingNames.ClashingSpecs, TrackingNames.Rendered, TrackingNames.Registry })
        {
            Assert.That(result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason), Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), step);
        }

        Assert.That(result.TrackedSteps[TrackingNames.Diagnostics].SelectMany(s => s.Outputs).Count(o => o.Reason == IncrementalStepRunReason.Modified), Is.EqualTo(1), "only the error's positions changed");
        Assert.That(result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            Is.EqualTo(before.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString()))));
        Assert.That(result.GeneratedSources.Select(s => s.HintName), Has.None.StartsWith("Bad"), "a spec with an error generates nothing");
        Assert.That(result.GeneratedSources.Count(s => s.HintName == "SimClrFashion.g.cs"), Is.EqualTo(1), "the clashing spec generates nothing");

        Assert.That(run.Diagnostics.Select(Position), Is.EquivalentTo(new[] { "zz-error.model.yaml(6,11) CTK012", "zz-clash.model.yaml(3,8) CTK040" }), "the diagnostics moved with their lines");
    }

    private static string Position(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}) {d.Id}";
    }

    [Test]
    public void PipelineValuesHoldNoRoslynObjects()
    {
        var compilation = GeneratorHarness.Compilation("namespace User { public static class A { } }");
        var result = GeneratorHarness.Driver(ExampleSpecs()).RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static AdditionalText[] ExampleSpecs() => Directory
        .GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "models"), "*.model.yaml")
        .OrderBy(p => p, StringComparer.Ordinal)
        .Select(p => GeneratorHarness.Spec(Path.GetFileName(p), File.ReadAllText(p)))
        .ToArray();

    // Symbols, syntax, compilations and locations compare by identity and keep whole compilations alive.
    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        Assert.That(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or Location or SemanticModel, Is.False, $"{path} holds a {type.Name}");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
