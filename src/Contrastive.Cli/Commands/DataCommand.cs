using System.ComponentModel;
using System.Globalization;
using Contrastive.Data;
using Contrastive.Vocabularies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive data</c>: where a dataset is looked for, what each place holds and which one is
/// used; with <c>--download</c>, fetches it into the user cache with a progress bar.
/// </summary>
public sealed class DataCommand : AsyncCommand<DataCommand.Settings>
{
    private readonly IAnsiConsole _console;
    private readonly DataCommandSetup _setup;

    /// <summary>Created by the command app with its console and data setup.</summary>
    public DataCommand(IAnsiConsole console, DataCommandSetup setup)
    {
        _console = console;
        _setup = setup;
    }

    /// <summary>Options of <c>data</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The dataset.</summary>
        [CommandOption("--name <NAME>")]
        [Description("Dataset: fashion-mnist, mnist, kmnist, cifar10, correlated-gaussians or synthetic-sequences.")]
        [DefaultValue("fashion-mnist")]
        public string Name { get; init; } = "fashion-mnist";

        /// <summary>Download into the user cache instead of only reporting.</summary>
        [CommandOption("--download")]
        [Description("Download the dataset's four files into the user cache, each checked against its SHA-256.")]
        public bool Download { get; init; }

        /// <summary>Where to download from.</summary>
        [CommandOption("--base-url <URL>")]
        [Description("Folder URL the files are fetched from (each file name is appended); default: the official one.")]
        public string? BaseUrl { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (BaseUrl is { } url)
            {
                if (!Download)
                {
                    return ValidationResult.Error("--base-url only applies with --download.");
                }

                if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
                {
                    return ValidationResult.Error($"--base-url: '{url}' is not an absolute http or https URL.");
                }
            }

            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var definition = Definitions.FindDataset(settings.Name);
        if (definition is null)
        {
            _console.MarkupLine($"[red]error:[/] --name: unknown dataset '{Markup.Escape(settings.Name)}'; known: {Markup.Escape(string.Join(", ", Datasets.Known.Select(d => d.Key)))}.");
            return 1;
        }

        if (definition.Source == Definitions.DatasetSource.IdxFiles)
        {
            var dataset = _setup.Catalog.FirstOrDefault(d => d.Definition == definition)
                ?? throw new InvalidOperationException($"no IDX files are described for {definition.Key}.");
            return settings.Download
                ? await DownloadAsync(dataset, settings.BaseUrl is { } url ? new Uri(url) : null, cancellationToken).ConfigureAwait(false)
                : Report(dataset);
        }

        _console.MarkupLine($"[bold]{Markup.Escape(definition.Key)}[/]: {Markup.Escape(definition.Title)}; {Markup.Escape(Datasets.Describe(definition))}");
        if (definition.Source != Definitions.DatasetSource.Cifar10Batches)
        {
            if (settings.Download)
            {
                _console.MarkupLine($"[red]error:[/] {Markup.Escape(definition.Key)}: nothing to download.");
                return 1;
            }

            return 0;
        }

        if (settings.Download)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(Cifar10.MissingAdvice(_setup.Locations))}");
            return 1;
        }

        var looked = Cifar10.Look(_setup.Locations);
        var chosen = looked.FirstOrDefault(l => l.HasAllFiles);
        WriteLooked(looked, chosen);
        if (chosen is null)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(definition.Key)}: no location has data_batch_N.bin and test_batch.bin.");
            _console.MarkupLine(Markup.Escape(Cifar10.MissingAdvice(_setup.Locations)));
            return 1;
        }

        return Uses(definition.Key, chosen);
    }

    private int Report(IdxDatasetInfo dataset)
    {
        var resolution = DataResolution.Resolve(dataset, _setup.Locations);
        _console.MarkupLine($"[bold]{Markup.Escape(dataset.Name)}[/]: {Markup.Escape(dataset.Title)}; {dataset.ClassNames.Count} classes, {dataset.Height} x {dataset.Width} images");
        var chosen = resolution.Chosen;
        WriteLooked(resolution.Looked, chosen);
        if (chosen is null)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(dataset.Name)}: no location has all four files.");
            _console.MarkupLine(Markup.Escape(dataset.DownloadUrl is not null && dataset.Files.All(f => f.Sha256 is not null)
                ? $"Download them with 'contrastive data --download --name {dataset.Name}', or set {DataLocations.EnvironmentVariable} to a folder with a '{dataset.Name}' sub-folder."
                : $"Put {string.Join(", ", dataset.Files.Select(f => f.FileName))} in a '{dataset.Name}' folder under ${DataLocations.EnvironmentVariable} or {_setup.Locations.Cache}."));
            return 1;
        }

        return Uses(dataset.Name, chosen);
    }

    // The locations looked at, in order, each with what it held.
    private void WriteLooked(IReadOnlyList<DataLocation> looked, DataLocation? chosen)
    {
        var tree = new Tree("looked at, in order:");
        var number = 0;
        foreach (var location in looked)
        {
            var used = ReferenceEquals(location, chosen);
            var node = tree.AddNode(
                $"{++number}. {Markup.Escape(DataResolution.Describe(location.Kind))}: {State(location.State, used)}"
                + (location.Folder is null ? "" : $"  {Markup.Escape(location.Folder)}"));
            if (location.State != LocationState.NotSet)
            {
                node.AddNode(Markup.Escape(location.Summary));
            }

            foreach (var file in location.Files)
            {
                node.AddNode(Markup.Escape(
                    $"{Path.GetFileName(file.Path)}  {file.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes"
                    + (file.Dimensions is { } d ? $"  [{string.Join(" x ", d.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))}]" : "")));
            }
        }

        _console.Write(tree);
    }

    // The location used, or the error when its files are damaged.
    private int Uses(string name, DataLocation chosen)
    {
        if (chosen.State == LocationState.Damaged)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(name)} would be read from {Markup.Escape(DataResolution.Describe(chosen.Kind))} ({Markup.Escape(chosen.Folder!)}), whose files are damaged: {Markup.Escape(chosen.Summary)}.");
            return 1;
        }

        _console.MarkupLine($"uses: {Markup.Escape(DataResolution.Describe(chosen.Kind))} ({Markup.Escape(chosen.Folder!)}): {Markup.Escape(chosen.Summary)}");
        return 0;
    }

    private async Task<int> DownloadAsync(IdxDatasetInfo dataset, Uri? baseUrl, CancellationToken cancellationToken)
    {
        var folder = _setup.Locations.FolderFor(DataSourceKind.Cache, dataset.Name)!;
        var from = baseUrl ?? dataset.DownloadUrl;
        if (from is null || dataset.Files.Any(f => f.Sha256 is null))
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(dataset.Name)}: no verified SHA-256 is known for its files, so this toolkit does not download it; "
                + $"put {Markup.Escape(string.Join(", ", dataset.Files.Select(f => f.FileName)))} in {Markup.Escape(folder)} (or a '{Markup.Escape(dataset.Name)}' folder under ${DataLocations.EnvironmentVariable}).");
            return 1;
        }

        _console.MarkupLine($"downloading {Markup.Escape(dataset.Name)} from {Markup.Escape(from.ToString())} into {Markup.Escape(folder)}");
        IReadOnlyList<DownloadedFile> files;
        try
        {
            using var client = new HttpClient();
            var downloader = new DatasetDownloader(client);
            files = await _console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .StartAsync(async progress =>
                {
                    var tasks = dataset.Files.ToDictionary(f => f.FileName, f => progress.AddTask(Markup.Escape(f.FileName), autoStart: false));
                    return await downloader.DownloadAsync(dataset, folder, from, report =>
                    {
                        var task = tasks[report.FileName];
                        if (!task.IsStarted)
                        {
                            task.StartTask();
                        }

                        task.MaxValue = report.Total ?? Math.Max(report.Received, 1);
                        task.Value = report.Received;
                        if (report.Done)
                        {
                            task.StopTask();
                        }
                    }, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        catch (DataDownloadException e)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }

        foreach (var file in files)
        {
            var what = file.AlreadyPresent ? "already there" : "downloaded";
            _console.MarkupLine(Markup.Escape($"{what}: {Path.GetFileName(file.Path)} ({file.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, SHA-256 checked)"));
        }

        var chosen = DataResolution.Resolve(dataset, _setup.Locations).Chosen;
        _console.MarkupLine(chosen is { Kind: DataSourceKind.Cache }
            ? Markup.Escape($"{dataset.Name} is now read from the user cache ({folder}).")
            : Markup.Escape($"note: {dataset.Name} is still read from {DataResolution.Describe(chosen!.Kind)} ({chosen.Folder}), which comes before the user cache."));
        return 0;
    }

    private static string State(LocationState state, bool used) => state switch
    {
        LocationState.Ready => used ? "[green]ready → used[/]" : "ready",
        LocationState.Damaged => used ? "[red]damaged → would be used[/]" : "[red]damaged[/]",
        LocationState.Incomplete => "[yellow]incomplete[/]",
        LocationState.Missing => "[grey]missing[/]",
        _ => "[grey]not set[/]",
    };
}
