using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Objectives;
using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// Deep InfoMax against the objectives it is built from: the numbers it reports are the
/// <see cref="MutualInformation"/> functions on its discriminators' scores, the scores follow the
/// toolkit's <c>S[i, j] = f(x_i, y_j)</c> convention with the same image on the diagonal, the loss is
/// exactly <c>−α·global − β·local + γ·prior</c>, and the prior discriminator is trained by its own
/// optimizer alone. Float64 tiny models (<see cref="TinyMethods.Dim"/>) so equalities are exact.
/// </summary>
[TestFixture]
public sealed class DeepInfoMaxTests
{
    // A fresh generator per use: prior samples must not depend on which test ran before.
    private static Generator Seeded => new(11);

    private static Tensor Images(long count = 6, ulong seed = 3) => TinyMethods.Images(count, seed);

    // Each estimator with the MutualInformation function it reports and the one it trains on (the
    // same but for JS, which trains on the Jensen-Shannon bound and reports NWJ(S + 1)).
    public static IEnumerable<TestCaseData> Estimators()
    {
        yield return Case(MiEstimator.Jsd, MutualInformation.JensenShannonNwj, MutualInformation.JensenShannon, "jsd", "JensenShannonNwj");
        yield return Case(MiEstimator.Dv, MutualInformation.DonskerVaradhan, MutualInformation.DonskerVaradhan, "dv", "DonskerVaradhan");
        yield return Case(MiEstimator.InfoNce, MutualInformation.InfoNce, MutualInformation.InfoNce, "infonce", "InfoNce");
        yield return Case(MiEstimator.Nwj, MutualInformation.Nwj, MutualInformation.Nwj, "nwj", "Nwj");

        static TestCaseData Case(MiEstimator estimator, Func<Tensor, Tensor> reported, Func<Tensor, Tensor> trained, string word, string function) =>
            new TestCaseData(estimator, reported, trained).SetArgDisplayNames(word, function);
    }

    // Fails if the method computes an estimator of its own (a second copy of the math that drifts),
    // maps the spec's word to the wrong function (jsd to the raw JS value), ignores the choice, or
    // trains JS on its report (whose value overflows to -inf where the bound's does not).
    [TestCaseSource(nameof(Estimators))]
    public void Reported_mi_is_MutualInformation_on_the_same_scores(MiEstimator estimator, Func<Tensor, Tensor> expected, Func<Tensor, Tensor> trained)
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.Dim(estimator, alpha: 0.5, beta: 1.0);
        var images = Images();
        var result = model.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, Seeded);

        var (localMap, encoding) = model.Maps(images);
        var globalScores = model.GlobalScores(localMap, encoding);
        var global = expected(globalScores).item<double>();
        var localScores = model.LocalScores(localMap, encoding);
        double Local(Func<Tensor, Tensor> f) => stack(Enumerable.Range(0, 4).Select(l => f(localScores.select(2, l))).ToArray()).mean().item<double>();
        var local = Local(expected);
        var metrics = result.Metrics.ToDictionary(m => m.Name, m => m.Value.item<double>());
        Assert.Multiple(() =>
        {
            Assert.That(metrics["global-mi"], Is.EqualTo(global), "global term");
            Assert.That(metrics["local-mi"], Is.EqualTo(local), "local term: the mean over locations");
            Assert.That(model.LocalEstimate(localScores).item<double>(), Is.EqualTo(local), "LocalEstimate");
            Assert.That(result.Loss.item<double>(), Is.EqualTo(-(0.5 * trained(globalScores).item<double>()) - 1.0 * Local(trained)).Within(1e-12), "loss = -α·global - β·local");
        });
    }

    // Fails if the estimator option does not reach the objective: the same model and batch must give
    // four different numbers for the four estimators.
    [Test]
    public void Estimator_choice_changes_the_reported_number()
    {
        using var scope = NewDisposeScope();
        var images = Images();
        var values = new[] { MiEstimator.Jsd, MiEstimator.Dv, MiEstimator.InfoNce, MiEstimator.Nwj }.Select(e =>
        {
            using var model = TinyMethods.Dim(e, seed: 4);
            return model.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, Seeded).Metrics.Single(m => m.Name == "local-mi").Value.item<double>();
        }).ToList();
        Assert.That(values.Distinct().Count(), Is.EqualTo(4), string.Join(", ", values));
    }

    // Fails if the score tensors are transposed (rows the encodings), mix up locations, or put
    // anything but the same image's pair on the diagonal: every entry is recomputed from one pair.
    [Test]
    public void Scores_are_local_by_encoding_by_location_with_the_same_image_on_the_diagonal()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.Dim(alpha: 1.0, beta: 1.0);
        var (localMap, encoding) = model.Maps(Images(count: 5));
        var local = model.LocalScores(localMap, encoding);
        var global = model.GlobalScores(localMap, encoding);
        Assert.That(local.shape, Is.EqualTo(new long[] { 5, 5, 4 }), "(batch, batch, locations)");
        Assert.That(global.shape, Is.EqualTo(new long[] { 5, 5 }));
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                var mapI = localMap.narrow(0, i, 1);
                var encodingJ = encoding.narrow(0, j, 1);
                var pair = model.LocalScores(mapI, encodingJ).reshape(4);
                Assert.That(local[i, j].allclose(pair, rtol: 0, atol: 1e-12), Is.True, $"local S[{i}, {j}, :] = f(C(x_{i}), E(x_{j}))");
                Assert.That(global[i, j].item<double>(), Is.EqualTo(model.GlobalScores(mapI, encodingJ).item<double>()).Within(1e-12), $"global S[{i}, {j}]");
            }
        }
    }

    // Fails if a term with weight 0 still reaches the loss, if alpha is not applied, or if the sign
    // is wrong; and if a zero-weight term keeps an untrained discriminator in the checkpoint.
    [TestCaseSource(nameof(Estimators))]
    public void With_beta_and_gamma_zero_the_loss_is_the_global_objective(MiEstimator estimator, Func<Tensor, Tensor> reported, Func<Tensor, Tensor> trained)
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.Dim(estimator, alpha: 0.7, beta: 0.0, gamma: 0.0);
        var images = Images();
        var result = model.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, Seeded);

        var (localMap, encoding) = model.Maps(images);
        var scores = model.GlobalScores(localMap, encoding);
        var direct = trained(scores).item<double>();
        Assert.Multiple(() =>
        {
            Assert.That(result.Loss.item<double>(), Is.EqualTo(-(0.7 * direct)));
            Assert.That(result.Metrics.Single().Value.item<double>(), Is.EqualTo(reported(scores).item<double>()), "the reported global MI");
            Assert.That(result.Metrics.Select(m => m.Name), Is.EqualTo(new[] { "global-mi" }));
            Assert.That(model.state_dict().Keys, Has.None.StartsWith("local_discriminator.").And.None.StartsWith("prior_discriminator."));
            Assert.That(model.state_dict().Keys, Has.Some.StartsWith("global_discriminator."));
            Assert.Throws<InvalidOperationException>(() => model.LocalScores(localMap, encoding));
        });
    }

    // Fails if the prior term enters with the wrong sign or weight, or is not the non-saturating
    // loss against the discriminator as updated in this step.
    [Test]
    public void The_loss_is_minus_alpha_global_minus_beta_local_plus_gamma_times_the_adversarial_term()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.Dim(MiEstimator.Dv, alpha: 0.3, beta: 0.9, gamma: 0.4, prior: PriorDistribution.Gaussian);
        model.Prepare(6);
        var images = Images();
        var result = model.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, Seeded);

        var metrics = result.Metrics.ToDictionary(m => m.Name, m => m.Value.item<double>());
        var (_, encoding) = model.Maps(images);
        var discriminator = model.named_children().Single(c => c.name == "prior_discriminator").module as nn.Module<Tensor, Tensor>;
        var adversarial = nn.functional.softplus(-discriminator!.call(encoding)).mean().item<double>();   // Gaussian: D sees E(x) itself
        Assert.That(result.Loss.item<double>(), Is.EqualTo(-0.3 * metrics["global-mi"] - 0.9 * metrics["local-mi"] + 0.4 * adversarial).Within(1e-12));
        Assert.That(metrics["prior-accuracy"], Is.InRange(0.0, 1.0));
    }

    // Fails if the trainer's optimizer also updates the prior discriminator (the encoder's adversarial
    // gradient reaches its weights, so they would move a second time), or if the method never steps it.
    [Test]
    public void The_prior_discriminator_is_stepped_by_its_own_optimizer_alone()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.Dim(gamma: 1.0);
        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions(OptimizerKind.Adam, 0.1));
        model.Prepare(6);
        Assert.That(model.TrainedParameters().Count(), Is.EqualTo(model.parameters().Count() - model.named_parameters().Count(p => p.name.StartsWith("prior_discriminator.", StringComparison.Ordinal))));
        Assert.That(model.InnerOptimizers, Has.Count.EqualTo(1));

        var before = Prior(model);
        optimizer.zero_grad();
        var result = model.TrainingStep(TinyMethods.Batch(Images()), TinyMethods.IdentityViews, Seeded);
        var afterOwnStep = Prior(model);
        var encoderBefore = TinyMethods.Snapshot(model.Encoder);
        result.Loss.backward();
        optimizer.step();

        Assert.Multiple(() =>
        {
            Assert.That(before.Keys.Any(k => !Same(before[k], afterOwnStep[k])), Is.True, "the method steps its discriminator");
            foreach (var (name, value) in Prior(model))
            {
                Assert.That(Same(value, afterOwnStep[name]), Is.True, $"{name} untouched by the trainer's optimizer");
            }

            Assert.That(TinyMethods.Snapshot(model.Encoder).Any(p => !Same(p.Value, encoderBefore[p.Key])), Is.True, "the trainer's optimizer moves the encoder");
        });
    }

    // Fails if the discriminator's loss has the wrong sign (it would learn to call encodings prior
    // samples) or the non-saturating loss pulls the wrong way: encodings far from the prior are
    // told apart, then move towards it when the encoder trains on the prior term.
    [Test]
    public void The_prior_term_pulls_the_encodings_towards_the_prior()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.Dim(MiEstimator.InfoNce, alpha: 0.0, beta: 1e-6, gamma: 1.0, prior: PriorDistribution.Gaussian, dtype: ScalarType.Float32);
        using (no_grad())
        {
            model.Encoder.named_parameters().Single(p => p.name == "linear.bias").parameter.add_(4.0);   // encodings around +4
        }

        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions(OptimizerKind.Adam, 0.03));
        model.Prepare(64);
        var images = TinyMethods.Images(64, seed: 9).to(ScalarType.Float32);
        double Mean() => model.Maps(images).Encoding.mean().item<float>();
        var means = new List<double> { Mean() };
        var accuracy = new List<double>();
        for (var step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var result = model.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, Seeded);
            accuracy.Add(result.Metrics.Single(m => m.Name == "prior-accuracy").Value.item<float>());
            result.Loss.backward();
            optimizer.step();
            means.Add(Mean());
        }

        // The adversarial game oscillates around the prior, so the end is judged over the last 50 steps.
        var late = means.TakeLast(50).Average(Math.Abs);
        TestContext.Out.WriteLine($"encoding mean {means[0]:F3} -> mean |mean| {late:F3} over the last 50 steps; accuracy {accuracy.Take(50).Max():F3} (early max) -> {accuracy.TakeLast(50).Average():F3}");
        Assert.Multiple(() =>
        {
            Assert.That(accuracy.Take(50).Max(), Is.GreaterThan(0.9), "the discriminator tells encodings at +4 from N(0, I)");
            Assert.That(late, Is.LessThan(0.25 * means[0]), "the encodings move to the prior's mean");
        });
    }

    // Fails if a reduction is written as log(sum(exp)) or log(1 + exp) instead of log-sum-exp and
    // softplus: scores in the thousands would give inf - inf = NaN.
    [TestCase(MiEstimator.Jsd)]
    [TestCase(MiEstimator.Dv)]
    [TestCase(MiEstimator.InfoNce)]
    [TestCase(MiEstimator.Nwj)]
    public void Huge_scores_give_no_NaN(MiEstimator estimator)
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.Dim(estimator, alpha: 1.0, beta: 1.0, gamma: 1.0);
        var images = Images() * 1e4;
        var result = model.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, Seeded);
        Assert.That(double.IsNaN(result.Loss.item<double>()), Is.False, "loss");
        foreach (var metric in result.Metrics)
        {
            Assert.That(double.IsNaN(metric.Value.item<double>()), Is.False, metric.Name);
        }

        if (estimator is MiEstimator.Dv or MiEstimator.InfoNce)
        {
            Assert.That(double.IsFinite(result.Loss.item<double>()), Is.True, "log-sum-exp estimators stay finite");
        }
    }

    [Test]
    public void Settings_that_cannot_train_are_refused_with_the_fix()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => TinyMethods.Dim(alpha: 0.0, beta: 0.0), Throws.ArgumentException.With.Message.Contains("alpha (global) or beta (local) must be positive"));
            Assert.That(() => TinyMethods.Dim(gamma: -0.1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains(">= 0"));
            Assert.That(() => TinyMethods.Dim(MiEstimator.Mine), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("InfoNce, Nwj, Dv, Js"));
        });
    }

    // Fails if the generated wiring picks the wrong tap (the runtime checks the shapes the generator
    // promised) or the discriminators do not fit the spec's local map.
    [Test]
    public void DimFashion_reads_its_local_tap_and_scores_every_location()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        var options = new DimFashionOptions();
        using var model = new DimFashion(options with { Objective = options.Objective with { Gamma = 0.1 } });
        var images = rand(3, DimFashion.InputChannels, DimFashion.InputHeight, DimFashion.InputWidth);
        var (localMap, encoding) = model.Maps(images);
        Assert.Multiple(() =>
        {
            Assert.That(localMap.shape, Is.EqualTo(new long[] { 3, DimFashion.LocalChannels, DimFashion.LocalHeight, DimFashion.LocalWidth }));
            Assert.That(Same(localMap, model.Encoder.ForwardWithTaps(images).Local), Is.True, "the tap named by 'objective.local'");
            Assert.That(encoding.shape, Is.EqualTo(new long[] { 3, DimFashion.FeatureSize }));
            Assert.That(Same(model.Features(images), encoding), Is.True, "evaluation probes the encoding");
            Assert.That(model.LocalScores(localMap, encoding).shape, Is.EqualTo(new long[] { 3, 3, 49 }));
            Assert.That(model.state_dict().Keys, Has.Some.StartsWith("prior_discriminator.").And.Some.StartsWith("local_discriminator.").And.None.StartsWith("global_discriminator."));
        });
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    private static Dictionary<string, Tensor> Prior(DeepInfoMax model) =>
        model.named_parameters().Where(p => p.name.StartsWith("prior_discriminator.", StringComparison.Ordinal)).ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
