using System.Collections.Generic;
using System.Globalization;
using Contrastive.Generators.Schema;
using Contrastive.Generators.Vocabularies;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec.Methods.Objectives;

/// <summary>
/// One key of a method's 'objective': what it takes, its default and what it means. The method's
/// reader reads the value through it (range, default and the message's wording come from here), and
/// the JSON schema's entry for the key is <see cref="Schema"/>, so the two cannot disagree.
/// </summary>
internal abstract class ObjectiveSetting
{
    protected ObjectiveSetting(string key, string doc)
    {
        Key = key;
        Doc = doc;
    }

    /// <summary>The key under 'objective'.</summary>
    public string Key { get; }

    /// <summary>One line on what it is (without its range or default, which are added from the definition).</summary>
    public string Doc { get; }

    /// <summary>Whether a spec must give it.</summary>
    public bool Required { get; internal set; }

    /// <summary>The other objective key and value this setting belongs to (critic: 'temperature' only with 'critic: cosine'), or null.</summary>
    public (string Key, string Value)? OnlyWith { get; internal set; }

    /// <summary>The input rank with which the setting is required (and without which it is rejected), or null: cpc's 'patches' on images.</summary>
    public int? RequiredForRank { get; internal set; }

    /// <summary>Its path in messages: 'objective.temperature'.</summary>
    public string Label => $"'objective.{Key}'";

    /// <summary>The JSON schema of its value.</summary>
    public abstract JsonObject Schema();

    /// <summary>The doc, then "Values: ...", "Default 0.5." (or "Default: how it is computed.") or "Required.".</summary>
    protected string Describe(string range, string? defaultText, bool computed = false) =>
        Doc + (range.Length == 0 ? string.Empty : " Values: " + range + ".")
        + (Required ? " Required." : defaultText is null ? string.Empty : $" Default{(computed ? ":" : string.Empty)} {defaultText}.")
        + (OnlyWith is { } with ? $" Only with {with.Key}: {with.Value}." : string.Empty);

    internal static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A number or whole number in a range (<see cref="Definitions.Setting"/>), with a default or one computed from the spec.</summary>
internal sealed class NumberSetting : ObjectiveSetting
{
    /// <param name="definition">Key, type (number or integer), range, default (NaN: none, or computed) and doc.</param>
    /// <param name="computedDefault">How the default follows from the spec, for the docs ("the size"); null when the definition has one.</param>
    public NumberSetting(Definitions.Setting definition, string? computedDefault = null)
        : base(definition.Key, definition.Doc)
    {
        Definition = definition;
        ComputedDefault = computedDefault;
    }

    public Definitions.Setting Definition { get; }

    public string? ComputedDefault { get; }

    public double Default => Definition.Default;

    public bool IsWhole => Definition.Type == Definitions.SettingType.Integer;

    /// <summary>The largest whole value (a whole number without an upper bound is bounded by C#'s long).</summary>
    public long MaxWhole => double.IsPositiveInfinity(Definition.Range.Max) ? long.MaxValue : (long)Definition.Range.Max;

    /// <summary>The value of 'objective.{key}' in <paramref name="objective"/>, or the default; null after reporting.</summary>
    public double? Read(SpecContext context, Dictionary<string, Entry> objective) =>
        objective.TryGetValue(Key, out var entry) ? Read(context, entry.Value, Label) : Definition.Default;

    /// <summary><paramref name="value"/> in the range; <paramref name="label"/> names it in messages. Null after reporting.</summary>
    public double? Read(SpecContext context, YamlValue value, string label) => IsWhole
        ? ReadWhole(context, value, label)
        : context.Number(value, label, Definition.Range.Contains, Definition.Range.Text);

    /// <summary>A whole number from the lower bound to <paramref name="max"/> (default: the upper bound). Null after reporting.</summary>
    public long? ReadWhole(SpecContext context, YamlValue value, string label, long? max = null) =>
        context.Integer(value, label, (long)Definition.Range.Min, max ?? MaxWhole);

    /// <summary>The whole value of 'objective.{key}', or <paramref name="fallback"/> (the definition's default unless computed). Null after reporting.</summary>
    public long? ReadWhole(SpecContext context, Dictionary<string, Entry> objective, long? fallback = null) =>
        objective.TryGetValue(Key, out var entry) ? ReadWhole(context, entry.Value, Label) : fallback ?? (long)Definition.Default;

    public override JsonObject Schema()
    {
        var range = Definition.Range;
        var schema = new JsonObject { ["type"] = IsWhole ? "integer" : "number" };
        schema[range.MinIncluded ? "minimum" : "exclusiveMinimum"] = range.Min;
        if (IsWhole)
        {
            schema["maximum"] = MaxWhole;
        }
        else if (!double.IsPositiveInfinity(range.Max))
        {
            schema[range.MaxIncluded ? "maximum" : "exclusiveMaximum"] = range.Max;
        }

        var hasDefault = !double.IsNaN(Definition.Default) && ComputedDefault is null;
        if (hasDefault && !Required)
        {
            schema["default"] = IsWhole ? (Json)(long)Definition.Default : Definition.Default;
        }

        schema["description"] = Describe(range.Text, ComputedDefault ?? (hasDefault ? Format(Definition.Default) : null), ComputedDefault is not null);
        return schema;
    }
}

/// <summary>One of a few words (<see cref="Definitions.Choice"/>, the first the default).</summary>
internal sealed class ChoiceSetting : ObjectiveSetting
{
    /// <param name="choice">Key, words and doc.</param>
    /// <param name="kind">What the words are, in the unknown-value message: "loss for simclr".</param>
    /// <param name="default">The default when it is not the first word (the words keep the order messages list them in).</param>
    public ChoiceSetting(Definitions.Choice choice, string kind, string? @default = null)
        : base(choice.Key, choice.Doc)
    {
        Choice = choice;
        Kind = kind;
        Default = @default ?? choice.Default;
    }

    public Definitions.Choice Choice { get; }

    /// <summary>The word when the key is left out.</summary>
    public string Default { get; }

    public string Kind { get; }

    public IReadOnlyList<string> Names => Choice.Names;

    /// <summary>The word of 'objective.{key}', or the default; null after reporting.</summary>
    public string? Read(SpecContext context, Dictionary<string, Entry> objective) =>
        objective.TryGetValue(Key, out var entry) ? Read(context, entry.Value) : Default;

    /// <summary><paramref name="value"/> if it is one of the words; null after reporting.</summary>
    public string? Read(SpecContext context, YamlValue value) => context.Choice(value, Kind, Choice.Names);

    public override JsonObject Schema()
    {
        var schema = new JsonObject { ["enum"] = Json.Texts(Choice.Names) };
        if (!Required)
        {
            schema["default"] = Default;
        }

        schema["description"] = Describe(string.Empty, Choice.Names.Count == 1 ? null : Default);
        return schema;
    }
}

/// <summary>true or false.</summary>
internal sealed class FlagSetting : ObjectiveSetting
{
    public FlagSetting(string key, bool @default, string doc)
        : base(key, doc) => Default = @default;

    public bool Default { get; }

    /// <summary>The value of 'objective.{key}', or the default; null after reporting.</summary>
    public bool? Read(SpecContext context, Dictionary<string, Entry> objective) =>
        objective.TryGetValue(Key, out var entry) ? context.Boolean(entry.Value, Label) : Default;

    public override JsonObject Schema() => new()
    {
        ["type"] = "boolean",
        ["default"] = Default,
        ["description"] = Describe(string.Empty, Default ? "true" : "false"),
    };
}

/// <summary>The name of a layer of the spec (dim's 'local'): a layer name, checked against the encoder by the reader.</summary>
internal sealed class LayerNameSetting : ObjectiveSetting
{
    public LayerNameSetting(string key, string doc)
        : base(key, doc)
    {
    }

    public override JsonObject Schema() => new()
    {
        ["$ref"] = "#/$defs/layerName",
        ["description"] = Describe(string.Empty, null),
    };
}

/// <summary>Short ways to declare the usual objective settings.</summary>
internal static class Declare
{
    /// <summary>Marks <paramref name="setting"/> as one a spec must give.</summary>
    public static T Needed<T>(this T setting) where T : ObjectiveSetting
    {
        setting.Required = true;
        return setting;
    }

    /// <summary>Marks <paramref name="setting"/> as belonging to 'objective.{key}: {value}' (and rejected otherwise).</summary>
    public static T With<T>(this T setting, string key, string value) where T : ObjectiveSetting
    {
        setting.OnlyWith = (key, value);
        return setting;
    }

    /// <summary>'objective.loss': the method's losses, the first the default.</summary>
    public static ChoiceSetting Loss(string method, string doc, params string[] names) =>
        new(new Definitions.Choice("loss", names, doc), $"loss for {method}");

    /// <summary>A method with one loss: "The loss; moco has only 'infonce'."</summary>
    public static ChoiceSetting OnlyLoss(string method, string name) => Loss(method, $"The loss; {method} has only '{name}'.", name);

    /// <summary>A number in <paramref name="range"/>.</summary>
    public static NumberSetting Number(string key, Definitions.Bounds range, double @default, string doc) =>
        new(new Definitions.Setting(key, Definitions.SettingType.Number, range, @default, doc));

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> (positive infinity: C#'s long); NaN with <paramref name="computed"/> for a default that follows from the spec.</summary>
    public static NumberSetting Whole(string key, double min, double max, double @default, string doc, string? computed = null) =>
        new(new Definitions.Setting(key, Definitions.SettingType.Integer, new Definitions.Bounds(min, true, max, !double.IsPositiveInfinity(max)), @default, doc), computed);

    /// <summary>One of <paramref name="names"/>, the first the default; <paramref name="kind"/> names them in messages.</summary>
    public static ChoiceSetting Choice(string key, string kind, string doc, params string[] names) =>
        new(new Definitions.Choice(key, names, doc), kind);

    /// <summary>One of <paramref name="names"/>, <paramref name="default"/> when left out; <paramref name="kind"/> names them in messages.</summary>
    public static ChoiceSetting Choice(string key, string kind, string doc, string @default, IReadOnlyList<string> names) =>
        new(new Definitions.Choice(key, names, doc), kind, @default);

    /// <summary>Greater than 0 and at most <paramref name="max"/>.</summary>
    public static Definitions.Bounds Positive(double max) => new(0, false, max, true);

    /// <summary>From 0 to <paramref name="max"/>.</summary>
    public static Definitions.Bounds NonNegative(double max) => new(0, true, max, true);

    /// <summary>From 0 up to (not including) 1.</summary>
    public static Definitions.Bounds BelowOne => new(0, true, 1, false);
}
