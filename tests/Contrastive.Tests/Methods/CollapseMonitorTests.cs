using Contrastive.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

[TestFixture]
public sealed class CollapseMonitorTests
{
    [Test]
    public void Well_spread_outputs_measure_one_over_root_d()
    {
        using var scope = NewDisposeScope();
        var outputs = randn(new long[] { 4096, 64 }, generator: new Generator(1));
        Assert.That(CollapseMonitor.OutputStd(outputs).item<float>(), Is.EqualTo(1 / 8.0).Within(0.005));
    }

    [Test]
    public void Identical_outputs_measure_zero_whatever_their_length()
    {
        using var scope = NewDisposeScope();
        var outputs = randn(new long[] { 1, 16 }, generator: new Generator(2)).expand(32, 16) * linspace(1, 5, 32).unsqueeze(1);
        Assert.That(CollapseMonitor.OutputStd(outputs).item<float>(), Is.EqualTo(0.0).Within(1e-6));
    }

    // Fails if a single low step warns (noise is not collapse) or if the warning repeats every step.
    [Test]
    public void It_warns_once_after_patience_consecutive_collapsing_steps()
    {
        using var scope = NewDisposeScope();
        var monitor = new CollapseMonitor(threshold: 0.1, patience: 3);
        var collapsed = ones(8, 4);
        var healthy = randn(new long[] { 8, 4 }, generator: new Generator(3));
        var warnings = new[] { collapsed, collapsed, healthy, collapsed, collapsed, collapsed, collapsed, collapsed }
            .Select(outputs => monitor.Observe(outputs).Warning)
            .ToList();

        Assert.That(warnings.Select(w => w is not null), Is.EqualTo(new[] { false, false, false, false, false, true, false, false }));
        Assert.That(warnings[5], Does.Contain("below 0.05").And.Contain("1/sqrt(4)"));
    }
}
