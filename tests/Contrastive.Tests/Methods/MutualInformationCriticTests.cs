using Contrastive.Layers;
using Contrastive.Methods;
using Contrastive.Objectives;
using Contrastive.Objectives.Critics;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>MutualInformationCritic: each MiEstimator is the matching objective on the critic's scores.</summary>
[TestFixture]
public sealed class MutualInformationCriticTests
{
    private const double Alpha = 0.3;
    private const double SmileTau = 1.5;
    private const double MineMomentum = 0.9;

    private static bool UsesBaseline(MiEstimator estimator) => estimator is MiEstimator.Tuba or MiEstimator.Alpha;

    private static MutualInformationCriticSettings Settings(MiEstimator estimator, double alpha = Alpha, double smileTau = SmileTau, double mineMomentum = MineMomentum) =>
        new(estimator, alpha, smileTau, mineMomentum, Temperature: null);

    private static MutualInformationCritic Create(MiEstimator estimator)
    {
        random.manual_seed(31);
        var critic = new SeparableCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2));
        var baseline = UsesBaseline(estimator) ? Mlp.Create(3, 4, 1, 1) : null;
        var objective = new MutualInformationCritic(Settings(estimator), critic, baseline);
        objective.to(ScalarType.Float64);
        return objective;
    }

    private static (Tensor X, Tensor Y) Batch()
    {
        using var generator = new Generator(32);
        var x = randn(new long[] { 6, 3 }, dtype: ScalarType.Float64, generator: generator);
        var y = x + 0.5 * randn(new long[] { 6, 3 }, dtype: ScalarType.Float64, generator: generator);
        return (x, y);
    }

    [Test]
    public void Estimate_is_the_estimators_objective_on_the_critics_scores([Values] MiEstimator estimator)
    {
        using var scope = NewDisposeScope();
        using var objective = Create(estimator);
        var (x, y) = Batch();
        var scores = objective.Scores(x, y);
        var logBaseline = UsesBaseline(objective)
            ? ((nn.Module<Tensor, Tensor>)objective.named_children().Single(c => c.name == "baseline").module).call(y).squeeze(1)
            : null;

        var expected = estimator switch
        {
            MiEstimator.InfoNce => MutualInformation.InfoNce(scores),
            MiEstimator.Nwj => MutualInformation.Nwj(scores),
            MiEstimator.Dv => MutualInformation.DonskerVaradhan(scores),
            MiEstimator.Mine => new Mine(MineMomentum).Estimate(scores),
            MiEstimator.Jsd => MutualInformation.JensenShannonNwj(scores),
            MiEstimator.Tuba => MutualInformation.Tuba(scores, logBaseline!),
            MiEstimator.Alpha => MutualInformation.Interpolated(scores, logBaseline!, Alpha),
            MiEstimator.Smile => MutualInformation.Smile(scores, SmileTau),
            _ => throw new ArgumentOutOfRangeException(nameof(estimator)),
        };

        Assert.Multiple(() =>
        {
            Assert.That(objective.Estimator, Is.EqualTo(estimator));
            Assert.That(scores.shape, Is.EqualTo(new long[] { 6, 6 }));
            Assert.That(objective.Estimate(x, y).item<double>(), Is.EqualTo(expected.item<double>()).Within(1e-12));
        });
    }

    private static bool UsesBaseline(MutualInformationCritic objective) => UsesBaseline(objective.Estimator);

    [TestCase(MiEstimator.InfoNce)]
    [TestCase(MiEstimator.Tuba)]
    [TestCase(MiEstimator.Alpha)]
    public void Loss_is_the_negated_estimate_and_trains_critic_and_baseline(MiEstimator estimator)
    {
        using var scope = NewDisposeScope();
        using var objective = Create(estimator);
        var (x, y) = Batch();

        var loss = objective.Loss(x, y);
        loss.backward();

        Assert.That(loss.item<double>(), Is.EqualTo(-objective.Estimate(x, y).item<double>()).Within(1e-12));
        Assert.That(objective.parameters().All(p => p.grad is not null && p.grad.abs().sum().item<double>() > 0.0), Is.True);
    }

    [Test]
    public void Checkpoint_keys_are_prefixed_critic_and_baseline()
    {
        using var tuba = Create(MiEstimator.Tuba);
        using var infoNce = Create(MiEstimator.InfoNce);
        Assert.Multiple(() =>
        {
            Assert.That(tuba.state_dict().Keys.Select(k => k.Split('.')[0]).Distinct(), Is.EqualTo(new[] { "critic", "baseline" }));
            Assert.That(tuba.state_dict().Keys, Does.Contain("critic.g.0.weight").And.Contain("baseline.2.bias"));
            Assert.That(infoNce.state_dict().Keys.Select(k => k.Split('.')[0]).Distinct(), Is.EqualTo(new[] { "critic" }));
        });
    }

    [TestCase(MiEstimator.Tuba)]
    [TestCase(MiEstimator.Alpha)]
    public void Tuba_and_Alpha_without_a_baseline_are_refused(MiEstimator estimator)
    {
        using var critic = new SeparableCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2));
        Assert.That(() => new MutualInformationCritic(Settings(estimator), critic),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("baseline")
                .And.Message.Contains($"{estimator} needs a learned baseline").And.Message.Contains("[K, 1]"));
    }

    [TestCase(MiEstimator.InfoNce)]
    [TestCase(MiEstimator.Nwj)]
    [TestCase(MiEstimator.Dv)]
    [TestCase(MiEstimator.Mine)]
    [TestCase(MiEstimator.Jsd)]
    [TestCase(MiEstimator.Smile)]
    public void A_baseline_for_an_estimator_that_does_not_use_one_is_refused(MiEstimator estimator)
    {
        using var critic = new SeparableCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2));
        Assert.That(() => new MutualInformationCritic(Settings(estimator), critic, Mlp.Create(3, 4, 1, 1)),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("baseline")
                .And.Message.Contains($"{estimator} uses no baseline"));
    }

    [Test]
    public void Settings_out_of_range_are_refused_with_the_setting_named()
    {
        using var critic = new SeparableCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2));
        Assert.Multiple(() =>
        {
            Assert.That(() => new MutualInformationCritic(Settings(MiEstimator.InfoNce, alpha: 1.5), critic),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("alpha"));
            Assert.That(() => new MutualInformationCritic(Settings(MiEstimator.InfoNce, smileTau: 0.0), critic),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("smileTau"));
            Assert.That(() => new MutualInformationCritic(Settings(MiEstimator.InfoNce, mineMomentum: 1.0), critic),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("mineMomentum"));
            Assert.That(() => new MutualInformationCritic(Settings((MiEstimator)99), critic),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("estimator"));
        });
    }

    [Test]
    public void A_baseline_with_the_wrong_output_shape_is_reported()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(33);
        var critic = new SeparableCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2));
        using var objective = new MutualInformationCritic(Settings(MiEstimator.Tuba), critic, Mlp.Create(3, 4, 1, 2));
        Assert.That(() => objective.Estimate(zeros(5, 3), zeros(5, 3)),
            Throws.InvalidOperationException.With.Message.Contains("[K, 1]").And.Message.Contains("[5, 2]"));
    }

    /// <summary>What a generated critic model does: the critic made from the settings it is given, then the baseline.</summary>
    private sealed class Generated(MutualInformationCriticSettings settings, Func<MutualInformationCriticSettings, Critic> critic, Func<nn.Module<Tensor, Tensor>>? baseline)
        : MutualInformationCritic(nameof(Generated), settings, critic, baseline);

    // Fails if the generated constructor's critic does not see the settings the model was given
    // (a cosine critic would keep another temperature), or if the baseline is drawn before the critic,
    // which would change the initial weights a seed gives.
    [Test]
    public void A_generated_critic_is_made_from_its_settings_before_its_baseline()
    {
        var settings = Settings(MiEstimator.Tuba) with { Temperature = 0.25 };
        random.manual_seed(41);
        var eager = new MutualInformationCritic(settings, new CosineCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2), 0.25), Mlp.Create(3, 4, 1, 1));
        random.manual_seed(41);
        using var generated = new Generated(settings, s => new CosineCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2), s.CosineTemperature), () => Mlp.Create(3, 4, 1, 1));
        using (eager)
        {
            Assert.That(generated.Settings, Is.SameAs(settings));
            Assert.That(generated.named_modules().Select(m => m.module).OfType<CosineCritic>().Single().Temperature, Is.EqualTo(0.25));
            var expected = eager.state_dict();
            Assert.That(generated.state_dict().All(p => p.Value.equal(expected[p.Key]).all().item<bool>()), Is.True, "same weights, drawn in the same order");
        }
    }

    [Test]
    public void A_cosine_critic_without_a_temperature_says_which_setting_is_missing() =>
        Assert.That(() => Settings(MiEstimator.InfoNce).CosineTemperature,
            Throws.InvalidOperationException.With.Message.Contains("objective.temperature"));
}
