using Contrastive.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Contrastive.Cli;

/// <summary>The command tree of <c>contrastive</c>; one class per command under Commands/.</summary>
public static class ContrastiveApp
{
    /// <summary>
    /// Builds the app; <paramref name="console"/> lets tests capture what it prints, and
    /// <paramref name="data"/> points <c>data</c> at their own folders (default: <see cref="DataCommandSetup.Default"/>).
    /// </summary>
    public static ContrastiveCommandApp Create(IAnsiConsole? console = null, DataCommandSetup? data = null)
    {
        var errors = new CommandLineErrors();
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("contrastive");
            config.Settings.StrictParsing = true;   // an unknown or mistyped option is an error, not ignored
            config.SetExceptionHandler((exception, _) => errors.Report(exception, console ?? AnsiConsole.Console));
            if (console is not null)
            {
                config.ConfigureConsole(console);
            }

            config.Settings.Registrar.RegisterInstance(data ?? DataCommandSetup.Default());

            Add<DoctorCommand>(config, errors, "doctor")
                .WithDescription("Check that TorchSharp loads here: libtorch version, threads, device, and the Debian 12 compatibility patch.")
                .WithExample("doctor")
                .WithExample("doctor", "--threads", "1");

            Add<ModelsCommand>(config, errors, "models", "list")
                .WithDescription("List the models generated from the specs in models/ (see docs/spec.md); 'list' is the same command.")
                .WithExample("models")
                .WithExample("models", "--method", "simclr");

            Add<TrainCommand>(config, errors, "train")
                .WithDescription("Train a generated model on its dataset, then score its encoder (linear probe, kNN) beside its initial weights.")
                .WithExample("train", "SimClrFashion")
                .WithExample("train", "SimClrFashion", "--epochs", "2", "--set", "objective.temperature=0.5")
                .WithExample("train", "--resume", "runs/SimClrFashion-20261129-101500");

            Add<EvalCommand>(config, errors, "eval")
                .WithDescription("Score a trained run's encoder (linear probe, kNN) beside its initial weights.")
                .WithExample("eval", "runs/SimClrFashion-20261129-101500");

            Add<EmbedCommand>(config, errors, "embed")
                .WithDescription("Export a trained run's features of a split as CSV or .npy, optionally with a PCA plot by class.")
                .WithExample("embed", "runs/SimClrFashion-20261129-101500", "--out", "features.npy", "--plot", "pca.png");

            Add<MiBenchCommand>(config, errors, "mi-bench")
                .WithDescription("Gaussian MI benchmark (Poole et al. 2019): estimators against a known MI staircase; table, CSV and plot.")
                .WithExample("mi-bench", "--steps-per-level", "500")
                .WithExample("mi-bench", "--estimators", "infonce,nwj,jsd", "--critic", "separable");

            Add<DataCommand>(config, errors, "data")
                .WithDescription("Where a dataset is looked for, what each place holds and which one is used; --download fetches it into the user cache (see docs/DATA.md).")
                .WithExample("data")
                .WithExample("data", "--name", "mnist")
                .WithExample("data", "--download");
        });
        return new ContrastiveCommandApp(app, errors);
    }

    private static ICommandConfigurator Add<TCommand>(IConfigurator config, CommandLineErrors errors, string name, params string[] aliases)
        where TCommand : class, ICommand
    {
        var command = config.AddCommand<TCommand>(name);
        foreach (var word in aliases.Prepend(name))
        {
            errors.Add<TCommand>(word);
            command = word == name ? command : command.WithAlias(word);
        }

        return command;
    }
}

/// <summary>The <c>contrastive</c> app: Spectre.Console.Cli's, with command-line errors said in the user's terms.</summary>
public sealed class ContrastiveCommandApp
{
    private readonly CommandApp _app;
    private readonly CommandLineErrors _errors;

    internal ContrastiveCommandApp(CommandApp app, CommandLineErrors errors) => (_app, _errors) = (app, errors);

    /// <summary>Runs the command <paramref name="args"/> name; the exit code.</summary>
    public int Run(IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var list = args.ToArray();
        _errors.Arguments = list;
        return _app.Run(list, cancellationToken);
    }
}
