using System.Linq;

namespace Contrastive.Generators.Vocabularies;

/// <summary>
/// The runtime's vocabularies (src/Contrastive/Vocabularies/Definitions.*.cs, compiled here too): the
/// datasets and estimators a spec can name. Internal here; the runtime's copy is public. This part
/// says how generated code names them.
/// </summary>
internal static partial class Definitions
{
    /// <summary>The runtime's estimator enum, as generated code names it.</summary>
    public const string EstimatorType = Rendering.TypeNames.MiEstimator;

    /// <summary>Every estimator word, in the definitions' order.</summary>
    public static string[] EstimatorKeys => Estimators.Select(e => e.Key).ToArray();

    /// <summary>Every dataset name, in the definitions' order.</summary>
    public static string[] DatasetKeys => Datasets.Select(d => d.Key).ToArray();

    /// <summary>The C# value of the estimator called <paramref name="key"/>, e.g. <c>global::Contrastive.Objectives.MiEstimator.InfoNce</c>.</summary>
    public static string EstimatorValue(string key) => EstimatorType + "." + FindEstimator(key)!.Member;
}
