using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>
/// Reads 'augment' (the steps that make one view) into the C# of the runtime's <c>ViewPipeline</c>.
/// Ranges and defaults mirror the runtime records, which validate again when constructed.
/// </summary>
internal static class AugmentReader
{
    private static readonly Dictionary<string, string[]> Keys = new()
    {
        ["random-resized-crop"] = new[] { "scale", "ratio" },
        ["horizontal-flip"] = new[] { "p" },
        ["color-jitter"] = new[] { "brightness", "contrast", "p" },
        ["gaussian-blur"] = new[] { "sigma", "p" },
        ["gaussian-noise"] = new[] { "std", "p" },
        ["random-erasing"] = new[] { "p", "scale" },
        ["rotate90"] = new[] { "p" },
    };

    public static string? Read(SpecContext context, YamlValue value)
    {
        var list = context.List(value, "'augment'", "[{ random-resized-crop: { scale: [0.5, 1.0] } }, horizontal-flip]");
        if (list is null)
        {
            return null;
        }

        var steps = new List<string>();
        var ok = true;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var step = ReadStep(context, list.Items[i], $"augment[{i}]");
            ok &= step is not null;
            if (step is not null)
            {
                steps.Add(step);
            }
        }

        if (!ok)
        {
            return null;
        }

        return steps.Count == 0
            ? TypeNames.ViewPipeline + ".Identity"
            : $"new {TypeNames.ViewPipeline}(new {TypeNames.AugmentStep}[]\n{{\n" + string.Concat(steps.Select(s => "    " + s + ",\n")) + "})";
    }

    private static string? ReadStep(SpecContext context, YamlValue item, string where)
    {
        if (context.NamedItem(item, where, "an augmentation such as 'horizontal-flip' or 'gaussian-noise: { std: 0.1 }'") is not var (kindNode, argument))
        {
            return null;
        }

        var kind = kindNode.Value;
        if (!Keys.TryGetValue(kind, out var allowed))
        {
            context.Report(Diagnostics.DiagnosticDescriptors.UnknownValue, kindNode, "augmentation", kind, Suggestions.For(kind, Vocabulary.AugmentSteps));
            return null;
        }

        var label = $"{where} ({kind})";
        var settings = new Dictionary<string, Entry>();
        if (argument is YamlMapping arguments)
        {
            settings = context.Keys(arguments, label, allowed);
        }
        else if (argument is not null && argument is not YamlScalar { IsNull: true })
        {
            // "horizontal-flip: 0.3" is the probability; a step without one takes a mapping only.
            if (!allowed.Contains("p"))
            {
                context.Report(Diagnostics.DiagnosticDescriptors.WrongType, argument, label, $"a mapping of its settings ({string.Join(", ", allowed)})", argument.Describe());
                return null;
            }

            settings["p"] = new Entry(kindNode, argument);
        }

        var ok = true;
        double Number(string key, double fallback, System.Func<double, bool> valid, string range)
        {
            if (!settings.TryGetValue(key, out var entry))
            {
                return fallback;
            }

            var value = context.Number(entry.Value, $"{label}.{key}", valid, range);
            ok &= value is not null;
            return value ?? fallback;
        }

        (double, double) Interval(string key, (double, double) fallback, System.Func<double, bool> valid, string range)
        {
            if (!settings.TryGetValue(key, out var entry))
            {
                return fallback;
            }

            var value = context.Interval(entry.Value, $"{label}.{key}", valid, range);
            ok &= value is not null;
            return value ?? fallback;
        }

        double P(double fallback) => Number("p", fallback, v => v >= 0 && v <= 1, "from 0 to 1");
        const string Fraction = "greater than 0 and at most 1";
        string text;
        switch (kind)
        {
            case "random-resized-crop":
            {
                var scale = Interval("scale", (0.08, 1.0), v => v > 0 && v <= 1, Fraction);
                var ratio = Interval("ratio", (0.75, 4.0 / 3.0), v => v > 0 && v <= 100, "greater than 0 and at most 100");
                text = $"new {TypeNames.RandomResizedCrop}(MinScale: {CSharp.Double(scale.Item1)}, MaxScale: {CSharp.Double(scale.Item2)}, MinRatio: {CSharp.Double(ratio.Item1)}, MaxRatio: {CSharp.Double(ratio.Item2)})";
                break;
            }

            case "horizontal-flip":
                text = $"new {TypeNames.HorizontalFlip}(P: {CSharp.Double(P(0.5))})";
                break;
            case "color-jitter":
            {
                var brightness = Number("brightness", 0.4, v => v >= 0 && v <= 1, "from 0 to 1");
                var contrast = Number("contrast", 0.4, v => v >= 0 && v <= 1, "from 0 to 1");
                text = $"new {TypeNames.ColorJitter}(Brightness: {CSharp.Double(brightness)}, Contrast: {CSharp.Double(contrast)}, P: {CSharp.Double(P(0.8))})";
                break;
            }

            case "gaussian-blur":
            {
                var sigma = Interval("sigma", (0.1, 2.0), v => v > 0 && v <= 100, "greater than 0 and at most 100");
                text = $"new {TypeNames.GaussianBlur}(MinSigma: {CSharp.Double(sigma.Item1)}, MaxSigma: {CSharp.Double(sigma.Item2)}, P: {CSharp.Double(P(0.5))})";
                break;
            }

            case "gaussian-noise":
            {
                var std = Number("std", 0.05, v => v >= 0 && v <= 100, "from 0 to 100");
                text = $"new {TypeNames.GaussianNoise}(Std: {CSharp.Double(std)}, P: {CSharp.Double(P(0.5))})";
                break;
            }

            case "random-erasing":
            {
                var scale = Interval("scale", (0.02, 0.33), v => v > 0 && v <= 1, Fraction);
                text = $"new {TypeNames.RandomErasing}(P: {CSharp.Double(P(0.25))}, MinScale: {CSharp.Double(scale.Item1)}, MaxScale: {CSharp.Double(scale.Item2)})";
                break;
            }

            default:
                text = $"new {TypeNames.Rotate90}(P: {CSharp.Double(P(1.0))})";
                break;
        }

        return ok ? text : null;
    }
}
