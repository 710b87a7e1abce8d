using Contrastive.Evaluation.MiBench;
using Contrastive.Objectives;

namespace Contrastive.Tests.Evaluation;

/// <summary>A tiny version of the Gaussian MI benchmark: the shape of the result, not its precision.</summary>
[TestFixture]
public sealed class MiBenchmarkTests
{
    private static readonly MiBenchmarkOptions Tiny = new()
    {
        Estimators = new[] { MiEstimator.InfoNce, MiEstimator.Nwj, MiEstimator.Jsd },
        Levels = new[] { 1.0, 6.0 },
        StepsPerLevel = 200,
        Dimension = 5,
        BatchSize = 64,
        LearningRate = 2e-3,
        Critic = MiCriticKind.Separable,
        HiddenWidth = 64,
        HiddenLayers = 1,
        EmbeddingWidth = 16,
        Seed = 3,
    };

    [Test]
    public void InfoNce_stays_under_log_K_and_every_estimate_rises_with_the_true_MI()
    {
        var result = MiBenchmark.Run(Tiny);
        var byLevel = result.Summary.ToLookup(r => r.Estimator);

        Assert.Multiple(() =>
        {
            Assert.That(result.Estimates[MiEstimator.InfoNce].Max(), Is.LessThanOrEqualTo(Math.Log(64) + 1e-6));
            foreach (var estimator in Tiny.Estimators)
            {
                var levels = byLevel[estimator].ToArray();
                Assert.That(levels[1].Mean, Is.GreaterThan(levels[0].Mean + 0.5), $"{estimator}: {levels[0].Mean:F2} then {levels[1].Mean:F2}");
                Assert.That(levels[0].Mean, Is.EqualTo(1.0).Within(0.5), $"{estimator} at 1 nat");
            }
        });
    }

    [Test]
    public void Same_seed_gives_the_same_run()
    {
        var options = Tiny with { StepsPerLevel = 10, Estimators = new[] { MiEstimator.Smile, MiEstimator.Alpha } };
        var first = MiBenchmark.Run(options);
        var second = MiBenchmark.Run(options);
        Assert.That(second.Estimates[MiEstimator.Alpha], Is.EqualTo(first.Estimates[MiEstimator.Alpha]));
        Assert.That(second.Estimates[MiEstimator.Smile], Is.EqualTo(first.Estimates[MiEstimator.Smile]));
    }

    [Test]
    public void Asking_for_the_CPU_runs_the_same_code_path_to_the_same_estimates()
    {
        var options = Tiny with { StepsPerLevel = 6, Estimators = new[] { MiEstimator.Mine, MiEstimator.Tuba } };
        var unasked = MiBenchmark.Run(options);
        var asked = MiBenchmark.Run(options, device: TorchSharp.torch.CPU);
        Assert.That(asked.Estimates[MiEstimator.Mine], Is.EqualTo(unasked.Estimates[MiEstimator.Mine]));
        Assert.That(asked.Estimates[MiEstimator.Tuba], Is.EqualTo(unasked.Estimates[MiEstimator.Tuba]));
    }

    // Only a CPU exists on this project's machines: the check catches a critic, baseline or optimizer
    // state created on (or left on) another device than the one asked.
    [TestCase(MiEstimator.Tuba)]
    [TestCase(MiEstimator.Mine)]
    public void A_tracks_weights_and_optimizer_state_live_on_the_device_asked(MiEstimator estimator)
    {
        var asked = TorchSharp.torch.CPU;
        using var track = new EstimatorTrack(estimator, Tiny, seed: 5, asked);
        using (TorchSharp.torch.NewDisposeScope())
        {
            var (x, y) = Contrastive.Data.CorrelatedGaussians.Sample(8, Tiny.Dimension, 0.5, new TorchSharp.torch.Generator(1));
            Assert.That(double.IsFinite(track.Step(x.to(asked), y.to(asked))), Is.True);
        }

        var state = ((TorchSharp.Modules.OptimizerHelper)track.Optimizer).state_dict().State
            .SelectMany(s => s.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Select(f => f.GetValue(s)).OfType<TorchSharp.torch.Tensor>().Where(t => !t.IsInvalid));
        var devices = track.Objective.parameters().Select(p => p.device.type).Concat(state.Select(t => t.device.type)).ToList();
        Assert.That(devices, Is.Not.Empty);
        Assert.That(devices, Has.All.EqualTo(asked.type));
    }

    [Test]
    public void Summary_uses_the_last_half_of_each_level()
    {
        var options = Tiny with { Estimators = new[] { MiEstimator.Dv }, Levels = new[] { 2.0, 4.0 }, StepsPerLevel = 4 };
        var series = new[] { 100.0, 100.0, 1.0, 3.0, 100.0, 100.0, 5.0, 9.0 };
        var summary = MiBenchmark.Summarise(options, new Dictionary<MiEstimator, double[]> { [MiEstimator.Dv] = series });

        Assert.That(summary.Select(r => (r.TrueMi, r.Mean)), Is.EqualTo(new[] { (2.0, 2.0), (4.0, 7.0) }));
        Assert.That(summary[0].StdDev, Is.EqualTo(Math.Sqrt(2)).Within(1e-12));
        Assert.That(summary[1].Bias, Is.EqualTo(3.0));
    }

    [Test]
    public void Options_out_of_range_are_refused_with_the_setting_named()
    {
        Assert.That(() => MiBenchmark.Run(Tiny with { BatchSize = 1 }), Throws.ArgumentException.With.Message.Contains("batch size"));
        Assert.That(() => MiBenchmark.Run(Tiny with { Alpha = 0 }), Throws.ArgumentException.With.Message.Contains("alpha"));
    }
}
