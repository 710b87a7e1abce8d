using Contrastive.Vocabularies;

namespace Contrastive.Objectives;

/// <summary>An estimator's one spelling, from its <see cref="Definitions.Estimator"/>, and back.</summary>
public static class MiEstimators
{
    private static readonly Dictionary<MiEstimator, Definitions.Estimator> ByMember =
        Definitions.Estimators.ToDictionary(d => Enum.Parse<MiEstimator>(d.Member), d => d);

    /// <summary>The definition of <paramref name="estimator"/>.</summary>
    public static Definitions.Estimator Definition(this MiEstimator estimator)
        => ByMember.TryGetValue(estimator, out var definition)
            ? definition
            : throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "not an estimator.");

    /// <summary>The word specs, <c>mi-bench</c>, <c>--set</c> and reports use, e.g. "infonce".</summary>
    public static string Word(this MiEstimator estimator) => estimator.Definition().Key;

    /// <summary>The estimator called <paramref name="word"/> (case-insensitive), or null.</summary>
    public static MiEstimator? Parse(string word)
        => Definitions.FindEstimator(word) is { } definition ? Enum.Parse<MiEstimator>(definition.Member) : null;

    /// <summary>Every word, in the definitions' order, for help and errors: "infonce, nwj, ...".</summary>
    public static string Words => string.Join(", ", Definitions.Estimators.Select(d => d.Key));
}
