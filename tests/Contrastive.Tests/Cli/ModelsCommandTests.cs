using Contrastive.Cli;
using Spectre.Console.Testing;

namespace Contrastive.Tests.Cli;

[TestFixture]
public sealed class ModelsCommandTests
{
    [Test]
    public void Models_lists_every_generated_model_with_its_spec()
    {
        var console = new TestConsole().Width(250);
        var exit = ContrastiveApp.Create(console).Run(new[] { "models" });

        Assert.That(exit, Is.Zero, console.Output);
        foreach (var model in Contrastive.Models.ModelRegistry.All)
        {
            Assert.That(console.Output, Does.Contain(model.Name).And.Contain("models/" + model.SpecPath));
        }
    }

    [Test]
    public void List_is_models_and_shows_each_models_method()
    {
        var console = new TestConsole().Width(250);
        var exit = ContrastiveApp.Create(console).Run(new[] { "list" });

        Assert.That(exit, Is.Zero, console.Output);
        foreach (var model in Contrastive.Models.ModelRegistry.All)
        {
            Assert.That(console.Output, Does.Match($@"{model.Name}\s*│\s*{model.Method}\s*│"), model.Name);
        }
    }

    [Test]
    public void Models_filters_by_method()
    {
        var console = new TestConsole().Width(250);
        var exit = ContrastiveApp.Create(console).Run(new[] { "models", "--method", "critic" });

        Assert.That(exit, Is.Zero, console.Output);
        Assert.That(console.Output, Does.Contain("GaussianCritic").And.Not.Contain("SimClrFashion"));
    }

    [Test]
    public void Models_names_the_methods_in_use_for_an_unknown_method()
    {
        var console = new TestConsole().Width(250);
        var exit = ContrastiveApp.Create(console).Run(new[] { "models", "--method", "mocco" });

        Assert.That(exit, Is.Not.Zero);
        var inUse = Contrastive.Models.ModelRegistry.All.Select(m => m.Method).Distinct().Order(StringComparer.Ordinal);
        Assert.That(console.Output, Does.Contain("--method mocco").And.Contain(string.Join(", ", inUse)));
    }
}
