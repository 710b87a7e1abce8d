// Compiled by the runtime and by the generator (docs/ARCHITECTURE.md, "Vocabularies"): plain data,
// netstandard2.0, no TorchSharp. The generator tests see both assemblies, so each has its own namespace.
#if CONTRASTIVE_RUNTIME
namespace Contrastive.Vocabularies;
#else
namespace Contrastive.Generators.Vocabularies;
#endif

using System;
using System.Collections.Generic;
using System.Linq;

static partial class Definitions
{
    /// <summary>A mutual-information estimator: the word specs, <c>mi-bench</c>, <c>--set</c> and reports use.</summary>
    /// <param name="Key">The one spelling, e.g. "infonce".</param>
    /// <param name="Member">The member of the runtime's <c>Contrastive.Objectives.MiEstimator</c> (a test checks each exists).</param>
    /// <param name="Summary">One line on what it is.</param>
    /// <param name="ScoresOnly">Whether its value needs the score matrix alone (no baseline network, moving average or clipping): the estimators Deep InfoMax can use.</param>
    public sealed partial record Estimator(string Key, string Member, string Summary, bool ScoresOnly);

    /// <summary>Every estimator, in the order the docs list them.</summary>
    public static IReadOnlyList<Estimator> Estimators { get; } = new[]
    {
        new Estimator("infonce", "InfoNce", "InfoNCE: low variance, capped at log K.", true),
        new Estimator("nwj", "Nwj", "NWJ: unbiased, high variance.", true),
        new Estimator("dv", "Dv", "Donsker-Varadhan, trained on its own minibatch value.", true),
        new Estimator("mine", "Mine", "MINE: Donsker-Varadhan value with the EMA-corrected gradient.", false),
        new Estimator("jsd", "Jsd", "Critic trained with Jensen-Shannon, MI reported as NWJ(S + 1).", true),
        new Estimator("tuba", "Tuba", "TUBA with a learned baseline a(y).", false),
        new Estimator("alpha", "Alpha", "I_alpha: interpolation of the InfoNCE and a learned baseline.", false),
        new Estimator("smile", "Smile", "SMILE: clipped Donsker-Varadhan value, Jensen-Shannon gradient.", false),
    };

    /// <summary>The estimator called <paramref name="key"/> (case-insensitive, surrounding blanks ignored), or null.</summary>
    public static Estimator? FindEstimator(string key)
        => Estimators.FirstOrDefault(e => string.Equals(e.Key, key.Trim(), StringComparison.OrdinalIgnoreCase));
}
