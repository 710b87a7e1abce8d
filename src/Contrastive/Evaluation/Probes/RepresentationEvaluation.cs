using Contrastive.Data;
using Contrastive.Methods;
using static TorchSharp.torch;

namespace Contrastive.Evaluation.Probes;

/// <summary>Linear-probe and kNN accuracy of one encoder on the test split.</summary>
/// <param name="LinearProbe">The linear probe's result.</param>
/// <param name="Knn">Weighted kNN accuracy (k = 200, τ = 0.1).</param>
public sealed record EncoderScores(LinearProbeResult LinearProbe, double Knn);

/// <summary>A trained encoder's scores beside those of the same architecture at its initial weights.</summary>
/// <param name="Trained">The trained encoder.</param>
/// <param name="RandomInit">The same model freshly initialised with the run's seed (its weights before training).</param>
/// <param name="TrainCount">Training samples the probes fitted on.</param>
/// <param name="TestCount">Test samples they were scored on.</param>
public sealed record EvaluationReport(EncoderScores Trained, EncoderScores RandomInit, long TrainCount, long TestCount);

/// <summary>The frozen-encoder evaluation every method shares: features, linear probe, kNN.</summary>
public static class RepresentationEvaluation
{
    /// <summary>
    /// The features <paramref name="model"/> gives each sample (image or sequence) of <paramref name="data"/>,
    /// in eval mode without gradients, batch by batch: each batch is moved to the model's device, and
    /// the features stay there (the labels stay on the CPU, with the dataset).
    /// </summary>
    public static FeatureSet Extract(SelfSupervisedMethod model, IDataset data, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var wasTraining = model.training;
        var device = model.Device;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var chunks = new List<Tensor>();
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var (inputs, _) = data.Batch(arange(start, Math.Min(start + batchSize, data.Count)), device);
                chunks.Add(scope.MoveToOuter(model.Features(inputs)));
            }

            var features = cat(chunks, 0);
            foreach (var chunk in chunks)
            {
                chunk.Dispose();
            }

            return new FeatureSet(features, data.Labels.clone());
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Scores one encoder: linear probe and kNN fitted on <paramref name="train"/>, measured on <paramref name="test"/>.</summary>
    public static EncoderScores Score(SelfSupervisedMethod model, IDataset train, IDataset test, long seed = 0)
    {
        using var scope = NewDisposeScope();
        var trainFeatures = Extract(model, train);
        var testFeatures = Extract(model, test);
        var probe = Probes.LinearProbe.Evaluate(trainFeatures, testFeatures, train.ClassCount, seed);
        var knn = KnnClassifier.Accuracy(trainFeatures, testFeatures, train.ClassCount);
        return new EncoderScores(probe, knn);
    }

    /// <summary>The trained model's scores beside the initial model's.</summary>
    public static EvaluationReport Compare(SelfSupervisedMethod trained, SelfSupervisedMethod randomInit, IDataset train, IDataset test, long seed = 0) =>
        new(Score(trained, train, test, seed), Score(randomInit, train, test, seed), train.Count, test.Count);
}
