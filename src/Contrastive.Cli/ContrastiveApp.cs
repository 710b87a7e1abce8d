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
    public static CommandApp Create(IAnsiConsole? console = null, DataCommandSetup? data = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("contrastive");
            if (console is not null)
            {
                config.ConfigureConsole(console);
            }

            config.Settings.Registrar.RegisterInstance(data ?? DataCommandSetup.Default());

            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Check that TorchSharp loads here: libtorch version, threads, device, and the Debian 12 compatibility patch.")
                .WithExample("doctor")
                .WithExample("doctor", "--threads", "1");

            config.AddCommand<ModelsCommand>("models")
                .WithAlias("list")
                .WithDescription("List the models generated from the specs in models/ (see docs/spec.md); 'list' is the same command.")
                .WithExample("models")
                .WithExample("models", "--method", "simclr");

            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train a generated model on its dataset, then score its encoder (linear probe, kNN) beside its initial weights.")
                .WithExample("train", "SimClrFashion")
                .WithExample("train", "SimClrFashion", "--epochs", "2", "--set", "objective.temperature=0.5")
                .WithExample("train", "--resume", "runs/SimClrFashion-20261129-101500");

            config.AddCommand<EvalCommand>("eval")
                .WithDescription("Score a trained run's encoder (linear probe, kNN) beside its initial weights.")
                .WithExample("eval", "runs/SimClrFashion-20261129-101500");

            config.AddCommand<EmbedCommand>("embed")
                .WithDescription("Export a trained run's features of a split as CSV or .npy, optionally with a PCA plot by class.")
                .WithExample("embed", "runs/SimClrFashion-20261129-101500", "--out", "features.npy", "--plot", "pca.png");

            config.AddCommand<MiBenchCommand>("mi-bench")
                .WithDescription("Gaussian MI benchmark (Poole et al. 2019): estimators against a known MI staircase; table, CSV and plot.")
                .WithExample("mi-bench", "--steps-per-level", "500")
                .WithExample("mi-bench", "--estimators", "infonce,nwj,jsd", "--critic", "separable");

            config.AddCommand<DataCommand>("data")
                .WithDescription("Where a dataset is looked for, what each place holds and which one is used; --download fetches it into the user cache (see docs/DATA.md).")
                .WithExample("data")
                .WithExample("data", "--name", "mnist")
                .WithExample("data", "--download");
        });
        return app;
    }
}
