using Contrastive.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Layers;

/// <summary>ChannelLayerNorm: LayerNorm over dimension 1 at every position, checked against nn.LayerNorm.</summary>
[TestFixture]
public sealed class ChannelLayerNormTests
{
    /// <summary>A layer in float64 with a non-trivial affine map, and an nn.LayerNorm holding the same weights.</summary>
    private static (ChannelLayerNorm Layer, TorchSharp.Modules.LayerNorm Reference) Pair(long channels, Generator generator)
    {
        var layer = new ChannelLayerNorm(channels, eps: 1e-6);
        layer.to(ScalarType.Float64);
        var reference = nn.LayerNorm(new[] { channels }, eps: 1e-6, dtype: ScalarType.Float64);
        using (no_grad())
        {
            var state = layer.state_dict();
            state["weight"].copy_(randn(new[] { channels }, dtype: ScalarType.Float64, generator: generator));
            state["bias"].copy_(randn(new[] { channels }, dtype: ScalarType.Float64, generator: generator));
            reference.weight!.copy_(state["weight"]);
            reference.bias!.copy_(state["bias"]);
        }

        return (layer, reference);
    }

    [Test]
    public void On_a_feature_vector_it_is_ordinary_LayerNorm()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        var (layer, reference) = Pair(5, generator);
        using var _ = layer;
        using var __ = reference;
        var x = randn(new long[] { 3, 5 }, dtype: ScalarType.Float64, generator: generator);

        Assert.That(layer.call(x).allclose(reference.call(x), rtol: 0, atol: 1e-12), Is.True);
    }

    [Test]
    public void On_a_feature_map_it_normalises_the_channels_at_every_position()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var (layer, reference) = Pair(4, generator);
        using var _ = layer;
        using var __ = reference;
        var x = 3.0 + 2.0 * randn(new long[] { 2, 4, 3, 5 }, dtype: ScalarType.Float64, generator: generator);

        var y = layer.call(x);
        var expected = reference.call(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2);   // [N, C, H, W] -> [N, H, W, C] -> back

        Assert.That(y.shape, Is.EqualTo(x.shape));
        Assert.That(y.allclose(expected, rtol: 0, atol: 1e-12), Is.True);
    }

    [Test]
    public void At_initialisation_each_position_has_zero_mean_and_unit_variance_over_channels()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        using var layer = new ChannelLayerNorm(6);
        layer.to(ScalarType.Float64);
        var y = layer.call(randn(new long[] { 2, 6, 7 }, dtype: ScalarType.Float64, generator: generator));

        Assert.That(y.mean(new long[] { 1 }).abs().max().item<double>(), Is.LessThan(1e-12));
        Assert.That((y.var(1, unbiased: false) - 1.0).abs().max().item<double>(), Is.LessThan(1e-4));
    }

    [Test]
    public void Parameters_are_weight_and_bias_of_shape_C()
    {
        using var layer = new ChannelLayerNorm(3);
        var state = layer.state_dict();
        Assert.That(state.Keys, Is.EqualTo(new[] { "weight", "bias" }));
        Assert.That(state["weight"].shape, Is.EqualTo(new long[] { 3 }));
        Assert.That(state["bias"].shape, Is.EqualTo(new long[] { 3 }));
    }

    [Test]
    public void Bad_arguments_are_refused_with_the_fix_named()
    {
        using var scope = NewDisposeScope();
        using var layer = new ChannelLayerNorm(3);
        Assert.Multiple(() =>
        {
            Assert.That(() => new ChannelLayerNorm(0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("channels must be at least 1"));
            Assert.That(() => new ChannelLayerNorm(3, eps: 0.0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("eps"));
            Assert.That(() => layer.call(zeros(2, 4, 5)), Throws.ArgumentException.With.Message.Contains("[2, 4, 5]"));
            Assert.That(() => layer.call(zeros(3)), Throws.ArgumentException.With.Message.Contains("[N, 3]"));
        });
    }
}
