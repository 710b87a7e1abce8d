using System.Globalization;
using Contrastive.Objectives;

namespace Contrastive.Training;

/// <summary>Parses <c>--set</c> values as the spec writes them; a value of the wrong form is a <see cref="FormatException"/> saying the form.</summary>
public static class OptionText
{
    /// <summary>The form a value of <typeparamref name="T"/> takes, for help and errors.</summary>
    public static string Form<T>() => Form(typeof(T));

    /// <summary>Parses <paramref name="text"/> as a <typeparamref name="T"/>: a number, true/false, a name, an estimator's word, an enum member in kebab case.</summary>
    public static T Parse<T>(string text) => (T)Parse(typeof(T), text);

    private static string Form(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) ? "a finite number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(string) ? "a name"
        : type == typeof(MiEstimator) ? "one of " + MiEstimators.Words
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(Kebab))
        : type.Name;

    private static object Parse(Type type, string text)
    {
        try
        {
            if (type == typeof(string))
            {
                return string.IsNullOrWhiteSpace(text) ? throw new FormatException() : text;
            }

            if (type == typeof(MiEstimator))
            {
                // The estimator's own words, as specs and mi-bench spell them (jsd, not js).
                return MiEstimators.Parse(text) ?? throw new FormatException();
            }

            if (type.IsEnum)
            {
                var wanted = text.Replace("-", string.Empty, StringComparison.Ordinal);
                var match = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
                return match is null ? throw new FormatException() : Enum.Parse(type, match);
            }

            if (type == typeof(int))
            {
                return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (type == typeof(long))
            {
                return long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (type == typeof(double))
            {
                var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return double.IsFinite(number) ? number : throw new FormatException();
            }

            if (type == typeof(bool))
            {
                return bool.Parse(text);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException(Form(type), e);
        }

        throw new FormatException($"a value --set cannot write ({type.Name}); change it in the spec");
    }

    // "WarmupCosine" → "warmup-cosine", "AdamW" → "adamw" (a lone trailing capital is part of the word,
    // as the spec writes it).
    internal static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c)
            ? (i > 0 && i + 1 < pascal.Length && char.IsLower(pascal[i + 1]) ? "-" : string.Empty) + char.ToLowerInvariant(c)
            : c.ToString()));
}
