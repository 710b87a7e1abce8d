namespace Contrastive.Training;

/// <summary>
/// One key <c>--set</c> accepts, as a generated options record lists it in its <c>Settings</c> table:
/// the spec's key path, what it changes, the form of its value, and how to set it.
/// </summary>
public interface IOptionSetting
{
    /// <summary>The spec's key path, e.g. <c>objective.temperature</c> or <c>train.optimizer.lr</c>.</summary>
    string Key { get; }

    /// <summary>What the key changes, in one line.</summary>
    string Summary { get; }

    /// <summary>The form its value takes, e.g. "a number" or "one of adam, adamw, sgd".</summary>
    string Form { get; }

    /// <summary>
    /// A key of the options before they used the spec's paths (e.g. <c>temperature</c>), still read so
    /// that run.json files and commands written before keep working; help and errors list only current keys.
    /// </summary>
    bool Legacy { get; }

    /// <summary>A copy of <paramref name="options"/> with this key set from <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not of <see cref="Form"/>.</exception>
    /// <exception cref="ArgumentException">A record's own check refused the value.</exception>
    object Apply(object options, string text);
}

/// <summary>A settable key of the options record <typeparamref name="TOptions"/>.</summary>
/// <param name="Key">The spec's key path.</param>
/// <param name="Summary">What the key changes.</param>
/// <param name="Form">The form of its value.</param>
/// <param name="Set">Parses the text and returns a copy with the value set (records are never mutated).</param>
/// <param name="Legacy">An old key kept for reading only.</param>
public sealed record OptionSetting<TOptions>(string Key, string Summary, string Form, Func<TOptions, string, TOptions> Set, bool Legacy = false) : IOptionSetting
    where TOptions : class
{
    /// <inheritdoc />
    public object Apply(object options, string text) => Set((TOptions)options, text);

    /// <summary>The same setting under an old key, read for compatibility.</summary>
    internal OptionSetting<TOptions> AsLegacy(string key) => this with { Key = key, Legacy = true };
}
