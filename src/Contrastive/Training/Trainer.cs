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
        long start = 0;
        // The method's own optimizers (made by Prepare) are checkpointed beside the trainer's.
        IReadOnlyList<optim.Optimizer> optimizers = [optimizer, .. method.InnerOptimizers];
        Optimizers = optimizers;
        if (settings.Resume && store.Restore(method, optimizers, [viewGenerator]) is { } state)
        {
            start = state.Step;
        }

        using var metrics = new MetricsLog(settings.RunDirectory, settings.TensorBoard, truncateAfter: start);
        var losses = new List<(long, double)>();
        var warnings = new List<(long, string)>();
        var lastCheckpoint = store.Latest;
        var clock = Stopwatch.StartNew();
        var intervalClock = Stopwatch.StartNew();
        long intervalInputs = 0;
        var inputsPerSecond = 0.0;
        Tensor? order = null;
        long orderEpoch = -1;
        var loss = double.NaN;
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

    /// <summary>metrics.jsonl (one JSON object per logged step) and, optionally, TensorBoard scalars.</summary>
    private sealed class MetricsLog : IDisposable
    {
        private readonly StreamWriter jsonl;
        private readonly TorchSharp.Modules.SummaryWriter? board;

        public MetricsLog(string directory, bool tensorBoard, long truncateAfter)
        {
            var path = Path.Combine(directory, "metrics.jsonl");
            // A resumed run rewrites the lines after its checkpoint, so the log matches one clean run.
            var kept = File.Exists(path)
                ? File.ReadLines(path).Where(line => StepOf(line) <= truncateAfter).ToList()
                : [];
            File.WriteAllLines(path, kept);
            jsonl = new StreamWriter(path, append: true) { AutoFlush = true };
            board = tensorBoard ? utils.tensorboard.SummaryWriter(Path.Combine(directory, "tensorboard")) : null;
        }

        private static long StepOf(string line)
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.GetProperty("step").GetInt64();
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
