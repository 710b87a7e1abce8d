using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Objectives;

[TestFixture]
public sealed class MineTests
{
    private static (double Value, double[] Gradient) Evaluate(Func<Tensor, Tensor> estimator, double[] values)
    {
        using var scope = NewDisposeScope();
        var scores = tensor(values, new long[] { 3, 3 }, ScalarType.Float64).requires_grad_();
        var estimate = estimator(scores);
        estimate.backward();
        return (estimate.item<double>(), scores.grad!.data<double>().ToArray());
    }

    private static readonly double[] First = { 1, 0.2, -0.4, 0.3, 2, 0.1, -1, 0.5, 1.5 };
    private static readonly double[] Second = { 2, 1.2, 0.4, 0.8, 3, 1.1, 0.0, 1.5, 2.5 };

    [Test]
    public void Momentum_zero_gives_the_Donsker_Varadhan_value_and_gradient()
    {
        var mine = new Mine(0.0);
        Evaluate(mine.Estimate, First);
        var (value, gradient) = Evaluate(mine.Estimate, Second);
        var (dvValue, dvGradient) = Evaluate(MutualInformation.DonskerVaradhan, Second);

        Assert.That(value, Is.EqualTo(dvValue).Within(1e-12));
        Assert.That(gradient, Is.EqualTo(dvGradient).Within(1e-12));
    }

    [Test]
    public void The_moving_average_corrects_the_partition_gradient()
    {
        const double momentum = 0.9;
        var mine = new Mine(momentum);
        Evaluate(mine.Estimate, First);
        var (value, gradient) = Evaluate(mine.Estimate, Second);

        static double OffMeanExp(double[] s) =>
            Enumerable.Range(0, 9).Where(i => i / 3 != i % 3).Average(i => Math.Exp(s[i]));
        var ema = momentum * OffMeanExp(First) + (1 - momentum) * OffMeanExp(Second);

        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(Evaluate(MutualInformation.DonskerVaradhan, Second).Value).Within(1e-12), "the value is DV");
            Assert.That(Math.Exp(mine.LogMovingAverage!.Value), Is.EqualTo(ema).Within(1e-12));
            for (var i = 0; i < 9; i++)
            {
                var diagonal = i / 3 == i % 3 ? 1.0 / 3 : 0.0;
                var partition = i / 3 == i % 3 ? 0.0 : Math.Exp(Second[i]) / 6 / ema;
                Assert.That(gradient[i], Is.EqualTo(diagonal - partition).Within(1e-12), $"entry {i}");
            }
        });
    }

    [Test]
    public void The_state_is_a_number_not_a_graph_that_grows()
    {
        var mine = new Mine(0.99);
        using var scope = NewDisposeScope();
        var scores = randn(8, 8, dtype: ScalarType.Float64).requires_grad_();
        var live = new long[200];
        for (var i = 0; i < live.Length; i++)
        {
            using (NewDisposeScope())
            {
                mine.Estimate(scores).backward();
            }

            live[i] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }

        Assert.That(live[^1], Is.EqualTo(live[9]), "live tensors after step 10 and after step 200");
    }
}
