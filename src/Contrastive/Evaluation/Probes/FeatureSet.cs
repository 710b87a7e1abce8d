using static TorchSharp.torch;

namespace Contrastive.Evaluation.Probes;

/// <summary>Frozen features of a labelled split: what the probes train and test on.</summary>
/// <param name="Features">[N, D] float features.</param>
/// <param name="Labels">[N] int64 class indices in [0, classes).</param>
public sealed record FeatureSet(Tensor Features, Tensor Labels)
{
    /// <summary>Number of samples.</summary>
    public long Count => Features.shape[0];

    /// <summary>Feature dimension.</summary>
    public long Dimension => Features.shape[1];

    /// <summary>Checks the shapes agree; the probes call it so a mismatch fails with both shapes named.</summary>
    public void Validate(string name)
    {
        if (Features.dim() != 2 || Labels.dim() != 1 || Features.shape[0] != Labels.shape[0] || Features.shape[0] == 0)
        {
            throw new ArgumentException(
                $"{name}: features must be [N, D] and labels [N] with N > 0; got [{string.Join(", ", Features.shape)}] and [{string.Join(", ", Labels.shape)}].");
        }
    }
}
