using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Contrastive.Augment;
using Contrastive.Data;
using Contrastive.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Training;

/// <summary>
/// Trains a <see cref="SelfSupervisedMethod"/> on a dataset (images, or sequences for methods that
/// make no views): seeded epochs of shuffled batches, the spec's views, optimizer and schedule, one
/// dispose scope per step, a guard against non-finite losses, atomic checkpoints that a resumed run
/// continues from exactly, and metrics in metrics.jsonl (and TensorBoard).
/// </summary>
public sealed class Trainer
{
    private readonly SelfSupervisedMethod method;
    private readonly IDataset data;
    private readonly ViewMaker views;
    private readonly TrainOptions options;
    private readonly TrainerSettings settings;

    /// <param name="method">The model to train (its weights are initialised by whoever built it).</param>
    /// <param name="data">Training samples (images, or sequences); labels are not used.</param>
    /// <param name="views">The augmentations that make each view of an image; must be empty for data that are not images.</param>
    /// <param name="options">Batch size, epochs, optimizer, schedule and seed from the spec.</param>
    /// <param name="settings">Run folder, checkpointing, logging, resume.</param>
    public Trainer(SelfSupervisedMethod method, IDataset data, ViewPipeline views, TrainOptions options, TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        options.Validate();
        settings.Validate();
        if (data.Count < options.BatchSize)
        {
            throw new ArgumentException($"the dataset '{data.Name}' has {data.Count} samples, fewer than one batch of {options.BatchSize}; lower the batch size.", nameof(data));
        }

        var shape = data.InputShape;
        if (shape.Count != 3 && views.Steps.Count > 0)
        {
            throw new ArgumentException($"augmentations make views of images [C, H, W], but '{data.Name}' holds samples [{string.Join(", ", shape)}]; leave the augmentations out.", nameof(views));
        }

        this.method = method;
        this.data = data;
        this.views = shape.Count == 3 ? new ViewMaker(views, shape[0], shape[1], shape[2]) : ViewMaker.None;
        this.options = options;
        this.settings = settings;
        StepsPerEpoch = data.Count / options.BatchSize;   // the last partial batch is dropped, as in SimCLR
        TotalSteps = Math.Min((long)options.Epochs * StepsPerEpoch, settings.MaxSteps ?? long.MaxValue);
    }

    /// <summary>Full batches per epoch.</summary>
    public long StepsPerEpoch { get; }

    /// <summary>Steps the run will have made when it ends.</summary>
    public long TotalSteps { get; }

    /// <summary>Told after every step (on the training thread).</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>
    /// Told what a resume decided that the user should know: a checkpoint passed over for an older intact
    /// one, a restart from step 0 of a run that had no checkpoint yet, a cut-short metrics line dropped.
    /// </summary>
    public event Action<string>? Note;

    /// <summary>The optimizers of the current <see cref="Run"/> (the trainer's, then the method's): for tests to read their state during a run.</summary>
    internal IReadOnlyList<optim.Optimizer> Optimizers { get; private set; } = [];

    /// <summary>Runs (or resumes) the training; throws <see cref="NonFiniteLossException"/> on a NaN or infinite loss.</summary>
    public TrainingSummary Run(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(settings.RunDirectory);
        var store = new CheckpointStore(Path.Combine(settings.RunDirectory, "checkpoints"));
        var device = settings.Device;

        // The model moves first: the optimizers (this one, and those Prepare makes) then keep their
        // state beside the parameters, and the views draw on the device the images are on.
        method.to(device);
        var viewGenerator = new Generator(unchecked((ulong)options.Seed ^ 0x5EED0Ful), device);
        using var optimizer = OptimizerFactory.Create(method, options.Optimizer);
        var schedule = new LearningRateSchedule(options.Schedule, options.Optimizer.LearningRate, TotalSteps, StepsPerEpoch);

        // Before a restore: state sized by the data (a memory bank) must exist to be restored into.
        method.Prepare(data.Count);
        var restored = new TrainingState(0, 0, double.NaN);
        // The method's own optimizers (made by Prepare) are checkpointed beside the trainer's.
        IReadOnlyList<optim.Optimizer> optimizers = [optimizer, .. method.InnerOptimizers];
        Optimizers = optimizers;
        if (settings.Resume)
        {
            restored = Restore(store, optimizers, viewGenerator);
        }

        var start = restored.Step;
        if (start >= TotalSteps)
        {
            Tell($"the run is already complete (step {start} of {TotalSteps}): nothing to train.");
        }

        using var metrics = new MetricsLog(settings.RunDirectory, settings.TensorBoard, truncateAfter: start, Tell);
        var losses = new List<(long, double)>();
        var warnings = new List<(long, string)>();
        var lastCheckpoint = store.Latest;
        var clock = Stopwatch.StartNew();
        var intervalClock = Stopwatch.StartNew();
        long intervalInputs = 0;
        var inputsPerSecond = 0.0;
        Tensor? order = null;
        long orderEpoch = -1;
        var loss = restored.Loss;   // a complete run's last loss, until a step makes a new one
        method.train();
        try
        {
            for (var step = start; step < TotalSteps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var epoch = step / StepsPerEpoch;
                if (epoch != orderEpoch)
                {
                    // Each epoch's order depends only on the seed and the epoch, so a resumed run
                    // sees the batches the uninterrupted one would have. It indexes the dataset, which
                    // stays on the CPU; each batch is moved to the device once.
                    order?.Dispose();
                    order = randperm(data.Count, generator: new Generator(unchecked((ulong)(options.Seed * 1_000_003L) + (ulong)epoch)));
                    orderEpoch = epoch;
                }

                var rate = schedule.At(step);
                IReadOnlyDictionary<string, double> stepMetrics;
                string? warning;
                using (var scope = NewDisposeScope())
                {
                    var indices = order!.narrow(0, (step % StepsPerEpoch) * options.BatchSize, options.BatchSize);
                    var (inputs, _) = data.Batch(indices, device);
                    var batch = new TrainingBatch(inputs, indices.to(device));
                    OptimizerFactory.SetLearningRate(optimizer, rate);
                    optimizer.zero_grad();
                    var result = method.TrainingStep(batch, views, viewGenerator);
                    warning = result.Warning;
                    loss = result.Loss.item<float>();
                    if (!double.IsFinite(loss))
                    {
                        throw new NonFiniteLossException(step, loss, lastCheckpoint);
                    }

                    result.Loss.backward();
                    if (settings.ClipGradientNorm > 0)
                    {
                        nn.utils.clip_grad_norm_(method.TrainedParameters(), settings.ClipGradientNorm);
                    }

                    optimizer.step();
                    method.AfterOptimizerStep(step, TotalSteps);
                    stepMetrics = result.Metrics.ToDictionary(m => m.Name, m => (double)m.Value.item<float>());
                }

                losses.Add((step + 1, loss));
                if (warning is not null)
                {
                    warnings.Add((step + 1, warning));
                }

                intervalInputs += options.BatchSize;
                if ((step + 1) % settings.LogEvery == 0 || step + 1 == TotalSteps)
                {
                    inputsPerSecond = intervalInputs / Math.Max(1e-9, intervalClock.Elapsed.TotalSeconds);
                    intervalClock.Restart();
                    intervalInputs = 0;
                    metrics.Write(step + 1, epoch, loss, rate, inputsPerSecond, stepMetrics);
                }

                Progress?.Invoke(new TrainingProgress(step + 1, TotalSteps, epoch, loss, rate, inputsPerSecond, stepMetrics) { Warning = warning });
                if ((step + 1) % settings.CheckpointEvery == 0 || step + 1 == TotalSteps)
                {
                    // A checkpoint is a promise of good weights: a step can leave them NaN with a finite loss.
                    if (NonFiniteTensor(method) is { } broken)
                    {
                        throw new NonFiniteWeightsException(step, broken, lastCheckpoint);
                    }

                    lastCheckpoint = store.Save(new TrainingState(step + 1, (step + 1) / StepsPerEpoch, loss), method, optimizers, [viewGenerator]);
                }
            }
        }
        finally
        {
            order?.Dispose();
            method.eval();
        }

        return new TrainingSummary(TotalSteps, loss, losses, clock.Elapsed.TotalSeconds, lastCheckpoint ?? string.Empty) { Warnings = warnings };
    }

    // The step to continue from. A run that has checkpoints never starts again from step 0: when none
    // is intact, nothing is touched and the error says what is wrong with each.
    private TrainingState Restore(CheckpointStore store, IReadOnlyList<optim.Optimizer> optimizers, Generator viewGenerator)
    {
        if (store.Newest() is { } choice)
        {
            if (choice.Note is not null)
            {
                Tell(choice.Note);
            }

            return store.Restore(choice.Folder, method, optimizers, [viewGenerator]);
        }

        if (store.HasCheckpoints)
        {
            throw new InvalidDataException(
                $"{store.Directory} holds no intact checkpoint to resume from ({string.Join("; ", store.Problems())}); nothing in the run folder was changed.");
        }

        Tell("the run has no checkpoint yet (it stopped before its first): training starts again from step 0.");
        return new TrainingState(0, 0, double.NaN);
    }

    private void Tell(string note) => Note?.Invoke(note);

    /// <summary>The name of a parameter or buffer holding NaN or an infinity, or null when every one is finite.</summary>
    internal static string? NonFiniteTensor(nn.Module module)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(module.named_buffers().Select(b => (b.name, b.buffer))))
        {
            if (tensor.is_floating_point() && !isfinite(tensor).all().item<bool>())
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>metrics.jsonl (one JSON object per logged step) and, optionally, TensorBoard scalars.</summary>
    private sealed class MetricsLog : IDisposable
    {
        private readonly StreamWriter jsonl;
        private readonly TorchSharp.Modules.SummaryWriter? board;

        public MetricsLog(string directory, bool tensorBoard, long truncateAfter, Action<string> tell)
        {
            var path = Path.Combine(directory, "metrics.jsonl");
            // A resumed run rewrites the lines after its checkpoint, so the log matches one clean run.
            var kept = File.Exists(path) ? Kept(path, truncateAfter, tell) : [];
            File.WriteAllLines(path, kept);
            jsonl = new StreamWriter(path, append: true) { AutoFlush = true };
            board = tensorBoard ? utils.tensorboard.SummaryWriter(Path.Combine(directory, "tensorboard")) : null;
        }

        // The lines up to the checkpoint's step. A last line cut short by a killed write is dropped
        // (and said); a damaged line elsewhere is an error naming it, before the file is rewritten.
        private static List<string> Kept(string path, long truncateAfter, Action<string> tell)
        {
            var lines = File.ReadAllLines(path);
            var kept = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (StepOf(lines[i]) is { } step)
                {
                    if (step <= truncateAfter)
                    {
                        kept.Add(lines[i]);
                    }
                }
                else if (i == lines.Length - 1)
                {
                    tell($"{path}: its last line was cut short (a write was interrupted) and is dropped.");
                }
                else
                {
                    throw new InvalidDataException($"{path}:{i + 1}: not a metrics line (a JSON object with a whole 'step'); nothing was changed. Remove or mend the line to resume.");
                }
            }

            return kept;
        }

        private static long? StepOf(string line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("step", out var step)
                    && step.TryGetInt64(out var value) ? value : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public void Write(long step, long epoch, double loss, double rate, double inputsPerSecond, IReadOnlyDictionary<string, double> metrics)
        {
            var line = new Dictionary<string, object> { ["step"] = step, ["epoch"] = epoch, ["loss"] = loss, ["lr"] = rate, ["images_per_second"] = Math.Round(inputsPerSecond, 1) };
            foreach (var (name, value) in metrics)
            {
                line[name] = value;
            }

            jsonl.WriteLine(JsonSerializer.Serialize(line));
            if (board is not null)
            {
                board.add_scalar("train/loss", (float)loss, (int)step);
                board.add_scalar("train/lr", (float)rate, (int)step);
                board.add_scalar("train/images_per_second", (float)inputsPerSecond, (int)step);
                foreach (var (name, value) in metrics)
                {
                    board.add_scalar("train/" + name, (float)value, (int)step);
                }
            }
        }

        public void Dispose()
        {
            jsonl.Dispose();
        }
    }
}
