using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Data;

/// <summary>
/// Pairs with a known mutual information: x ~ N(0, I_d), y = rho x + sqrt(1 - rho^2) eps with
/// eps ~ N(0, I_d), so that I(X; Y) = -(d / 2) log(1 - rho^2) nats. The benchmark of Poole et al. 2019.
/// </summary>
public static class CorrelatedGaussians
{
    /// <summary>I(X; Y) in nats for correlation <paramref name="rho"/> in each of <paramref name="dimension"/> coordinates.</summary>
    public static double MutualInformation(double rho, int dimension)
    {
        if (!(Math.Abs(rho) < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must lie in (-1, 1).");
        }

        return -0.5 * dimension * Math.Log(1.0 - rho * rho);
    }

    /// <summary>The correlation that gives <paramref name="nats"/> of mutual information: rho = sqrt(1 - exp(-2 I / d)).</summary>
    public static double RhoFor(double nats, int dimension)
    {
        if (!(nats >= 0.0) || double.IsInfinity(nats))
        {
            throw new ArgumentOutOfRangeException(nameof(nats), nats, "the mutual information must be a finite number of nats >= 0.");
        }

        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
        }

        return Math.Sqrt(1.0 - Math.Exp(-2.0 * nats / dimension));
    }

    /// <summary>Draws <paramref name="batch"/> pairs from the generator: x and y, each [batch, dimension].</summary>
    public static (Tensor X, Tensor Y) Sample(
        int batch, int dimension, double rho, Generator generator, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var x = randn(new long[] { batch, dimension }, dtype: dtype, device: device, generator: generator);
        var noise = randn(new long[] { batch, dimension }, dtype: dtype, device: device, generator: generator);
        var y = rho * x + Math.Sqrt(1.0 - rho * rho) * noise;
        return (x, y);
    }

    /// <summary>
    /// The exact critic log r(x, y) = log p(x, y) / (p(x) p(y)) for every pair, [K, K] in the
    /// toolkit's convention S[i, j] = log r(x_i, y_j). With this critic, NWJ, DV and TUBA reach the
    /// true MI in expectation (InfoNCE only up to log K).
    /// </summary>
    public static Tensor LogDensityRatio(Tensor x, Tensor y, double rho)
    {
        // log r = -d/2 log(1 - rho^2) - (rho^2 (|x|^2 + |y|^2) - 2 rho x.y) / (2 (1 - rho^2))
        var d = x.shape[1];
        var oneMinus = 1.0 - rho * rho;
        var xx = x.pow(2).sum(1, keepdim: true);       // [K, 1]
        var yy = y.pow(2).sum(1).unsqueeze(0);         // [1, K]
        var xy = x.matmul(y.t());                      // [K, K]
        return -0.5 * d * Math.Log(oneMinus) - (rho * rho * (xx + yy) - 2.0 * rho * xy) / (2.0 * oneMinus);
    }
}
