using System.Globalization;

namespace Contrastive.Training.Runs;

/// <summary>
/// How a run is carried out besides its options, as <c>run.json</c> records it, so that a resume
/// continues the run as it was started: the same step cap (and so the same learning-rate schedule),
/// checkpoint and log intervals and gradient clipping.
/// </summary>
/// <param name="MaxSteps">The step cap, or null for every epoch.</param>
/// <param name="CheckpointEvery">Steps between checkpoints.</param>
/// <param name="ClipGradientNorm">Largest global gradient norm (0: off).</param>
/// <param name="LogEvery">Steps between metric lines.</param>
public sealed record RunSettings(long? MaxSteps, int CheckpointEvery, double ClipGradientNorm, int LogEvery)
{
    private static readonly TrainerSettings Defaults = new() { RunDirectory = "." };

    /// <summary>What <paramref name="settings"/> says of these.</summary>
    public static RunSettings Of(TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.MaxSteps, settings.CheckpointEvery, settings.ClipGradientNorm, settings.LogEvery);
    }

    /// <summary>
    /// The settings of a resume: <paramref name="asked"/> with these recorded values. A value asked that
    /// is not its default and differs from the recorded one is refused, naming both.
    /// </summary>
    /// <exception cref="ArgumentException">A value asked conflicts with the run's.</exception>
    public TrainerSettings ResumeWith(TrainerSettings asked)
    {
        ArgumentNullException.ThrowIfNull(asked);
        Same("max-steps", asked.MaxSteps, Defaults.MaxSteps, MaxSteps);
        Same("checkpoint-every", asked.CheckpointEvery, Defaults.CheckpointEvery, CheckpointEvery);
        Same("clip-grad-norm", asked.ClipGradientNorm, Defaults.ClipGradientNorm, ClipGradientNorm);
        Same("log-every", asked.LogEvery, Defaults.LogEvery, LogEvery);
        return asked with { MaxSteps = MaxSteps, CheckpointEvery = CheckpointEvery, ClipGradientNorm = ClipGradientNorm, LogEvery = LogEvery };
    }

    private static void Same<T>(string name, T asked, T unset, T recorded)
    {
        if (!EqualityComparer<T>.Default.Equals(asked, unset) && !EqualityComparer<T>.Default.Equals(asked, recorded))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} {asked} differs from the run's {(object?)recorded ?? "none"} (run.json): a resume continues the run as it was started (a different {name} would change its schedule or checkpoints). Leave it out, or start a new run."));
        }
    }
}
