using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// What the context-instance methods (<see cref="RotationPrediction"/>, <see cref="Jigsaw"/>,
/// <see cref="RelativePosition"/>) share: a head that classifies the manipulation, trained with
/// cross-entropy on its logits, and the share of correct answers logged as "pretext-accuracy".
/// </summary>
internal static class PretextClassifier
{
    /// <summary>The metric name of the pretext task's accuracy.</summary>
    public const string AccuracyMetric = "pretext-accuracy";

    /// <summary>
    /// Cross-entropy of <paramref name="logits"/> against <paramref name="labels"/> (log-softmax
    /// inside, finite for finite logits) and the accuracy of their argmax.
    /// </summary>
    /// <param name="logits">[M, classes] from the head.</param>
    /// <param name="labels">int64 [M] in 0..classes−1.</param>
    /// <param name="classes">The number of classes the head must score.</param>
    /// <param name="method">The method's name, for the error when the head has another width.</param>
    public static StepResult Classify(Tensor logits, Tensor labels, long classes, string method)
    {
        if (logits.dim() != 2 || logits.shape[1] != classes)
        {
            throw new InvalidOperationException(
                $"{method}'s head must output one score per class, [M, {classes}]; it gave [{string.Join(", ", logits.shape)}]. End the head with a linear layer of {classes} outputs.");
        }

        var loss = nn.functional.cross_entropy(logits, labels);
        var accuracy = logits.detach().argmax(1).eq(labels).to(ScalarType.Float32).mean();   // metrics are float32 scalars
        return new StepResult(loss, [new Metric(AccuracyMetric, accuracy)]);
    }
}
