using static TorchSharp.torch;

namespace Contrastive.Evaluation.Probes;

/// <summary>
/// The standard linear evaluation of a frozen representation: multinomial logistic regression on
/// standardised features, trained to convergence (full-batch L-BFGS), with its L2 penalty chosen
/// on a held-out part of the training split and then refitted on all of it.
/// </summary>
public static class LinearProbe
{
    /// <summary>Most training points used to choose the penalty.</summary>
    public const long SweepSize = 10_000;

    /// <summary>The L2 penalties tried by default (per-sample mean loss + λ‖W‖²/2).</summary>
    public static IReadOnlyList<double> DefaultPenalties { get; } = [0.0, 1e-5, 1e-4, 1e-3, 1e-2];

    /// <summary>Fits on <paramref name="train"/> and returns the accuracy on <paramref name="test"/>.</summary>
    /// <param name="train">Training features and labels.</param>
    /// <param name="test">Test features and labels.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="seed">Seeds the held-out split.</param>
    /// <param name="penalties">L2 penalties to compare (defaults to <see cref="DefaultPenalties"/>).</param>
    /// <param name="heldOutFraction">Share of the sweep points held out to score each penalty.</param>
    /// <param name="maxIterations">L-BFGS iteration cap per fit.</param>
    public static LinearProbeResult Evaluate(
        FeatureSet train, FeatureSet test, int classes, long seed = 0,
        IReadOnlyList<double>? penalties = null, double heldOutFraction = 0.2, int maxIterations = 150)
    {
        train.Validate(nameof(train));
        test.Validate(nameof(test));
        penalties ??= DefaultPenalties;
        if (classes < 2 || penalties.Count == 0 || penalties.Any(p => !(p >= 0) || double.IsInfinity(p)) || !(heldOutFraction > 0 && heldOutFraction < 1) || maxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(penalties), "a linear probe needs classes >= 2, finite penalties >= 0, a held-out fraction in (0, 1) and maxIterations >= 1.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        // Standardise with training statistics only, in float64 so L-BFGS converges cleanly.
        var trainX = train.Features.to(ScalarType.Float64);
        var mean = trainX.mean([0L], keepdim: true);
        var std = trainX.std(0, keepdim: true).clamp_min(1e-8);
        var x = (trainX - mean) / std;
        var y = train.Labels.to(ScalarType.Int64, x.device);
        var testX = (test.Features.to(ScalarType.Float64) - mean) / std;
        var testY = test.Labels.to(ScalarType.Int64, testX.device);

        // The penalty is chosen on at most SweepSize training points (a held-out share of them scores
        // each penalty); only the final fit uses the whole split. Choosing λ needs far fewer points than
        // fitting, and this keeps a probe of 60,000 features to one full-size fit.
        var generator = new Generator((ulong)seed, x.device);
        var order = randperm(train.Count, device: x.device, generator: generator);
        var sweepCount = Math.Min(train.Count, SweepSize);
        var heldOut = Math.Max(1, (long)Math.Round(sweepCount * heldOutFraction));
        var fitIndex = order.narrow(0, heldOut, sweepCount - heldOut);
        var heldIndex = order.narrow(0, 0, heldOut);

        var sweep = new List<(double Penalty, double Accuracy)>();
        foreach (var penalty in penalties)
        {
            using var inner = NewDisposeScope();
            var (weight, bias) = Fit(x[fitIndex], y[fitIndex], classes, penalty, maxIterations);
            sweep.Add((penalty, Accuracy(x[heldIndex], y[heldIndex], weight, bias)));
        }

        var best = sweep.OrderByDescending(s => s.Accuracy).ThenByDescending(s => s.Penalty).First();
        var (finalWeight, finalBias) = Fit(x, y, classes, best.Penalty, maxIterations);
        return new LinearProbeResult(
            Accuracy(testX, testY, finalWeight, finalBias),
            Accuracy(x, y, finalWeight, finalBias),
            best.Penalty,
            sweep);
    }

    internal static (Tensor Weight, Tensor Bias) Fit(Tensor x, Tensor y, int classes, double penalty, int maxIterations)
    {
        using var enableGrad = enable_grad();
        var weight = new TorchSharp.Modules.Parameter(zeros(x.shape[1], classes, dtype: ScalarType.Float64, device: x.device));
        var bias = new TorchSharp.Modules.Parameter(zeros(classes, dtype: ScalarType.Float64, device: x.device));
        // TorchSharp's L-BFGS has no line search; on this convex, standardised problem its unit steps
        // converge (the tests check the optimum against a gradient-norm bound). Positional arguments:
        // the gradient tolerance's parameter name is misspelt in TorchSharp 0.107.
        using var optimizer = optim.LBFGS(new[] { weight, bias }, 1.0, maxIterations, null, 1e-7, 1e-10, 20);
        Tensor Closure()
        {
            optimizer.zero_grad();
            var logits = x.matmul(weight) + bias;                                      // [N, classes]
            var loss = nn.functional.cross_entropy(logits, y) + (0.5 * penalty * weight.square().sum());
            loss.backward();
            return loss;
        }

        optimizer.step(Closure);
        return (weight.detach(), bias.detach());
    }

    private static double Accuracy(Tensor x, Tensor y, Tensor weight, Tensor bias) =>
        (x.matmul(weight) + bias).argmax(1).eq(y).to(ScalarType.Float64).mean().item<double>();
}

/// <summary>What a linear probe measured.</summary>
/// <param name="TestAccuracy">Accuracy on the test split, in [0, 1].</param>
/// <param name="TrainAccuracy">Accuracy on the training split (a large gap means over-fitting).</param>
/// <param name="Penalty">The L2 penalty chosen on the held-out part.</param>
/// <param name="Sweep">Held-out accuracy of every penalty tried.</param>
public sealed record LinearProbeResult(double TestAccuracy, double TrainAccuracy, double Penalty, IReadOnlyList<(double Penalty, double Accuracy)> Sweep);
