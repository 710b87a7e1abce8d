namespace Contrastive.Generators.Tests;

public sealed class SmokeTests
{
    [Test]
    public void ExampleSpecsGenerate()
    {
        var specs = Directory.GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "models"), "*.model.yaml")
            .Select(p => GeneratorHarness.Spec(Path.GetFileName(p), File.ReadAllText(p)))
            .ToArray();
        var outcome = GeneratorHarness.Run(specs);
        foreach (var d in outcome.Diagnostics) TestContext.Out.WriteLine(d);
        foreach (var (name, source) in outcome.Sources) TestContext.Out.WriteLine($"==== {name}\n{source}");
        foreach (var d in outcome.CompileProblems) TestContext.Out.WriteLine(d);
        Assert.That(outcome.Diagnostics, Is.Empty);
    }
}
