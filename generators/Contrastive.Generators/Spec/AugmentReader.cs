using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Vocabularies;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>
/// Reads 'augment' (the steps that make one view) into the C# of the runtime's <c>ViewPipeline</c>.
/// Keys, ranges and defaults are the augment step definitions (<see cref="Definitions.AugmentSteps"/>),
/// which the runtime records check their values against too.
/// </summary>
internal static class AugmentReader
{
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
        if (Definitions.FindAugmentStep(kind) is not { } definition)
        {
            context.Report(Diagnostics.DiagnosticDescriptors.UnknownValue, kindNode, "augmentation", kind, Suggestions.For(kind, Vocabulary.AugmentSteps));
            return null;
        }

        var allowed = definition.Keys.ToArray();

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
        string Number(string key)
        {
            var setting = definition[key];
            if (!settings.TryGetValue(key, out var entry))
            {
                return CSharp.Double(setting.Default);
            }

            var value = context.Number(entry.Value, $"{label}.{key}", setting.Range.Contains, setting.Range.Text);
            ok &= value is not null;
            return CSharp.Double(value ?? setting.Default);
        }

        (string Low, string High) Interval(string key)
        {
            var setting = definition[key];
            if (!settings.TryGetValue(key, out var entry))
            {
                return (CSharp.Double(setting.Default), CSharp.Double(setting.DefaultHigh));
            }

            var value = context.Interval(entry.Value, $"{label}.{key}", setting.Range.Contains, setting.Range.Text);
            ok &= value is not null;
            return value is { } v ? (CSharp.Double(v.Low), CSharp.Double(v.High)) : (CSharp.Double(setting.Default), CSharp.Double(setting.DefaultHigh));
        }

        string text;
        switch (kind)
        {
            case "random-resized-crop":
            {
                var scale = Interval("scale");
                var ratio = Interval("ratio");
                text = $"new {TypeNames.RandomResizedCrop}(MinScale: {scale.Low}, MaxScale: {scale.High}, MinRatio: {ratio.Low}, MaxRatio: {ratio.High})";
                break;
            }

            case "horizontal-flip":
                text = $"new {TypeNames.HorizontalFlip}(P: {Number("p")})";
                break;
            case "color-jitter":
                text = $"new {TypeNames.ColorJitter}(Brightness: {Number("brightness")}, Contrast: {Number("contrast")}, P: {Number("p")})";
                break;
            case "gaussian-blur":
            {
                var sigma = Interval("sigma");
                text = $"new {TypeNames.GaussianBlur}(MinSigma: {sigma.Low}, MaxSigma: {sigma.High}, P: {Number("p")})";
                break;
            }

            case "gaussian-noise":
                text = $"new {TypeNames.GaussianNoise}(Std: {Number("std")}, P: {Number("p")})";
                break;
            case "random-erasing":
            {
                var p = Number("p");
                var scale = Interval("scale");
                text = $"new {TypeNames.RandomErasing}(P: {p}, MinScale: {scale.Low}, MaxScale: {scale.High})";
                break;
            }

            default:
                text = $"new {TypeNames.Rotate90}(P: {Number("p")})";
                break;
        }

        return ok ? text : null;
    }
}
