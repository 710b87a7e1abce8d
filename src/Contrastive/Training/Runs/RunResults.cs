using System.Text.Json;
using Contrastive.Evaluation.Probes;
using Contrastive.Reporting;

namespace Contrastive.Training.Runs;

/// <summary>The JSON files a run's scores are kept in: <c>results.json</c> after training, <c>eval.json</c> after an evaluation.</summary>
internal static class RunResults
{
    public const string ResultsFile = "results.json";

    public const string EvaluationFile = "eval.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteResults(string directory, RunFolder run, TrainingSummary summary, EvaluationReport report) =>
        Write(Path.Combine(directory, ResultsFile), new
        {
            model = run.Model,
            overrides = run.Overrides,
            steps = summary.Steps,
            seconds = Math.Round(summary.Seconds, 1),
            final_loss = summary.FinalLoss,
            evaluation = Evaluation(report, summary.LastCheckpoint),
        });

    public static void WriteEvaluation(string directory, EvaluationReport report, string checkpoint) =>
        Write(Path.Combine(directory, EvaluationFile), Evaluation(report, checkpoint));

    private static object Evaluation(EvaluationReport report, string checkpoint) => new
    {
        checkpoint,
        trained = Scores(report.Trained),
        initial = Scores(report.RandomInit),
        train_images = report.TrainCount,
        test_images = report.TestCount,
    };

    private static object Scores(EncoderScores scores) => new
    {
        linear_probe = scores.LinearProbe.TestAccuracy,
        linear_probe_train = scores.LinearProbe.TrainAccuracy,
        knn = scores.Knn,
        probe_l2 = scores.LinearProbe.Penalty,
    };

    private static void Write(string path, object value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Indented));
}
