using static TorchSharp.torch;

namespace Contrastive.Training;

/// <summary>How a run is carried out, beside what the spec's <see cref="TrainOptions"/> say.</summary>
public sealed record TrainerSettings
{
    private readonly Device? device;

    /// <summary>The run's folder: checkpoints, metrics.jsonl, TensorBoard events.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>
    /// Where the model, its optimizer state, every batch, view, queue, bank and generator live (CPU by
    /// default; <see cref="DeviceChoice.Parse"/> reads <c>--device</c>). The dataset stays on the CPU.
    /// </summary>
    public Device Device
    {
        get => device ?? CPU;   // read lazily: a record made before libtorch loads must not touch it
        init => device = value ?? throw new ArgumentNullException(nameof(Device));
    }
    /// <summary>Stop after this many steps even if the epochs are not done (null: run every epoch).</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Steps between checkpoints (one is always written at the end).</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Steps between metric lines (the progress display is told every step).</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Largest global gradient norm (0 turns clipping off).</summary>
    public double ClipGradientNorm { get; init; }

    /// <summary>Continue from the newest checkpoint in <see cref="RunDirectory"/> when there is one.</summary>
    public bool Resume { get; init; }

    /// <summary>Write TensorBoard event files beside metrics.jsonl.</summary>
    public bool TensorBoard { get; init; } = true;

    /// <summary>Checks every value, naming the setting and what it must be.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RunDirectory))
        {
            throw new ArgumentException("the run directory must be a path.", nameof(RunDirectory));
        }

        if (MaxSteps is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "max steps must be at least 1.");
        }

        if (CheckpointEvery < 1 || LogEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), "checkpoint and log intervals must be at least 1 step.");
        }

        if (!(ClipGradientNorm >= 0) || double.IsInfinity(ClipGradientNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), ClipGradientNorm, "the gradient clip must be a finite norm >= 0 (0 turns it off).");
        }
    }
}

/// <summary>Where a run is, told to the progress display after every step.</summary>
/// <param name="Step">Steps completed.</param>
/// <param name="TotalSteps">Steps in the run.</param>
/// <param name="Epoch">Zero-based epoch of the last step.</param>
/// <param name="Loss">Loss of the last step.</param>
/// <param name="LearningRate">Rate used by the last step.</param>
/// <param name="InputsPerSecond">Inputs (images or sequences) through the step per second, over the last log interval; logged as <c>images_per_second</c>.</param>
/// <param name="Metrics">The method's metrics of the last step.</param>
public sealed record TrainingProgress(long Step, long TotalSteps, long Epoch, double Loss, double LearningRate, double InputsPerSecond, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>A warning the method raised at this step (a collapsing representation), or null.</summary>
    public string? Warning { get; init; }
}

/// <summary>How a run ended.</summary>
/// <param name="Steps">Steps completed in total (including those before a resume).</param>
/// <param name="FinalLoss">Loss of the last step.</param>
/// <param name="Losses">(step, loss) of every step this process ran.</param>
/// <param name="Seconds">Wall time of this process's steps.</param>
/// <param name="LastCheckpoint">Folder of the last checkpoint written.</param>
public sealed record TrainingSummary(long Steps, double FinalLoss, IReadOnlyList<(long Step, double Loss)> Losses, double Seconds, string LastCheckpoint)
{
    /// <summary>Warnings the method raised, with the step of each.</summary>
    public IReadOnlyList<(long Step, string Message)> Warnings { get; init; } = [];
}

/// <summary>A step produced a loss that is not a finite number; the run stopped before updating the weights.</summary>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception for <paramref name="step"/>.</summary>
    public NonFiniteLossException(long step, double loss, string? lastCheckpoint)
        : base($"step {step + 1}: the loss is {loss}, not a finite number; the run stopped before the update. "
            + (lastCheckpoint is null ? "No checkpoint was written yet." : $"The last good checkpoint is {lastCheckpoint}.")
            + " Lower the learning rate, raise the temperature, or turn on gradient clipping.")
    {
        Step = step;
        Loss = loss;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>Zero-based step whose loss was not finite.</summary>
    public long Step { get; }

    /// <summary>The loss.</summary>
    public double Loss { get; }

    /// <summary>The last good checkpoint, if any.</summary>
    public string? LastCheckpoint { get; }
}
