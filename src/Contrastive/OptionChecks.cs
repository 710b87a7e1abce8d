using System.Globalization;
using Contrastive.Vocabularies;

namespace Contrastive;

/// <summary>
/// Range checks of the configuration records: each returns the value when it is valid and otherwise
/// throws with the record, the setting and the valid range named, so a spec file's author sees what to change.
/// </summary>
internal static class OptionChecks
{
    /// <summary>A probability: [0, 1].</summary>
    public static double Probability(double value, string owner, string name)
        => value is >= 0.0 and <= 1.0 ? value : throw OutOfRange(owner, name, value, "must lie in [0, 1] (a probability)");

    /// <summary>A fraction of an image's area: (0, 1].</summary>
    public static double AreaFraction(double value, string owner, string name)
        => value is > 0.0 and <= 1.0 ? value : throw OutOfRange(owner, name, value, "must lie in (0, 1] (a fraction of the image's area)");

    /// <summary>A positive finite number.</summary>
    public static double Positive(double value, string owner, string name, string example)
        => value > 0.0 && double.IsFinite(value) ? value : throw OutOfRange(owner, name, value, $"must be positive and finite (e.g. {example})");

    /// <summary>A non-negative finite number.</summary>
    public static double NonNegative(double value, string owner, string name, string example)
        => value >= 0.0 && double.IsFinite(value) ? value : throw OutOfRange(owner, name, value, $"must be zero or positive and finite (e.g. {example})");

    /// <summary>A momentum, the weight of the old value: [0, 1).</summary>
    public static double Momentum(double value, string owner, string name)
        => value is >= 0.0 and < 1.0 ? value : throw OutOfRange(owner, name, value, "must lie in [0, 1) (0.9 is common)");

    /// <summary>A value in the range of its definition (<see cref="Definitions.Setting"/>), the one a spec is checked against too.</summary>
    public static double Within(double value, Definitions.Setting setting, string owner, string name)
        => setting.Range.Contains(value) ? value : throw OutOfRange(owner, name, value, Rule(setting));

    /// <summary>An integer in the range of its definition.</summary>
    public static int Within(int value, Definitions.Setting setting, string owner, string name)
        => setting.Range.Contains(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{owner}.{name} {Rule(setting)}.");

    /// <summary>A long integer in the range of its definition.</summary>
    public static long Within(long value, Definitions.Setting setting, string owner, string name)
        => setting.Range.Contains(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{owner}.{name} {Rule(setting)}.");

    /// <summary>An integer of at least <paramref name="minimum"/>.</summary>
    public static int AtLeast(int value, int minimum, string owner, string name, string why)
        => value >= minimum ? value : throw new ArgumentOutOfRangeException(name, value, $"{owner}.{name} must be at least {minimum} ({why}).");

    /// <summary>A value of the enum (not an undefined cast).</summary>
    public static T Defined<T>(T value, string owner, string name)
        where T : struct, Enum
        => Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{owner}.{name} must be one of {string.Join(", ", Enum.GetNames<T>())}.");

    /// <summary>Two bounds in order: <paramref name="min"/> &lt;= <paramref name="max"/>.</summary>
    public static void Ordered(double min, double max, string owner, string minName, string maxName)
    {
        if (!(min <= max))
        {
            throw new ArgumentException(
                $"{owner}.{minName} ({Format(min)}) must not exceed {owner}.{maxName} ({Format(max)}): they bound a range, {minName} <= {maxName}.",
                minName);
        }
    }

    /// <summary>Not null.</summary>
    public static T NotNull<T>(T? value, string owner, string name)
        where T : class
        => value ?? throw new ArgumentNullException(name, $"{owner}.{name} must be set.");

    private static ArgumentOutOfRangeException OutOfRange(string owner, string name, double value, string rule)
        => new(name, value, $"{owner}.{name} {rule}.");

    private static string Rule(Definitions.Setting setting)
        => $"must lie in {setting.Range.Notation}, {setting.Range.Text} (spec key '{setting.Key}', default {setting.DefaultText})";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
