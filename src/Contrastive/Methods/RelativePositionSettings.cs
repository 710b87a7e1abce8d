namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="RelativePosition"/>: the spec's <c>objective</c> without the
/// tile size the model's shapes depend on. A generated model's options hold it as <c>Objective</c>,
/// with the spec's values (the only defaults).
/// </summary>
/// <param name="Gap">Fewest pixels between neighbouring tiles; <c>objective.gap</c>.</param>
public sealed record RelativePositionSettings(int Gap);
