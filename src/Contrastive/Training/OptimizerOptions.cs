using Contrastive.Vocabularies;

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
/// range-checked wherever it is set (constructor, object initializer, <c>with</c>), against the
/// range of its definition (<see cref="Definitions.Training"/>, which specs are checked against too).
/// </summary>
/// <param name="Kind">Which optimiser.</param>
/// <param name="LearningRate">Base learning rate in (0, 100] (before the schedule scales it).</param>
/// <param name="WeightDecay">Weight decay in [0, 1).</param>
/// <param name="Momentum">SGD's momentum in [0, 1); Adam and AdamW ignore it.</param>
public sealed record OptimizerOptions(
    OptimizerKind Kind = OptimizerKind.Adam,
    double LearningRate = Definitions.Training.Defaults.LearningRate,
    double WeightDecay = Definitions.Training.Defaults.WeightDecay,
    double Momentum = Definitions.Training.Defaults.Momentum)
{
    /// <summary>Which optimiser.</summary>
    public OptimizerKind Kind { get; init => field = OptionChecks.Defined(value, nameof(OptimizerOptions), nameof(Kind)); }
        = OptionChecks.Defined(Kind, nameof(OptimizerOptions), nameof(Kind));

    /// <summary>Base learning rate in (0, 100].</summary>
    public double LearningRate { get; init => field = OptionChecks.Within(value, Definitions.Training.LearningRate, nameof(OptimizerOptions), nameof(LearningRate)); }
        = OptionChecks.Within(LearningRate, Definitions.Training.LearningRate, nameof(OptimizerOptions), nameof(LearningRate));

    /// <summary>Weight decay in [0, 1).</summary>
    public double WeightDecay { get; init => field = OptionChecks.Within(value, Definitions.Training.WeightDecay, nameof(OptimizerOptions), nameof(WeightDecay)); }
        = OptionChecks.Within(WeightDecay, Definitions.Training.WeightDecay, nameof(OptimizerOptions), nameof(WeightDecay));

    /// <summary>SGD's momentum in [0, 1).</summary>
    public double Momentum { get; init => field = OptionChecks.Within(value, Definitions.Training.Momentum, nameof(OptimizerOptions), nameof(Momentum)); }
        = OptionChecks.Within(Momentum, Definitions.Training.Momentum, nameof(OptimizerOptions), nameof(Momentum));

    /// <summary>Checks every value again (each is also checked when set); throws naming the setting and its range.</summary>
    public void Validate()
    {
        OptionChecks.Defined(Kind, nameof(OptimizerOptions), nameof(Kind));
        OptionChecks.Within(LearningRate, Definitions.Training.LearningRate, nameof(OptimizerOptions), nameof(LearningRate));
        OptionChecks.Within(WeightDecay, Definitions.Training.WeightDecay, nameof(OptimizerOptions), nameof(WeightDecay));
        OptionChecks.Within(Momentum, Definitions.Training.Momentum, nameof(OptimizerOptions), nameof(Momentum));
    }
}
