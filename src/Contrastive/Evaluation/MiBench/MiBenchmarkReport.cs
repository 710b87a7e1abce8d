using System.Globalization;
using System.Text;
using Contrastive.Objectives;
using Contrastive.Reporting;

namespace Contrastive.Evaluation.MiBench;

/// <summary>Writes a finished benchmark to disk: every step as CSV, the summary as CSV.</summary>
public static class MiBenchmarkReport
{
    /// <summary>The name the command line, CSV headers and plots use for an estimator: its definition's word.</summary>
    public static string Name(MiEstimator estimator) => estimator.Word();

    /// <summary>The estimator for a command-line name (a definition's word), or null.</summary>
    public static MiEstimator? Parse(string name) => MiEstimators.Parse(name);

    // Column names of series written before the estimators had one spelling: 'js' is now 'jsd'. Read
    // only from CSV files (docs/results/mi-bench-default holds one); the command line takes the new words.
    private static readonly Dictionary<string, MiEstimator> OldColumnNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["js"] = MiEstimator.Jsd,
    };

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

    /// <summary>
    /// Reads a series written by <see cref="WriteSeriesCsv"/> back into a result (levels and steps per
    /// level inferred from the true_mi column; wall time unknown), to re-plot or re-summarise a run.
    /// </summary>
    public static MiBenchmarkResult ReadSeriesCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2)
        {
            throw new FormatException($"{path}: expected a header and at least one row of a mi-bench series.");
        }

        var header = lines[0].Split(',');
        if (header.Length < 3 || header[0] != "step" || header[1] != "true_mi")
        {
            throw new FormatException($"{path}:1: expected the header 'step,true_mi,<estimator>...'; got '{lines[0]}'.");
        }

        var estimators = header.Skip(2).Select((name, i) => Parse(name) ?? (OldColumnNames.TryGetValue(name, out var old) ? old : throw new FormatException(
            $"{path}:1: column {i + 3} names no estimator: '{name}'; the estimators are {MiEstimators.Words}."))).ToList();
        var trueMi = new double[lines.Length - 1];
        var values = estimators.ToDictionary(e => e, _ => new double[lines.Length - 1]);
        for (var row = 1; row < lines.Length; row++)
        {
            var cells = lines[row].Split(',');
            if (cells.Length != header.Length)
            {
                throw new FormatException($"{path}:{row + 1}: expected {header.Length} cells, found {cells.Length}.");
            }

            trueMi[row - 1] = ParseNumber(cells[1], path, row + 1);
            for (var e = 0; e < estimators.Count; e++)
            {
                values[estimators[e]][row - 1] = ParseNumber(cells[e + 2], path, row + 1);
            }
        }

        var levels = new List<double>();
        var runLengths = new List<int>();
        foreach (var value in trueMi)
        {
            if (levels.Count == 0 || levels[^1] != value)
            {
                levels.Add(value);
                runLengths.Add(0);
            }

            runLengths[^1]++;
        }

        if (runLengths.Distinct().Count() != 1)
        {
            throw new FormatException($"{path}: levels have different numbers of steps ({string.Join(", ", runLengths)}).");
        }

        var options = new MiBenchmarkOptions { Estimators = estimators, Levels = levels, StepsPerLevel = runLengths[0] };
        return new MiBenchmarkResult(options, trueMi, values, MiBenchmark.Summarise(options, values), TimeSpan.Zero);
    }

    private static double ParseNumber(string text, string path, int line)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{path}:{line}: '{text}' is not a number.");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
