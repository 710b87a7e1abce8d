using Contrastive.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Layers;

/// <summary>Residual: body(x) + x or body(x) + projection(x), with checkpoint keys body.* and projection.*.</summary>
[TestFixture]
public sealed class ResidualTests
{
    [Test]
    public void Identity_shortcut_adds_the_input()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(8);
        var body = nn.Linear(3, 3, dtype: ScalarType.Float64);
        using var block = new Residual(body);
        using var generator = new Generator(8);
        var x = randn(new long[] { 4, 3 }, dtype: ScalarType.Float64, generator: generator);

        Assert.That(block.call(x).allclose(body.call(x) + x, rtol: 0, atol: 0), Is.True);
        Assert.That(block.state_dict().Keys, Is.EqualTo(new[] { "body.weight", "body.bias" }));
    }

    [Test]
    public void Projection_shortcut_adds_the_projected_input_and_keys_follow_the_field_names()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(9);
        var body = nn.Sequential(
            ("conv1", nn.Conv2d(2, 4, 3, stride: 2, padding: 1, bias: false)),
            ("bn1", nn.BatchNorm2d(4)));
        var projection = nn.Conv2d(2, 4, 1, stride: 2, bias: false);
        using var block = new Residual(body, projection);
        block.to(ScalarType.Float64).eval();
        using var generator = new Generator(9);
        var x = randn(new long[] { 2, 2, 6, 6 }, dtype: ScalarType.Float64, generator: generator);

        var y = block.call(x);

        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 4, 3, 3 }));
        Assert.That(y.allclose(body.call(x) + projection.call(x), rtol: 0, atol: 0), Is.True);
        Assert.That(block.state_dict().Keys, Is.EquivalentTo(new[]   // TorchSharp lists parameters before buffers
        {
            "body.conv1.weight",
            "body.bn1.weight", "body.bn1.bias", "body.bn1.running_mean", "body.bn1.running_var", "body.bn1.num_batches_tracked",
            "projection.weight",
        }));
    }

    [Test]
    public void Gradient_reaches_body_and_projection()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(10);
        using var block = new Residual(nn.Linear(3, 2), nn.Linear(3, 2));
        block.call(randn(4, 3)).square().sum().backward();
        Assert.That(block.parameters().All(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0f), Is.True);
    }

    [Test]
    public void Shapes_that_differ_are_reported_with_both_shapes_and_the_fix()
    {
        using var scope = NewDisposeScope();
        using var noProjection = new Residual(nn.Linear(3, 2));
        using var wrongProjection = new Residual(nn.Linear(3, 2), nn.Linear(3, 5));
        Assert.Multiple(() =>
        {
            Assert.That(() => noProjection.call(zeros(4, 3)), Throws.InvalidOperationException
                .With.Message.Contains("[4, 3]").And.Message.Contains("[4, 2]").And.Message.Contains("add a projection"));
            Assert.That(() => wrongProjection.call(zeros(4, 3)), Throws.InvalidOperationException
                .With.Message.Contains("[4, 2]").And.Message.Contains("[4, 5]").And.Message.Contains("projection"));
        });
    }

    [Test]
    public void The_body_cannot_double_as_its_own_projection()
    {
        var body = nn.Linear(3, 3);
        Assert.That(() => new Residual(body, body), Throws.ArgumentException.With.Message.Contains("module of its own"));
    }
}
