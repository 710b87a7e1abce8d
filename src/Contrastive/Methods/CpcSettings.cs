namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="Cpc"/>: the spec's <c>objective</c> without the patch grid the
/// model's shapes depend on. A generated model's options hold it as <c>Objective</c>, with the spec's
/// values (the only defaults).
/// </summary>
/// <param name="Steps">How many steps ahead are predicted, K ≥ 1; <c>objective.steps</c>.</param>
/// <param name="FirstStep">The first step predicted (k = FirstStep, ..., FirstStep + K − 1), ≥ 1; <c>objective.first-step</c>.</param>
/// <param name="Negatives">Where each prediction's negatives come from; <c>objective.negatives</c>.</param>
public sealed record CpcSettings(int Steps, int FirstStep, CpcNegatives Negatives);
