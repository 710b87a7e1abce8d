using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Spec;
using Contrastive.Generators.Spec.Layers;
using Contrastive.Generators.Spec.Methods;
using Contrastive.Generators.Spec.Methods.Objectives;
using Contrastive.Generators.Vocabularies;
using LayerSettingType = Contrastive.Generators.Spec.Layers.SettingType;

namespace Contrastive.Generators.Schema;

/// <summary>
/// Writes models/model.schema.json (what editors complete and check specs with) from the
/// definitions the generator reads specs by: the method readers (parts, input ranks, augment,
/// objective settings), the layer kinds, the augment steps, the training settings, the datasets and
/// the name rules. Not run at build time: the generator tests compare the file with its output, and
/// regenerate it on request (docs/spec.md, "The JSON schema").
/// </summary>
internal static class SchemaWriter
{
    /// <summary>The schema, as the file's text.</summary>
    public static string Write() => Schema().ToString();

    /// <summary>The schema.</summary>
    public static JsonObject Schema()
    {
        var ranks = MethodReaders.All.SelectMany(r => r.InputRanks).ToList();
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "Contrastive model spec",
            ["description"] = "A *.model.yaml spec that Contrastive's source generator compiles into typed TorchSharp modules, an options record, the method class and a ModelRegistry entry. Reference: docs/spec.md; diagnostics: docs/diagnostics.md. Generated from the generator's definitions: do not edit (docs/spec.md says how to regenerate it).",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = Json.Texts(new[] { "model", "method", "input", "encoder" }),
            ["properties"] = TopLevel(ranks.Min(), ranks.Max()),
            ["allOf"] = new JsonArray(MethodReaders.All.Select(MethodBranch).Concat(DatasetBranches())),
            ["$defs"] = Defs(),
        };
    }

    private static JsonObject TopLevel(int minRank, int maxRank)
    {
        var properties = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = Identifiers.ModelNamePattern,
                ["not"] = new JsonObject { ["enum"] = Json.Texts(Identifiers.ReservedModelNames()) },
                ["description"] = $"The model's C# type name: ASCII letters and digits, starting with an upper-case letter, at most {Identifiers.MaxModelName} characters; unique in the project, and none of the names the generated code declares. Required.",
            },
            ["description"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "Free text, shown in the generated XML docs and the registry.",
            },
            ["namespace"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = Identifiers.NamespacePattern,
                ["description"] = "Namespace of the generated types: dot-separated identifiers of ASCII letters, digits and '_', each starting with a letter and none a C# keyword (the build checks keywords). Default: the project's RootNamespace.",
            },
            ["method"] = new JsonObject
            {
                ["enum"] = Json.Texts(Vocabulary.Methods),
                ["description"] = $"How the model learns: {Or(Vocabulary.Methods)}. Required.",
            },
            ["input"] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = (long)minRank,
                ["maxItems"] = (long)maxRank,
                ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1L, ["maximum"] = SpecContext.MaxSize },
                ["description"] = $"Shape of one sample without the batch: [features], [channels, length] or [channels, height, width]; sizes 1 to {SpecContext.MaxSize}. Required.",
            },
        };
        foreach (var part in Vocabulary.Parts)
        {
            properties[part] = new JsonObject { ["$ref"] = "#/$defs/layers", ["description"] = PartDescription(part) };
        }

        properties["objective"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The method's loss or estimator settings (" + string.Join("; ", MethodReaders.All.Select(r => $"{r.Key}: {string.Join(", ", r.Objective.Keys)}")) + ").",
        };
        var required = MethodReaders.All.Where(r => r.RequiresAugment).Select(r => r.Key).ToList();
        var optional = MethodReaders.All.Where(r => r.UsesAugment && !r.RequiresAugment).Select(r => r.Key).ToList();
        var none = MethodReaders.All.Where(r => !r.UsesAugment).Select(r => r.Key).ToList();
        properties["augment"] = new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject { ["$ref"] = "#/$defs/augmentStep" },
            ["description"] = "The steps that make each view of an image, in order ([] means no augmentation). "
                + $"Required by {And(required)}; optional (none by default) for {And(optional)}; {And(none)} take none."
                + string.Concat(MethodReaders.All.Where(r => r.ForbiddenAugmentSteps.Count > 0).Select(r => $" {r.Key} does not allow {And(r.ForbiddenAugmentSteps.Keys.ToList())}.")),
        };
        properties["train"] = new JsonObject { ["$ref"] = "#/$defs/train" };
        properties["data"] = new JsonObject
        {
            ["enum"] = Json.Texts(Definitions.DatasetKeys),
            ["description"] = "The dataset; must fit 'input'. " + string.Join("; ", Definitions.Datasets.Select(d => $"{d.Key}: {d.Gives}"))
                + ". Default: the first of these that fits 'input'."
                + string.Concat(Definitions.Datasets.Where(d => SourceNote(d.Source) is not null).Select(d => $" {d.Key}: {SourceNote(d.Source)}.")),
        };
        return properties;
    }

    // What a user should know about where a dataset's samples come from.
    private static string? SourceNote(Definitions.DatasetSource source) => source switch
    {
        Definitions.DatasetSource.Cifar10Batches => "looked up by name in the data locations, never downloaded",
        Definitions.DatasetSource.Generated => "generated from the seed in the input's shape",
        Definitions.DatasetSource.SampledByMiBench => "drawn by mi-bench, which trains critics",
        _ => null,
    };

    // Which methods read the part, and which require it.
    private static string PartDescription(string part)
    {
        var readers = MethodReaders.All.Where(r => r.Parts.Contains(part)).ToList();
        if (readers.Count == MethodReaders.All.Count && readers.All(r => r.RequiredParts.Contains(part)))
        {
            return $"{readers[0].PartDoc(part)} Required.";
        }

        var uses = readers.Select(r => r.RequiredParts.Contains(part) ? $"{r.Key} (required)"
            : r.PartRequiredBy is { } when && when.Part == part ? $"{r.Key} (with objective.{when.Setting} {Or(when.Values)})"
            : $"{r.Key} (optional)");
        var doc = readers[0].PartDoc(part);
        var others = readers.Where(r => r.PartDoc(part) != doc).Select(r => $" {r.Key}: {r.PartDoc(part)}");
        return $"{doc} Read by {And(uses.ToList())}.{string.Concat(others)}";
    }

    /// <summary>The conditions a method puts on a spec: parts, augment, input rank, objective.</summary>
    private static JsonObject MethodBranch(MethodReader reader)
    {
        var required = reader.RequiredParts.Where(p => p != "encoder").ToList();
        if (reader.RequiresAugment)
        {
            required.Insert(0, "augment");
        }

        if (reader.Objective.Required)
        {
            required.Add("objective");
        }

        var then = new JsonObject();
        if (required.Count > 0)
        {
            then["required"] = Json.Texts(required);
        }

        var input = new JsonObject();
        var (min, max) = (reader.InputRanks.Min(), reader.InputRanks.Max());
        var ranks = MethodReaders.All.SelectMany(r => r.InputRanks).ToList();
        if (min > ranks.Min())
        {
            input["minItems"] = (long)min;
        }

        if (max < ranks.Max())
        {
            input["maxItems"] = (long)max;
        }

        var properties = new JsonObject
        {
            ["input"] = input,
            ["objective"] = new JsonObject { ["$ref"] = $"#/$defs/{ObjectiveName(reader)}" },
        };
        foreach (var part in Vocabulary.Parts.Where(p => !reader.Parts.Contains(p)))
        {
            properties[part] = false;
        }

        if (!reader.UsesAugment)
        {
            properties["augment"] = false;
        }
        else if (reader.ForbiddenAugmentSteps.Count > 0)
        {
            var forbidden = reader.ForbiddenAugmentSteps.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList();
            properties["augment"] = new JsonObject
            {
                ["items"] = new JsonObject
                {
                    ["not"] = new JsonObject
                    {
                        ["anyOf"] = new JsonArray(new[] { new JsonObject { ["enum"] = Json.Texts(forbidden) } }
                            .Concat(forbidden.Select(k => new JsonObject { ["type"] = "object", ["required"] = Json.Texts(new[] { k }) }))),
                    },
                },
            };
        }

        then["properties"] = properties;
        var conditions = new List<JsonObject>();
        foreach (var setting in reader.Objective.Settings.Where(s => s.RequiredForRank is not null))
        {
            var rank = (long)setting.RequiredForRank!.Value;
            conditions.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["input"] = new JsonObject { ["minItems"] = rank, ["maxItems"] = rank } },
                    ["required"] = Json.Texts(new[] { "input" }),
                },
                ["then"] = new JsonObject
                {
                    ["required"] = Json.Texts(new[] { "objective" }),
                    ["properties"] = new JsonObject { ["objective"] = new JsonObject { ["required"] = Json.Texts(new[] { setting.Key }) } },
                },
                ["else"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["objective"] = new JsonObject { ["properties"] = new JsonObject { [setting.Key] = false } } },
                },
            });
        }

        if (reader.PartRequiredBy is { } conditional)
        {
            conditions.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject
                    {
                        ["objective"] = new JsonObject
                        {
                            ["properties"] = new JsonObject { [conditional.Setting] = new JsonObject { ["enum"] = Json.Texts(conditional.Values) } },
                            ["required"] = Json.Texts(new[] { conditional.Setting }),
                        },
                    },
                    ["required"] = Json.Texts(new[] { "objective" }),
                },
                ["then"] = new JsonObject { ["required"] = Json.Texts(new[] { conditional.Part }) },
                ["else"] = new JsonObject { ["properties"] = new JsonObject { [conditional.Part] = false } },
            });
        }

        if (conditions.Count == 1)
        {
            foreach (var member in conditions[0])
            {
                then[member.Key] = member.Value;
            }
        }
        else if (conditions.Count > 1)
        {
            then["allOf"] = new JsonArray(conditions);
        }

        return new JsonObject
        {
            ["if"] = new JsonObject
            {
                ["properties"] = new JsonObject { ["method"] = new JsonObject { ["const"] = reader.Key } },
                ["required"] = Json.Texts(new[] { "method" }),
            },
            ["then"] = then,
        };
    }

    /// <summary>What 'data' says about 'input': a dataset of a fixed shape needs that shape, others the rank.</summary>
    private static IEnumerable<JsonObject> DatasetBranches() =>
        Definitions.Datasets
            .GroupBy(d => d.SampleShape is null ? $"rank {d.SampleRank}" : string.Join(",", d.SampleShape))
            .Select(group =>
            {
                var first = group.First();
                var input = new JsonObject();
                if (first.SampleShape is { } shape)
                {
                    input["const"] = new JsonArray(shape.Select(s => (Json)(long)s));
                }
                else
                {
                    var ranks = MethodReaders.All.SelectMany(r => r.InputRanks).ToList();
                    if (first.SampleRank > ranks.Min())
                    {
                        input["minItems"] = (long)first.SampleRank;
                    }

                    if (first.SampleRank < ranks.Max())
                    {
                        input["maxItems"] = (long)first.SampleRank;
                    }
                }

                return new JsonObject
                {
                    ["if"] = new JsonObject
                    {
                        ["properties"] = new JsonObject { ["data"] = new JsonObject { ["enum"] = Json.Texts(group.Select(d => d.Key)) } },
                        ["required"] = Json.Texts(new[] { "data" }),
                    },
                    ["then"] = new JsonObject { ["properties"] = new JsonObject { ["input"] = input } },
                };
            });

    private static JsonObject Defs()
    {
        var defs = new JsonObject();
        foreach (var kind in LayerKinds.All)
        {
            defs["layer-" + kind.Key] = Named(kind.Key, kind.Summary + (kind.Shorthand is { } key ? $" '{kind.Key}: {Example(kind.Setting(key))}' is short for '{kind.Key}: {{ {key}: {Example(kind.Setting(key))} }}'." : string.Empty),
                LayerValue(kind));
        }

        defs["layer"] = new JsonObject
        {
            ["description"] = "One layer: a bare kind such as 'relu', or a mapping with exactly one key, the kind, whose value holds its settings (or a shorthand value).",
            ["oneOf"] = new JsonArray(new[]
            {
                new JsonObject
                {
                    ["description"] = "A layer without required settings, written as its bare kind.",
                    ["enum"] = Json.Texts(LayerKinds.All.Where(k => !k.Required.Any()).Select(k => k.Key)),
                },
            }.Concat(LayerKinds.All.Select(k => new JsonObject { ["$ref"] = "#/$defs/layer-" + k.Key }))),
        };
        defs["layers"] = new JsonObject
        {
            ["type"] = "array",
            ["minItems"] = 1L,
            ["items"] = new JsonObject { ["$ref"] = "#/$defs/layer" },
            ["description"] = "A list of layers applied in order; each layer's input shape is the previous layer's output shape.",
        };
        defs["layerName"] = new JsonObject
        {
            ["type"] = "string",
            ["pattern"] = Identifiers.LayerNamePattern,
            ["not"] = new JsonObject { ["enum"] = Json.Texts(Identifiers.ReservedLayerNames()) },
            ["description"] = $"A layer name (its field, checkpoint key and tap): lower-case ASCII letters, digits and '_', starting with a letter, at most {Identifiers.MaxLayerName} characters; not a C# keyword or a member of the generated module or its taps record.",
        };
        foreach (var step in Definitions.AugmentSteps)
        {
            defs["augment-" + step.Key] = Named(step.Key, step.Summary, AugmentValue(step));
        }

        defs["augmentStep"] = new JsonObject
        {
            ["description"] = "One augmentation step: a bare name such as 'horizontal-flip', or a mapping with exactly one key, the step, whose value holds its settings (or just its probability p, for the steps that have one).",
            ["oneOf"] = new JsonArray(new[]
            {
                new JsonObject
                {
                    ["description"] = "A step with its default settings, written as its bare name.",
                    ["enum"] = Json.Texts(Vocabulary.AugmentSteps),
                },
            }.Concat(Vocabulary.AugmentSteps.Select(k => new JsonObject { ["$ref"] = "#/$defs/augment-" + k }))),
        };
        foreach (var reader in MethodReaders.All)
        {
            defs[ObjectiveName(reader)] = reader.Objective.Schema();
        }

        defs["train"] = Train();
        return defs;
    }

    // "relative-position" → "relativePositionObjective".
    private static string ObjectiveName(MethodReader reader)
    {
        var words = reader.Key.Split('-');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1))) + "Objective";
    }

    // A mapping with one key, the kind or step, whose value is described by value.
    private static JsonObject Named(string key, string description, JsonObject value)
    {
        value["description"] = description;
        var ordered = new JsonObject { ["description"] = description };
        foreach (var member in value.Where(m => m.Key != "description"))
        {
            ordered[member.Key] = member.Value;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = description,
            ["properties"] = new JsonObject { [key] = ordered },
            ["required"] = Json.Texts(new[] { key }),
            ["additionalProperties"] = false,
        };
    }

    /// <summary>A layer kind's value: its settings, its shorthand, and nothing (when no setting is required).</summary>
    private static JsonObject LayerValue(LayerKind kind)
    {
        var properties = new JsonObject();
        foreach (var setting in kind.Settings)
        {
            properties[setting.Key] = LayerSettingSchema(setting, shorthand: false);
        }

        var settings = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        var required = kind.Required.Select(s => s.Key).ToList();
        if (required.Count > 0)
        {
            settings["required"] = Json.Texts(required);
        }

        var alternatives = new JsonArray { settings };
        if (kind.Shorthand is { } key)
        {
            alternatives.Add(LayerSettingSchema(kind.Setting(key), shorthand: true));
        }

        if (required.Count == 0)
        {
            alternatives.Add(new JsonObject { ["type"] = "null" });
        }

        return alternatives.Count == 1 ? settings : new JsonObject { ["oneOf"] = alternatives };
    }

    /// <summary>One layer setting: its JSON type and range (<see cref="LayerSettingType"/>), default and doc.</summary>
    private static JsonObject LayerSettingSchema(LayerSetting setting, bool shorthand)
    {
        var schema = setting.Type switch
        {
            LayerSettingType.Size => new JsonObject { ["type"] = "integer", ["minimum"] = 1L, ["maximum"] = SpecContext.MaxSize },
            LayerSettingType.Count => new JsonObject { ["type"] = "integer", ["minimum"] = 0L, ["maximum"] = SpecContext.MaxSize },
            LayerSettingType.Padding => new JsonObject
            {
                ["oneOf"] = new JsonArray
                {
                    new JsonObject { ["type"] = "integer", ["minimum"] = 0L, ["maximum"] = SpecContext.MaxSize },
                    new JsonObject { ["const"] = "same" },
                },
            },
            LayerSettingType.Flag => new JsonObject { ["type"] = "boolean" },
            LayerSettingType.Positive => new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0L },
            LayerSettingType.NonNegative => new JsonObject { ["type"] = "number", ["minimum"] = 0L },
            LayerSettingType.Fraction => new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0L, ["maximum"] = 1L },
            LayerSettingType.Probability => new JsonObject { ["type"] = "number", ["minimum"] = 0L, ["exclusiveMaximum"] = 1L },
            LayerSettingType.Layers => new JsonObject { ["$ref"] = "#/$defs/layers" },
            _ => new JsonObject { ["$ref"] = "#/$defs/layerName" },
        };
        if (shorthand)
        {
            schema["description"] = $"{setting.Doc.TrimEnd('.')} (shorthand for {{ {setting.Key}: {Example(setting)} }}).";
            return schema;
        }

        if (setting.Default is { } value)
        {
            schema["default"] = setting.Type switch
            {
                LayerSettingType.Flag => setting.Truth,
                LayerSettingType.Size or LayerSettingType.Count or LayerSettingType.Padding => setting.Whole,
                _ => setting.Real,
            };
        }

        schema["description"] = setting.Doc + (setting.Required ? " Required." : setting.Default is { } text ? $" Default {text}." : string.Empty);
        return schema;
    }

    // A value of the setting for the docs' examples: "linear: 64", "dropout: 0.2", "residual: [...]".
    private static string Example(LayerSetting setting) => setting.Type switch
    {
        LayerSettingType.Size or LayerSettingType.Count => "64",
        LayerSettingType.Layers => "[...]",
        LayerSettingType.Flag => "true",
        _ => "0.2",
    };

    /// <summary>An augment step's value: its settings, its probability alone (for the steps that have one), or nothing.</summary>
    private static JsonObject AugmentValue(Definitions.AugmentStepDefinition step)
    {
        var properties = new JsonObject();
        foreach (var setting in step.Settings)
        {
            properties[setting.Key] = SettingSchema(setting, withDefault: true);
        }

        var alternatives = new JsonArray { new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false } };
        if (step.Keys.Contains("p"))
        {
            var p = SettingSchema(step["p"], withDefault: false);
            p["description"] = step["p"].Doc.TrimEnd('.') + $" (shorthand for {{ p: {Json.Number(step["p"].Default)} }}).";
            alternatives.Add(p);
        }

        alternatives.Add(new JsonObject { ["type"] = "null" });
        return new JsonObject { ["oneOf"] = alternatives };
    }

    /// <summary>A setting with a range and a default (augment steps, training): its type, bounds, default and doc with both.</summary>
    private static JsonObject SettingSchema(Definitions.Setting setting, bool withDefault)
    {
        var range = setting.Range;
        var bounds = new JsonObject { ["type"] = setting.Type == Definitions.SettingType.Integer ? "integer" : "number" };
        bounds[range.MinIncluded ? "minimum" : "exclusiveMinimum"] = range.Min;
        if (setting.Type == Definitions.SettingType.Integer)
        {
            bounds["maximum"] = double.IsPositiveInfinity(range.Max) ? long.MaxValue : (long)range.Max;
        }
        else if (!double.IsPositiveInfinity(range.Max))
        {
            bounds[range.MaxIncluded ? "maximum" : "exclusiveMaximum"] = range.Max;
        }

        JsonObject schema;
        if (setting.Type == Definitions.SettingType.Interval)
        {
            schema = new JsonObject { ["type"] = "array", ["items"] = bounds, ["minItems"] = 2L, ["maxItems"] = 2L };
            if (withDefault)
            {
                schema["default"] = new JsonArray { setting.Default, setting.DefaultHigh };
            }

            schema["description"] = $"{setting.Doc} A pair [low, high], each {range.Text}." + (withDefault ? $" Default {setting.DefaultText}." : string.Empty);
            return schema;
        }

        schema = bounds;
        if (withDefault)
        {
            schema["default"] = setting.Type == Definitions.SettingType.Integer ? (Json)(long)setting.Default : setting.Default;
        }

        schema["description"] = $"{setting.Doc} Values: {range.Text}." + (withDefault ? $" Default {setting.DefaultText}." : string.Empty);
        return schema;
    }

    /// <summary>'train': its settings, and the optimizer and schedule as a bare name or a mapping.</summary>
    private static JsonObject Train()
    {
        var optimizer = new JsonObject { ["name"] = ChoiceSchema(Definitions.Training.Optimizer) };
        foreach (var setting in new[] { Definitions.Training.LearningRate, Definitions.Training.WeightDecay, Definitions.Training.Momentum })
        {
            optimizer[setting.Key] = SettingSchema(setting, withDefault: true);
        }

        var schedule = new JsonObject
        {
            ["name"] = ChoiceSchema(Definitions.Training.Schedule),
            [Definitions.Training.WarmupEpochs.Key] = SettingSchema(Definitions.Training.WarmupEpochs, withDefault: true),
        };
        var warmup = (JsonObject)schedule[Definitions.Training.WarmupEpochs.Key]!;
        warmup["description"] = ((JsonText)warmup["description"]!).Value + " Unless 0, less than 'train.epochs'.";
        var warmupSchedule = Definitions.Training.Schedule.Names.Last();
        var properties = new JsonObject
        {
            ["batch-size"] = SettingSchema(Definitions.Training.BatchSize, withDefault: true),
            ["epochs"] = SettingSchema(Definitions.Training.Epochs, withDefault: true),
            ["optimizer"] = NamedSettings(Definitions.Training.Optimizer, optimizer, "The optimizer: a bare name, or a mapping with 'name' and its settings."),
            ["schedule"] = NamedSettings(Definitions.Training.Schedule, schedule, "The learning-rate schedule: a bare name, or a mapping with 'name' and 'warmup-epochs'."),
            ["seed"] = SettingSchema(Definitions.Training.Seed, withDefault: true),
        };
        var scheduleMapping = (JsonObject)((JsonArray)((JsonObject)properties["schedule"]!)["oneOf"]!).Last();
        scheduleMapping["dependentSchemas"] = new JsonObject
        {
            [Definitions.Training.WarmupEpochs.Key] = new JsonObject
            {
                ["required"] = Json.Texts(new[] { "name" }),
                ["properties"] = new JsonObject { ["name"] = new JsonObject { ["const"] = warmupSchedule } },
            },
        };
        return new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["description"] = "Settings of a training run; every key has a default.",
            ["properties"] = properties,
        };
    }

    private static JsonObject ChoiceSchema(Definitions.Choice choice) => new()
    {
        ["enum"] = Json.Texts(choice.Names),
        ["default"] = choice.Default,
        ["description"] = $"{choice.Doc} {Or(choice.Names)}. Default {choice.Default}.",
    };

    private static JsonObject NamedSettings(Definitions.Choice choice, JsonObject settings, string description) => new()
    {
        ["description"] = $"{description} Default {choice.Default}.",
        ["default"] = choice.Default,
        ["oneOf"] = new JsonArray
        {
            new JsonObject { ["enum"] = Json.Texts(choice.Names) },
            new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = settings },
        },
    };

    // "a, b or c".
    private static string Or(IReadOnlyList<string> words) => Join(words, "or");

    // "a, b and c".
    private static string And(IReadOnlyList<string> words) => Join(words, "and");

    private static string Join(IReadOnlyList<string> words, string last) =>
        words.Count <= 1 ? string.Concat(words) : string.Join(", ", words.Take(words.Count - 1)) + $" {last} " + words[words.Count - 1];
}
