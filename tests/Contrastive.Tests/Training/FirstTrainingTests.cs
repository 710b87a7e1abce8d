using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Training;

/// <summary>
/// The first real TorchSharp test: a tiny regression MLP trained with Adam on a fixed seed.
/// Catches a broken native load, non-seeded initialisation or data, and scope leaks.
/// </summary>
[TestFixture]
[NonParallelizable] // libtorch's thread count is global
public sealed class FirstTrainingTests : OneLibTorchThread
{
    [Test]
    public void Loss_decreases_over_a_few_Adam_steps()
    {
        var run = Train(seed: 7, steps: 40);
        Assert.That(run.Losses[^1], Is.LessThan(0.5 * run.Losses[0]),
            $"first {run.Losses[0]:F4}, last {run.Losses[^1]:F4}");
    }

    [Test]
    public void Same_seed_and_one_thread_give_identical_weights()
    {
        var first = Train(seed: 11, steps: 25);
        var second = Train(seed: 11, steps: 25);
        var other = Train(seed: 12, steps: 25);

        Assert.Multiple(() =>
        {
            Assert.That(second.Losses, Is.EqualTo(first.Losses));
            Assert.That(second.Weights, Is.EqualTo(first.Weights), "bit-identical parameters");
            Assert.That(other.Weights, Is.Not.EqualTo(first.Weights), "the seed really reaches the initialisation");
        });
    }

    [Test]
    public void Live_tensor_count_stays_flat_over_many_steps()
    {
        // Each step's temporaries must die with its dispose scope; a leak grows this count per step.
        var live = Train(seed: 3, steps: 1000).LiveTensorsAfterStep;

        Assert.That(live[^1], Is.EqualTo(live[19]), $"live tensors after step 20: {live[19]}, after step 1000: {live[^1]}");
    }

    private sealed record Run(double[] Losses, float[] Weights, long[] LiveTensorsAfterStep);

    private static Run Train(ulong seed, int steps)
    {
        using var generator = new Generator(seed);
        using var outer = NewDisposeScope();

        // Data: y = sin(x . w) on 64 points in 4-d, drawn from the seeded generator.
        var x = randn(new long[] { 64, 4 }, generator: generator);
        var w = randn(new long[] { 4, 1 }, generator: generator);
        var y = sin(x.matmul(w));

        using var model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1));
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.copy_(randn(parameter.shape, generator: generator).mul_(0.5));
            }
        }

        using var optimizer = optim.Adam(model.parameters(), lr: 0.02);
        var losses = new double[steps];
        var live = new long[steps];
        for (var step = 0; step < steps; step++)
        {
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(model.forward(x), y);
                loss.backward();
                optimizer.step();
                losses[step] = loss.item<float>();
            }

            live[step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }

        var weights = model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        return new Run(losses, weights, live);
    }
}
