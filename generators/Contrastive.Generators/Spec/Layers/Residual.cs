using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Shapes;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>'residual': Contrastive.Layers.Residual, body(x) + x or + a 1x1 projection of x.</summary>
internal sealed class Residual : LayerKind
{
    public static readonly LayerSetting Body = LayerSetting.Needed("layers", SettingType.Layers, "The block's body.", "the layers inside the block, e.g. 'residual: [...]'");
    public static readonly LayerSetting Projection = LayerSetting.Optional("projection", SettingType.Flag, "false", "Add a bias-free projection shortcut (nn.Linear for vectors, a 1x1 convolution with a whole stride otherwise) so the body may change the shape.");

    private Residual()
        : base("residual", "A residual block (Contrastive.Layers.Residual): output = body(x) + x, or + a 1x1 projection of x with 'projection: true'.", "residual",
            new[] { TypeNames.Residual }, new[] { Body, Projection }, shorthand: "layers")
    {
    }

    public static Residual Kind { get; } = new();

    public override string? ParameterKey(LayerPlan layer) =>
        layer.Body.Select(LayerKinds.ParameterKey).FirstOrDefault(k => k is not null) is { } inner ? $"{layer.Field}.body.{inner}" : null;

    public override LayerPlan? Resolve(LayerResolution layer)
    {
        var projection = layer.Settings.Flag(Projection);
        var input = layer.Input;
        if (!layer.Settings.Ok || layer.Raw.Body is null || input is null)
        {
            return null;
        }

        var body = layer.ResolveBody(input);
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
                layer.Context.Report(DiagnosticDescriptors.ResidualShape, layer.Raw.KindNode, layer.Label, input.ToString(), output.ToString() + " (no 1x1 projection with a whole stride maps one onto the other)");
                return null;
            }
        }
        else if (!input.Equals(output))
        {
            layer.Context.Report(DiagnosticDescriptors.ResidualShape, layer.Raw.KindNode, layer.Label, input.ToString(), output.ToString());
            return null;
        }

        return new LayerPlan(layer.Field, TypeNames.Residual, string.Empty, layer.Tap, input, output, body.Value.Layers, shortcut);
    }
}
