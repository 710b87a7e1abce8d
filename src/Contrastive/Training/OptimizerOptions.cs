namespace Contrastive.Training;

/// <summary>The optimisers training can use.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba 2015), with L2 weight decay added to the gradient.</summary>
    Adam,

    /// <summary>AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay.</summary>
    AdamW,

    /// <summary>Stochastic gradient descent with (heavy-ball) momentum.</summary>
    Sgd,
}

/// <summary>
/// The optimiser of a training run (data only: training builds the optimiser from it). Every value is
/// range-checked wherever it is set (constructor, object initializer, <c>with</c>).
/// </summary>
/// <param name="Kind">Which optimiser.</param>
/// <param name="LearningRate">Base learning rate, positive and finite (before the schedule scales it).</param>
/// <param name="WeightDecay">Weight decay, zero or positive.</param>
/// <param name="Momentum">SGD's momentum in [0, 1); Adam and AdamW ignore it.</param>
public sealed record OptimizerOptions(
    OptimizerKind Kind = OptimizerKind.Adam, double LearningRate = 1e-3, double WeightDecay = 0.0, double Momentum = 0.9)
{
    /// <summary>Which optimiser.</summary>
    public OptimizerKind Kind { get; init => field = OptionChecks.Defined(value, nameof(OptimizerOptions), nameof(Kind)); }
        = OptionChecks.Defined(Kind, nameof(OptimizerOptions), nameof(Kind));

    /// <summary>Base learning rate, positive and finite.</summary>
    public double LearningRate { get; init => field = OptionChecks.Positive(value, nameof(OptimizerOptions), nameof(LearningRate), "1e-3"); }
        = OptionChecks.Positive(LearningRate, nameof(OptimizerOptions), nameof(LearningRate), "1e-3");

    /// <summary>Weight decay, zero or positive and finite.</summary>
    public double WeightDecay { get; init => field = OptionChecks.NonNegative(value, nameof(OptimizerOptions), nameof(WeightDecay), "1e-4"); }
        = OptionChecks.NonNegative(WeightDecay, nameof(OptimizerOptions), nameof(WeightDecay), "1e-4");

    /// <summary>SGD's momentum in [0, 1).</summary>
    public double Momentum { get; init => field = OptionChecks.Momentum(value, nameof(OptimizerOptions), nameof(Momentum)); }
        = OptionChecks.Momentum(Momentum, nameof(OptimizerOptions), nameof(Momentum));

    /// <summary>Checks every value again (each is also checked when set); throws naming the setting and its range.</summary>
    public void Validate()
    {
        OptionChecks.Defined(Kind, nameof(OptimizerOptions), nameof(Kind));
        OptionChecks.Positive(LearningRate, nameof(OptimizerOptions), nameof(LearningRate), "1e-3");
        OptionChecks.NonNegative(WeightDecay, nameof(OptimizerOptions), nameof(WeightDecay), "1e-4");
        OptionChecks.Momentum(Momentum, nameof(OptimizerOptions), nameof(Momentum));
    }
}
