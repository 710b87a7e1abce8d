using Contrastive.Objectives;

namespace Contrastive.Evaluation.MiBench;

/// <summary>
/// Settings of the Gaussian MI benchmark. Defaults reproduce Poole et al. 2019: x, y in R^20,
/// batch 64, true MI stepped 2, 4, 6, 8, 10 nats, 4,000 steps per level, Adam lr 5e-4, critics with
/// two hidden layers of 256 (separable: 32-d embeddings).
/// </summary>
public sealed record MiBenchmarkOptions
{
    /// <summary>The estimators to train, each with its own critic.</summary>
    public IReadOnlyList<MiEstimator> Estimators { get; init; } = new[]
    {
        MiEstimator.InfoNce, MiEstimator.Nwj, MiEstimator.Dv, MiEstimator.Jsd,
        MiEstimator.Tuba, MiEstimator.Alpha, MiEstimator.Smile,
    };

    /// <summary>True MI of each level, in nats.</summary>
    public IReadOnlyList<double> Levels { get; init; } = new[] { 2.0, 4.0, 6.0, 8.0, 10.0 };

    /// <summary>Training steps spent at each level.</summary>
    public int StepsPerLevel { get; init; } = 4000;

    /// <summary>Dimension of x and y.</summary>
    public int Dimension { get; init; } = 20;

    /// <summary>Batch size K.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Critic architecture.</summary>
    public MiCriticKind Critic { get; init; } = MiCriticKind.Concat;

    /// <summary>Width of the critics' hidden layers.</summary>
    public int HiddenWidth { get; init; } = 256;

    /// <summary>Number of hidden layers of each MLP.</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Embedding width of the separable critic.</summary>
    public int EmbeddingWidth { get; init; } = 32;

    /// <summary>I_alpha's interpolation weight.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>SMILE's clip threshold.</summary>
    public double SmileTau { get; init; } = 5.0;

    /// <summary>MINE's EMA momentum.</summary>
    public double MineMomentum { get; init; } = 0.99;

    /// <summary>Seed of the data and of every critic's initialisation.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Throws with the offending setting named when an option is out of range.</summary>
    public void Validate()
    {
        Require(Estimators.Count > 0, "at least one estimator is needed");
        Require(Estimators.Distinct().Count() == Estimators.Count, "an estimator is listed twice");
        Require(Levels.Count > 0 && Levels.All(l => l > 0 && !double.IsInfinity(l)), "levels must be positive, finite nats");
        Require(StepsPerLevel >= 2, $"steps per level must be at least 2 (the summary uses the last half); got {StepsPerLevel}");
        Require(Dimension >= 1, $"dimension must be at least 1; got {Dimension}");
        Require(BatchSize >= 2, $"batch size must be at least 2 (one negative); got {BatchSize}");
        Require(LearningRate > 0, $"learning rate must be positive; got {LearningRate}");
        Require(HiddenWidth >= 1 && HiddenLayers >= 0 && EmbeddingWidth >= 1, "critic sizes must be positive");
        Require(Alpha is > 0 and <= 1, $"alpha must lie in (0, 1]; got {Alpha}");
        Require(SmileTau > 0, $"SMILE's tau must be positive; got {SmileTau}");
        Require(MineMomentum is >= 0 and < 1, $"MINE's momentum must lie in [0, 1); got {MineMomentum}");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"mi-bench: {message}.");
        }
    }
}
