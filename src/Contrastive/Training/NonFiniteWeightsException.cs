namespace Contrastive.Training;

/// <summary>
/// Thrown when the weights are not finite where a checkpoint is due: the step's loss was finite but its
/// update left a parameter or buffer NaN or infinite. No checkpoint is written, so the last one stays good.
/// </summary>
public sealed class NonFiniteWeightsException : Exception
{
    /// <summary>Creates the exception for the zero-based <paramref name="step"/>.</summary>
    public NonFiniteWeightsException(long step, string tensor, string? lastCheckpoint)
        : base($"step {step + 1}: {tensor} holds NaN or infinite values after the update, so no checkpoint was written. "
            + (lastCheckpoint is null ? "No checkpoint was written before." : $"The last good checkpoint is {lastCheckpoint}.")
            + " Lower the learning rate, or turn on gradient clipping.")
    {
        Step = step;
        Tensor = tensor;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>Zero-based step after whose update the weights were not finite.</summary>
    public long Step { get; }

    /// <summary>The first parameter or buffer found not finite.</summary>
    public string Tensor { get; }

    /// <summary>The last good checkpoint, if any.</summary>
    public string? LastCheckpoint { get; }
}
