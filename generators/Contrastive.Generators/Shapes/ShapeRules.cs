using System.Collections.Generic;
using System.Globalization;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Shapes;

/// <summary>PyTorch's output-size arithmetic for convolutions and pools, and residual projections.</summary>
internal static class ShapeRules
{
    /// <summary>
    /// out = floor((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1 along every spatial
    /// dimension (or out = in with 'same' padding); channels become <paramref name="outChannels"/>.
    /// </summary>
    public static Shape? Convolve(SpecContext context, YamlValue at, string label, Shape input, long outChannels, long kernel, long stride, long padding, long dilation, bool same)
    {
        var dims = new List<long> { outChannels };
        var names = input.DimensionNames();
        for (var axis = 1; axis < input.Rank; axis++)
        {
            var size = input[axis];
            if (same)
            {
                dims.Add(size);
                continue;
            }

            var span = (dilation * (kernel - 1)) + 1;
            var padded = size + (2 * padding);
            if (span > padded)
            {
                var kernelText = dilation == 1 ? kernel.ToString(CultureInfo.InvariantCulture) : $"{kernel} (spanning {span} with dilation {dilation})";
                context.Report(DiagnosticDescriptors.KernelTooLarge, at, label, kernelText, padded.ToString(CultureInfo.InvariantCulture), $"{names[axis].ToLowerInvariant()} {size} + 2 x padding {padding}");
                return null;
            }

            var outSize = ((padded - span) / stride) + 1;
            if (outSize > SpecContext.MaxSize)
            {
                // Padding grows a size; unbounded, a few layers overflow the element count.
                context.Report(DiagnosticDescriptors.OutOfRange, at, $"{label} output {names[axis].ToLowerInvariant()}", $"at most {SpecContext.MaxSize}, as every size in a spec", outSize.ToString(CultureInfo.InvariantCulture));
                return null;
            }

            dims.Add(outSize);
        }

        // Every size stays at least 1: the span fits in the padded input, so (padded - span) / stride >= 0.
        return new Shape(dims.ToArray());
    }

    /// <summary>
    /// The shortcut of a residual block whose body maps <paramref name="input"/> to
    /// <paramref name="output"/>: a bias-free linear map for vectors, a 1x1 convolution with the one
    /// whole stride that gives the body's output size otherwise; null when there is none.
    /// </summary>
    public static string? Projection(Shape input, Shape output)
    {
        if (input.Rank != output.Rank)
        {
            return null;
        }

        if (input.Rank == 1)
        {
            return $"{TypeNames.Factory(TypeNames.Linear)}({input[0]}, {output[0]}, hasBias: false)";
        }

        for (long stride = 1; stride <= input[1]; stride++)
        {
            var fits = true;
            for (var axis = 1; axis < input.Rank; axis++)
            {
                fits &= ((input[axis] - 1) / stride) + 1 == output[axis];
            }

            if (fits)
            {
                var type = input.Rank == 2 ? TypeNames.Conv1d : TypeNames.Conv2d;
                var strideText = stride == 1 ? string.Empty : $", stride: {stride}";
                return $"{TypeNames.Factory(type)}({input[0]}, {output[0]}, kernel_size: 1{strideText}, bias: false)";
            }
        }

        return null;
    }
}
