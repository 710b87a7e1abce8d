using System.Globalization;
using System.Reflection;
using Contrastive.Objectives;

namespace Contrastive.Training;

/// <summary>
/// Applies <c>--set key=value</c> overrides to a generated options record, with the spec's own key
/// names (<c>temperature</c>, <c>train.batch-size</c>, <c>train.optimizer.lr</c>), so a run can change
/// anything its spec defines without editing the spec. Records are copied, never mutated.
/// </summary>
public static class OptionOverrides
{
    // Spec keys whose property has another name.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["lr"] = "LearningRate",
        ["name"] = "Kind",
        ["tau"] = "SmileTau",
        ["momentum"] = "Momentum",
    };

    /// <summary>A copy of <paramref name="options"/> with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The key does not exist or the value does not fit it; the message says which keys or values do.</exception>
    public static object Apply(object options, string key, string value) => ApplyAll(options, [$"{key}={value}"]);

    /// <summary>Applies "key=value" texts in order.</summary>
    public static object ApplyAll(object options, IReadOnlyList<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options;
        foreach (var assignment in assignments)
        {
            var split = assignment.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw new ArgumentException($"--set {assignment}: expected key=value, e.g. --set train.batch-size=128.");
            }

            var key = assignment[..split].Trim();
            var path = key.Split('.');
            if (path.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException($"--set {key}: expected a key such as 'temperature' or 'train.optimizer.lr'.");
            }

            options = Set(root, options, path, 0, key, assignment[(split + 1)..].Trim());
        }

        // Checked once at the end: a schedule and its warm-up may change in either order.
        return Validated(options, "--set " + string.Join(" --set ", assignments));
    }

    /// <summary>The keys <see cref="Apply"/> accepts for <paramref name="options"/>, for help and errors.</summary>
    public static IReadOnlyList<string> Keys(object options) => KeysOf(options.GetType(), string.Empty).ToList();

    // root: the top-level record, whose keys an error lists.
    private static object Set(object root, object target, string[] path, int depth, string key, string value)
    {
        var property = Find(target.GetType(), path[depth])
            ?? throw new ArgumentException($"--set {key}: '{path[depth]}' is not an option here; the keys are: {string.Join(", ", Keys(root))}.");
        object? newValue;
        if (depth == path.Length - 1)
        {
            newValue = Convert(property.PropertyType, value, key);
        }
        else
        {
            var child = property.GetValue(target)
                ?? throw new ArgumentException($"--set {key}: '{path[depth]}' has no value to change.");
            newValue = Set(root, child, path, depth + 1, key, value);
        }

        var copy = Clone(target);
        try
        {
            property.SetValue(copy, newValue);   // init-only setters accept reflection, on the copy only
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException cause)
        {
            // The setter's own range check: surface it as the ArgumentException it is, naming the key.
            throw new ArgumentException($"--set {key}={value}: {cause.Message}", cause);
        }

        return copy;
    }

    // Every record in the tree that can check itself does, so a bad combination fails here, named.
    private static object Validated(object options, string what)
    {
        try
        {
            Validate(options);
        }
        catch (Exception e) when (e is ArgumentException or TargetInvocationException)
        {
            var inner = e is TargetInvocationException { InnerException: { } cause } ? cause : e;
            throw new ArgumentException($"{what}: {inner.Message}", inner);
        }

        return options;
    }

    private static void Validate(object record)
    {
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType.GetMethod("<Clone>$") is not null && property.GetIndexParameters().Length == 0 && property.GetValue(record) is { } child)
            {
                Validate(child);
            }
        }

        record.GetType().GetMethod("Validate", Type.EmptyTypes)?.Invoke(record, null);
    }

    private static PropertyInfo? Find(Type type, string specKey)
    {
        var name = Aliases.TryGetValue(specKey, out var alias) ? alias : Pascal(specKey);
        var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        return property is { CanWrite: true } && property.Name != "EqualityContract" ? property : null;
    }

    private static object Convert(Type type, string value, string key)
    {
        try
        {
            if (type == typeof(string))
            {
                return value;
            }

            if (type == typeof(MiEstimator))
            {
                // The estimator's own words, as specs and mi-bench spell them (jsd, not js).
                return MiEstimators.Parse(value) ?? throw new FormatException($"one of {MiEstimators.Words}");
            }

            if (type.IsEnum)
            {
                var wanted = value.Replace("-", string.Empty, StringComparison.Ordinal);
                var match = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
                return match is null
                    ? throw new FormatException($"one of {string.Join(", ", Enum.GetNames(type).Select(Kebab))}")
                    : Enum.Parse(type, match);
            }

            if (type == typeof(int))
            {
                return int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (type == typeof(long))
            {
                return long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            if (type == typeof(double))
            {
                var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                return double.IsFinite(number) ? number : throw new FormatException("a finite number");
            }

            if (type == typeof(bool))
            {
                return bool.Parse(value);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            var message = e.Message;
            var expected = message.StartsWith("one of", StringComparison.Ordinal) || message.StartsWith("a finite", StringComparison.Ordinal) ? message : Describe(type);
            throw new ArgumentException($"--set {key}={value}: expected {expected}.");
        }

        throw new ArgumentException($"--set {key}: this option is a {type.Name}, which --set cannot write; change it in the spec.");
    }

    private static string Describe(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number" : type == typeof(double) ? "a number" : type == typeof(bool) ? "true or false" : type.Name;

    private static IEnumerable<string> KeysOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != "EqualityContract"))
        {
            var key = prefix + SpecKey(property.Name);
            var t = property.PropertyType;
            if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(double))
            {
                yield return key;
            }
            else if (t.GetMethod("<Clone>$") is not null)
            {
                foreach (var inner in KeysOf(t, key + "."))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string SpecKey(string property) =>
        Aliases.FirstOrDefault(a => a.Value == property).Key ?? Kebab(property);

    private static object Clone(object record) =>
        record.GetType().GetMethod("<Clone>$")?.Invoke(record, null)
        ?? throw new ArgumentException($"{record.GetType().Name} is not a record; --set cannot change it.");

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    // "WarmupCosine" → "warmup-cosine", "BatchSize" → "batch-size", "AdamW" → "adamw" (a lone trailing
    // capital is part of the word, as the spec writes it).
    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c)
            ? (i > 0 && i + 1 < pascal.Length && char.IsLower(pascal[i + 1]) ? "-" : string.Empty) + char.ToLowerInvariant(c)
            : c.ToString()));
}
