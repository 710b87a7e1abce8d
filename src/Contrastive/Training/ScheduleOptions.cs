using Contrastive.Vocabularies;

namespace Contrastive.Training;

/// <summary>How the learning rate changes over a training run.</summary>
public enum ScheduleKind
{
    /// <summary>The base learning rate throughout.</summary>
    Constant,

    /// <summary>Cosine decay from the base learning rate to zero over the run (Loshchilov and Hutter 2017, without restarts).</summary>
    Cosine,

    /// <summary>Linear warm-up from zero over <see cref="ScheduleOptions.WarmupEpochs"/>, then cosine decay (as SimCLR trains).</summary>
    WarmupCosine,
}

/// <summary>
/// The learning-rate schedule of a training run (data only). Values are range-checked wherever they
/// are set; that warm-up goes with <see cref="ScheduleKind.WarmupCosine"/> only is checked by the
/// constructor and by <see cref="Validate"/> (a <c>with</c> expression may change one before the other).
/// </summary>
/// <param name="Kind">The schedule.</param>
/// <param name="WarmupEpochs">Epochs of linear warm-up, zero or positive (fractions allowed); only <see cref="ScheduleKind.WarmupCosine"/> warms up.</param>
public sealed record ScheduleOptions(ScheduleKind Kind = ScheduleKind.Constant, double WarmupEpochs = Definitions.Training.Defaults.WarmupEpochs)
{
    /// <summary>The schedule.</summary>
    public ScheduleKind Kind { get; init => field = OptionChecks.Defined(value, nameof(ScheduleOptions), nameof(Kind)); }
        = OptionChecks.Defined(Kind, nameof(ScheduleOptions), nameof(Kind));

    /// <summary>Epochs of linear warm-up, zero or positive and finite.</summary>
    public double WarmupEpochs { get; init => field = OptionChecks.Within(value, Definitions.Training.WarmupEpochs, nameof(ScheduleOptions), nameof(WarmupEpochs)); }
        = RequireWarmupFits(Kind, OptionChecks.Within(WarmupEpochs, Definitions.Training.WarmupEpochs, nameof(ScheduleOptions), nameof(WarmupEpochs)));

    /// <summary>Checks every value and that only a warm-up schedule has warm-up epochs; throws naming the setting.</summary>
    public void Validate()
    {
        OptionChecks.Defined(Kind, nameof(ScheduleOptions), nameof(Kind));
        RequireWarmupFits(Kind, OptionChecks.Within(WarmupEpochs, Definitions.Training.WarmupEpochs, nameof(ScheduleOptions), nameof(WarmupEpochs)));
    }

    private static double RequireWarmupFits(ScheduleKind kind, double warmupEpochs)
    {
        if (warmupEpochs > 0.0 && kind != ScheduleKind.WarmupCosine)
        {
            throw new ArgumentException(
                $"ScheduleOptions.WarmupEpochs is {warmupEpochs} but the {kind} schedule does not warm up: use Kind = {nameof(ScheduleKind.WarmupCosine)}, or WarmupEpochs = 0.",
                nameof(WarmupEpochs));
        }

        return warmupEpochs;
    }
}
