using System.Globalization;
using System.Text;
using Contrastive.Reporting;

namespace Contrastive.Evaluation.MiBench;

/// <summary>Writes a finished benchmark to disk: every step as CSV, the summary as CSV.</summary>
public static class MiBenchmarkReport
{
    /// <summary>The name the command line and CSV headers use for an estimator.</summary>
    public static string Name(MiEstimator estimator) => estimator switch
    {
        MiEstimator.InfoNce => "infonce",
        MiEstimator.Nwj => "nwj",
        MiEstimator.Dv => "dv",
        MiEstimator.Mine => "mine",
        MiEstimator.Js => "js",
        MiEstimator.Tuba => "tuba",
        MiEstimator.Alpha => "alpha",
        MiEstimator.Smile => "smile",
        _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator, null),
    };

    /// <summary>The estimator for a command-line name, or null.</summary>
    public static MiEstimator? Parse(string name)
        => Enum.GetValues<MiEstimator>().Cast<MiEstimator?>()
            .FirstOrDefault(e => string.Equals(Name(e!.Value), name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>step, true_mi, then one column per estimator.</summary>
    public static void WriteSeriesCsv(MiBenchmarkResult result, string path)
    {
        var estimators = result.Options.Estimators;
        var text = new StringBuilder();
        text.Append("step,true_mi");
        foreach (var estimator in estimators)
        {
            text.Append(',').Append(Name(estimator));
        }

        text.Append('\n');
        for (var step = 0; step < result.TrueMi.Count; step++)
        {
            text.Append((step + 1).ToString(CultureInfo.InvariantCulture)).Append(',').Append(Format(result.TrueMi[step]));
            foreach (var estimator in estimators)
            {
                text.Append(',').Append(Format(result.Estimates[estimator][step]));
            }

            text.Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>estimator, true_mi, mean, std, bias: one row per estimator and level.</summary>
    public static void WriteSummaryCsv(MiBenchmarkResult result, string path)
    {
        var text = new StringBuilder("estimator,true_mi,mean,std,bias\n");
        foreach (var row in result.Summary)
        {
            text.Append(Name(row.Estimator)).Append(',').Append(Format(row.TrueMi)).Append(',')
                .Append(Format(row.Mean)).Append(',').Append(Format(row.StdDev)).Append(',')
                .Append(Format(row.Bias)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
