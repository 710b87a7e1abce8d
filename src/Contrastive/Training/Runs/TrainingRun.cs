using System.Globalization;
using Contrastive.Data;
using Contrastive.Evaluation.Probes;
using Contrastive.Methods;
using Contrastive.Reporting;
using TorchSharp;

namespace Contrastive.Training.Runs;

/// <summary>
/// The run workflow, one run folder at a time: a model found by name, the spec's options with the
/// run's overrides, seed → build → data in the model's input shape → train (<see cref="Trainer"/>) →
/// loss plot and the method's own plots → linear probe and kNN beside the same model at its initial
/// weights → <c>results.json</c>. <see cref="Open"/> reads a finished run (or one of its checkpoints)
/// for evaluation and feature export. The command line, the F# surface and the example scripts all
/// run through it; the caller shows progress (<see cref="Progress"/>) and results.
/// </summary>
/// <remarks>
/// The runtime cannot see a project's generated <c>ModelRegistry</c>, so every entry point takes its
/// list of models (<c>ModelRegistry.All</c>). The model and its dataset belong to the run: dispose it.
/// </remarks>
public sealed class TrainingRun : IDisposable
{
    private readonly DataLocations? locations;
    private readonly Trainer? trainer;
    private readonly List<string> pendingNotes = [];
    private RunLock? runLock;
    private IDataset? trainData;

    private TrainingRun(RunFolder folder, string directory, ModelInfo info, IModelOptions options, SelfSupervisedMethod model, DataLocations? locations, string? checkpoint)
    {
        Folder = folder;
        Directory = directory;
        Info = info;
        Options = options;
        Model = model;
        Checkpoint = checkpoint;
        this.locations = locations;
    }

    // A run to train: its data loaded in the model's shape and its trainer made, in the order the
    // weights' seed expects (the model is built first).
    private TrainingRun(RunFolder folder, ModelInfo info, IModelOptions options, SelfSupervisedMethod model, DataLocations? locations, TrainerSettings settings, RunLock runLock)
        : this(folder, settings.RunDirectory, info, options, model, locations, checkpoint: null)
    {
        this.runLock = runLock;
        try
        {
            trainer = new Trainer(model, TrainData, options.Augment, options.Train, settings);
            trainer.Note += note => Note?.Invoke(note);
        }
        catch
        {
            trainData?.Dispose();
            throw;
        }
    }

    /// <summary>What run.json records: the model and the overrides.</summary>
    public RunFolder Folder { get; }

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>The model's registry entry.</summary>
    public ModelInfo Info { get; }

    /// <summary>The spec's options with the run's overrides.</summary>
    public IModelOptions Options { get; }

    /// <summary>The model: the one being trained, or an opened run's, at its checkpoint's weights in eval mode.</summary>
    public SelfSupervisedMethod Model { get; }

    /// <summary>The checkpoint an opened run's weights come from; null for a run to train.</summary>
    public string? Checkpoint { get; }

    /// <summary>Why an opened run's checkpoint is not the one <c>checkpoints/latest</c> names (it was missing or damaged); null when it is.</summary>
    public string? CheckpointNote { get; private init; }

    /// <summary>The training split of the run's dataset in the model's input shape (loaded once, owned by the run).</summary>
    public IDataset TrainData => trainData ??= Load(DataSplit.Train);

    /// <summary>Steps the run will have completed when <see cref="Train"/> returns.</summary>
    public long TotalSteps => RequireTrainer().TotalSteps;

    /// <summary>Told after every training step, on the training thread.</summary>
    public event Action<TrainingProgress>? Progress
    {
        add => RequireTrainer().Progress += value;
        remove => RequireTrainer().Progress -= value;
    }

    /// <summary>
    /// Told what the user should know about the run folder when training starts: a lock left by a run
    /// that ended without releasing it, and what a resume decided (<see cref="Trainer.Note"/>).
    /// </summary>
    public event Action<string>? Note;

    /// <summary>The default folder of a new run of <paramref name="model"/>: <c>runs/&lt;model&gt;-&lt;local time&gt;</c>.</summary>
    public static string DefaultDirectory(string model) =>
        Path.Combine("runs", $"{model}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Starts a run of the model called <paramref name="model"/> in <paramref name="settings"/>' run
    /// folder: builds it with the overrides (a bad one fails here, before the folder is made), makes the
    /// folder, writes run.json and loads the training data.
    /// </summary>
    /// <param name="models">The models to find <paramref name="model"/> in (a generated <c>ModelRegistry.All</c>).</param>
    /// <param name="model">The model's name, ignoring case.</param>
    /// <param name="overrides">"key=value" overrides of the spec's options (<see cref="OptionOverrides"/>), in order.</param>
    /// <param name="settings">How the run is carried out; its <see cref="TrainerSettings.Resume"/> is ignored (a new run starts from step 0).</param>
    /// <param name="locations">Where datasets are looked for (default: <see cref="DataLocations.FromEnvironment"/>).</param>
    /// <exception cref="ArgumentException">Unknown model, bad override, a model that is not a self-supervised method, data of another shape, or a folder that already holds a run.</exception>
    public static TrainingRun Start(IReadOnlyList<ModelInfo> models, string model, IEnumerable<string> overrides, TrainerSettings settings, DataLocations? locations = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(settings);
        var info = ModelInfo.Find(models, model);
        var folder = new RunFolder(info.Name, overrides.ToList(), info.InputShape, RunSettings.Of(settings));
        RefuseExistingRun(settings.RunDirectory);
        var (options, built) = Build(info, folder.Overrides);
        return Guarded(built, () =>
        {
            System.IO.Directory.CreateDirectory(settings.RunDirectory);
            return Locked(settings.RunDirectory, runLock =>
            {
                RefuseExistingRun(settings.RunDirectory);   // again, now that no other run can be making it
                folder.Write(settings.RunDirectory);
                return new TrainingRun(folder, info, options, built, locations, settings with { Resume = false }, runLock);
            });
        });
    }

    /// <summary>
    /// Continues the run in <paramref name="settings"/>' run folder from its newest checkpoint, with the
    /// options and the settings it was started with (run.json): <paramref name="settings"/> gives the
    /// folder, the device and TensorBoard; its step cap, intervals and clipping must be left at their
    /// defaults or equal the run's.
    /// </summary>
    /// <exception cref="ArgumentException">The folder is not a run folder, its model is no longer in <paramref name="models"/>, or a setting conflicts with the run's.</exception>
    public static TrainingRun Resume(IReadOnlyList<ModelInfo> models, TrainerSettings settings, DataLocations? locations = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = RunFolder.Read(settings.RunDirectory);
        settings = folder.Settings?.ResumeWith(settings) ?? settings;   // a run.json from before settings were recorded: as asked
        var info = ModelInfo.Find(models, folder.Model);
        var (options, built) = Build(info, folder.Overrides);
        return Guarded(built, () => Locked(settings.RunDirectory, runLock => new TrainingRun(folder, info, options, built, locations, settings with { Resume = true }, runLock)));
    }

    /// <summary>
    /// A finished run: <paramref name="path"/> is a run folder (its newest checkpoint is loaded) or one of
    /// its <c>checkpoints/step-*</c> folders; the model is in eval mode, on <paramref name="device"/>.
    /// </summary>
    /// <param name="models">The models to find the run's model in (a generated <c>ModelRegistry.All</c>).</param>
    /// <param name="path">A run folder or one of its checkpoint folders.</param>
    /// <param name="locations">Where datasets are looked for (default: <see cref="DataLocations.FromEnvironment"/>).</param>
    /// <param name="device">Where the model runs and the probes fit (default: the CPU); the weights are read on the CPU, then moved.</param>
    /// <exception cref="ArgumentException">No run folder or checkpoint there, or a checkpoint that lacks a tensor of the model.</exception>
    public static TrainingRun Open(IReadOnlyList<ModelInfo> models, string path, DataLocations? locations = null, torch.Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (directory, choice) = RunFolder.Locate(path);
        var checkpoint = choice.Folder;
        var folder = RunFolder.Read(directory);
        var info = ModelInfo.Find(models, folder.Model);
        var (options, built) = Build(info, folder.Overrides);
        return Guarded(built, () =>
        {
            LoadWeights(built, checkpoint, folder.Model);
            if (Trainer.NonFiniteTensor(built) is { } broken)
            {
                throw new ArgumentException($"{checkpoint} holds weights that are not finite ({broken} has NaN or infinite values): the run diverged before this checkpoint. Evaluate an earlier checkpoint (checkpoints/step-*), or train again with a lower learning rate.");
            }

            if (device is not null)
            {
                built.to(device);
            }

            return new TrainingRun(folder, directory, info, options, built, locations, checkpoint) { CheckpointNote = choice.Note };
        });
    }

    /// <summary>Trains until the epochs or the step cap end, writing checkpoints and metrics to the run folder.</summary>
    /// <exception cref="InvalidOperationException">The run was opened to be read, not trained.</exception>
    /// <exception cref="NonFiniteLossException">A step's loss was not finite; the last good checkpoint is kept.</exception>
    public TrainingSummary Train(CancellationToken cancellationToken = default)
    {
        var run = RequireTrainer();
        foreach (var note in pendingNotes)
        {
            Note?.Invoke(note);
        }

        pendingNotes.Clear();
        return run.Run(cancellationToken);
    }

    /// <summary>
    /// Draws <c>loss.png</c> and each of the method's <see cref="SelfSupervisedMethod.Plots"/> into the
    /// run folder. A figure that cannot be drawn (no font) is left out; what was left out is returned.
    /// </summary>
    public IReadOnlyList<string> DrawPlots(TrainingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var problems = new List<string>();
        try
        {
            RunPlots.DrawLoss(Directory, Folder.Model, summary);
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"no loss plot: {e.Message}");
        }

        foreach (var plot in Model.Plots)
        {
            try
            {
                RunPlots.DrawMetrics(Directory, Folder.Model, plot);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"no {Path.GetFileNameWithoutExtension(plot.FileName)} plot: {e.Message}");
            }
        }

        return problems;
    }

    /// <summary>Linear probe and kNN of the model's frozen features beside the same model at its initial weights, fitted on the training split and scored on the test split.</summary>
    public EvaluationReport Evaluate()
    {
        using var test = Load(DataSplit.Test);
        return Evaluate(TrainData, test);
    }

    /// <summary>The same scores on data of the caller's (a sample of each split, for a quick look).</summary>
    public EvaluationReport Evaluate(IDataset train, IDataset test)
    {
        var (_, initial) = Build(Info, Folder.Overrides);   // the same seed: the weights training started from
        using (initial)
        {
            initial.to(Model.Device);   // compared on the device the trained model is on
            return RepresentationEvaluation.Compare(Model, initial, train, test, Options.Train.Seed);
        }
    }

    /// <summary>Writes <c>results.json</c>: the model, overrides, steps, time, final loss and the evaluation.</summary>
    public void WriteResults(TrainingSummary summary, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        RunResults.WriteResults(Directory, Folder, summary, report);
    }

    /// <summary>Writes an opened run's evaluation to <c>eval.json</c>, naming its checkpoint.</summary>
    /// <exception cref="InvalidOperationException">The run was not opened from a checkpoint (a trained run keeps its scores in results.json).</exception>
    public void WriteEvaluation(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RunResults.WriteEvaluation(Directory, report, Checkpoint ?? throw new InvalidOperationException("only an opened run writes eval.json; a trained run's scores go to results.json (WriteResults)."));
    }

    /// <summary>One split of the run's dataset in the model's input shape; the caller disposes it.</summary>
    public IDataset Load(DataSplit split) => Datasets.Load(Options.Train.Data, split, Info.InputShape, locations);

    /// <inheritdoc />
    public void Dispose()
    {
        runLock?.Dispose();
        runLock = null;
        trainData?.Dispose();
        Model.Dispose();
    }

    // The options with the overrides, and the model built from them on the options' seed: the initial
    // weights depend on the seed alone.
    private static (IModelOptions Options, SelfSupervisedMethod Model) Build(ModelInfo info, IReadOnlyList<string> overrides)
    {
        var options = (IModelOptions)OptionOverrides.ApplyAll(info.CreateOptions(), overrides);
        torch.random.manual_seed(options.Train.Seed);
        var model = info.CreateWithOptions(options);
        if (model is SelfSupervisedMethod method)
        {
            return (options, method);
        }

        model.Dispose();
        throw new ArgumentException($"'{info.Name}' is a {info.Method} model, which a training run does not run (it trains self-supervised methods); use 'mi-bench' for MI critics.");
    }

    // A new run never takes over a folder that holds one: its checkpoints and metrics would be mixed
    // with (or replace) the old run's.
    private static void RefuseExistingRun(string directory)
    {
        if (File.Exists(Path.Combine(directory, RunFolder.FileName)) || System.IO.Directory.Exists(Path.Combine(directory, "checkpoints")))
        {
            throw new ArgumentException($"{directory} already holds a run: continue it with --resume {directory}, or give a new folder with --out.");
        }
    }

    private static void LoadWeights(SelfSupervisedMethod model, string checkpoint, string name)
    {
        var file = Path.Combine(checkpoint, "model.bin");

        // Not strict: a checkpoint also holds training-only state made for the training set (a memory
        // bank), which a model built for evaluation lacks. Every tensor the model has must be there.
        var found = new Dictionary<string, bool>();
        model.load(file, strict: false, loadedParameters: found);
        var missing = model.state_dict().Keys.Where(k => !found.GetValueOrDefault(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"{file} does not fit {name}: it lacks {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : string.Empty)}; was it written by another model or spec?");
        }

        model.eval();
    }

    // The run folder's lock, held by the run made (released with it), or released when making the run fails.
    private static TrainingRun Locked(string directory, Func<RunLock, TrainingRun> make)
    {
        var runLock = RunLock.Take(directory);
        try
        {
            // Safe now that this run is the folder's only writer: what killed writes left half-done.
            var removed = AtomicFile.RemoveTemporaries(directory) + AtomicFile.RemoveTemporaries(Path.Combine(directory, "checkpoints"));
            var run = make(runLock);
            if (runLock.Note is { } note)
            {
                run.pendingNotes.Add(note);
            }

            if (removed > 0)
            {
                run.pendingNotes.Add($"removed {removed} temporary {(removed == 1 ? "entry" : "entries")} left in {directory} by an interrupted write.");
            }

            return run;
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    // Disposes the model when making the run fails after it was built.
    private static TrainingRun Guarded(SelfSupervisedMethod model, Func<TrainingRun> make)
    {
        try
        {
            return make();
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private Trainer RequireTrainer() =>
        trainer ?? throw new InvalidOperationException("this run was opened to be read (Open); start or resume a run to train it.");
}
