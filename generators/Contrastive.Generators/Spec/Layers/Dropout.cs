using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>'dropout': nn.Dropout; any input, the same shape out.</summary>
internal sealed class Dropout : LayerKind
{
    public static readonly LayerSetting P = LayerSetting.Optional("p", SettingType.Probability, "0.5", "Probability of zeroing an element, from 0 up to (not including) 1.");

    private Dropout()
        : base("dropout", "nn.Dropout; any input, same shape out.", "dropout", new[] { TypeNames.Dropout }, new[] { P }, shorthand: "p")
    {
    }

    public static Dropout Kind { get; } = new();

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var p = layer.Settings.Real(P);
        var factory = TypeNames.Factory(TypeNames.Dropout);
        return layer.Settings.Ok && layer.Input is not null ? layer.Plan(TypeNames.Dropout, p == P.Real ? factory + "()" : $"{factory}({CSharp.Double(p)})", layer.Input) : null;
    }
}
