using System.Reflection;
using Contrastive.Generators.Spec.Methods;
using Contrastive.Methods;

namespace Contrastive.Generators.Tests;

/// <summary>
/// <see cref="MethodReaders.All"/> is the one list of methods: each reader names a runtime class and
/// its settings record that exist and fit the method template, no settings record is left without a
/// reader, and the docs' table of methods is that list.
/// </summary>
[TestFixture]
public sealed class MethodRegistryTests
{
    private static readonly Assembly Runtime = typeof(SelfSupervisedMethod).Assembly;

    private static IEnumerable<string> Readers() => MethodReaders.All.Select(r => r.Key);

    private static Type RuntimeType(string qualified) =>
        Runtime.GetType(qualified.Substring("global::".Length)) ?? throw new AssertionException($"the runtime has no type {qualified}");

    [TestCaseSource(nameof(Readers))]
    public void TheRuntimeClassTakesItsSettingsRecordFirstAndExposesIt(string key)
    {
        var reader = MethodReaders.Available[key];
        var method = RuntimeType(reader.BaseClass);
        var settings = RuntimeType(reader.SettingsType);
        var generated = method.GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(c => c.IsFamily)
            .Select(c => c.GetParameters())
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(method.IsPublic && !method.IsSealed, Is.True, $"{method} is public and open to the generated model");
            Assert.That(generated.Any(p => p.Length >= 2 && p[0].ParameterType == typeof(string) && p[1].ParameterType == settings), Is.True,
                $"{method} has a protected constructor (string name, {settings.Name} settings, ...), which the method template calls");
            Assert.That(method.GetProperty("Settings")?.PropertyType, Is.EqualTo(settings), $"{method}.Settings exposes what it was made with");
            Assert.That(settings.IsPublic && settings.IsSealed && settings.GetMethod("<Clone>$") is not null, Is.True, $"{settings} is a public sealed record");
        });
    }

    // Runtime defaults are read once: the spec reader holds them, the generated options write them
    // out, and a settings record does not keep a second copy.
    [TestCaseSource(nameof(Readers))]
    public void ASettingsRecordHasNoDefaultsOfItsOwn(string key)
    {
        var reader = MethodReaders.Available[key];
        var settings = RuntimeType(reader.SettingsType);
        var withDefaults = settings.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Where(p => p.HasDefaultValue)
            .Select(p => p.Name);
        Assert.That(withDefaults, Is.Empty);
    }

    [Test]
    public void EverySettingsRecordOfTheRuntimeBelongsToAReader()
    {
        var records = Runtime.GetExportedTypes()
            .Where(t => t.Namespace == "Contrastive.Methods" && t.Name.EndsWith("Settings", StringComparison.Ordinal) && t.GetMethod("<Clone>$") is not null)
            .Select(t => "global::" + t.FullName);
        Assert.That(records, Is.EquivalentTo(MethodReaders.All.Select(r => r.SettingsType)));
    }

    [Test]
    public void TheDocsMethodTableIsTheRegistry()
    {
        var lines = File.ReadAllLines(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "spec.md"));
        var rows = lines.Skip(Array.IndexOf(lines, "## Methods") + 1)
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Select(r => (r[0], r[^1]));
        Assert.That(rows, Is.EqualTo(MethodReaders.All.Select(r => ($"`{r.Key}`", $"`Contrastive.Methods.{r.RuntimeClass}`"))));
    }
}
