namespace Contrastive.Objectives;

/// <summary>
/// The mutual-information estimators a critic can be trained through. Each member is one
/// <see cref="Vocabularies.Definitions.Estimator"/>, whose word specs, <c>mi-bench</c>, <c>--set</c>
/// and reports use (<see cref="MiEstimators.Word"/>).
/// </summary>
public enum MiEstimator
{
    /// <summary>InfoNCE: low variance, capped at log K.</summary>
    InfoNce,

    /// <summary>NWJ: unbiased, high variance.</summary>
    Nwj,

    /// <summary>Donsker-Varadhan, trained on its own minibatch value.</summary>
    Dv,

    /// <summary>MINE: Donsker-Varadhan value with the EMA-corrected gradient.</summary>
    Mine,

    /// <summary>Critic trained with Jensen-Shannon, MI reported as NWJ(S + 1).</summary>
    Jsd,

    /// <summary>TUBA with a learned baseline a(y).</summary>
    Tuba,

    /// <summary>I_alpha: interpolation of the InfoNCE and a learned baseline.</summary>
    Alpha,

    /// <summary>SMILE: clipped Donsker-Varadhan value, Jensen-Shannon gradient.</summary>
    Smile,
}
