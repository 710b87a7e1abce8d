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

        // Diagnostics carry positions, so moving a spec's lines changes them: they are reported from
        // their own output, and what generates code (the plans, which clashing specs to leave out)
        // holds no position, so such an edit renders nothing again.
        var diagnostics = specs
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (var diagnostic in items)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var clashes = specs
            .Select(static (result, _) => Identity(result))
            .Where(static identity => identity is not null)
            .Collect()
            .Select(static (identities, _) => FindClashes(identities!))
            .WithTrackingName(TrackingNames.Clashes);
        context.RegisterSourceOutput(clashes, static (output, items) =>
        {
            foreach (var clash in items)
            {
                output.ReportDiagnostic(clash.ToDiagnostic());
            }
        });

        // A clashing spec generates nothing (the spec it clashes with does).
        var clashing = clashes
            .Select(static (items, _) => items.Select(c => c.Path).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ClashingSpecs);

        var plans = specs
            .Select(static (result, _) => result.Plan is { } plan ? new PlannedSpec(result.Path, plan) : null)
            .WithTrackingName(TrackingNames.Plans);

        var rendered = plans
            .Combine(clashing)
            .Select(static (pair, _) => Render(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Rendered);
        context.RegisterSourceOutput(rendered, static (output, result) =>
        {
            foreach (var source in result.Sources)
            {
                output.AddSource(source.HintName, source.Text);
            }

            if (result.Failure is not null)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, SpecLocation.FileStart(result.Path).ToLocation(), result.Failure));
            }
        });

        var registry = plans
            .Select(static (spec, _) => spec is { Plan: var plan } ? new RegistryEntry(spec.Path, plan.Namespace, plan.Name, plan.Method, plan.Description, plan.SpecPath, plan.Input) : null)
            .Collect()
            .Combine(clashing)
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

    // The sources of one spec's plan, or why rendering failed (reported as CTK099, never thrown).
    private static RenderedSpec Render(PlannedSpec? spec, EquatableArray<string> clashing)
    {
        if (spec is null || clashing.Contains(spec.Path))
        {
            return RenderedSpec.Nothing;
        }

        var sources = new List<GeneratedSource>();
        try
        {
            foreach (var (hintName, source) in ModelRenderer.Render(spec.Plan))
            {
                sources.Add(new GeneratedSource(hintName, source));
            }

            return new RenderedSpec(spec.Path, sources.ToEquatableArray(), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new RenderedSpec(spec.Path, sources.ToEquatableArray(), $"{exception.GetType().Name}: {exception.Message}");
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

        return new ModelIdentity(result.Path, result.SpecPath, name, result.ModelNameLocation, types.ToEquatableArray());
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

    private static string Registry(ImmutableArray<RegistryEntry?> entries, EquatableArray<string> clashing, GeneratorSettings settings)
    {
        if (entries.IsDefaultOrEmpty)
        {
            return string.Empty;
        }

        // A clashing spec generates nothing, so it is left out; the spec it clashes with stays.
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

    /// <summary>Each spec's diagnostics, with their positions (reported, never rendered from).</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>Each spec's plan without positions (null when the spec has errors).</summary>
    public const string Plans = nameof(Plans);

    /// <summary>Name clashes across specs, with the position of each clashing model name.</summary>
    public const string Clashes = nameof(Clashes);

    /// <summary>The paths of the specs that clash, which generate nothing.</summary>
    public const string ClashingSpecs = nameof(ClashingSpecs);

    /// <summary>Each plan's generated sources.</summary>
    public const string Rendered = nameof(Rendered);

    /// <summary>The registry's source.</summary>
    public const string Registry = nameof(Registry);
}
