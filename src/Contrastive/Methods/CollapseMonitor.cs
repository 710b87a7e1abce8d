using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// Watches for the collapse that methods without negatives (BYOL, SimSiam) can fall into, where every
/// input maps to nearly the same output. As in the SimSiam paper, it measures the standard deviation
/// over the batch of the L2-normalised outputs, averaged over dimensions: about <c>1/√d</c> for
/// well-spread outputs, 0 for a collapsed constant. It warns once when that stays below
/// <see cref="Threshold"/> × <c>1/√d</c> for <see cref="Patience"/> steps in a row.
/// </summary>
public sealed class CollapseMonitor
{
    private int lowSteps;
    private bool warned;

    /// <param name="threshold">Fraction of the healthy <c>1/√d</c> below which a step counts as collapsing.</param>
    /// <param name="patience">Consecutive collapsing steps before the warning (a single odd batch is not collapse).</param>
    public CollapseMonitor(double threshold = 0.1, int patience = 20)
    {
        if (!(threshold > 0.0 && threshold < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold is a fraction of 1/sqrt(d), in (0, 1).");
        }

        if (patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience counts steps, at least 1.");
        }

        Threshold = threshold;
        Patience = patience;
    }

    /// <summary>Fraction of <c>1/√d</c> below which outputs count as collapsing.</summary>
    public double Threshold { get; }

    /// <summary>Consecutive collapsing steps before warning.</summary>
    public int Patience { get; }

    /// <summary>The mean per-dimension std of the L2-normalised rows of <paramref name="outputs"/> [N, d] (N ≥ 2).</summary>
    public static Tensor OutputStd(Tensor outputs)
    {
        if (outputs.dim() != 2 || outputs.shape[0] < 2)
        {
            throw new ArgumentException($"outputs must be [N, d] with N >= 2; got [{string.Join(", ", outputs.shape)}].", nameof(outputs));
        }

        return nn.functional.normalize(outputs.detach(), p: 2, dim: 1).std(0).mean();
    }

    /// <summary>Measures one step's outputs; returns the "output-std" metric and, the first time collapse persists, a warning.</summary>
    public (Metric Metric, string? Warning) Observe(Tensor outputs)
    {
        var std = OutputStd(outputs).to(ScalarType.Float32);   // metrics are float32 scalars, as the trainer logs them
        var healthy = 1.0 / Math.Sqrt(outputs.shape[1]);
        var value = std.item<float>();
        lowSteps = value < Threshold * healthy ? lowSteps + 1 : 0;
        string? warning = null;
        if (lowSteps >= Patience && !warned)
        {
            warned = true;
            warning = FormattableString.Invariant(
                $"the representation is collapsing: output-std has been below {Threshold * healthy:G3} ({Threshold:P0} of 1/sqrt({outputs.shape[1]}) = {healthy:G3}) for {lowSteps} steps (now {value:G3}); every input maps to nearly the same output. Check the predictor, the learning rate and the augmentations.");
        }

        return (new Metric("output-std", std), warning);
    }
}
