namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="Jigsaw"/>: the spec's <c>objective</c> without the sizes the
/// model's shapes depend on (tile size, number of permutations). A generated model's options hold it
/// as <c>Objective</c>, with the spec's values (the only defaults).
/// </summary>
/// <param name="PermutationSeed">Seed of the permutation set, at least 0; <c>objective.permutation-seed</c>.</param>
/// <param name="Gap">Fewest pixels between neighbouring tiles; <c>objective.gap</c>.</param>
public sealed record JigsawSettings(long PermutationSeed, int Gap);
