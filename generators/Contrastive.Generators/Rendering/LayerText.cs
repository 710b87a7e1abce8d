using System.Collections.Generic;
using System.Linq;
using System.Text;
using Contrastive.Generators.Model;

namespace Contrastive.Generators.Rendering;

/// <summary>The C# lines of a part that depend on its layers: field constructions and forward steps.</summary>
internal static class LayerText
{
    /// <summary>"conv1 = global::TorchSharp.torch.nn.Conv2d(1, 32, kernel_size: 3);" with residual bodies spread over lines.</summary>
    public static string Construction(LayerPlan layer, string indent) =>
        $"{layer.Field} = {Factory(layer, indent)};";

    /// <summary>The forward pass, one line per layer, each with the shape it produces.</summary>
    public static IReadOnlyList<string> ForwardLines(PartPlan part)
    {
        var code = new List<string>();
        var comments = new List<string>();
        for (var i = 0; i < part.Layers.Count; i++)
        {
            var layer = part.Layers[i];
            code.Add(i == 0 ? $"var x = {layer.Field}.call(input);" : $"x = {layer.Field}.call(x);");
            comments.Add("// " + layer.Output.WithBatch());
            if (layer.Tap.Length > 0)
            {
                code.Add($"var {TapLocal(layer)} = x;");
                comments.Add(string.Empty);
            }
        }

        var width = code.Max(c => c.Length) + 3;
        return code.Select((c, i) => comments[i].Length == 0 ? c : c.PadRight(width) + comments[i]).ToList();
    }

    /// <summary>The local that holds a tapped layer's output: "local" → "localTap".</summary>
    public static string TapLocal(LayerPlan layer) => char.ToLowerInvariant(layer.Tap[0]) + layer.Tap.Substring(1) + "Tap";

    private static string Factory(LayerPlan layer, string indent)
    {
        if (layer.FieldType != TypeNames.Residual)
        {
            return layer.Factory;
        }

        var inner = indent + "    ";
        var body = new StringBuilder();
        body.Append("new ").Append(TypeNames.Residual).Append("(\n").Append(inner).Append(TypeNames.Sequential).Append('(');
        for (var i = 0; i < layer.Body.Count; i++)
        {
            var child = layer.Body[i];
            body.Append('\n').Append(inner).Append("    (")
                .Append(CSharp.String(child.Field)).Append(", ")
                .Append(Factory(child, inner + "    "))
                .Append(i == layer.Body.Count - 1 ? "))" : "),");
        }

        if (layer.Projection.Length > 0)
        {
            body.Append(",\n").Append(inner).Append("projection: ").Append(layer.Projection);
        }

        return body.Append(')').ToString();
    }
}
