using System;
using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods;
using Contrastive.Generators.Vocabularies;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>Reads one spec file into a <see cref="ModelPlan"/> or the diagnostics that say why not.</summary>
internal static class SpecReader
{
    /// <param name="path">The spec's path as the compiler knows it (diagnostics point there).</param>
    /// <param name="relativePath">The path shown in generated code and the registry.</param>
    /// <param name="text">The spec's text.</param>
    /// <param name="defaultNamespace">Namespace for specs without a 'namespace' key.</param>
    public static SpecResult Read(string path, string relativePath, string text, string defaultNamespace)
    {
        var diagnostics = new DiagnosticBag();
        var context = new SpecContext(new SpecText(path, text), diagnostics);
        string? name = null;
        SpecLocation? nameLocation = null;
        try
        {
            var plan = ReadPlan(context, relativePath, defaultNamespace, ref name, ref nameLocation);
            return new SpecResult(path, relativePath, diagnostics.HasErrors ? null : plan, name, nameLocation, diagnostics.ToArray());
        }
        catch (Exception exception)
        {
            // Never let an exception escape into the compiler (it would surface as CS8785 with no
            // location); a CTK099 at the spec says where, and the fuzz tests make sure it never happens.
            diagnostics.Add(DiagnosticDescriptors.InternalError, SpecLocation.FileStart(path), $"{exception.GetType().Name}: {CSharp.DocText(exception.Message)}");
            return new SpecResult(path, relativePath, null, name, nameLocation, diagnostics.ToArray());
        }
    }

    private static ModelPlan? ReadPlan(SpecContext context, string relativePath, string defaultNamespace, ref string? name, ref SpecLocation? nameLocation)
    {
        var root = YamlTree.Parse(context.File, context.Diagnostics);
        if (context.Diagnostics.HasErrors)
        {
            return null;
        }

        if (root is not YamlMapping mapping)
        {
            var found = root is null || root is YamlScalar { IsNull: true } ? "an empty file" : root.Describe();
            context.Diagnostics.Add(DiagnosticDescriptors.NotAMapping, root is null ? SpecLocation.FileStart(context.Path) : context.At(root), found);
            return null;
        }

        var keys = context.Keys(mapping, "the spec", Vocabulary.TopLevelKeys);
        var missing = new[] { "model", "method", "input", "encoder" }.Where(k => !keys.ContainsKey(k)).ToList();
        foreach (var key in missing)
        {
            context.Diagnostics.Add(DiagnosticDescriptors.MissingKey, Locations.Of(context.File, mapping.Start, mapping.Start), "The spec", key, RequiredHint(key));
        }

        if (keys.TryGetValue("model", out var modelEntry))
        {
            name = context.Text(modelEntry.Value, "'model'");
            var problem = name is null ? null : Identifiers.ModelNameProblem(name);
            if (problem is not null)
            {
                context.Report(DiagnosticDescriptors.InvalidIdentifier, modelEntry.Value, "The model name", name!, problem);
                name = null;
            }

            nameLocation = name is null ? null : context.At(modelEntry.Value);
        }

        var description = keys.TryGetValue("description", out var descriptionEntry) ? context.Text(descriptionEntry.Value, "'description'") ?? string.Empty : string.Empty;
        var ns = defaultNamespace;
        if (keys.TryGetValue("namespace", out var namespaceEntry))
        {
            var value = context.Text(namespaceEntry.Value, "'namespace'");
            var problem = value is null ? null : Identifiers.NamespaceProblem(value);
            if (problem is not null)
            {
                context.Report(DiagnosticDescriptors.InvalidIdentifier, namespaceEntry.Value, "The namespace", value!, problem);
            }

            ns = value ?? ns;
        }

        if (name is not null && modelEntry is not null && Identifiers.NamespaceProblem(ns) is null && Identifiers.DeclarationProblem(ns, name) is { } clash)
        {
            context.Report(DiagnosticDescriptors.InvalidIdentifier, modelEntry.Value, "The model name", name, clash);
            name = null;
            nameLocation = null;
        }

        MethodReader? method = null;
        if (keys.TryGetValue("method", out var methodEntry) && context.Text(methodEntry.Value, "'method'") is { } methodName)
        {
            if (!MethodReaders.Available.TryGetValue(methodName, out method))
            {
                context.Report(DiagnosticDescriptors.UnknownMethod, methodEntry.Value, methodName, Suggestions.For(methodName, Vocabulary.Methods));
            }
        }

        var input = keys.TryGetValue("input", out var inputEntry) ? ReadInput(context, inputEntry.Value) : null;
        if (method is null || input is null || name is null || missing.Count > 0)
        {
            // Still check every layer list the method-independent way, so one run reports all mistakes.
            foreach (var part in Vocabulary.Parts.Where(keys.ContainsKey))
            {
                new LayerReader(context).Read(keys[part].Value, part, part == "encoder" ? input : null);
            }

            return null;
        }

        if (!method.InputRanks.Contains(input.Rank))
        {
            var expected = string.Join(" or ", method.InputRanks.Select(rank => rank switch { 1 => "[features]", 2 => "[channels, length]", _ => "[channels, height, width]" }));
            context.Report(DiagnosticDescriptors.InputNotForMethod, inputEntry!.Value, method.InputReason, expected, input.ToString());

            // The layers still get checked against the input as written, so their own mistakes show too.
            new LayerReader(context).Read(keys["encoder"].Value, "encoder", input);
            return null;
        }

        foreach (var part in Vocabulary.Parts.Where(p => keys.ContainsKey(p) && !method.Parts.Contains(p)))
        {
            context.Report(DiagnosticDescriptors.SectionNotUsed, keys[part].Key, method.Key, $"does not use '{part}'; remove it ({method.UnusedPartHint(part)})");
        }

        var data = ReadData(context, keys, method, input);
        var document = new SpecDocument(name, input, inputEntry!.Value, keys, mapping);
        var parts = method.Read(context, document);

        var options = new List<OptionPlan>();
        if (method.UsesAugment)
        {
            if (keys.TryGetValue("augment", out var augmentEntry))
            {
                if (AugmentReader.Read(context, augmentEntry.Value) is { } augment)
                {
                    options.Add(new OptionPlan("Augment", TypeNames.ViewPipeline, augment, "The augmentations that make each view of an image."));
                }
            }
            else if (method.RequiresAugment)
            {
                context.Diagnostics.Add(DiagnosticDescriptors.MissingKey, Locations.Of(context.File, mapping.Start, mapping.Start), $"The method '{method.Key}'", "augment",
                    "it learns by comparing augmented views, e.g. 'augment: [{ random-resized-crop: { scale: [0.5, 1.0] } }, horizontal-flip]'");
            }
            else
            {
                options.Add(new OptionPlan("Augment", TypeNames.ViewPipeline, TypeNames.ViewPipeline + ".Identity", "The augmentations that make each view of an image."));
            }
        }
        else if (keys.TryGetValue("augment", out var unused))
        {
            context.Report(DiagnosticDescriptors.SectionNotUsed, unused.Key, method.Key, "does not make augmented views; remove 'augment'");
        }

        var train = data is null ? null : TrainReader.Read(context, keys.TryGetValue("train", out var trainEntry) ? trainEntry.Value : null, data);
        if (train is not null)
        {
            options.Add(new OptionPlan("Train", TypeNames.TrainOptions, train, "Batch size, epochs, optimizer, schedule, seed and dataset of a training run.", Key: "train", Setter: OptionSetters.Train));
        }

        if (parts is null || context.Diagnostics.HasErrors)
        {
            return null;
        }

        return new ModelPlan(
            relativePath,
            ns,
            name,
            description,
            method.Key,
            parts.Wiring,
            input,
            parts.Parts.ToEquatableArray(),
            parts.Settings.ToEquatableArray(),
            options.ToEquatableArray());
    }

    private static Shape? ReadInput(SpecContext context, YamlValue value)
    {
        if (value is not YamlSequence { Items.Count: >= 1 and <= 3 } list)
        {
            context.Report(DiagnosticDescriptors.InvalidInputShape, value, value is YamlSequence s ? $"a list of {s.Items.Count} sizes" : value.Describe());
            return null;
        }

        var dims = new List<long>();
        foreach (var item in list.Items)
        {
            var size = context.Integer(item, "a size in 'input'", 1, SpecContext.MaxSize);
            if (size is null)
            {
                return null;
            }

            dims.Add(size.Value);
        }

        return new Shape(dims.ToArray());
    }

    private static string? ReadData(SpecContext context, Dictionary<string, Entry> keys, MethodReader method, Shape input)
    {
        if (!keys.TryGetValue("data", out var entry))
        {
            // The first dataset the runtime defines that fits this shape.
            var fitting = Definitions.Datasets.FirstOrDefault(d => d.Fits(input.Dims));
            if (fitting is not null)
            {
                return fitting.Key;
            }

            context.Diagnostics.Add(DiagnosticDescriptors.MissingKey, Locations.Of(context.File, keys.Values.First().Key.Start, keys.Values.First().Key.Start), "The spec", "data",
                $"no built-in dataset is the default for inputs {input}; name one of {string.Join(", ", Definitions.DatasetKeys)}");
            return null;
        }

        var data = context.Choice(entry.Value, "dataset", Definitions.DatasetKeys);
        if (data is null)
        {
            return null;
        }

        var dataset = Definitions.FindDataset(data)!;
        if (!dataset.Fits(input.Dims))
        {
            var gives = dataset.SampleShape is null
                ? dataset.SampleRank switch { 1 => "vectors [features]", 2 => "sequences [channels, length]", _ => "images" }
                : dataset.Gives;
            context.Report(DiagnosticDescriptors.DataMismatch, entry.Value, data, gives, input.ToString());
            return null;
        }

        return data;
    }

    private static string RequiredHint(string key) => key switch
    {
        "model" => "the C# type name of the model, e.g. 'model: SimClrFashion'",
        "method" => "how it learns, one of " + string.Join(", ", Vocabulary.Methods),
        "input" => "the shape of one sample, e.g. 'input: [1, 28, 28]'",
        _ => "the layers of the network that makes the representation",
    };
}
