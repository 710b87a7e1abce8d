using System.Text.Json;
using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Reporting;
using Contrastive.Training;

namespace Contrastive.Cli.Commands;

/// <summary>
/// What a run folder records about how it was started (<c>run.json</c>): the model and every option
/// override, so that <c>train --resume</c> and <c>eval</c> rebuild exactly the same model.
/// </summary>
/// <param name="Model">The model's name in the registry.</param>
/// <param name="Overrides">key=value overrides applied to the spec's options, in order.</param>
internal sealed record RunFolder(string Model, IReadOnlyList<string> Overrides)
{
    public const string FileName = "run.json";

    public static RunFolder Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{directory} is not a run folder: it has no {FileName} (runs are made by 'contrastive train').");
        }

        return JsonSerializer.Deserialize<RunFolder>(File.ReadAllText(path))
            ?? throw new ArgumentException($"{path} is empty.");
    }

    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The registry entry, or an error naming the models that exist.</summary>
    public static ModelInfo Find(string name) => ModelRegistry.Find(name)
        ?? throw new ArgumentException($"unknown model '{name}'{Suggest(name)}; 'contrastive models' lists them.");

    /// <summary>The shape of one input sample of this run's model (what its dataset must hold).</summary>
    public IReadOnlyList<long> InputShape => Find(Model).InputShape;

    /// <summary>The options record with the overrides applied, and the model built from it.</summary>
    public (object Options, SelfSupervisedMethod Model) Build()
    {
        var info = Find(Model);
        var options = OptionOverrides.ApplyAll(info.CreateOptions(), Overrides);
        var train = TrainOptionsOf(options);
        TorchSharp.torch.random.manual_seed(train.Seed);   // the initial weights depend on the seed only
        var model = info.CreateWithOptions(options);
        return model is SelfSupervisedMethod method
            ? (options, method)
            : throw new ArgumentException($"'{Model}' is a {info.Method} model, which 'train' does not run (it trains self-supervised methods); use 'mi-bench' for MI critics.");
    }

    /// <summary>
    /// The run folder behind <paramref name="path"/> (a run folder, or one of its checkpoint folders) and the
    /// checkpoint to load (the one named, else the newest).
    /// </summary>
    public static (string Directory, string Checkpoint) Locate(string path)
    {
        var full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, '/'));
        if (File.Exists(Path.Combine(full, "model.bin")) && Path.GetFileName(Path.GetDirectoryName(full)) == "checkpoints")
        {
            return (Path.GetDirectoryName(Path.GetDirectoryName(full))!, full);
        }

        var latest = new CheckpointStore(Path.Combine(full, "checkpoints")).Latest
            ?? throw new ArgumentException($"{path} holds no checkpoint: give a run folder made by 'contrastive train' (or one of its checkpoints/step-* folders).");
        return (full, latest);
    }

    /// <summary>The run behind <paramref name="path"/> with its model at the checkpoint's weights.</summary>
    public static (RunFolder Run, string Directory, string Checkpoint, object Options, SelfSupervisedMethod Model) Open(string path)
    {
        var (directory, checkpoint) = Locate(path);
        var run = Read(directory);
        var (options, model) = run.Load(checkpoint);
        return (run, directory, checkpoint, options, model);
    }

    /// <summary>The model of this run with the weights of <paramref name="checkpoint"/>.</summary>
    public (object Options, SelfSupervisedMethod Model) Load(string checkpoint)
    {
        var (options, model) = Build();
        var file = Path.Combine(checkpoint, "model.bin");

        // Not strict: a checkpoint also holds training-only state made for the training set (a memory
        // bank), which a model built for evaluation lacks. Every tensor the model has must be there.
        var found = new Dictionary<string, bool>();
        model.load(file, strict: false, loadedParameters: found);
        var missing = model.state_dict().Keys.Where(k => !found.GetValueOrDefault(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"{file} does not fit {Model}: it lacks {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : string.Empty)}; was it written by another model or spec?");
        }

        model.eval();
        return (options, model);
    }

    public static TrainOptions TrainOptionsOf(object options) =>
        options.GetType().GetProperty("Train")?.GetValue(options) as TrainOptions
        ?? throw new ArgumentException($"{options.GetType().Name} has no training options.");

    public static Augment.ViewPipeline ViewsOf(object options) =>
        options.GetType().GetProperty("Augment")?.GetValue(options) as Augment.ViewPipeline ?? Augment.ViewPipeline.Identity;

    private static string Suggest(string name)
    {
        var names = ModelRegistry.All.Select(m => m.Name).ToList();
        var close = names.FirstOrDefault(n => n.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(n, StringComparison.OrdinalIgnoreCase));
        return close is not null ? $"; did you mean '{close}'?" : $"; the models are {string.Join(", ", names)}";
    }
}
