namespace Contrastive.Evaluation.MiBench;

/// <summary>The critic architecture of the MI benchmark (Poole et al. 2019, Sec. 4).</summary>
public enum MiCriticKind
{
    /// <summary>MLP on [x; y] scoring all K x K pairs: the most expressive, K^2 forward passes per batch.</summary>
    Concat,

    /// <summary>Two MLPs embedding x and y, scored by a dot product: K forward passes each.</summary>
    Separable,
}
