using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>'batchnorm': nn.BatchNorm1d for [F] and [C, L], nn.BatchNorm2d for [C, H, W].</summary>
internal sealed class BatchNorm : LayerKind
{
    public static readonly LayerSetting Eps = LayerSetting.Optional("eps", SettingType.Positive, "1e-5", "Added to the variance.");
    public static readonly LayerSetting Momentum = LayerSetting.Optional("momentum", SettingType.Fraction, "0.1", "Weight of the newest batch in the running statistics.");

    private BatchNorm()
        : base("batchnorm", "Batch normalisation over channels: nn.BatchNorm1d for [F] and [C, L], nn.BatchNorm2d for [C, H, W].", "batchnorm",
            new[] { TypeNames.BatchNorm1d, TypeNames.BatchNorm2d }, new[] { Eps, Momentum })
    {
    }

    public static BatchNorm Kind { get; } = new();

    public override string? ParameterKey(LayerPlan layer) => layer.Field + ".weight";

    public override (PositionMixing Mixing, string Detail) Mixes(LayerSettings settings) => (PositionMixing.BatchStatistics, string.Empty);

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var eps = layer.Settings.Real(Eps);
        var momentum = layer.Settings.Real(Momentum);
        if (!layer.Settings.Ok || !layer.RequireRank(1, 2, 3))
        {
            return null;
        }

        var input = layer.Input!;
        var type = input.Rank == 3 ? TypeNames.BatchNorm2d : TypeNames.BatchNorm1d;
        var args = new List<string> { CSharp.Long(input[0]) };
        if (eps != Eps.Real)
        {
            args.Add("eps: " + CSharp.Double(eps));
        }

        if (momentum != Momentum.Real)
        {
            args.Add("momentum: " + CSharp.Double(momentum));
        }

        return layer.Plan(type, $"{TypeNames.Factory(type)}({string.Join(", ", args)})", input);
    }
}

/// <summary>'layernorm': Contrastive.Layers.ChannelLayerNorm, layer norm over the channels of each position.</summary>
internal sealed class LayerNorm : LayerKind
{
    public static readonly LayerSetting Eps = BatchNorm.Eps;

    private LayerNorm()
        : base("layernorm", "Layer normalisation over the channel dimension (Contrastive.Layers.ChannelLayerNorm), for [F], [C, L] and [C, H, W].", "layernorm", new[] { TypeNames.ChannelLayerNorm }, new[] { Eps })
    {
    }

    public static LayerNorm Kind { get; } = new();

    public override string? ParameterKey(LayerPlan layer) => layer.Field + ".weight";

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var eps = layer.Settings.Real(Eps);
        if (!layer.Settings.Ok || !layer.RequireRank(1, 2, 3))
        {
            return null;
        }

        var channels = CSharp.Long(layer.Input![0]);
        var factory = eps != Eps.Real ? $"new {TypeNames.ChannelLayerNorm}({channels}, eps: {CSharp.Double(eps)})" : $"new {TypeNames.ChannelLayerNorm}({channels})";
        return layer.Plan(TypeNames.ChannelLayerNorm, factory, layer.Input);
    }
}
