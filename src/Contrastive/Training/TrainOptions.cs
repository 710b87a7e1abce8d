using Contrastive.Vocabularies;

namespace Contrastive.Training;

/// <summary>
/// The settings of a training run (data only: what a model spec's training section and the
/// <c>train</c> command describe). Values are checked wherever they are set; that the warm-up fits
/// in the run is checked by <see cref="Validate"/>, since it relates two settings.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Samples per batch (each gives two views), from 2 (so every anchor has a negative) to 2^20.</summary>
    public int BatchSize { get; init => field = OptionChecks.Within(value, Definitions.Training.BatchSize, nameof(TrainOptions), nameof(BatchSize)); } = Definitions.Training.Defaults.BatchSize;

    /// <summary>Passes over the training set, from 1 to 1,000,000.</summary>
    public int Epochs { get; init => field = OptionChecks.Within(value, Definitions.Training.Epochs, nameof(TrainOptions), nameof(Epochs)); } = Definitions.Training.Defaults.Epochs;

    /// <summary>The optimiser.</summary>
    public OptimizerOptions Optimizer { get; init => field = OptionChecks.NotNull(value, nameof(TrainOptions), nameof(Optimizer)); } = new();

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleOptions Schedule { get; init => field = OptionChecks.NotNull(value, nameof(TrainOptions), nameof(Schedule)); } = new();

    /// <summary>Seed of the initialisation, the data order and the augmentations.</summary>
    public long Seed { get; init => field = OptionChecks.Within(value, Definitions.Training.Seed, nameof(TrainOptions), nameof(Seed)); } = Definitions.Training.Defaults.Seed;

    /// <summary>The data set's name, as the <c>data</c> command lists them (e.g. "fashion-mnist").</summary>
    public string Data { get; init => field = RequireName(value); } = Definitions.Datasets[0].Key;

    /// <summary>Checks every setting, the nested options, and that the warm-up fits in the run; throws naming the setting.</summary>
    public void Validate()
    {
        OptionChecks.Within(BatchSize, Definitions.Training.BatchSize, nameof(TrainOptions), nameof(BatchSize));
        OptionChecks.Within(Epochs, Definitions.Training.Epochs, nameof(TrainOptions), nameof(Epochs));
        OptionChecks.Within(Seed, Definitions.Training.Seed, nameof(TrainOptions), nameof(Seed));
        RequireName(Data);
        OptionChecks.NotNull(Optimizer, nameof(TrainOptions), nameof(Optimizer)).Validate();
        OptionChecks.NotNull(Schedule, nameof(TrainOptions), nameof(Schedule)).Validate();
        if (!Definitions.Training.WarmupFits(Schedule.WarmupEpochs, Epochs))
        {
            throw new ArgumentException(
                $"TrainOptions.Schedule.WarmupEpochs ({Schedule.WarmupEpochs}) must be {Definitions.Training.WarmupRule(Epochs)}, so the run has a cosine phase after the warm-up; shorten it or train longer.",
                nameof(Schedule));
        }
    }

    private static string RequireName(string? value)
        => string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("TrainOptions.Data must name a data set (e.g. \"fashion-mnist\").", nameof(Data))
            : value;
}
