using System;
using Contrastive.Generators.Spec.Layers;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>Typed access to one layer's settings with defaults; <see cref="Ok"/> turns false on any bad value.</summary>
internal sealed class LayerSettings
{
    private readonly SpecContext context;
    private readonly RawLayer layer;
    private readonly string label;

    public LayerSettings(SpecContext context, RawLayer layer, string label)
    {
        this.context = context;
        this.layer = layer;
        this.label = label;
    }

    public bool Ok { get; private set; } = true;

    public YamlValue? Node(string key) => layer.Settings.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>A whole-number setting in its definition's range; its default when absent (or <paramref name="fallback"/> for a computed one).</summary>
    public long Whole(LayerSetting setting, long? fallback = null)
    {
        var value = fallback ?? (setting.Default is null ? 1 : setting.Whole);
        return setting.Type == SettingType.Count ? Count(setting.Key, value) : Size(setting.Key, value);
    }

    /// <summary>A number setting in its definition's range; its default when absent.</summary>
    public double Real(LayerSetting setting) => setting.Type switch
    {
        SettingType.Positive => Positive(setting.Key, setting.Real),
        SettingType.NonNegative => NonNegative(setting.Key, setting.Real),
        SettingType.Fraction => Fraction(setting.Key, setting.Real),
        _ => Number(setting.Key, setting.Real, v => v >= 0 && v < 1, "from 0 up to (not including) 1"),
    };

    /// <summary>A true-or-false setting; its default when absent.</summary>
    public bool Flag(LayerSetting setting) => Flag(setting.Key, setting.Truth);

    /// <summary>A size of at least 1 (channels, kernel, stride...).</summary>
    public long Size(string key, long fallback = 1) => Integer(key, fallback, 1, SpecContext.MaxSize);

    /// <summary>A count of at least 0.</summary>
    public long Count(string key, long fallback) => Integer(key, fallback, 0, SpecContext.MaxSize);

    /// <summary>A convolution's padding: a count, or 'same' (returned as -1).</summary>
    public long Padding()
    {
        var node = Node("padding");
        return node is YamlScalar { Value: "same" } ? -1 : Count("padding", 0);
    }

    public bool Flag(string key, bool fallback)
    {
        var node = Node(key);
        if (node is null)
        {
            return fallback;
        }

        var value = context.Boolean(node, $"{label}.{key}");
        Ok &= value is not null;
        return value ?? fallback;
    }

    public double Positive(string key, double fallback) => Number(key, fallback, v => v > 0, "greater than 0");

    public double NonNegative(string key, double fallback) => Number(key, fallback, v => v >= 0, "at least 0");

    public double Fraction(string key, double fallback) => Number(key, fallback, v => v > 0 && v <= 1, "greater than 0 and at most 1");

    public double Number(string key, double fallback, Func<double, bool> valid, string range)
    {
        var node = Node(key);
        if (node is null)
        {
            return fallback;
        }

        var value = context.Number(node, $"{label}.{key}", valid, range);
        Ok &= value is not null;
        return value ?? fallback;
    }

    private long Integer(string key, long fallback, long min, long max)
    {
        var node = Node(key);
        if (node is null)
        {
            return fallback;
        }

        var value = context.Integer(node, $"{label}.{key}", min, max);
        Ok &= value is not null;
        return value ?? fallback;
    }
}
