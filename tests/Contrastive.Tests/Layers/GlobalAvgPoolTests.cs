using Contrastive.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Layers;

/// <summary>GlobalAvgPool: [N, C, ...] -> [N, C], the mean over every position.</summary>
[TestFixture]
public sealed class GlobalAvgPoolTests
{
    [Test]
    public void Pools_a_2d_feature_map_like_adaptive_average_pooling_to_1x1()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var pool = new GlobalAvgPool();
        var x = randn(new long[] { 2, 3, 4, 5 }, dtype: ScalarType.Float64, generator: generator);

        var pooled = pool.call(x);

        Assert.That(pooled.shape, Is.EqualTo(new long[] { 2, 3 }));
        var expected = nn.functional.adaptive_avg_pool2d(x, new long[] { 1, 1 }).flatten(1);
        Assert.That(pooled.allclose(expected, rtol: 0, atol: 1e-12), Is.True);
    }

    [Test]
    public void Pools_sequences_and_volumes_over_every_trailing_dimension()
    {
        using var scope = NewDisposeScope();
        using var pool = new GlobalAvgPool();
        var sequence = arange(2 * 3 * 4, dtype: ScalarType.Float64).reshape(2, 3, 4);
        var volume = ones(new long[] { 2, 3, 2, 2, 2 }, dtype: ScalarType.Float64);

        Assert.Multiple(() =>
        {
            Assert.That(pool.call(sequence)[1, 2].item<double>(), Is.EqualTo((20 + 21 + 22 + 23) / 4.0));
            Assert.That(pool.call(volume).shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(pool.call(volume).sum().item<double>(), Is.EqualTo(6.0));
        });
    }

    [Test]
    public void Rejects_an_input_without_positions_and_names_its_shape()
    {
        using var scope = NewDisposeScope();
        using var pool = new GlobalAvgPool();
        Assert.That(() => pool.call(zeros(4, 3)),
            Throws.ArgumentException.With.Message.Contains("[4, 3]").And.Message.Contains("needs no pooling"));
        Assert.That(pool.parameters(), Is.Empty);
    }
}
