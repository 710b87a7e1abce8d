namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="SimSiam"/>'s objective: nothing (its only key, <c>loss</c>,
/// has one value). It exists so that every method takes its settings the same way and a generated
/// model's options hold them as <c>Objective</c>, whatever the method.
/// </summary>
public sealed record SimSiamSettings;
