using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Contrastive.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Contrastive.Cli;

/// <summary>
/// Says what is wrong with a command line in the user's terms: an unknown option with the nearest of
/// the command's own options, a value that does not convert with the flag and the form it takes.
/// Everything else is shown as Spectre.Console.Cli words it.
/// </summary>
internal sealed partial class CommandLineErrors
{
    private readonly Dictionary<string, Type> _settings = new(StringComparer.Ordinal);

    /// <summary>The arguments of the run being parsed.</summary>
    public IReadOnlyList<string> Arguments { get; set; } = [];

    /// <summary>Records that <paramref name="name"/> runs <typeparamref name="TCommand"/>, whose settings type gives its options.</summary>
    public void Add<TCommand>(string name)
        where TCommand : ICommand
        => _settings[name] = typeof(TCommand).GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>))?.GetGenericArguments()[0]
            ?? throw new ArgumentException($"{typeof(TCommand).Name} is not an ICommand<TSettings>.", nameof(TCommand));

    /// <summary>Writes the error to <paramref name="console"/>; the exit code.</summary>
    public int Report(Exception exception, IAnsiConsole console)
    {
        var options = Arguments.Count > 0 && _settings.TryGetValue(Arguments[0], out var settings) ? OptionsOf(settings) : [];
        if (UnknownOption().Match(exception.Message) is { Success: true } unknown && options.Count > 0)
        {
            var written = "--" + unknown.Groups["name"].Value;
            var closest = Closest.Among(written, options.Select(o => o.Flag));
            var hint = closest is null ? $" '{Arguments[0]} --help' lists its options." : $" Did you mean '{closest}'?";
            console.MarkupLine($"[red]error:[/] {Markup.Escape($"{written} is not an option of '{Arguments[0]}'.{hint}")}");
            return -1;
        }

        if (FailedConversion().Match(exception.Message) is { Success: true } conversion)
        {
            var value = conversion.Groups["value"].Value;
            if (FlagBefore(value, options) is { } flag)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape($"{flag.Flag}: '{value}' is not {Form(flag.Type)}.")}");
                return -1;
            }
        }

        if (exception is CommandAppException { Pretty: { } pretty })
        {
            console.Write(pretty);
        }
        else if (exception is CommandAppException)
        {
            console.MarkupLine($"[red]Error:[/] {Markup.Escape(exception.Message)}");
        }
        else
        {
            console.WriteException(exception, ExceptionFormats.ShortenEverything);
        }

        return -1;
    }

    /// <summary>Every long option of a settings type and the type of its value.</summary>
    internal static IReadOnlyList<(string Flag, Type Type)> OptionsOf(Type settings)
        => settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } option
                ? option.LongNames.Select(n => ("--" + n, Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
                : [])
            .ToList();

    // The option the value was given to: the last flag before it among the arguments ("--max-steps abc" or "--max-steps=abc").
    private (string Flag, Type Type)? FlagBefore(string value, IReadOnlyList<(string Flag, Type Type)> options)
    {
        for (var i = Arguments.Count - 1; i >= 0; i--)
        {
            var argument = Arguments[i];
            var written = argument.Contains('=') ? argument[..argument.IndexOf('=')] : argument;
            var inline = argument.Contains('=') && argument[(argument.IndexOf('=') + 1)..] == value;
            if ((inline || (i + 1 < Arguments.Count && Arguments[i + 1] == value)) && options.FirstOrDefault(o => o.Flag == written) is { Flag: not null } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Form(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 or TypeCode.Int64 => "a whole number",
        TypeCode.UInt32 or TypeCode.UInt64 => "a whole number of 0 or more",
        TypeCode.Double or TypeCode.Single => string.Create(CultureInfo.InvariantCulture, $"a number (e.g. {0.5})"),
        TypeCode.Boolean => "true or false",
        _ => "a valid value",
    };

    [GeneratedRegex("^Unknown option '(?<name>[^']+)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex("^Failed to convert '(?<value>.*)' to ")]
    private static partial Regex FailedConversion();
}
