namespace Contrastive.Methods;

/// <summary>
/// What a user can change of <see cref="MoCo"/>: the spec's <c>objective</c>. A generated model's
/// options hold it as <c>Objective</c>, with the spec's values (the only defaults).
/// </summary>
/// <param name="Temperature">tau of the InfoNCE loss (MoCo v2: 0.2); <c>objective.temperature</c>.</param>
/// <param name="QueueSize">Keys in the queue (MoCo: 65536 on ImageNet; thousands for small data); <c>objective.negatives.queue</c>.</param>
/// <param name="Momentum">The key network's EMA momentum and its schedule; <c>objective.momentum</c>.</param>
/// <param name="Symmetric">Average the loss with the views' roles swapped (MoCo v3's form); <c>objective.symmetric</c>.</param>
public sealed record MoCoSettings(double Temperature, int QueueSize, TargetMomentum Momentum, bool Symmetric);
