using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>'gru': Contrastive.Layers.SequenceGru over a sequence, [C, L] to [hidden, L].</summary>
internal sealed class Gru : LayerKind
{
    public static readonly LayerSetting Hidden = LayerSetting.Needed("hidden", SettingType.Size, "Size of the hidden state.", "the size of its hidden state, e.g. 'gru: { hidden: 64 }'");
    public static readonly LayerSetting Layers = LayerSetting.Optional("layers", SettingType.Size, "1", "Stacked GRU layers.");

    private Gru()
        : base("gru", "A GRU over a sequence (Contrastive.Layers.SequenceGru): [C, L] becomes [hidden, L].", "gru", new[] { TypeNames.SequenceGru }, new[] { Hidden, Layers }, shorthand: "hidden")
    {
    }

    public static Gru Kind { get; } = new();

    public override string? ParameterKey(LayerPlan layer) => layer.Field + ".gru.weight_ih_l0";

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var hidden = layer.Settings.Whole(Hidden);
        var layers = layer.Settings.Whole(Layers);
        if (!layer.Settings.Ok || !layer.RequireRank(2))
        {
            return null;
        }

        var input = layer.Input!;
        var factory = layers == 1 ? $"new {TypeNames.SequenceGru}({CSharp.Long(input[0])}, {CSharp.Long(hidden)})" : $"new {TypeNames.SequenceGru}({CSharp.Long(input[0])}, {CSharp.Long(hidden)}, layers: {CSharp.Long(layers)})";
        return layer.Plan(TypeNames.SequenceGru, factory, new Shape(hidden, input[1]));
    }
}
