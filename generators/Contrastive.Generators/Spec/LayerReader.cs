using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Shapes;
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
    public (EquatableArray<LayerPlan> Layers, Shape Output)? Read(YamlValue value, string where, Shape? input, string? tapsType = null)
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

        return Resolve(raw, where, input, topLevel: true, tapsType);
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
        if (!LayerVocabulary.Keys.TryGetValue(kind, out var allowed))
        {
            context.Report(DiagnosticDescriptors.UnknownLayer, kindNode, kind, Suggestions.For(kind, LayerVocabulary.Keys.Keys));
            return null;
        }

        var label = $"{where} ({kind})";
        var settings = new Dictionary<string, Entry>();
        if (argument is YamlMapping arguments)
        {
            settings = context.Keys(arguments, label, allowed);
        }
        else if (argument is not null && !(argument is YamlScalar { IsNull: true }))
        {
            if (!LayerVocabulary.Shorthand.TryGetValue(kind, out var key))
            {
                context.Report(DiagnosticDescriptors.WrongType, argument, label, $"a mapping of its settings ({string.Join(", ", allowed)})", argument.Describe());
                return null;
            }

            settings[key] = new Entry(kindNode, argument);
        }

        var missing = LayerVocabulary.Required.TryGetValue(kind, out var required)
            ? required.Where(k => !settings.ContainsKey(k)).ToList()
            : new List<string>();
        foreach (var key in missing)
        {
            context.Report(DiagnosticDescriptors.MissingKey, kindNode, label, key, RequiredHint(kind, key));
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
        if (kind == "residual" && settings.TryGetValue("layers", out var layersEntry))
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

        return missing.Count > 0 ? null : new RawLayer(kind, kindNode, where, settings, name, nameEntry?.Value, body);
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

            var stem = LayerVocabulary.FieldStem(layer.Kind);
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
        var settings = new LayerSettings(context, layer, label);
        LayerPlan Plan(string type, string factory, Shape output) =>
            new(field, type, factory, tap, input!, output, EquatableArray<LayerPlan>.Empty, string.Empty);

        switch (layer.Kind)
        {
            case "conv" or "conv1d" or "conv2d":
            {
                var outChannels = settings.Size("out");
                var kernel = settings.Size("kernel");
                var stride = settings.Size("stride", 1);
                var padding = settings.Padding();
                var dilation = settings.Size("dilation", 1);
                var groups = settings.Size("groups", 1);
                var bias = settings.Flag("bias", true);
                if (!settings.Ok || !RequireRank(layer, label, input, layer.Kind switch { "conv1d" => new[] { 2 }, "conv2d" => new[] { 3 }, _ => new[] { 2, 3 } }))
                {
                    return null;
                }

                var same = padding == -1;
                if (same && stride != 1)
                {
                    context.Report(DiagnosticDescriptors.OutOfRange, settings.Node("padding")!, $"{label}.padding", "a number of pixels when stride is not 1 ('same' keeps the size only with stride 1)", "same");
                    return null;
                }

                if (input![0] % groups != 0 || outChannels % groups != 0)
                {
                    context.Report(DiagnosticDescriptors.OutOfRange, settings.Node("groups")!, $"{label}.groups", $"a divisor of both the input channels {input[0]} and 'out' {outChannels}", groups.ToString());
                    return null;
                }

                var output = ShapeRules.Convolve(context, layer.KindNode, label, input, outChannels, kernel, stride, same ? 0 : padding, dilation, same);
                if (output is null)
                {
                    return null;
                }

                var type = input.Rank == 2 ? TypeNames.Conv1d : TypeNames.Conv2d;
                var args = new List<string> { CSharp.Long(input[0]), CSharp.Long(outChannels), "kernel_size: " + CSharp.Long(kernel) };
                if (stride != 1)
                {
                    args.Add("stride: " + CSharp.Long(stride));
                }

                if (same)
                {
                    args.Add($"padding: {TypeNames.Padding}.Same");
                }
                else if (padding != 0)
                {
                    args.Add("padding: " + CSharp.Long(padding));
                }

                if (dilation != 1)
                {
                    args.Add("dilation: " + CSharp.Long(dilation));
                }

                if (groups != 1)
                {
                    args.Add("groups: " + CSharp.Long(groups));
                }

                if (!bias)
                {
                    args.Add("bias: false");
                }

                return Plan(type, $"{TypeNames.Factory(type)}({string.Join(", ", args)})", output);
            }

            case "linear":
            {
                var outFeatures = settings.Size("out");
                var bias = settings.Flag("bias", true);
                if (!settings.Ok || !RequireRank(layer, label, input, 1))
                {
                    return null;
                }

                var factory = $"{TypeNames.Factory(TypeNames.Linear)}({CSharp.Long(input![0])}, {CSharp.Long(outFeatures)}{(bias ? string.Empty : ", hasBias: false")})";
                return Plan(TypeNames.Linear, factory, new Shape(outFeatures));
            }

            case "batchnorm":
            {
                var eps = settings.Positive("eps", 1e-5);
                var momentum = settings.Fraction("momentum", 0.1);
                if (!settings.Ok || !RequireRank(layer, label, input, 1, 2, 3))
                {
                    return null;
                }

                var type = input!.Rank == 3 ? TypeNames.BatchNorm2d : TypeNames.BatchNorm1d;
                var args = new List<string> { CSharp.Long(input[0]) };
                if (eps != 1e-5)
                {
                    args.Add("eps: " + CSharp.Double(eps));
                }

                if (momentum != 0.1)
                {
                    args.Add("momentum: " + CSharp.Double(momentum));
                }

                return Plan(type, $"{TypeNames.Factory(type)}({string.Join(", ", args)})", input);
            }

            case "layernorm":
            {
                var eps = settings.Positive("eps", 1e-5);
                if (!settings.Ok || !RequireRank(layer, label, input, 1, 2, 3))
                {
                    return null;
                }

                var factory = eps != 1e-5 ? $"new {TypeNames.ChannelLayerNorm}({CSharp.Long(input![0])}, eps: {CSharp.Double(eps)})" : $"new {TypeNames.ChannelLayerNorm}({CSharp.Long(input![0])})";
                return Plan(TypeNames.ChannelLayerNorm, factory, input);
            }

            case "relu" or "gelu" or "tanh" or "sigmoid":
            {
                var type = layer.Kind switch { "relu" => TypeNames.ReLU, "gelu" => TypeNames.GELU, "tanh" => TypeNames.Tanh, _ => TypeNames.Sigmoid };
                return input is null ? null : Plan(type, TypeNames.Factory(type) + "()", input);
            }

            case "leaky-relu":
            {
                var slope = settings.NonNegative("slope", 0.01);
                if (!settings.Ok || input is null)
                {
                    return null;
                }

                var factory = TypeNames.Factory(TypeNames.LeakyReLU);
                return Plan(TypeNames.LeakyReLU, slope == 0.01 ? factory + "()" : $"{factory}(negative_slope: {CSharp.Double(slope)})", input);
            }

            case "max-pool" or "avg-pool":
            {
                var kernel = settings.Size("kernel");
                var stride = settings.Size("stride", kernel);
                var padding = settings.Count("padding", 0);
                if (!settings.Ok || !RequireRank(layer, label, input, 2, 3))
                {
                    return null;
                }

                if (padding * 2 > kernel)
                {
                    context.Report(DiagnosticDescriptors.OutOfRange, settings.Node("padding")!, $"{label}.padding", $"at most half the kernel ({kernel / 2})", padding.ToString());
                    return null;
                }

                var output = ShapeRules.Convolve(context, layer.KindNode, label, input!, input![0], kernel, stride, padding, 1, same: false);
                if (output is null)
                {
                    return null;
                }

                var type = (layer.Kind, input.Rank) switch
                {
                    ("max-pool", 2) => TypeNames.MaxPool1d,
                    ("max-pool", _) => TypeNames.MaxPool2d,
                    (_, 2) => TypeNames.AvgPool1d,
                    _ => TypeNames.AvgPool2d,
                };
                var args = new List<string> { "kernel_size: " + CSharp.Long(kernel) };
                if (stride != kernel)
                {
                    args.Add("stride: " + CSharp.Long(stride));
                }

                if (padding != 0)
                {
                    args.Add("padding: " + CSharp.Long(padding));
                }

                return Plan(type, $"{TypeNames.Factory(type)}({string.Join(", ", args)})", output);
            }

            case "global-avg-pool":
                return RequireRank(layer, label, input, 2, 3) ? Plan(TypeNames.GlobalAvgPool, $"new {TypeNames.GlobalAvgPool}()", new Shape(input![0])) : null;

            case "flatten":
            {
                if (input is null)
                {
                    return null;
                }

                return Plan(TypeNames.Flatten, TypeNames.Factory(TypeNames.Flatten) + "()", new Shape(input.Elements));
            }

            case "dropout":
            {
                var p = settings.Number("p", 0.5, v => v >= 0 && v < 1, "from 0 up to (not including) 1");
                return settings.Ok && input is not null ? Plan(TypeNames.Dropout, p == 0.5 ? TypeNames.Factory(TypeNames.Dropout) + "()" : $"{TypeNames.Factory(TypeNames.Dropout)}({CSharp.Double(p)})", input) : null;
            }

            case "gru":
            {
                var hidden = settings.Size("hidden");
                var layers = settings.Size("layers", 1);
                if (!settings.Ok || !RequireRank(layer, label, input, 2))
                {
                    return null;
                }

                var factory = layers == 1 ? $"new {TypeNames.SequenceGru}({CSharp.Long(input![0])}, {CSharp.Long(hidden)})" : $"new {TypeNames.SequenceGru}({CSharp.Long(input![0])}, {CSharp.Long(hidden)}, layers: {CSharp.Long(layers)})";
                return Plan(TypeNames.SequenceGru, factory, new Shape(hidden, input[1]));
            }

            case "residual":
            {
                var projection = settings.Flag("projection", false);
                if (!settings.Ok || layer.Body is null || input is null)
                {
                    return null;
                }

                var body = Resolve(layer.Body, layer.Where + ".layers", input, topLevel: false);
                if (body is null)
                {
                    return null;
                }

                var output = body.Value.Output;
                var shortcut = string.Empty;
                if (projection)
                {
                    shortcut = ShapeRules.Projection(input, output) ?? string.Empty;
                    if (shortcut.Length == 0)
                    {
                        context.Report(DiagnosticDescriptors.ResidualShape, layer.KindNode, label, input.ToString(), output.ToString() + " (no 1x1 projection with a whole stride maps one onto the other)");
                        return null;
                    }
                }
                else if (!input.Equals(output))
                {
                    context.Report(DiagnosticDescriptors.ResidualShape, layer.KindNode, label, input.ToString(), output.ToString());
                    return null;
                }

                return new LayerPlan(field, TypeNames.Residual, string.Empty, tap, input, output, body.Value.Layers, shortcut);
            }

            default:
                return null;
        }
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

    private static string RequiredHint(string kind, string key) => (kind, key) switch
    {
        (_, "out") => "how many output channels or features it has, e.g. 'out: 64'",
        (_, "kernel") => "the kernel size, e.g. 'kernel: 3'",
        ("residual", _) => "the layers inside the block, e.g. 'residual: [...]'",
        ("gru", _) => "the size of its hidden state, e.g. 'gru: { hidden: 64 }'",
        _ => "it has no default",
    };
}

/// <summary>A layer after the syntax pass: its kind, its settings by key, its name and body.</summary>
internal sealed record RawLayer(
    string Kind,
    YamlScalar KindNode,
    string Where,
    Dictionary<string, Entry> Settings,
    string? Name,
    YamlValue? NameNode,
    List<RawLayer>? Body);
