using Contrastive.Objectives;

namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="MutualInformationCritic"/>: the estimator and the settings
/// of the estimators that have any (each used only by its own), and a cosine critic's temperature. A
/// generated model's options hold it as <c>Objective</c>, with the spec's values (the only defaults);
/// the MI benchmark makes one from its own options.
/// </summary>
/// <param name="Estimator">The bound to train and report; <c>objective.estimator</c>.</param>
/// <param name="Alpha">I_alpha's interpolation weight in [0, 1] (used by <see cref="MiEstimator.Alpha"/>); <c>objective.alpha</c>.</param>
/// <param name="SmileTau">SMILE's clip threshold, &gt; 0 (used by <see cref="MiEstimator.Smile"/>); <c>objective.tau</c>.</param>
/// <param name="MineMomentum">MINE's EMA momentum in [0, 1), the weight of the old average (used by <see cref="MiEstimator.Mine"/>); <c>objective.momentum</c>.</param>
/// <param name="Temperature">
/// tau of a cosine critic's scores, or null for the other critics, which have none; <c>objective.temperature</c>.
/// The critic reads it when it is made (<see cref="CosineTemperature"/>).
/// </param>
public sealed record MutualInformationCriticSettings(MiEstimator Estimator, double Alpha, double SmileTau, double MineMomentum, double? Temperature)
{
    /// <summary>The temperature a cosine critic is made with; throws when <see cref="Temperature"/> is null.</summary>
    public double CosineTemperature => Temperature
        ?? throw new InvalidOperationException("a cosine critic needs a temperature (objective.temperature); these settings have none.");
}
