using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec;
using Microsoft.CodeAnalysis;

namespace Contrastive.Generators;

/// <summary>
/// Turns every <c>*.model.yaml</c> in AdditionalFiles into typed TorchSharp modules, an options
/// record, the method class and a <c>ModelRegistry</c>. Each spec is read on its own (an edit
/// re-reads only that spec); names are checked across specs in a separate, collected step.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => GeneratorSettings.From(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Settings);

        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".model.yaml", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, token) => new SpecFile(text.Path, text.GetText(token)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.SpecFiles);

        var specs = files
            .Combine(settings)
            .Select(static (pair, _) => SpecReader.Read(pair.Left.Path, pair.Right.Relative(pair.Left.Path), pair.Left.Text, pair.Right.RootNamespace))
            .WithTrackingName(TrackingNames.Specs);

        var clashes = specs
            .Select(static (result, _) => Identity(result))
            .Where(static identity => identity is not null)
            .Collect()
            .Select(static (identities, _) => FindClashes(identities!))
            .WithTrackingName(TrackingNames.Clashes);

        context.RegisterSourceOutput(specs.Combine(clashes), static (output, pair) => Emit(output, pair.Left, pair.Right));

        var registry = specs
            .Select(static (result, _) => result.Plan is { } plan ? new RegistryEntry(result.ModelNameLocation!.Path, plan.Namespace, plan.Name, plan.Method, plan.Description, plan.SpecPath, plan.Input) : null)
            .Collect()
            .Combine(clashes)
            .Combine(settings)
            .Select(static (input, _) => Registry(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.Registry);

        context.RegisterSourceOutput(registry, static (output, source) =>
        {
            if (source.Length > 0)
            {
                output.AddSource("ModelRegistry.g.cs", source);
            }
        });
    }

    private static void Emit(SourceProductionContext output, SpecResult result, EquatableArray<NameClash> clashes)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        var mine = clashes.Where(c => c.Path == result.ModelNameLocation?.Path).ToList();
        foreach (var clash in mine)
        {
            output.ReportDiagnostic(clash.SameName
                ? Diagnostic.Create(DiagnosticDescriptors.DuplicateModel, clash.Location.ToLocation(), clash.Name, clash.OtherSpecPath)
                : Diagnostic.Create(DiagnosticDescriptors.TypeClash, clash.Location.ToLocation(), clash.Name, clash.OtherSpecPath, clash.Type));
        }

        if (result.Plan is null || mine.Count > 0)
        {
            return;
        }

        try
        {
            foreach (var (hintName, source) in ModelRenderer.Render(result.Plan))
            {
                output.AddSource(hintName, source);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, SpecLocation.FileStart(result.ModelNameLocation!.Path).ToLocation(), $"{exception.GetType().Name}: {exception.Message}"));
        }
    }

    private static ModelIdentity? Identity(SpecResult result)
    {
        if (result.ModelName is null || result.ModelNameLocation is null)
        {
            return null;
        }

        var name = result.ModelName;
        var types = new List<string> { name, name + "Options" };
        if (result.Plan is { } plan)
        {
            foreach (var part in plan.Parts)
            {
                types.Add(part.TypeName);
                types.Add(part.TypeName + "Taps");
            }
        }

        return new ModelIdentity(result.ModelNameLocation.Path, result.SpecPath, name, result.ModelNameLocation, types.ToEquatableArray());
    }

    // Every spec whose model name or generated type another spec (earlier in path order) also claims.
    private static EquatableArray<NameClash> FindClashes(ImmutableArray<ModelIdentity> identities)
    {
        var owners = new Dictionary<string, ModelIdentity>(StringComparer.Ordinal);
        var clashes = new List<NameClash>();
        foreach (var identity in identities.OrderBy(i => i.Path, StringComparer.Ordinal))
        {
            var clash = identity.Types.FirstOrDefault(owners.ContainsKey);
            if (clash is not null)
            {
                var other = owners[clash];
                clashes.Add(new NameClash(identity.Path, identity.Name, other.Name == identity.Name, clash, other.SpecPath, identity.Location));
                continue;
            }

            foreach (var type in identity.Types)
            {
                owners[type] = identity;
            }
        }

        return clashes.ToEquatableArray();
    }

    private static string Registry(ImmutableArray<RegistryEntry?> entries, EquatableArray<NameClash> clashes, GeneratorSettings settings)
    {
        if (entries.IsDefaultOrEmpty)
        {
            return string.Empty;
        }

        // A clashing spec generates nothing, so it is left out; the spec it clashes with stays.
        var clashing = new HashSet<string>(clashes.Select(c => c.Path), StringComparer.Ordinal);
        var models = entries.Where(e => e is not null && !clashing.Contains(e.Path)).Select(e => e!).ToList();
        try
        {
            return ModelRenderer.RenderRegistry(settings.RootNamespace, models);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return "#error Contrastive's generator could not write ModelRegistry: " + CSharp.DocText(exception.Message);
        }
    }
}

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    /// <summary>MSBuild properties the generator reads.</summary>
    public const string Settings = nameof(Settings);

    /// <summary>Spec files and their text.</summary>
    public const string SpecFiles = nameof(SpecFiles);

    /// <summary>Each spec read into a plan or diagnostics.</summary>
    public const string Specs = nameof(Specs);

    /// <summary>Name clashes across specs.</summary>
    public const string Clashes = nameof(Clashes);

    /// <summary>The registry's source.</summary>
    public const string Registry = nameof(Registry);
}
