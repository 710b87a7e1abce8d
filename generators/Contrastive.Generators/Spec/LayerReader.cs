using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Spec.Layers;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>
/// Reads a layer list and infers every layer's output shape from the part's input shape.
/// First the syntax of every item (so that all mistakes are reported at once), then names, then
/// shapes; a layer whose input shape is unknown (an earlier layer failed) is still checked for
/// everything that does not depend on the shape.
/// </summary>
internal sealed class LayerReader
{
    private const string LayerExample = "'relu' or 'conv: { out: 32, kernel: 3 }'";

    // Values per sample a layer may produce: sizes become C# ints and tensors must fit in memory.
    private const long MaxElements = int.MaxValue;
    private readonly SpecContext context;

    public LayerReader(SpecContext context) => this.context = context;

    /// <summary>Reads <paramref name="value"/> as the layer list <paramref name="where"/> ("encoder").</summary>
    /// <returns>The layers and the part's output shape, or null when anything is wrong.</returns>
    /// <param name="tapsType">The part's taps record, which no tap property may be named after.</param>
    /// <param name="positions">What the layers may mix across positions, checked once every layer is read.</param>
    public (EquatableArray<LayerPlan> Layers, Shape Output)? Read(YamlValue value, string where, Shape? input, string? tapsType = null, PositionRule positions = PositionRule.Any)
    {
        var list = context.List(value, $"'{where}'", "[relu, { linear: 64 }]");
        if (list is null)
        {
            return null;
        }

        var raw = Parse(list, where);
        if (raw is null)
        {
            return null;
        }

        if (raw.Count == 0)
        {
            context.Report(DiagnosticDescriptors.EmptyLayers, value, $"'{where}'");
            return null;
        }

        var resolved = Resolve(raw, where, input, topLevel: true, tapsType);
        return resolved is not null && (positions == PositionRule.Any || KeepsPositions(raw, positions == PositionRule.Causal)) ? resolved : null;
    }

    /// <summary>
    /// Whether every layer reads each position alone, as CPC needs so that a prediction cannot see its
    /// answer: no batch normalisation anywhere, and in a <paramref name="causal"/> part nothing that
    /// mixes neighbouring positions or turns them into one (GRUs read only the past). Each layer
    /// that breaks this is reported at its kind.
    /// </summary>
    private bool KeepsPositions(List<RawLayer> raw, bool causal)
    {
        const string Neighbours = "neighbouring positions, later ones included";
        var ok = true;
        foreach (var layer in raw)
        {
            var label = $"{layer.Where} ({layer.Kind})";
            var (mixing, detail) = layer.Definition.Mixes(new LayerSettings(context, layer, label));
            (Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor, string[] Arguments)? problem = mixing switch
            {
                PositionMixing.BatchStatistics => (DiagnosticDescriptors.BatchNormAcrossPositions, new[] { label }),
                PositionMixing.Neighbours when causal => (DiagnosticDescriptors.ContextNotCausal, new[] { label + detail, Neighbours }),
                PositionMixing.AllPositions when causal => (DiagnosticDescriptors.ContextNotCausal, new[] { label, "every position into one" }),
                _ => null,
            };
            if (problem is { } found)
            {
                context.Report(found.Descriptor, layer.KindNode, found.Arguments);
                ok = false;
            }

            if (layer.Body is not null)
            {
                ok &= KeepsPositions(layer.Body, causal);
            }
        }

        return ok;
    }

    private List<RawLayer>? Parse(YamlSequence list, string where)
    {
        var layers = new List<RawLayer>();
        var ok = true;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var layer = ParseOne(list.Items[i], $"{where}[{i}]");
            if (layer is null)
            {
                ok = false;
            }
            else
            {
                layers.Add(layer);
            }
        }

        return ok ? layers : null;
    }

    private RawLayer? ParseOne(YamlValue item, string where)
    {
        var named = context.NamedItem(item, where, $"a layer such as {LayerExample}", value => value is YamlMapping m
            ? $"a mapping with {m.Entries.Count} keys (put 'name' and the other settings inside the layer's own mapping)"
            : value.Describe());
        if (named is not var (kindNode, argument))
        {
            return null;
        }

        var kind = kindNode.Value;
        var definition = LayerKinds.Find(kind);
        if (definition is null)
        {
            context.Report(DiagnosticDescriptors.UnknownLayer, kindNode, kind, Suggestions.For(kind, LayerKinds.Keys));
            return null;
        }

        var allowed = definition.Keys.ToArray();

        var label = $"{where} ({kind})";
        var settings = new Dictionary<string, Entry>();
        if (argument is YamlMapping arguments)
        {
            settings = context.Keys(arguments, label, allowed);
        }
        else if (argument is not null && !(argument is YamlScalar { IsNull: true }))
        {
            if (definition.Shorthand is not { } key)
            {
                context.Report(DiagnosticDescriptors.WrongType, argument, label, $"a mapping of its settings ({string.Join(", ", allowed)})", argument.Describe());
                return null;
            }

            settings[key] = new Entry(kindNode, argument);
        }

        var missing = definition.Required.Where(s => !settings.ContainsKey(s.Key)).ToList();
        foreach (var setting in missing)
        {
            context.Report(DiagnosticDescriptors.MissingKey, kindNode, label, setting.Key, setting.MissingHint);
        }

        string? name = null;
        if (settings.TryGetValue("name", out var nameEntry))
        {
            name = context.Text(nameEntry.Value, $"{label}.name");
            var problem = name is null ? null : Identifiers.LayerNameProblem(name);
            if (problem is not null)
            {
                context.Report(DiagnosticDescriptors.InvalidIdentifier, nameEntry.Value, "The layer name", name!, problem);
                name = null;
            }

            if (name is null)
            {
                return null;
            }
        }

        List<RawLayer>? body = null;
        if (definition.Settings.Contains(Residual.Body) && settings.TryGetValue(Residual.Body.Key, out var layersEntry))
        {
            var list = context.List(layersEntry.Value, $"'{label}.layers'", "[{ conv: { out: 32, kernel: 3, padding: 1 } }, relu]");
            body = list is null ? null : Parse(list, $"{where}.layers");
            if (body is null)
            {
                return null;
            }

            if (body.Count == 0)
            {
                context.Report(DiagnosticDescriptors.EmptyLayers, layersEntry.Value, $"'{label}'");
                return null;
            }
        }

        return missing.Count > 0 ? null : new RawLayer(definition, kindNode, where, settings, name, nameEntry?.Value, body);
    }

    private (EquatableArray<LayerPlan> Layers, Shape Output)? Resolve(List<RawLayer> raw, string where, Shape? input, bool topLevel, string? tapsType = null)
    {
        var names = AssignNames(raw, where, tapsType);
        if (names is null)
        {
            return null;
        }

        var plans = new List<LayerPlan>();
        var shape = input;
        var ok = true;
        for (var i = 0; i < raw.Count; i++)
        {
            var layer = raw[i];
            var plan = ResolveOne(layer, names[i], shape, topLevel);
            if (plan is not null && plan.Output.Elements > MaxElements)
            {
                context.Report(DiagnosticDescriptors.OutputTooLarge, layer.KindNode, $"{layer.Where} ({layer.Kind})", plan.Input.ToString(), plan.Output.ToString(),
                    plan.Output.Elements.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxElements.ToString(System.Globalization.CultureInfo.InvariantCulture));
                plan = null;
            }

            ok &= plan is not null;
            shape = plan?.Output;
            if (plan is not null)
            {
                plans.Add(plan);
            }
        }

        return ok && shape is not null ? (plans.ToEquatableArray(), shape) : null;
    }

    private List<string>? AssignNames(List<RawLayer> raw, string where, string? tapsType)
    {
        var taken = new Dictionary<string, RawLayer>();
        var ok = true;
        foreach (var layer in raw.Where(l => l.Name is not null))
        {
            if (taken.TryGetValue(layer.Name!, out var first))
            {
                context.Report(DiagnosticDescriptors.DuplicateLayerName, layer.NameNode!, layer.Name!, $"'{where}'", SpecContext.Line(first.NameNode!));
                ok = false;
                continue;
            }

            taken.Add(layer.Name!, layer);
        }

        var pascal = new HashSet<string>();
        foreach (var layer in raw.Where(l => l.Name is not null && ReferenceEquals(taken[l.Name], l)))
        {
            if (!pascal.Add(Identifiers.Pascal(layer.Name!)))
            {
                context.Report(DiagnosticDescriptors.InvalidIdentifier, layer.NameNode!, "The layer name", layer.Name!, "another layer's name differs from it only in '_', and both would become the same tap property");
                ok = false;
            }
        }

        foreach (var layer in raw.Where(l => l.Name is not null && Identifiers.Pascal(l.Name) == tapsType))
        {
            context.Report(DiagnosticDescriptors.InvalidIdentifier, layer.NameNode!, "The layer name", layer.Name!, $"its tap property would have the name of the record it belongs to, '{tapsType}'");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        var counters = new Dictionary<string, int>();
        var names = new List<string>();
        foreach (var layer in raw)
        {
            if (layer.Name is not null)
            {
                names.Add(layer.Name);
                continue;
            }

            var stem = layer.Definition.FieldStem;
            string candidate;
            do
            {
                counters[stem] = counters.TryGetValue(stem, out var n) ? n + 1 : 1;
                candidate = stem + counters[stem];
            }
            while (taken.ContainsKey(candidate));

            taken.Add(candidate, layer);
            names.Add(candidate);
        }

        return names;
    }

    private LayerPlan? ResolveOne(RawLayer layer, string field, Shape? input, bool topLevel)
    {
        var label = $"{layer.Where} ({layer.Kind})";
        var tap = topLevel && layer.Name is not null ? Identifiers.Pascal(layer.Name) : string.Empty;
        return layer.Definition.Resolve(new LayerResolution(context, layer, field, tap, label, input,
            ranks => RequireRank(layer, label, input, ranks),
            bodyInput => Resolve(layer.Body!, layer.Where + ".layers", bodyInput, topLevel: false)));
    }

    private bool RequireRank(RawLayer layer, string label, Shape? input, params int[] ranks)
    {
        if (input is null)
        {
            return false;
        }

        if (ranks.Contains(input.Rank))
        {
            return true;
        }

        var expected = string.Join(" or ", ranks.Select(r => r switch { 1 => "a vector [features]", 2 => "a sequence [channels, length]", _ => "an image [channels, height, width]" }));
        var hint = input.Rank > 1 && ranks.Contains(1) && ranks.Length == 1
            ? "; add 'flatten' or 'global-avg-pool' before it"
            : input.Rank == 1 ? "; convolutions and pools come before 'flatten' or 'global-avg-pool'" : string.Empty;
        if (layer.Kind == "conv" && input.Rank == 1)
        {
            hint = "; 'conv' works on sequences and images, so put it before 'flatten' or 'global-avg-pool'";
        }

        context.Report(DiagnosticDescriptors.LayerInputRank, layer.KindNode, label, expected, input.Describe(), hint);
        return false;
    }
}

/// <summary>A layer after the syntax pass: its kind, its settings by key, its name and body.</summary>
internal sealed record RawLayer(
    LayerKind Definition,
    YamlScalar KindNode,
    string Where,
    Dictionary<string, Entry> Settings,
    string? Name,
    YamlValue? NameNode,
    List<RawLayer>? Body)
{
    /// <summary>The kind's spec key ("conv").</summary>
    public string Kind => Definition.Key;
}
