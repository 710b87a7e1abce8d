using Contrastive.Data;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Objectives;

/// <summary>
/// With the exact critic log r on correlated Gaussians of known MI, the unbiased bounds average to the
/// truth and InfoNCE stays under log K. Catches a wrong sign, a wrong normalisation or a transposed
/// convention in any estimator.
/// </summary>
[TestFixture]
public sealed class ExactCriticTests
{
    [TestCase(1.0)]
    [TestCase(3.0)]
    public void Estimators_reach_the_true_mutual_information_with_the_exact_critic(double nats)
    {
        const int batch = 128;
        const int dimension = 4;
        const int batches = 200;
        var rho = CorrelatedGaussians.RhoFor(nats, dimension);
        using var generator = new Generator(42);
        double infoNce = 0, nwj = 0, dv = 0, tuba = 0, alphaHalf = 0, js = 0;
        for (var b = 0; b < batches; b++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = CorrelatedGaussians.Sample(batch, dimension, rho, generator, ScalarType.Float64);
            var scores = CorrelatedGaussians.LogDensityRatio(x, y, rho);
            var zero = zeros(batch, dtype: ScalarType.Float64);
            infoNce += MutualInformation.InfoNce(scores).item<double>() / batches;
            nwj += MutualInformation.Nwj(scores + 1.0).item<double>() / batches;  // NWJ is tight at 1 + log r
            dv += MutualInformation.DonskerVaradhan(scores).item<double>() / batches;
            tuba += MutualInformation.Tuba(scores, zero).item<double>() / batches; // a(y) = 1 is optimal for log r
            alphaHalf += MutualInformation.Interpolated(scores, zero, 0.5).item<double>() / batches;
            js += MutualInformation.JensenShannonNwj(scores).item<double>() / batches;
        }

        Assert.Multiple(() =>
        {
            Assert.That(nwj, Is.EqualTo(nats).Within(0.15), "NWJ(log r + 1)");
            Assert.That(tuba, Is.EqualTo(nats).Within(0.15), "TUBA(log r, a = 1)");
            Assert.That(js, Is.EqualTo(nats).Within(0.15), "JS-trained NWJ report at the JS optimum log r");
            Assert.That(dv, Is.EqualTo(nats).Within(0.15), "DV(log r)");
            Assert.That(infoNce, Is.LessThanOrEqualTo(Math.Log(batch)));
            Assert.That(infoNce, Is.EqualTo(nats).Within(0.25), "InfoNCE is near the truth while I << log K");
            Assert.That(alphaHalf, Is.EqualTo(nats).Within(0.25), "I_0.5");
        });
    }
}
