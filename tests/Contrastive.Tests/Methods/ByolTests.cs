using Contrastive.Objectives;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

[TestFixture]
public sealed class ByolTests
{
    // Orthogonal: 2 - 2 cos = 2; same direction at another length: 0; opposite: 4.
    [TestCase(new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, 2.0)]
    [TestCase(new[] { 1.0, 0.0 }, new[] { 3.0, 0.0 }, 0.0)]
    [TestCase(new[] { 1.0, 0.0 }, new[] { -2.0, 0.0 }, 4.0)]
    [TestCase(new[] { 1.0, 1.0 }, new[] { 0.0, 5.0 }, 0.5857864376269049)]
    public void Normalised_MSE_is_two_minus_twice_the_cosine(double[] p, double[] z, double expected)
    {
        using var scope = NewDisposeScope();
        var loss = Losses.NormalizedMse(tensor(p).reshape(1, 2), tensor(z).reshape(1, 2));
        Assert.That(loss.item<double>(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void The_loss_is_the_mean_of_both_directions_against_the_targets_projections()
    {
        using var scope = NewDisposeScope();
        using var byol = TinyMethods.Byol();
        var images = TinyMethods.Images(5, 3);
        var loss = byol.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, new Generator(1)).Loss.item<double>();

        // With identical views both directions are the same: mean_b (2 - 2 cos(q(g(f(x_b))), g'(f'(x_b)))).
        var p = byol.Predict(images);
        var t = byol.Target(images);
        var expected = Enumerable.Range(0, 5).Average(b => 2 - (2 * (p[b] * t[b]).sum().item<double>() / (p[b].norm().item<double>() * t[b].norm().item<double>())));
        Assert.That(loss, Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void The_target_takes_no_gradient_and_the_predictor_does()
    {
        using var scope = NewDisposeScope();
        using var byol = TinyMethods.Byol();
        byol.TrainingStep(TinyMethods.Batch(TinyMethods.Images(5, 3)), TinyMethods.IdentityViews, new Generator(1)).Loss.backward();

        foreach (var (name, parameter) in byol.named_parameters())
        {
            var isTarget = name.StartsWith("target_", StringComparison.Ordinal);
            Assert.That(parameter.grad is null, Is.EqualTo(isTarget), name);
        }
    }

    [Test]
    public void After_the_optimizer_step_the_target_moves_towards_the_online_network_only()
    {
        using var scope = NewDisposeScope();
        using var byol = TinyMethods.Byol(momentum: 0.8);
        var before = TinyMethods.Snapshot(byol);
        byol.AfterOptimizerStep(0, 10);

        foreach (var (name, parameter) in byol.named_parameters())
        {
            var expected = name.StartsWith("target_", StringComparison.Ordinal)
                ? (0.8 * before[name]) + (0.2 * before[name["target_".Length..]])
                : before[name];
            Assert.That(parameter.allclose(expected, rtol: 0, atol: 1e-15), Is.True, name);
        }
    }
}
