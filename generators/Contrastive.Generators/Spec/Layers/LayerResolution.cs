using System;
using Contrastive.Generators.Model;
using Contrastive.Generators.Shapes;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>One layer being resolved: its settings, its input shape and the reader's helpers.</summary>
internal sealed class LayerResolution
{
    private readonly Func<int[], bool> requireRank;
    private readonly Func<Shape, (EquatableArray<LayerPlan> Layers, Shape Output)?> resolveBody;

    public LayerResolution(SpecContext context, RawLayer raw, string field, string tap, string label, Shape? input,
        Func<int[], bool> requireRank, Func<Shape, (EquatableArray<LayerPlan> Layers, Shape Output)?> resolveBody)
    {
        Context = context;
        Raw = raw;
        Field = field;
        Tap = tap;
        Label = label;
        Input = input;
        Settings = new LayerSettings(context, raw, label);
        this.requireRank = requireRank;
        this.resolveBody = resolveBody;
    }

    public SpecContext Context { get; }

    public RawLayer Raw { get; }

    public string Field { get; }

    public string Tap { get; }

    /// <summary>"encoder[2] (conv)": how messages name the layer.</summary>
    public string Label { get; }

    /// <summary>The input shape, null when an earlier layer failed (settings are still checked).</summary>
    public Shape? Input { get; }

    public LayerSettings Settings { get; }

    /// <summary>Whether the input has one of these ranks; reports CTK-layer-rank otherwise (false also when the input is unknown).</summary>
    public bool RequireRank(params int[] ranks) => requireRank(ranks);

    /// <summary>Resolves a residual block's body from <paramref name="input"/>.</summary>
    public (EquatableArray<LayerPlan> Layers, Shape Output)? ResolveBody(Shape input) => resolveBody(input);

    public LayerPlan Plan(string type, string factory, Shape output) =>
        new(Field, type, factory, Tap, Input!, output, EquatableArray<LayerPlan>.Empty, string.Empty);
}
