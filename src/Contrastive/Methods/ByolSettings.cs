namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="Byol"/>: the spec's <c>objective</c>. A generated model's
/// options hold it as <c>Objective</c>, with the spec's values (the only defaults).
/// </summary>
/// <param name="Momentum">The target's EMA momentum and schedule (BYOL: 0.996, cosine to 1); <c>objective.momentum</c>.</param>
public sealed record ByolSettings(TargetMomentum Momentum);
