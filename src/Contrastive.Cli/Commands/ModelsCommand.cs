using Contrastive.Methods;
using Contrastive.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive models</c>: the models generated from the specs in <c>models/</c>.</summary>
public sealed class ModelsCommand : Command<ModelsCommand.Settings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Created by the command app with its console.</summary>
    public ModelsCommand(IAnsiConsole console) => _console = console;

    /// <summary>Options of <c>models</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Only models of this method (simclr, critic, ...).</summary>
        [CommandOption("--method <METHOD>")]
        public string? Method { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelInfo> models = ModelRegistry.All;
        if (settings.Method is { } method)
        {
            var methods = models.Select(m => m.Method).Distinct().Order(StringComparer.Ordinal).ToList();
            if (!methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            {
                _console.MarkupLine($"[red]error:[/] --method {Markup.Escape(method)}: no model uses it; the models here use {Markup.Escape(string.Join(", ", methods))}.");
                return 1;
            }

            models = models.Where(m => string.Equals(m.Method, method, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        var table = new Table().AddColumn("model").AddColumn("method").AddColumn("spec").AddColumn("description");
        foreach (var model in models)
        {
            table.AddRow(Markup.Escape(model.Name), Markup.Escape(model.Method), Markup.Escape("models/" + model.SpecPath), Markup.Escape(model.Description));
        }

        _console.Write(table);
        return 0;
    }
}
