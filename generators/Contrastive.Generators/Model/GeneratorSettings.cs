using System;
using Contrastive.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Contrastive.Generators.Model;

/// <summary>The MSBuild properties the generator reads (made visible by Contrastive.Generators.props).</summary>
internal sealed record GeneratorSettings(string RootNamespace, string ProjectDirectory)
{
    public const string FallbackNamespace = "GeneratedModels";

    public static GeneratorSettings From(AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.RootNamespace", out var rootNamespace);
        options.TryGetValue("build_property.ProjectDir", out var projectDirectory);
        var ns = string.IsNullOrWhiteSpace(rootNamespace) || Spec.Identifiers.NamespaceProblem(rootNamespace!) is not null ? FallbackNamespace : rootNamespace!;
        return new GeneratorSettings(ns, projectDirectory ?? string.Empty);
    }

    /// <summary>The spec's path relative to the project, with '/' (what generated code and the registry show).</summary>
    public string Relative(string path)
    {
        var normalized = path.Replace('\\', '/');
        var root = ProjectDirectory.Replace('\\', '/');
        if (root.Length > 0 && !root.EndsWith("/", StringComparison.Ordinal))
        {
            root += "/";
        }

        if (root.Length > 0 && normalized.StartsWith(root, StringComparison.Ordinal))
        {
            return normalized.Substring(root.Length);
        }

        var slash = normalized.LastIndexOf('/');
        return slash >= 0 ? normalized.Substring(slash + 1) : normalized;
    }
}

/// <summary>One spec file's path and text.</summary>
internal sealed record SpecFile(string Path, string Text);

/// <summary>The names one spec claims in the project, for the cross-file checks.</summary>
internal sealed record ModelIdentity(string Path, string SpecPath, string Name, SpecLocation Location, EquatableArray<string> Types);

/// <summary>A spec whose model name (<paramref name="SameName"/>) or one of whose generated types clashes with another spec's.</summary>
internal sealed record NameClash(string Path, string Name, bool SameName, string Type, string OtherSpecPath, SpecLocation Location)
{
    /// <summary>CTK040 for the same model name, CTK041 for a generated type, at the clashing model name.</summary>
    public Diagnostic ToDiagnostic() => SameName
        ? Diagnostic.Create(DiagnosticDescriptors.DuplicateModel, Location.ToLocation(), Name, OtherSpecPath)
        : Diagnostic.Create(DiagnosticDescriptors.TypeClash, Location.ToLocation(), Name, OtherSpecPath, Type);
}
