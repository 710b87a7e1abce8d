using Contrastive.Methods;
using Contrastive.Text;

namespace Contrastive.Training;

/// <summary>
/// Applies <c>--set key=value</c> overrides to a generated options record by the spec's own key paths
/// (<c>objective.temperature</c>, <c>objective.negatives.queue</c>, <c>train.optimizer.lr</c>), through
/// the record's generated <see cref="IModelOptions.Settings"/> table, so a run can change anything its
/// spec defines without editing the spec. Records are copied, never mutated. Keys from before the
/// spec's paths (<c>temperature</c>, <c>negatives.source</c>) are still read, so old run folders resume.
/// </summary>
public static class OptionOverrides
{
    /// <summary>A copy of <paramref name="options"/> with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The key does not exist or the value does not fit it; the message says which keys or values do.</exception>
    public static object Apply(object options, string key, string value) => ApplyAll(options, [$"{key}={value}"]);

    /// <summary>Applies "key=value" texts in order.</summary>
    public static object ApplyAll(object options, IReadOnlyList<string> assignments)
    {
        var settings = SettingsOf(options);
        foreach (var assignment in assignments)
        {
            var split = assignment.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw new ArgumentException($"--set {assignment}: expected key=value, e.g. --set train.batch-size=128.");
            }

            var key = assignment[..split].Trim();
            var value = assignment[(split + 1)..].Trim();
            var setting = settings.FirstOrDefault(s => s.Key == key) ?? throw new ArgumentException(Unknown(key, settings));
            try
            {
                options = setting.Apply(options, value);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"--set {key}={value}: expected {e.Message}.", e);
            }
            catch (ArgumentException e)
            {
                // The record's own range check, naming the key.
                throw new ArgumentException($"--set {key}={value}: {e.Message}", e);
            }
        }

        // Checked once at the end: a schedule and its warm-up may change in either order.
        try
        {
            (options as TrainOptions ?? ((IModelOptions)options).Train).Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--set {string.Join(" --set ", assignments)}: {e.Message}", e);
        }

        return options;
    }

    /// <summary>The keys <see cref="Apply"/> accepts for <paramref name="options"/> (the spec's paths), for help and errors.</summary>
    public static IReadOnlyList<string> Keys(object options) => SettingsOf(options).Where(s => !s.Legacy).Select(s => s.Key).ToList();

    /// <summary>The settings <see cref="Apply"/> accepts, current ones with their summary and form, for help.</summary>
    public static IReadOnlyList<IOptionSetting> Settings(object options) => SettingsOf(options).Where(s => !s.Legacy).ToList();

    // A TrainOptions on its own (the F# surface changes one) takes the keys of the spec's train section
    // without the prefix: batch-size, optimizer.lr, data.
    private static readonly IReadOnlyList<IOptionSetting> TrainSection =
        OptionSettings.Train<TrainOptions>(t => t, (_, t) => t)
            .Where(s => s.Key != "train.data")
            .Select(s => s.Key.StartsWith("train.", StringComparison.Ordinal) ? s with { Key = s.Key["train.".Length..] } : s)
            .ToArray();

    private static IReadOnlyList<IOptionSetting> SettingsOf(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options switch
        {
            IModelOptions model => model.Settings,
            TrainOptions => TrainSection,
            _ => throw new ArgumentException($"{options.GetType().Name} is neither a generated options record nor TrainOptions; --set changes a model's options."),
        };
    }

    private static string Unknown(string key, IReadOnlyList<IOptionSetting> settings)
    {
        var keys = settings.Where(s => !s.Legacy).Select(s => s.Key).ToList();
        // Closest by the whole path or by the path inside the objective, so 'temprature' finds 'objective.temperature'.
        int Near(string k) => Math.Min(Closest.Distance(k, key), k.StartsWith("objective.", StringComparison.Ordinal) ? Closest.Distance(k["objective.".Length..], key) : int.MaxValue);
        var closest = Closest.Among(key, keys, Near);
        var hint = closest is null ? string.Empty : $" Did you mean '{closest}'?";
        return $"--set {key}: '{key}' is not an option of this model.{hint} The keys are: {string.Join(", ", keys)}.";
    }
}
