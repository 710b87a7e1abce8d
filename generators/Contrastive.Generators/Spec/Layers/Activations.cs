using System;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>An activation without settings ('relu', 'gelu', 'tanh', 'sigmoid'): any input, the same shape out.</summary>
internal sealed class Activation : LayerKind
{
    private readonly string type;

    private Activation(string key, string type)
        : base(key, $"nn.{type.Substring(type.LastIndexOf('.') + 1)}; any input, same shape out.", key, new[] { type }, Array.Empty<LayerSetting>()) =>
        this.type = type;

    public static Activation ReLU { get; } = new("relu", TypeNames.ReLU);

    public static Activation GELU { get; } = new("gelu", TypeNames.GELU);

    public static Activation Tanh { get; } = new("tanh", TypeNames.Tanh);

    public static Activation Sigmoid { get; } = new("sigmoid", TypeNames.Sigmoid);

    public override LayerPlan? Resolve(LayerResolution layer) =>
        layer.Input is null ? null : layer.Plan(type, TypeNames.Factory(type) + "()", layer.Input);
}

/// <summary>'leaky-relu': nn.LeakyReLU with its negative slope.</summary>
internal sealed class LeakyReLU : LayerKind
{
    public static readonly LayerSetting Slope = LayerSetting.Optional("slope", SettingType.NonNegative, "0.01", "Slope for negative inputs.");

    private LeakyReLU()
        : base("leaky-relu", "nn.LeakyReLU; any input, same shape out.", "leakyrelu", new[] { TypeNames.LeakyReLU }, new[] { Slope }, shorthand: "slope")
    {
    }

    public static LeakyReLU Kind { get; } = new();

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var slope = layer.Settings.Real(Slope);
        if (!layer.Settings.Ok || layer.Input is null)
        {
            return null;
        }

        var factory = TypeNames.Factory(TypeNames.LeakyReLU);
        return layer.Plan(TypeNames.LeakyReLU, slope == Slope.Real ? factory + "()" : $"{factory}(negative_slope: {CSharp.Double(slope)})", layer.Input);
    }
}
