using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Model;
using Scriban.Runtime;

namespace Contrastive.Generators.Rendering;

/// <summary>Turns a <see cref="ModelPlan"/> into source files: one per part, the options record and the method class.</summary>
internal static class ModelRenderer
{
    public static IEnumerable<(string HintName, string Source)> Render(ModelPlan plan)
    {
        foreach (var part in plan.Parts)
        {
            yield return ($"{part.TypeName}.g.cs", RenderPart(plan, part));
        }

        yield return ($"{plan.Name}Options.g.cs", RenderOptions(plan));
        yield return ($"{plan.Name}.g.cs", RenderMethod(plan));
    }

    public static string RenderRegistry(string ns, IEnumerable<RegistryEntry> entries)
    {
        var models = entries
            .OrderBy(e => e.Name, System.StringComparer.Ordinal)
            .Select(e => Object(
                ("name_literal", CSharp.String(e.Name)),
                ("method_literal", CSharp.String(e.Method)),
                ("description_literal", CSharp.String(e.Description)),
                ("spec_literal", CSharp.String(e.SpecPath)),
                ("type", $"global::{e.Namespace}.{e.Name}")))
            .ToList();
        var model = Object(("namespace", ns), ("models", models));
        return Templates.Render("Registry", model);
    }

    private static string RenderPart(ModelPlan plan, PartPlan part)
    {
        var fieldWidth = part.Layers.Max(l => l.FieldType.Length + l.Field.Length) + 22;
        var fields = part.Layers.Select(l => Object(
            ("type", l.FieldType),
            ("name", l.Field),
            ("padding", new string(' ', fieldWidth - (l.FieldType.Length + l.Field.Length + 18))),
            ("shapes", $"{l.Input.WithBatch()} -> {l.Output.WithBatch()}"))).ToList();
        var taps = part.Layers.Where(l => l.Tap.Length > 0).ToList();
        var model = Common(plan);
        Add(model,
            ("role_lower", part.Key),
            ("type_name", part.TypeName),
            ("input", part.Input.ToString()),
            ("output", part.Output.ToString()),
            ("input_batch", part.Input.WithBatch()),
            ("output_batch", part.Output.WithBatch()),
            ("input_dims", string.Join(", ", part.Input.Dims)),
            ("output_dims", string.Join(", ", part.Output.Dims)),
            ("first_key", FirstKey(part)),
            ("constants", Constants(part.Input, "Input", "of one input sample").Concat(Constants(part.Output, "Output", "of one output sample")).ToList()),
            ("fields", fields),
            ("constructions", part.Layers.Select(l => LayerText.Construction(l, string.Empty)).ToList()),
            ("forward", LayerText.ForwardLines(part).ToList()),
            ("taps", taps.Select(t => Object(("name", t.Tap), ("layer", t.Field), ("shape", t.Output.WithBatch()))).ToList()),
            ("tap_arguments", string.Join(", ", taps.Select(LayerText.TapLocal).Concat(new[] { "x" }))),
            ("tap_parameters", string.Join(", ", taps.Select(t => "Tensor " + t.Tap).Concat(new[] { "Tensor Output" }))));
        return Templates.Render("Part", model);
    }

    private static string RenderOptions(ModelPlan plan)
    {
        var model = Common(plan);
        Add(model, ("options", plan.Options.Select(o => Object(
            ("name", o.Name),
            ("type", o.Type),
            ("value", o.Value.Replace("\n", "\n    ")),
            ("summary", CSharp.DocText(o.Summary)))).ToList()));
        return Templates.Render("Options", model);
    }

    private static string RenderMethod(ModelPlan plan)
    {
        var model = Common(plan);
        var encoder = plan.Parts.First(p => p.Key == "encoder");
        var constants = Constants(plan.Input, "Input", "of one input sample").ToList();
        var description = CSharp.Wrap(plan.Description.Length > 0 ? plan.Description : $"The model '{plan.Name}'.");
        Add(model, ("description", description.ToList()));
        switch (plan.Method)
        {
            case "simclr":
            {
                var projector = plan.Parts.FirstOrDefault(p => p.Key == "projector");
                constants.Add(Constant("FeatureSize", $"{encoder.TypeName}.OutputFeatures", "Size of the encoder's feature vector (what evaluation probes)."));
                constants.Add(Constant("EmbeddingSize", projector is null ? "FeatureSize" : $"{projector.TypeName}.OutputFeatures", "Size of the embeddings NT-Xent compares."));
                Add(model, ("has_projector", projector is not null));
                break;
            }

            case "critic":
            {
                var g = $"new {encoder.TypeName}()";
                var (factory, doc) = plan.Variant switch
                {
                    "separable" => ($"new SeparableCritic({g}, {g})", "f(x, y) = g(x)ᵀh(y), with g and h two networks of the encoder's architecture."),
                    "bilinear" => ($"new BilinearCritic({g}, {g}, {encoder.TypeName}.OutputFeatures, {encoder.TypeName}.OutputFeatures)", "f(x, y) = g(x)ᵀW h(y), with g and h two networks of the encoder's architecture."),
                    "cosine" => ($"new CosineCritic({g}, {g}, options.Temperature)", "f(x, y) = cos(g(x), h(y)) / τ, with g and h two networks of the encoder's architecture."),
                    _ => ($"new ConcatCritic({g})", "f(x, y) is the encoder applied to the concatenated pair [x, y]."),
                };
                var arguments = new List<string>();
                var head = plan.Parts.FirstOrDefault(p => p.Key == "head");
                if (head is not null)
                {
                    arguments.Add($"baseline: new {head.TypeName}()");
                }

                foreach (var option in plan.Options)
                {
                    switch (option.Name)
                    {
                        case "Alpha": arguments.Add("alpha: options.Alpha"); break;
                        case "SmileTau": arguments.Add("smileTau: options.SmileTau"); break;
                        case "MineMomentum": arguments.Add("mineMomentum: options.MineMomentum"); break;
                    }
                }

                if (plan.Variant != "concat")
                {
                    constants.Add(Constant("EmbeddingSize", $"{encoder.TypeName}.OutputFeatures", "Size of the embeddings g(x) and h(y) the critic compares."));
                }

                Add(model, ("critic_factory", factory), ("critic_doc", CSharp.DocText(doc)), ("base_arguments", arguments));
                break;
            }
        }

        Add(model, ("constants", constants));
        return Templates.Render("Methods/" + plan.Method, model);
    }

    private static ScriptObject Common(ModelPlan plan)
    {
        var header = Templates.Render("Header", Object(("spec_path", CSharp.DocText(plan.SpecPath)))).TrimEnd('\n');
        return Object(
            ("header", header),
            ("namespace", plan.Namespace),
            ("model", plan.Name),
            ("spec_path", CSharp.DocText(plan.SpecPath)));
    }

    private static IEnumerable<ScriptObject> Constants(Shape shape, string prefix, string what) =>
        shape.DimensionNames().Select((name, i) => Constant(prefix + name, CSharp.Long(shape[i]), $"{name} {what}."));

    private static ScriptObject Constant(string name, string value, string doc) =>
        Object(("name", name), ("value", value), ("doc", CSharp.DocText(doc)));

    // The checkpoint key of the part's first parameter, shown in the docs so keys are discoverable.
    private static string FirstKey(PartPlan part) =>
        part.Layers.Select(l => ParameterKey(l)).FirstOrDefault(k => k is not null) is { } key ? $"{part.CheckpointPrefix}.{key}" : $"{part.CheckpointPrefix} (no parameters)";

    private static string? ParameterKey(LayerPlan layer) => layer.FieldType switch
    {
        "Conv1d" or "Conv2d" or "Linear" or "BatchNorm1d" or "BatchNorm2d" or "ChannelLayerNorm" => layer.Field + ".weight",
        "SequenceGru" => layer.Field + ".gru.weight_ih_l0",
        "Residual" => layer.Body.Select(b => ParameterKey(b)).FirstOrDefault(k => k is not null) is { } inner ? $"{layer.Field}.body.{inner}" : null,
        _ => null,
    };

    private static ScriptObject Object(params (string Key, object? Value)[] members)
    {
        var result = new ScriptObject();
        Add(result, members);
        return result;
    }

    private static void Add(ScriptObject target, params (string Key, object? Value)[] members)
    {
        foreach (var (key, value) in members)
        {
            target[key] = value;
        }
    }
}
