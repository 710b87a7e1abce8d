using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Contrastive.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Contrastive.Generators.Tests;

/// <summary>Runs <see cref="ModelGenerator"/> in memory on spec texts, as the compiler would.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDirectory = "/repo/models/";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Concat(new[]
            {
                MetadataReference.CreateFromFile(typeof(Contrastive.Methods.ModelInfo).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
            })
            .ToImmutableArray());

    /// <summary>A spec at <c>/repo/models/{fileName}</c>.</summary>
    public static AdditionalText Spec(string fileName, string text) => new InMemoryText(ProjectDirectory + fileName, text);

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Generated",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path: $"Source{i}.cs")),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            // As MSBuild does: TorchSharp targets an older System.Runtime, which unifies silently.
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> specs, string? rootNamespace = "Contrastive.Models", bool track = true) =>
        CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            specs,
            CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest),
            new Options(rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Runs the generator once and returns what it produced and the compiled result.</summary>
    public static GeneratorOutcome Run(params AdditionalText[] specs) => Run(specs, "Contrastive.Models");

    public static GeneratorOutcome Run(IEnumerable<AdditionalText> specs, string? rootNamespace)
    {
        var compilation = Compilation("namespace User { public static class Placeholder { } }");
        var driver = Driver(specs, rootNamespace).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        return new GeneratorOutcome(result, output, generatorDiagnostics);
    }

    /// <summary>Reads a file under the repository root (the example specs, snapshots).</summary>
    public static string RepositoryRoot => typeof(GeneratorHarness).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
    }

    private sealed class Options(string? rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(rootNamespace);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;
    }

    private sealed class Values(string? rootNamespace) : AnalyzerConfigOptions
    {
        public static readonly Values Empty = new(null);

        public override bool TryGetValue(string key, out string value)
        {
            value = key switch
            {
                "build_property.RootNamespace" when rootNamespace is not null => rootNamespace,
                "build_property.ProjectDir" when rootNamespace is not null => ProjectDirectory,
                _ => null!,
            };
            return value is not null;
        }
    }
}

/// <summary>The result of one generator run.</summary>
internal sealed record GeneratorOutcome(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    public IReadOnlyDictionary<string, string> Sources => Result.Results
        .SelectMany(r => r.GeneratedSources)
        .ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Errors and warnings of compiling the generated code with its references.</summary>
    public IReadOnlyList<Diagnostic> CompileProblems => Output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToList();
}
