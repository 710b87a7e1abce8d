using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>'linear': nn.Linear on a vector [F].</summary>
internal sealed class Linear : LayerKind
{
    public static readonly LayerSetting Out = Convolution.Out with { Doc = "Output features." };
    public static readonly LayerSetting Bias = LayerSetting.Optional("bias", SettingType.Flag, "true", "Whether the layer has a bias.");

    private Linear()
        : base("linear", "A fully connected layer (nn.Linear) on a vector [F].", "linear", new[] { TypeNames.Linear }, new[] { Out, Bias }, shorthand: "out")
    {
    }

    public static Linear Kind { get; } = new();

    public override string? ParameterKey(LayerPlan layer) => layer.Field + ".weight";

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var outFeatures = layer.Settings.Whole(Out);
        var bias = layer.Settings.Flag(Bias);
        if (!layer.Settings.Ok || !layer.RequireRank(1))
        {
            return null;
        }

        var factory = $"{TypeNames.Factory(TypeNames.Linear)}({CSharp.Long(layer.Input![0])}, {CSharp.Long(outFeatures)}{(bias ? string.Empty : ", hasBias: false")})";
        return layer.Plan(TypeNames.Linear, factory, new Shape(outFeatures));
    }
}
