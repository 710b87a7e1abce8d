using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Objectives;

/// <summary>Each estimator and loss on a 2 x 2 or 3 x 3 input whose value is worked out by hand.</summary>
[TestFixture]
public sealed class HandCheckedValueTests
{
    private const double Tolerance = 1e-12;

    // S = [[2, 0], [1, 3]]: diagonal mean 2.5; off-diagonal entries 0 and 1.
    private static readonly double[] Scores2 = { 2, 0, 1, 3 };
    private static readonly double OffMeanExp = (Math.Exp(0) + Math.Exp(1)) / 2;

    private static Tensor S2() => tensor(Scores2, new long[] { 2, 2 }, ScalarType.Float64);

    private static double Value(Tensor t) => t.item<double>();

    [Test]
    public void InfoNce_estimate_and_loss()
    {
        using var scope = NewDisposeScope();
        // Row 0: 2 - log(e^2 + e^0); row 1: 3 - log(e^1 + e^3).
        var rows = (2 - Math.Log(Math.Exp(2) + 1) + 3 - Math.Log(Math.Exp(1) + Math.Exp(3))) / 2;
        Assert.Multiple(() =>
        {
            Assert.That(Value(MutualInformation.InfoNce(S2())), Is.EqualTo(Math.Log(2) + rows).Within(Tolerance));
            Assert.That(Value(Losses.InfoNce(S2())), Is.EqualTo(-rows).Within(Tolerance));
        });
    }

    [Test]
    public void Symmetric_InfoNce_averages_both_directions()
    {
        using var scope = NewDisposeScope();
        // Columns: 2 - log(e^2 + e^1), 3 - log(e^0 + e^3).
        var rows = (Math.Log(Math.Exp(2) + 1) - 2 + Math.Log(Math.Exp(1) + Math.Exp(3)) - 3) / 2;
        var columns = (Math.Log(Math.Exp(2) + Math.Exp(1)) - 2 + Math.Log(1 + Math.Exp(3)) - 3) / 2;
        Assert.That(Value(Losses.InfoNce(S2(), symmetric: true)), Is.EqualTo((rows + columns) / 2).Within(Tolerance));
    }

    [Test]
    public void Nwj_Dv_and_Jensen_Shannon()
    {
        using var scope = NewDisposeScope();
        static double Softplus(double v) => Math.Log(1 + Math.Exp(v));
        var js = (-Softplus(-2) - Softplus(-3)) / 2 - (Softplus(0) + Softplus(1)) / 2;
        Assert.Multiple(() =>
        {
            Assert.That(Value(MutualInformation.Nwj(S2())), Is.EqualTo(2.5 - OffMeanExp / Math.E).Within(Tolerance));
            Assert.That(Value(MutualInformation.DonskerVaradhan(S2())), Is.EqualTo(2.5 - Math.Log(OffMeanExp)).Within(Tolerance));
            Assert.That(Value(MutualInformation.JensenShannon(S2())), Is.EqualTo(js).Within(Tolerance));
            Assert.That(Value(MutualInformation.JensenShannonNwj(S2())), Is.EqualTo(3.5 - OffMeanExp).Within(Tolerance), "NWJ(S + 1)");
        });
    }

    [Test]
    public void Tuba_divides_each_column_by_its_own_baseline()
    {
        using var scope = NewDisposeScope();
        // log a = [0.5, -1] for columns y_0, y_1. Off-diagonal: S[1,0] = 1 in column 0, S[0,1] = 0 in column 1.
        var logA = tensor(new[] { 0.5, -1.0 }, ScalarType.Float64);
        var expected = 1 + ((2 - 0.5) + (3 + 1)) / 2 - (Math.Exp(1 - 0.5) + Math.Exp(0 + 1)) / 2;
        Assert.That(Value(MutualInformation.Tuba(S2(), logA)), Is.EqualTo(expected).Within(Tolerance));
    }

    [Test]
    public void Interpolated_on_a_3x3_matrix_by_hand()
    {
        using var scope = NewDisposeScope();
        double[,] s = { { 1, 0, 2 }, { 0.5, 2, -1 }, { 0, 1, 3 } };
        var q = new[] { 0.2, -0.3, 0.1 };
        const double alpha = 0.3;
        const int k = 3;

        // B[r, c] = log(alpha * mean_{i != r} e^{S[i, c]} + (1 - alpha) e^{q[c]})
        double Baseline(int r, int c)
        {
            var mean = Enumerable.Range(0, k).Where(i => i != r).Average(i => Math.Exp(s[i, c]));
            return Math.Log(alpha * mean + (1 - alpha) * Math.Exp(q[c]));
        }

        double joint = 0, marginal = 0;
        for (var r = 0; r < k; r++)
        {
            for (var c = 0; c < k; c++)
            {
                if (r != c)
                {
                    joint += (s[c, c] - Baseline(r, c)) / (k * (k - 1));
                    marginal += Math.Exp(s[r, c] - Baseline(c, c)) / (k * (k - 1));
                }
            }
        }

        var scores = tensor(s.Cast<double>().ToArray(), new long[] { 3, 3 }, ScalarType.Float64);
        var value = MutualInformation.Interpolated(scores, tensor(q, ScalarType.Float64), alpha);
        Assert.That(Value(value), Is.EqualTo(1 + joint - marginal).Within(Tolerance));
    }

    [Test]
    public void Smile_clips_only_the_partition_term()
    {
        using var scope = NewDisposeScope();
        // tau = 0.5: off-diagonal 0 and 1 become 0 and 0.5; the diagonal mean stays 2.5.
        var expected = 2.5 - Math.Log((1 + Math.Exp(0.5)) / 2);
        Assert.That(Value(MutualInformation.Smile(S2(), 0.5)), Is.EqualTo(expected).Within(Tolerance));
    }

    [Test]
    public void NtXent_on_two_pairs_by_hand()
    {
        using var scope = NewDisposeScope();
        // z1 = [e0, e1], z2 = [e0, -e1] (already unit): anchors 0..3 = e0, e1, e0, -e1.
        var z1 = tensor(new double[] { 1, 0, 0, 1 }, new long[] { 2, 2 }, ScalarType.Float64);
        var z2 = tensor(new double[] { 1, 0, 0, -1 }, new long[] { 2, 2 }, ScalarType.Float64);
        const double tau = 0.5;
        // anchor 0 (e0): pos e0 (cos 1); others e1 (0), -e1 (0). Same for anchor 2.
        var a0 = -(1 / tau) + Math.Log(Math.Exp(1 / tau) + 2);
        // anchor 1 (e1): pos -e1 (cos -1); others e0 (0), e0 (0). Same for anchor 3.
        var a1 = (1 / tau) + Math.Log(Math.Exp(-1 / tau) + 2);
        Assert.That(Value(Losses.NtXent(z1, z2, tau)), Is.EqualTo((a0 + a1) / 2).Within(Tolerance));
    }

    [Test]
    public void NtXent_with_one_pair_has_no_negatives_and_zero_loss()
    {
        using var scope = NewDisposeScope();
        var z = tensor(new double[] { 0.3, -2 }, new long[] { 1, 2 }, ScalarType.Float64);
        Assert.That(Value(Losses.NtXent(z, z * 5, 0.1)), Is.EqualTo(0).Within(Tolerance));
    }

    [Test]
    public void Nce_by_hand()
    {
        using var scope = NewDisposeScope();
        // One data point (score 1, log q = -1) and k = 2 noise samples (scores 0 and 2, log q = -2 and 0).
        static double Softplus(double v) => Math.Log(1 + Math.Exp(v));
        var logK = Math.Log(2);
        var expected = Softplus(-(1 - (-1 + logK))) + Softplus(0 - (-2 + logK)) + Softplus(2 - (0 + logK));
        var loss = Losses.Nce(
            tensor(new double[] { 1 }, ScalarType.Float64),
            tensor(new double[] { 0, 2 }, new long[] { 1, 2 }, ScalarType.Float64),
            tensor(new double[] { -1 }, ScalarType.Float64),
            tensor(new double[] { -2, 0 }, new long[] { 1, 2 }, ScalarType.Float64));
        Assert.That(Value(loss), Is.EqualTo(expected).Within(Tolerance));
    }

    [Test]
    public void Estimators_accept_float32_and_carry_gradient()
    {
        using var scope = NewDisposeScope();
        var scores = tensor(Scores2.Select(v => (float)v).ToArray(), new long[] { 2, 2 }).requires_grad_();
        var all = new[]
        {
            MutualInformation.InfoNce(scores), MutualInformation.Nwj(scores), MutualInformation.DonskerVaradhan(scores),
            MutualInformation.JensenShannon(scores), MutualInformation.JensenShannonNwj(scores),
            MutualInformation.Tuba(scores, zeros(2)), MutualInformation.Interpolated(scores, zeros(2), 0.5),
            MutualInformation.Smile(scores, 5), new Mine(0.9).Estimate(scores),
        };
        foreach (var estimate in all)
        {
            Assert.That(estimate.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(estimate.requires_grad, Is.True);
        }
    }

    [Test]
    public void Bad_shapes_and_parameters_get_errors_that_say_what_was_expected()
    {
        using var scope = NewDisposeScope();
        Assert.Multiple(() =>
        {
            Assert.That(() => MutualInformation.InfoNce(zeros(3, 4)),
                Throws.ArgumentException.With.Message.Contains("K x K").And.Message.Contains("[3, 4]"));
            Assert.That(() => MutualInformation.Nwj(zeros(1, 1)),
                Throws.ArgumentException.With.Message.Contains("K >= 2"));
            Assert.That(() => MutualInformation.Tuba(zeros(3, 3), zeros(4)),
                Throws.ArgumentException.With.Message.Contains("shape [3]"));
            Assert.That(() => MutualInformation.Interpolated(zeros(3, 3), zeros(3), 1.5),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 1]"));
            Assert.That(() => MutualInformation.Smile(zeros(3, 3), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Losses.NtXent(zeros(3, 2), zeros(4, 2), 0.1),
                Throws.ArgumentException.With.Message.Contains("same shape"));
            Assert.That(() => Losses.NtXent(zeros(3, 2), zeros(3, 2), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Mine(1.0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 1)"));
        });
    }
}
