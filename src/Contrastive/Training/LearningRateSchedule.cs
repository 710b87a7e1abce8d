namespace Contrastive.Training;

/// <summary>
/// The learning rate at each step of a run: constant, cosine decay to zero (Loshchilov and Hutter
/// 2017), or a linear warm-up from near zero followed by cosine decay (as in SimCLR).
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly ScheduleOptions options;
    private readonly double baseRate;
    private readonly long totalSteps;
    private readonly long warmupSteps;

    /// <param name="options">Which schedule.</param>
    /// <param name="baseRate">The peak rate (the optimizer's configured rate).</param>
    /// <param name="totalSteps">Steps in the run.</param>
    /// <param name="stepsPerEpoch">Steps per epoch, to turn warm-up epochs into steps.</param>
    public LearningRateSchedule(ScheduleOptions options, double baseRate, long totalSteps, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!(baseRate > 0) || double.IsInfinity(baseRate) || totalSteps < 1 || stepsPerEpoch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(baseRate), $"a schedule needs a positive finite rate and at least one step; got rate {baseRate}, {totalSteps} steps, {stepsPerEpoch} per epoch.");
        }

        this.options = options;
        this.baseRate = baseRate;
        this.totalSteps = totalSteps;
        warmupSteps = options.Kind == ScheduleKind.WarmupCosine
            ? Math.Min(totalSteps - 1, (long)Math.Round(options.WarmupEpochs * stepsPerEpoch))
            : 0;
    }

    /// <summary>The rate for the zero-based step <paramref name="step"/>.</summary>
    public double At(long step)
    {
        step = Math.Clamp(step, 0, totalSteps - 1);
        if (step < warmupSteps)
        {
            return baseRate * (step + 1) / warmupSteps;
        }

        return options.Kind switch
        {
            ScheduleKind.Constant => baseRate,
            _ => baseRate * 0.5 * (1 + Math.Cos(Math.PI * (step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps))),
        };
    }
}
