// Compiled by the runtime and by the generator (docs/ARCHITECTURE.md, "Vocabularies"): plain data,
// netstandard2.0, no TorchSharp. The generator tests see both assemblies, so each has its own namespace.
#if CONTRASTIVE_RUNTIME
namespace Contrastive.Vocabularies;
#else
namespace Contrastive.Generators.Vocabularies;
#endif

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

static partial class Definitions
{
    /// <summary>How a setting is written in a spec.</summary>
    public enum SettingType
    {
        /// <summary>A whole number.</summary>
        Integer,

        /// <summary>A number.</summary>
        Number,

        /// <summary>A pair [low, high] of numbers in the range, low &lt;= high.</summary>
        Interval,
    }

    /// <summary>The values a setting takes: from <paramref name="Min"/> to <paramref name="Max"/>, each bound included or not.</summary>
    /// <param name="Min">Lower bound.</param>
    /// <param name="MinIncluded">Whether <paramref name="Min"/> itself is valid.</param>
    /// <param name="Max">Upper bound (positive infinity: none; infinity itself is never valid).</param>
    /// <param name="MaxIncluded">Whether <paramref name="Max"/> itself is valid.</param>
    public sealed partial record Bounds(double Min, bool MinIncluded, double Max, bool MaxIncluded)
    {
        /// <summary>Whether <paramref name="value"/> lies in the range (NaN and infinities never do).</summary>
        public bool Contains(double value)
            => !double.IsNaN(value) && !double.IsInfinity(value)
               && (MinIncluded ? value >= Min : value > Min)
               && (MaxIncluded ? value <= Max : value < Max);

        /// <summary>The range in words, as diagnostics and errors say it: "greater than 0 and at most 1".</summary>
        public string Text
            => double.IsPositiveInfinity(Max)
                ? (MinIncluded ? "at least " : "greater than ") + Format(Min)
                : (MinIncluded, MaxIncluded) switch
                {
                    (true, true) => $"from {Format(Min)} to {Format(Max)}",
                    (false, true) => $"greater than {Format(Min)} and at most {Format(Max)}",
                    (true, false) => $"from {Format(Min)} up to (not including) {Format(Max)}",
                    _ => $"greater than {Format(Min)} and less than {Format(Max)}",
                };

        /// <summary>The range in interval notation, "(0, 1]".</summary>
        public string Notation
            => (MinIncluded ? "[" : "(") + Format(Min) + ", " + (double.IsPositiveInfinity(Max) ? "inf" : Format(Max)) + (MaxIncluded ? "]" : ")");
    }

    /// <summary>A setting with a range and a default: of an augment step or of training.</summary>
    /// <param name="Key">The spec key, e.g. "ratio".</param>
    /// <param name="Type">How it is written.</param>
    /// <param name="Range">Its valid values (for an interval: of each end).</param>
    /// <param name="Default">Its default (for an interval: the low end).</param>
    /// <param name="Doc">One line on what it is.</param>
    /// <param name="DefaultHigh">An interval's default high end; NaN otherwise.</param>
    public sealed partial record Setting(string Key, SettingType Type, Bounds Range, double Default, string Doc, double DefaultHigh = double.NaN)
    {
        /// <summary>The default as the docs write it: "0.5", "[0.08, 1]".</summary>
        public string DefaultText
            => Type == SettingType.Interval ? $"[{Format(Default)}, {Format(DefaultHigh)}]" : Format(Default);
    }

    /// <summary>A choice among names (the optimizer, the schedule), the first the default.</summary>
    /// <param name="Key">The spec key, e.g. "name".</param>
    /// <param name="Names">The valid names; the first is the default.</param>
    /// <param name="Doc">One line on what it is.</param>
    public sealed partial record Choice(string Key, IReadOnlyList<string> Names, string Doc)
    {
        /// <summary>The default name.</summary>
        public string Default => Names[0];
    }

    private static Bounds Probability() => new(0, true, 1, true);

    private static Bounds Fraction() => new(0, false, 1, true);

    private static Bounds AtMost100() => new(0, false, 100, true);

    private static Bounds NonNegativeUpTo(double max) => new(0, true, max, true);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static Setting Find(IEnumerable<Setting> settings, string key)
        => settings.FirstOrDefault(s => s.Key == key) ?? throw new ArgumentException($"No setting '{key}'.", nameof(key));
}
