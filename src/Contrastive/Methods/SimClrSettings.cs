namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="SimClr"/>: the spec's <c>objective</c>. A generated model's
/// options hold it as <c>Objective</c>, with the spec's values (the only defaults).
/// </summary>
/// <param name="Temperature">NT-Xent's tau, positive and finite (SimCLR uses 0.1 to 0.5); <c>objective.temperature</c>.</param>
/// <param name="Negatives">Where negatives come from besides the batch; <c>objective.negatives</c>.</param>
/// <param name="Decoupled">Use the decoupled loss (DCL): the positive is left out of the denominator; <c>objective.loss: dcl</c>.</param>
public sealed record SimClrSettings(double Temperature, NegativeSampling Negatives, bool Decoupled);
