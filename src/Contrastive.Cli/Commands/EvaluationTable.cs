using System.Globalization;
using Contrastive.Evaluation.Probes;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>How <c>train</c> and <c>eval</c> show an evaluation (the run saves it: <see cref="Contrastive.Training.Runs.TrainingRun"/>).</summary>
internal static class EvaluationTable
{
    public static void Show(IAnsiConsole console, EvaluationReport report)
    {
        var table = new Table().AddColumn("encoder").AddColumn("linear probe").AddColumn("kNN (k=200)").AddColumn("probe L2");
        table.AddRow("trained", Percent(report.Trained.LinearProbe.TestAccuracy), Percent(report.Trained.Knn), Penalty(report.Trained));
        table.AddRow("initial weights", Percent(report.RandomInit.LinearProbe.TestAccuracy), Percent(report.RandomInit.Knn), Penalty(report.RandomInit));
        console.Write(table);
        console.MarkupLine($"test accuracy on {report.TestCount} samples; probes fitted on {report.TrainCount} training samples.");
    }

    private static string Percent(double value) => (100 * value).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string Penalty(EncoderScores scores) => scores.LinearProbe.Penalty.ToString("G3", CultureInfo.InvariantCulture);
}
