using System;
using System.Collections.Generic;
using System.Globalization;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>A key of a mapping with its value.</summary>
internal sealed record Entry(YamlScalar Key, YamlValue Value);

/// <summary>
/// Typed reads of spec values. Each read either returns a value that is safe to print into C# or
/// reports a diagnostic at the value (naming what was expected and what was found) and returns null.
/// </summary>
internal sealed class SpecContext
{
    public const long MaxSize = 1_000_000;

    public SpecContext(SpecText file, DiagnosticBag diagnostics)
    {
        File = file;
        Diagnostics = diagnostics;
    }

    public SpecText File { get; }

    public string Path => File.Path;

    public DiagnosticBag Diagnostics { get; }

    public SpecLocation At(YamlValue value) => Locations.Of(File, value);

    public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, YamlValue at, params string[] arguments) =>
        Diagnostics.Add(descriptor, At(at), arguments);

    /// <summary>
    /// The keys of a mapping, by name. Unknown keys get a "did you mean"; a repeated key is reported
    /// and the first one wins.
    /// </summary>
    public Dictionary<string, Entry> Keys(YamlMapping mapping, string where, IReadOnlyCollection<string> allowed)
    {
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var pair in mapping.Entries)
        {
            var name = pair.Key.Value;
            if (!Contains(allowed, name))
            {
                Report(DiagnosticDescriptors.UnknownKey, pair.Key, name, where, Suggestions.For(name, allowed));
                continue;
            }

            if (result.TryGetValue(name, out var first))
            {
                Report(DiagnosticDescriptors.DuplicateKey, pair.Key, name, where, Line(first.Key));
                continue;
            }

            result.Add(name, new Entry(pair.Key, pair.Value));
        }

        return result;
    }

    public YamlMapping? Mapping(YamlValue value, string what, string example)
    {
        if (value is YamlMapping mapping)
        {
            return mapping;
        }

        Report(DiagnosticDescriptors.WrongType, value, what, $"a mapping such as {example}", value.Describe());
        return null;
    }

    public YamlSequence? List(YamlValue value, string what, string example)
    {
        if (value is YamlSequence sequence)
        {
            return sequence;
        }

        Report(DiagnosticDescriptors.WrongType, value, what, $"a list such as {example}", value.Describe());
        return null;
    }

    public string? Text(YamlValue value, string what)
    {
        if (value is YamlScalar scalar && !scalar.IsNull)
        {
            return scalar.Value;
        }

        Report(DiagnosticDescriptors.WrongType, value, what, "a text value", value.Describe());
        return null;
    }

    public long? Integer(YamlValue value, string what, long min, long max)
    {
        if (value is not YamlScalar { Plain: true } scalar || scalar.IsNull
            || !long.TryParse(scalar.Value.Replace("_", string.Empty), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var found = value is YamlScalar { Plain: true } plain && double.TryParse(plain.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? $"{value.Describe()}, which is not a whole number in range"
                : value.Describe();
            Report(DiagnosticDescriptors.WrongType, value, what, $"a whole number from {min} to {max}", found);
            return null;
        }

        if (number < min || number > max)
        {
            Report(DiagnosticDescriptors.OutOfRange, value, what, $"from {min} to {max}", scalar.Value);
            return null;
        }

        return number;
    }

    /// <summary>A finite number within bounds; <paramref name="range"/> says the bounds in words.</summary>
    public double? Number(YamlValue value, string what, Func<double, bool> valid, string range)
    {
        if (value is not YamlScalar { Plain: true } scalar || scalar.IsNull
            || !double.TryParse(scalar.Value.Replace("_", string.Empty), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            Report(DiagnosticDescriptors.WrongType, value, what, $"a number {range}", value.Describe());
            return null;
        }

        if (double.IsNaN(number) || double.IsInfinity(number) || !valid(number))
        {
            Report(DiagnosticDescriptors.OutOfRange, value, what, range, scalar.Value);
            return null;
        }

        return number;
    }

    public double? Probability(YamlValue value, string what) => Number(value, what, p => p >= 0 && p <= 1, "from 0 to 1");

    public bool? Boolean(YamlValue value, string what)
    {
        if (value is YamlScalar { Plain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true" or "True" or "TRUE": return true;
                case "false" or "False" or "FALSE": return false;
            }
        }

        Report(DiagnosticDescriptors.WrongType, value, what, "true or false", value.Describe());
        return null;
    }

    /// <summary>One of a fixed set of words ("adam", "sgd"); <paramref name="kind"/> names the set.</summary>
    public string? Choice(YamlValue value, string kind, IReadOnlyCollection<string> options)
    {
        var text = Text(value, kind);
        if (text is null)
        {
            return null;
        }

        if (Contains(options, text))
        {
            return text;
        }

        Report(DiagnosticDescriptors.UnknownValue, value, kind, text, Suggestions.For(text, options));
        return null;
    }

    /// <summary>A pair [low, high] with low ≤ high, each satisfying <paramref name="valid"/>.</summary>
    public (double Low, double High)? Interval(YamlValue value, string what, Func<double, bool> valid, string range)
    {
        if (value is not YamlSequence { Items.Count: 2 } pair)
        {
            Report(DiagnosticDescriptors.WrongType, value, what, $"a pair [low, high] of numbers {range}", value.Describe() + (value is YamlSequence s ? $" of {s.Items.Count} items" : string.Empty));
            return null;
        }

        var low = Number(pair.Items[0], what + "[0]", valid, range);
        var high = Number(pair.Items[1], what + "[1]", valid, range);
        if (low is null || high is null)
        {
            return null;
        }

        if (low > high)
        {
            Report(DiagnosticDescriptors.OutOfRange, value, what, "a pair [low, high] with low <= high", $"[{low}, {high}]");
            return null;
        }

        return (low.Value, high.Value);
    }

    /// <summary>
    /// A list item naming one thing with its settings: a bare word ("relu") or a mapping with one key
    /// ("conv: { out: 32 }"). Anything else is reported, with <paramref name="found"/> describing it.
    /// </summary>
    /// <returns>The word and its value (null for a bare word), or null after reporting.</returns>
    public (YamlScalar Kind, YamlValue? Argument)? NamedItem(YamlValue item, string where, string expected, Func<YamlValue, string>? found = null)
    {
        switch (item)
        {
            case YamlScalar scalar when !scalar.IsNull:
                return (scalar, null);
            case YamlMapping { Entries.Count: 1 } mapping:
                return (mapping.Entries[0].Key, mapping.Entries[0].Value);
            default:
                Report(DiagnosticDescriptors.WrongType, item, where, expected, found?.Invoke(item) ?? item.Describe());
                return null;
        }
    }

    public static string Line(YamlValue value) => value.Start.Line.ToString(CultureInfo.InvariantCulture);

    private static bool Contains(IReadOnlyCollection<string> set, string item)
    {
        foreach (var candidate in set)
        {
            if (string.Equals(candidate, item, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
