using Contrastive.Evaluation.Probes;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Evaluation.Probes;

[TestFixture]
public sealed class ProbeTests
{
    // Four Gaussian blobs in 16-D with means of scale `separation`; labels 0..3. The class means
    // come from `seed` alone, so sets drawn with one seed and different sample seeds share them.
    private static FeatureSet Blobs(long perClass, double separation, long seed, long sampleSeed = 0)
    {
        var means = randn(4, 16, generator: new Generator((ulong)seed)) * separation;
        var labels = arange(4).repeat_interleave(perClass);
        var features = means[labels] + randn(4 * perClass, 16, generator: new Generator((ulong)(1000 + sampleSeed)));
        return new FeatureSet(features, labels);
    }

    [Test]
    public void LinearProbeSeparatesSeparableClassesAndIsNearChanceOnNoise()
    {
        using var scope = NewDisposeScope();
        var separable = LinearProbe.Evaluate(Blobs(100, 3.0, 1), Blobs(50, 3.0, 1, sampleSeed: 2), classes: 4);
        Assert.That(separable.TestAccuracy, Is.LessThanOrEqualTo(1.0).And.GreaterThan(0.95));

        var noise = new FeatureSet(randn(400, 16, generator: new Generator(3)), arange(4).repeat(100));
        var noiseTest = new FeatureSet(randn(400, 16, generator: new Generator(4)), arange(4).repeat(100));
        var chance = LinearProbe.Evaluate(noise, noiseTest, classes: 4);
        Assert.That(chance.TestAccuracy, Is.InRange(0.15, 0.35), "no signal, so about 1/4");
        Assert.That(chance.Sweep, Has.Count.EqualTo(LinearProbe.DefaultPenalties.Count));
    }

    [Test]
    public void LinearProbeFitReachesTheOptimum()
    {
        // A fit that stops early (no convergence) leaves a large gradient: the bug this catches.
        using var scope = NewDisposeScope();
        var data = Blobs(100, 1.0, 5);
        var x = data.Features.to(ScalarType.Float64);
        x = (x - x.mean([0L], keepdim: true)) / x.std(0, keepdim: true);
        const double Penalty = 1e-3;
        var (weight, bias) = LinearProbe.Fit(x, data.Labels, 4, Penalty, maxIterations: 200);

        var w = weight.clone().requires_grad_();
        var b = bias.clone().requires_grad_();
        var loss = nn.functional.cross_entropy(x.matmul(w) + b, data.Labels) + (0.5 * Penalty * w.square().sum());
        loss.backward();
        var gradient = Math.Sqrt(w.grad!.square().sum().item<double>() + b.grad!.square().sum().item<double>());
        Assert.That(gradient, Is.LessThan(1e-4));
    }

    [Test]
    public void KnnMatchesANaiveWeightedVote()
    {
        using var scope = NewDisposeScope();
        var train = Blobs(20, 0.5, 6);
        var test = Blobs(7, 0.5, 6, sampleSeed: 7);
        const int K = 5;
        const double T = 0.1;

        var expected = 0;
        var reference = nn.functional.normalize(train.Features, dim: 1);
        for (var i = 0; i < test.Count; i++)
        {
            var query = nn.functional.normalize(test.Features[i].unsqueeze(0), dim: 1);
            var similarity = query.matmul(reference.t()).squeeze(0);
            var order = similarity.argsort(descending: true);
            var votes = new double[4];
            for (var n = 0; n < K; n++)
            {
                var j = order[n].item<long>();
                votes[train.Labels[j].item<long>()] += Math.Exp(similarity[j].item<float>() / T);
            }

            expected += Array.IndexOf(votes, votes.Max()) == test.Labels[i].item<long>() ? 1 : 0;
        }

        var accuracy = KnnClassifier.Accuracy(train, test, classes: 4, k: K, temperature: T, chunk: 3);
        Assert.That(accuracy, Is.EqualTo((double)expected / test.Count).Within(1e-12));
    }

    [Test]
    public void KnnIsPerfectOnWellSeparatedClustersAndRejectsBadShapes()
    {
        using var scope = NewDisposeScope();
        Assert.That(KnnClassifier.Accuracy(Blobs(50, 5.0, 8), Blobs(10, 5.0, 8, sampleSeed: 9), classes: 4, k: 10), Is.EqualTo(1.0));
        var bad = new FeatureSet(zeros(3, 2), zeros(4, dtype: ScalarType.Int64));
        Assert.That(() => KnnClassifier.Accuracy(bad, bad, classes: 2), Throws.ArgumentException.With.Message.Contains("[3, 2]"));
    }
}
