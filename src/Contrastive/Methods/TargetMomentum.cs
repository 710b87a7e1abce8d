namespace Contrastive.Methods;

/// <summary>How the EMA momentum of a target network moves over a run.</summary>
public enum MomentumSchedule
{
    /// <summary>The base momentum throughout (MoCo v1 and v2).</summary>
    Constant,

    /// <summary>From the base momentum up to 1 along a half cosine (BYOL, MoCo v3).</summary>
    Cosine,
}

/// <summary>
/// The momentum m of a target network updated as <c>θ_target ← m θ_target + (1 − m) θ_online</c>.
/// </summary>
/// <param name="Base">m at the first step, in [0, 1] (MoCo: 0.99 to 0.999; BYOL: 0.996).</param>
/// <param name="Schedule">How m moves from <paramref name="Base"/>; with <see cref="MomentumSchedule.Cosine"/> it reaches 1 at the last step.</param>
public sealed record TargetMomentum(double Base = 0.99, MomentumSchedule Schedule = MomentumSchedule.Cosine)
{
    /// <summary>m after <paramref name="step"/> of <paramref name="totalSteps"/> steps (zero-based).</summary>
    public double At(long step, long totalSteps)
    {
        if (Schedule == MomentumSchedule.Constant || totalSteps <= 1)
        {
            return Base;
        }

        // BYOL's τ_k = 1 − (1 − τ_base)(cos(πk/K) + 1)/2, with k counted from 0 to K − 1.
        var progress = Math.Clamp((double)step / (totalSteps - 1), 0.0, 1.0);
        return 1.0 - ((1.0 - Base) * (Math.Cos(Math.PI * progress) + 1.0) / 2.0);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (!(Base >= 0.0 && Base <= 1.0))
        {
            throw new ArgumentException($"momentum.base must be in [0, 1]; found {Base}.");
        }
    }
}
