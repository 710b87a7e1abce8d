using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Schema;

namespace Contrastive.Generators.Spec.Methods.Objectives;

/// <summary>
/// A method's 'objective': its settings, whether it must be given, and the relations between its
/// settings. The reader reads through these definitions; the schema's <c>$defs/&lt;method&gt;Objective</c>
/// is written from them.
/// </summary>
internal sealed class ObjectiveDefinition
{
    public ObjectiveDefinition(string summary, string example, IReadOnlyList<ObjectiveSetting> settings, bool required = false, IReadOnlyList<ObjectiveRule>? rules = null)
    {
        Summary = summary;
        Example = example;
        Settings = settings;
        Required = required;
        Rules = rules ?? System.Array.Empty<ObjectiveRule>();
    }

    /// <summary>One line on what the objective is.</summary>
    public string Summary { get; }

    /// <summary>An example mapping, for diagnostics.</summary>
    public string Example { get; }

    /// <summary>Its keys, in the order messages and the schema list them.</summary>
    public IReadOnlyList<ObjectiveSetting> Settings { get; }

    /// <summary>Whether a spec of the method must say 'objective'.</summary>
    public bool Required { get; }

    /// <summary>Relations between its settings that neither range says alone.</summary>
    public IReadOnlyList<ObjectiveRule> Rules { get; }

    public string[] Keys => Settings.Select(s => s.Key).ToArray();

    /// <summary>The setting called <paramref name="key"/>, as its type.</summary>
    public T Get<T>(string key) where T : ObjectiveSetting => (T)Settings.First(s => s.Key == key);

    /// <summary>The JSON schema of the mapping.</summary>
    public JsonObject Schema()
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["description"] = Summary,
            ["additionalProperties"] = false,
        };
        var required = Settings.Where(s => s.Required).Select(s => s.Key).ToList();
        if (required.Count > 0)
        {
            schema["required"] = Json.Texts(required);
        }

        var properties = new JsonObject();
        foreach (var setting in Settings)
        {
            properties[setting.Key] = setting.Schema();
        }

        schema["properties"] = properties;
        var dependent = new JsonObject();
        foreach (var setting in Settings)
        {
            if (setting.OnlyWith is { } with)
            {
                dependent[setting.Key] = new JsonObject
                {
                    ["required"] = Json.Texts(new[] { with.Key }),
                    ["properties"] = new JsonObject { [with.Key] = new JsonObject { ["const"] = with.Value } },
                };
            }
        }

        if (dependent.Count > 0)
        {
            schema["dependentSchemas"] = dependent;
        }

        foreach (var rule in Rules)
        {
            rule.AddTo(schema);
        }

        return schema;
    }
}

/// <summary>A relation between settings of an objective, checked by the reader and stated in the schema.</summary>
internal abstract class ObjectiveRule
{
    /// <summary>Adds the rule's keywords to the objective's schema.</summary>
    public abstract void AddTo(JsonObject schema);
}

/// <summary>
/// Two weights (defaults: <see cref="First"/> 0, <see cref="Second"/> above 0) that may not both be 0;
/// written as "a 0 second needs a first above 0".
/// </summary>
internal sealed class NotBothZero : ObjectiveRule
{
    public NotBothZero(string first, string second, string reason)
    {
        First = first;
        Second = second;
        Reason = reason;
    }

    public string First { get; }

    public string Second { get; }

    /// <summary>Why, for the message at the second: "DIM needs a global (alpha) or local (beta) term to maximise".</summary>
    public string Reason { get; }

    /// <summary>Whether the values satisfy the rule.</summary>
    public bool Holds(double first, double second) => first + second != 0;

    /// <summary>The range the message gives for <see cref="Second"/>.</summary>
    public string Range => $"greater than 0 when {First} is 0: {Reason}";

    public override void AddTo(JsonObject schema)
    {
        if (schema["properties"] is JsonObject properties && properties[Second] is JsonObject second && second["description"] is JsonText text)
        {
            second["description"] = $"{text.Value} Above 0 when {First} is 0: {Reason}.";
        }

        schema["if"] = new JsonObject
        {
            ["properties"] = new JsonObject { [Second] = new JsonObject { ["const"] = 0L } },
            ["required"] = Json.Texts(new[] { Second }),
        };
        schema["then"] = new JsonObject
        {
            ["properties"] = new JsonObject { [First] = new JsonObject { ["exclusiveMinimum"] = 0L } },
            ["required"] = Json.Texts(new[] { First }),
        };
    }
}
