using static TorchSharp.torch;

namespace Contrastive.Evaluation.Probes;

/// <summary>
/// Weighted k-nearest-neighbour accuracy on cosine similarity, as in Wu et al. 2018 (instance
/// discrimination): each of the k most similar training features votes for its class with weight
/// exp(s / τ). No training, so it measures the representation itself.
/// </summary>
public static class KnnClassifier
{
    /// <summary>Accuracy in [0, 1] of classifying <paramref name="test"/> by its neighbours in <paramref name="train"/>.</summary>
    /// <param name="train">Reference features and labels.</param>
    /// <param name="test">Features and labels to classify.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="k">Neighbours (200 in the paper; capped at the training size).</param>
    /// <param name="temperature">τ of the vote weights (0.1 in the paper).</param>
    /// <param name="chunk">Test rows per similarity block, bounding memory at chunk × N floats.</param>
    public static double Accuracy(FeatureSet train, FeatureSet test, int classes, int k = 200, double temperature = 0.1, int chunk = 1024)
    {
        train.Validate(nameof(train));
        test.Validate(nameof(test));
        if (k < 1 || !(temperature > 0) || classes < 2 || chunk < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"kNN needs k >= 1, temperature > 0, classes >= 2 and chunk >= 1; got k {k}, temperature {temperature}, classes {classes}, chunk {chunk}.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var reference = nn.functional.normalize(train.Features.to(ScalarType.Float32), dim: 1);   // [N, D]
        var referenceLabels = train.Labels.to(ScalarType.Int64, reference.device);
        var neighbours = (int)Math.Min(k, train.Count);
        long correct = 0;
        for (long start = 0; start < test.Count; start += chunk)
        {
            using var inner = NewDisposeScope();
            var length = Math.Min(chunk, test.Count - start);
            var queries = nn.functional.normalize(test.Features.narrow(0, start, length).to(ScalarType.Float32), dim: 1);
            var similarity = queries.matmul(reference.t());                                    // [B, N]
            var (top, index) = similarity.topk(neighbours, dim: 1);                            // [B, k]
            var votes = zeros(length, classes, dtype: ScalarType.Float32, device: reference.device);
            votes.scatter_add_(1, referenceLabels[index], (top / temperature).exp());          // [B, classes]
            var predicted = votes.argmax(1);
            correct += predicted.eq(test.Labels.narrow(0, start, length).to(ScalarType.Int64, predicted.device)).sum().item<long>();
        }

        return (double)correct / test.Count;
    }
}
