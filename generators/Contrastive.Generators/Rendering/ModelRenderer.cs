using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Model;
using Contrastive.Generators.Spec.Layers;
using Contrastive.Generators.Spec.Methods;
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
                ("input", string.Join(", ", e.Input.Dims)),
                ("type", $"global::{e.Namespace}.{e.Name}")))
            .ToList();
        var model = Object(("namespace", ns), ("models", models), ("names", Names()));
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
            ("tap_parameters", string.Join(", ", taps.Select(t => t.Tap).Concat(new[] { "Output" }).Select(name => $"{TypeNames.Tensor} {name}"))));
        return Templates.Render("Part", model);
    }

    private static string RenderOptions(ModelPlan plan)
    {
        var model = Common(plan);
        var objective = Object(
            ("name", "Objective"),
            ("type", plan.Wiring.Settings),
            ("value", SettingsValue(plan.Objective)),
            ("summary", CSharp.DocText(plan.Objective.Count == 0
                ? $"The settings {Short(plan.Wiring.BaseClass)} takes: none, its 'objective' has nothing to change."
                : $"The settings {Short(plan.Wiring.BaseClass)} takes, the spec's 'objective' (--set objective.* changes them).")),
            ("items", plan.Objective.Select(o => Object(("name", o.Name), ("doc", CSharp.DocText(o.Summary)))).ToList()));
        var others = plan.Options.Select(o => Object(
            ("name", o.Name),
            ("type", o.Type),
            ("value", o.Value.Replace("\n", "\n    ")),
            ("summary", CSharp.DocText(o.Summary)),
            ("items", new List<ScriptObject>())));
        Add(model, ("options", new[] { objective }.Concat(others).ToList()));
        var options = plan.Name + "Options";
        var settings = plan.Objective.Where(o => o.Key is not null).Select(o => Setting(o, options, $"Objective.{o.Name}", $"Objective = o.Objective with {{ {o.Name} = v }}"))
            .Concat(plan.Options.Where(o => o.Key is not null).Select(o => Setting(o, options, o.Name, $"{o.Name} = v")));
        Add(model,
            ("settings", settings.ToList()),
            ("setting_list", $"{TypeNames.ReadOnlyList}<{TypeNames.OptionSetting}<{options}>>"),
            ("entry_list", $"{TypeNames.ReadOnlyList}<{TypeNames.OptionSettingEntry}>"),
            ("table", $"{TypeNames.OptionSettings}.Table<{options}>"));
        return Templates.Render("Options", model);
    }

    // The settings record with the spec's values, by name: "new(\n    Temperature: 0.5,\n    ...)", or "new()".
    private static string SettingsValue(EquatableArray<OptionPlan> fields) =>
        fields.Count == 0 ? "new()" : "new(\n" + string.Join(",\n", fields.Select(f => $"        {f.Name}: {f.Value}")) + ")";

    // "global::Contrastive.Methods.SimClr" → "SimClr".
    private static string Short(string qualified) => qualified.Substring(qualified.LastIndexOf('.') + 1);

    // One entry of the Settings table: the runtime's OptionSettings member for the option's kind, its
    // key, the key it had before --set took the spec's paths (the property name in kebab case), its
    // summary, and the value it changes (<paramref name="path"/> from the record) set by `with`
    // (<paramref name="assignment"/>, of the record, in terms of the new value v).
    private static string Setting(OptionPlan option, string options, string path, string assignment)
    {
        var get = $"static o => o.{path}";
        var with = $"static (o, v) => o with {{ {assignment} }}";
        var summary = CSharp.String(option.Summary);
        var legacy = CSharp.String(LegacyKey(option.Name));
        var key = CSharp.String(option.Key!);
        return option.Setter switch
        {
            OptionSetters.Train => $"{TypeNames.OptionSettings}.Train<{options}>({get}, {with})",
            OptionSetters.Negatives or OptionSetters.Momentum => $"{TypeNames.OptionSettings}.{option.Setter}<{options}>({key}, {legacy}, {summary}, {get}, {with})",
            OptionSetters.DecoupledLoss => $"{TypeNames.OptionSettings}.DecoupledLoss<{options}>({key}, {legacy}, {summary}, {with})",
            _ => $"{TypeNames.OptionSettings}.Value<{options}, {option.Type.TrimEnd('?')}>({key}, {legacy}, {summary}, {with})",
        };
    }

    // The key --set read before it took the spec's paths: the property in kebab case ("QueueSize" →
    // "queue-size"), SMILE's tau by its spec word.
    private static string LegacyKey(string property) =>
        property == "SmileTau" ? "tau" : string.Concat(property.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    private static string RenderMethod(ModelPlan plan)
    {
        var model = Common(plan);
        var wiring = plan.Wiring;
        var description = CSharp.Wrap(plan.Description.Length > 0 ? plan.Description : $"The model '{plan.Name}'.");
        var constants = Constants(plan.Input, "Input", "of one input sample")
            .Concat(wiring.Constants.Select(c => Constant(c.Name, c.Value, c.Doc)))
            .ToList();
        var parts = wiring.ExposesParts
            ? plan.Parts.Select(p => Object(("type", p.TypeName), ("local", p.Key), ("property", p.Role), ("doc", CSharp.DocText(MethodReaders.Available[plan.Method].PartDoc(p.Key))))).ToList()
            : new List<ScriptObject>();
        Add(model,
            ("description", description.ToList()),
            ("title", CSharp.DocText(wiring.Title)),
            ("summary", wiring.Summary.Select(CSharp.DocText).ToList()),
            ("base_class", wiring.BaseClass),
            ("base_arguments", wiring.BaseArguments.ToList()),
            ("parts", parts),
            ("constants", constants));
        return Templates.Render("Method", model);
    }

    private static ScriptObject Common(ModelPlan plan)
    {
        var header = Templates.Render("Header", Object(("spec_path", CSharp.DocText(plan.SpecPath)))).TrimEnd('\n');
        return Object(
            ("header", header),
            ("namespace", plan.Namespace),
            ("model", plan.Name),
            ("spec_path", CSharp.DocText(plan.SpecPath)),
            ("names", Names()));
    }

    // The runtime and TorchSharp types the templates name themselves; readers name the others.
    private static ScriptObject Names() => Object(
        ("tensor", TypeNames.Tensor),
        ("module", TypeNames.Module),
        ("read_only_list", TypeNames.ReadOnlyList),
        ("string_comparison", TypeNames.StringComparison),
        ("model_info", TypeNames.ModelInfo),
        ("model_options", TypeNames.ModelOptions));

    private static IEnumerable<ScriptObject> Constants(Shape shape, string prefix, string what) =>
        shape.DimensionNames().Select((name, i) => Constant(prefix + name, CSharp.Long(shape[i]), $"{name} {what}."));

    private static ScriptObject Constant(string name, string value, string doc) =>
        Object(("name", name), ("value", value), ("doc", CSharp.DocText(doc)));

    // The checkpoint key of the part's first parameter, shown in the docs so keys are discoverable.
    private static string FirstKey(PartPlan part) =>
        part.Layers.Select(LayerKinds.ParameterKey).FirstOrDefault(k => k is not null) is { } key ? $"{part.CheckpointPrefix}.{key}" : $"{part.CheckpointPrefix} (no parameters)";

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
