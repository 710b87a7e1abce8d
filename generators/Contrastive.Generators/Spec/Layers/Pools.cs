using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Shapes;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>'max-pool' and 'avg-pool': nn.MaxPool1d/2d or nn.AvgPool1d/2d by the input's rank.</summary>
internal sealed class Pool : LayerKind
{
    public static readonly LayerSetting Kernel = LayerSetting.Needed("kernel", SettingType.Size, "Window size.", "the kernel size, e.g. 'kernel: 3'");
    public static readonly LayerSetting Stride = LayerSetting.Optional("stride", SettingType.Size, null, "Stride. Default: the kernel size.");
    public static readonly LayerSetting Padding = LayerSetting.Optional("padding", SettingType.Count, "0", "Padding on each side; at most half the kernel.");

    private readonly string sequenceType;
    private readonly string imageType;

    private Pool(string key, string summary, string fieldStem, string sequenceType, string imageType)
        : base(key, summary, fieldStem, new[] { sequenceType, imageType }, new[] { Kernel, Stride, Padding })
    {
        this.sequenceType = sequenceType;
        this.imageType = imageType;
    }

    public static Pool Max { get; } = new("max-pool", "Max pooling (nn.MaxPool1d or nn.MaxPool2d by the input's rank); [C, L] or [C, H, W].", "maxpool", TypeNames.MaxPool1d, TypeNames.MaxPool2d);

    public static Pool Average { get; } = new("avg-pool", "Average pooling (nn.AvgPool1d or nn.AvgPool2d by the input's rank); [C, L] or [C, H, W].", "avgpool", TypeNames.AvgPool1d, TypeNames.AvgPool2d);

    public override (PositionMixing Mixing, string Detail) Mixes(LayerSettings settings) => (PositionMixing.Neighbours, string.Empty);

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var settings = layer.Settings;
        var kernel = settings.Whole(Kernel);
        var stride = settings.Whole(Stride, fallback: kernel);
        var padding = settings.Whole(Padding);
        if (!settings.Ok || !layer.RequireRank(2, 3))
        {
            return null;
        }

        if (padding * 2 > kernel)
        {
            layer.Context.Report(DiagnosticDescriptors.OutOfRange, settings.Node("padding")!, $"{layer.Label}.padding", $"at most half the kernel ({kernel / 2})", padding.ToString());
            return null;
        }

        var input = layer.Input!;
        var output = ShapeRules.Convolve(layer.Context, layer.Raw.KindNode, layer.Label, input, input[0], kernel, stride, padding, 1, same: false);
        if (output is null)
        {
            return null;
        }

        var type = input.Rank == 2 ? sequenceType : imageType;
        var args = new List<string> { "kernel_size: " + CSharp.Long(kernel) };
        if (stride != kernel)
        {
            args.Add("stride: " + CSharp.Long(stride));
        }

        if (padding != 0)
        {
            args.Add("padding: " + CSharp.Long(padding));
        }

        return layer.Plan(type, $"{TypeNames.Factory(type)}({string.Join(", ", args)})", output);
    }
}

/// <summary>'global-avg-pool': Contrastive.Layers.GlobalAvgPool, [C, ...] to [C].</summary>
internal sealed class GlobalAvgPool : LayerKind
{
    private GlobalAvgPool()
        : base("global-avg-pool", "Mean over every spatial position (Contrastive.Layers.GlobalAvgPool): [C, L] or [C, H, W] becomes [C].", "pool", new[] { TypeNames.GlobalAvgPool }, System.Array.Empty<LayerSetting>())
    {
    }

    public static GlobalAvgPool Kind { get; } = new();

    public override (PositionMixing Mixing, string Detail) Mixes(LayerSettings settings) => (PositionMixing.AllPositions, string.Empty);

    public override LayerPlan? Resolve(LayerResolution layer) =>
        layer.RequireRank(2, 3) ? layer.Plan(TypeNames.GlobalAvgPool, $"new {TypeNames.GlobalAvgPool}()", new Shape(layer.Input![0])) : null;
}

/// <summary>'flatten': nn.Flatten, any input to the vector of its values.</summary>
internal sealed class Flatten : LayerKind
{
    private Flatten()
        : base("flatten", "nn.Flatten: any input becomes a vector of all its elements.", "flatten", new[] { TypeNames.Flatten }, System.Array.Empty<LayerSetting>())
    {
    }

    public static Flatten Kind { get; } = new();

    public override (PositionMixing Mixing, string Detail) Mixes(LayerSettings settings) => (PositionMixing.AllPositions, string.Empty);

    public override LayerPlan? Resolve(LayerResolution layer) =>
        layer.Input is null ? null : layer.Plan(TypeNames.Flatten, TypeNames.Factory(TypeNames.Flatten) + "()", new Shape(layer.Input.Elements));
}
