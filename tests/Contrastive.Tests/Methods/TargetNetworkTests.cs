using Contrastive.Methods;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

[TestFixture]
public sealed class TargetNetworkTests
{
    [Test]
    public void Initialise_copies_the_online_weights_exactly_and_freezes_the_target()
    {
        using var online = TinyMethods.Encoder(1);
        using var target = TinyMethods.Encoder(2);
        TargetNetwork.Initialise(online, target);

        var onlineParameters = TinyMethods.Snapshot(online);
        foreach (var (name, parameter) in target.named_parameters())
        {
            Assert.That(parameter.allclose(onlineParameters[name], rtol: 0, atol: 0), Is.True, name);
            Assert.That(parameter.requires_grad, Is.False, $"{name} must take no gradient");
        }
    }

    // Fails if the update runs the wrong way (towards the target) or swaps m and 1 - m.
    [TestCase(0.9)]
    [TestCase(0.0)]
    [TestCase(1.0)]
    public void Update_is_the_exponential_moving_average_with_weight_m_on_the_target(double m)
    {
        using var online = TinyMethods.Encoder(1);
        using var target = TinyMethods.Encoder(2);
        var before = TinyMethods.Snapshot(target);
        var onlineParameters = TinyMethods.Snapshot(online);

        TargetNetwork.Update(online, target, m);

        foreach (var (name, parameter) in target.named_parameters())
        {
            var expected = (m * before[name]) + ((1 - m) * onlineParameters[name]);
            Assert.That(parameter.allclose(expected, rtol: 0, atol: 1e-15), Is.True, name);
        }

        Assert.That(TinyMethods.Snapshot(online)["linear.weight"].allclose(onlineParameters["linear.weight"], rtol: 0, atol: 0), Is.True, "the online network is not touched");
    }

    [Test]
    public void Targets_of_another_architecture_are_refused()
    {
        using var online = TinyMethods.Encoder(1);
        using var other = TinyMethods.Head(3, 2, 2);
        Assert.That(() => TargetNetwork.Initialise(online, other), Throws.ArgumentException.With.Message.Contains("architecture"));
    }

    [Test]
    public void Cosine_momentum_rises_from_the_base_to_one_and_constant_stays()
    {
        var cosine = new TargetMomentum(0.99, MomentumSchedule.Cosine);
        var constant = new TargetMomentum(0.99, MomentumSchedule.Constant);
        Assert.Multiple(() =>
        {
            Assert.That(cosine.At(0, 101), Is.EqualTo(0.99).Within(1e-15));
            Assert.That(cosine.At(50, 101), Is.EqualTo(0.995).Within(1e-15), "half-way: half the distance to 1");
            Assert.That(cosine.At(100, 101), Is.EqualTo(1.0).Within(1e-15));
            Assert.That(cosine.At(25, 101), Is.GreaterThan(cosine.At(24, 101)), "rising");
            Assert.That(constant.At(70, 101), Is.EqualTo(0.99));
        });
    }

    [Test]
    public void A_momentum_outside_zero_to_one_is_refused()
    {
        Assert.That(() => new TargetMomentum(1.5).Validate(), Throws.ArgumentException.With.Message.Contains("momentum.base"));
        using var online = TinyMethods.Encoder(1);
        using var target = TinyMethods.Encoder(1);
        Assert.That(() => TargetNetwork.Update(online, target, -0.1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
