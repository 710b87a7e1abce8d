using System;
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
internal sealed record ModelIdentity(string Path, string Name, SpecLocation Location, EquatableArray<string> Types);

/// <summary>A spec whose model name or generated types clash with another spec's.</summary>
/// <param name="SameName">Both specs name the same model (CTK040), rather than one model's name being another's generated type (CTK041).</param>
internal sealed record NameClash(string Path, string Name, string Type, string OtherPath, SpecLocation Location, bool SameName);
