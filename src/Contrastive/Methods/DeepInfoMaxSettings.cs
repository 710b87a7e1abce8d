using Contrastive.Objectives;

namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="DeepInfoMax"/>: the spec's <c>objective</c> without the local
/// layer the model's shapes depend on. A generated model's options hold it as <c>Objective</c>, with
/// the spec's values (the only defaults).
/// </summary>
/// <param name="Estimator">The MI estimator of the global and local terms: InfoNce, Nwj, Dv or Js; <c>objective.estimator</c>.</param>
/// <param name="Alpha">Weight of the global term, &gt;= 0; <c>objective.alpha</c>.</param>
/// <param name="Beta">Weight of the local term, &gt;= 0; alpha + beta must be positive; <c>objective.beta</c>.</param>
/// <param name="Gamma">Weight of the prior term, &gt;= 0 (0: no prior matching); <c>objective.gamma</c>.</param>
/// <param name="Prior">The prior the encodings are matched to; <c>objective.prior</c>.</param>
/// <param name="PriorLearningRate">Adam's learning rate for the prior discriminator; <c>objective.prior-learning-rate</c>.</param>
/// <param name="DiscriminatorUnits">Hidden width and embedding size of the discriminators; <c>objective.discriminator-units</c>.</param>
public sealed record DeepInfoMaxSettings(
    MiEstimator Estimator,
    double Alpha,
    double Beta,
    double Gamma,
    PriorDistribution Prior,
    double PriorLearningRate,
    int DiscriminatorUnits);
