using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Shapes;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>
/// 'conv' (a sequence or an image, by the input's rank), 'conv1d' and 'conv2d': nn.Conv1d or nn.Conv2d.
/// </summary>
internal sealed class Convolution : LayerKind
{
    public static readonly LayerSetting Out = LayerSetting.Needed("out", SettingType.Size, "Output channels.", "how many output channels or features it has, e.g. 'out: 64'");
    public static readonly LayerSetting Kernel = LayerSetting.Needed("kernel", SettingType.Size, "Kernel size (the same along every spatial axis).", "the kernel size, e.g. 'kernel: 3'");
    public static readonly LayerSetting Stride = LayerSetting.Optional("stride", SettingType.Size, "1", "Stride.");
    public static readonly LayerSetting Padding = LayerSetting.Optional("padding", SettingType.Padding, "0", "Zero padding on each side, in samples or pixels (default 0), or 'same' to keep the length/height/width (only with stride 1).");
    public static readonly LayerSetting Dilation = LayerSetting.Optional("dilation", SettingType.Size, "1", "Spacing between kernel taps.");
    public static readonly LayerSetting Groups = LayerSetting.Optional("groups", SettingType.Size, "1", "Blocked connections; must divide both the input channels and 'out'.");
    public static readonly LayerSetting Bias = LayerSetting.Optional("bias", SettingType.Flag, "true", "Whether the convolution has a bias.");

    private readonly int[] ranks;

    private Convolution(string key, string summary, int[] ranks, string[] fieldTypes)
        : base(key, summary, "conv", fieldTypes, new[] { Out, Kernel, Stride, Padding, Dilation, Groups, Bias }) =>
        this.ranks = ranks;

    public static Convolution Either { get; } = new("conv", "A convolution over a sequence [C, L] (nn.Conv1d) or an image [C, H, W] (nn.Conv2d), chosen by the input's rank.", new[] { 2, 3 }, new[] { TypeNames.Conv1d, TypeNames.Conv2d });

    public static Convolution OneD { get; } = new("conv1d", "A 1-D convolution (nn.Conv1d); input must be a sequence [C, L].", new[] { 2 }, new[] { TypeNames.Conv1d });

    public static Convolution TwoD { get; } = new("conv2d", "A 2-D convolution (nn.Conv2d); input must be an image [C, H, W].", new[] { 3 }, new[] { TypeNames.Conv2d });

    public override string? ParameterKey(LayerPlan layer) => layer.Field + ".weight";

    public override (PositionMixing Mixing, string Detail) Mixes(LayerSettings settings)
    {
        var kernel = settings.Whole(Kernel);
        var stride = settings.Whole(Stride);
        return (kernel != 1 || stride != 1 ? PositionMixing.Neighbours : PositionMixing.None, $" with kernel {kernel} and stride {stride}");
    }

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var settings = layer.Settings;
        var label = layer.Label;
        var outChannels = settings.Whole(Out);
        var kernel = settings.Whole(Kernel);
        var stride = settings.Whole(Stride);
        var padding = settings.Padding();
        var dilation = settings.Whole(Dilation);
        var groups = settings.Whole(Groups);
        var bias = settings.Flag(Bias);
        if (!settings.Ok || !layer.RequireRank(ranks))
        {
            return null;
        }

        var input = layer.Input!;
        var same = padding == -1;
        if (same && stride != 1)
        {
            layer.Context.Report(DiagnosticDescriptors.OutOfRange, settings.Node("padding")!, $"{label}.padding", "a number of pixels when stride is not 1 ('same' keeps the size only with stride 1)", "same");
            return null;
        }

        if (input[0] % groups != 0 || outChannels % groups != 0)
        {
            layer.Context.Report(DiagnosticDescriptors.OutOfRange, settings.Node("groups")!, $"{label}.groups", $"a divisor of both the input channels {input[0]} and 'out' {outChannels}", groups.ToString());
            return null;
        }

        var output = ShapeRules.Convolve(layer.Context, layer.Raw.KindNode, label, input, outChannels, kernel, stride, same ? 0 : padding, dilation, same);
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

        return layer.Plan(type, $"{TypeNames.Factory(type)}({string.Join(", ", args)})", output);
    }
}
