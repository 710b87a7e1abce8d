using System.Linq;
using Contrastive.Generators.Spec.Methods;

namespace Contrastive.Generators.Spec;

/// <summary>The words a spec can use outside layer lists (datasets and estimators: <see cref="Vocabularies.Definitions"/>, the runtime's).</summary>
internal static class Vocabulary
{
    public static readonly string[] TopLevelKeys =
    {
        "model", "description", "namespace", "method", "input", "encoder", "projector", "predictor", "head", "context",
        "objective", "augment", "train", "data",
    };

    /// <summary>Every method of the spec language, in the order the docs list them: the keys of <see cref="MethodReaders.All"/>.</summary>
    public static readonly string[] Methods = MethodReaders.All.Select(r => r.Key).ToArray();

    public static readonly string[] Parts = { "encoder", "projector", "predictor", "head", "context" };

    public static readonly string[] Optimizers = Vocabularies.Definitions.Training.Optimizer.Names.ToArray();

    public static readonly string[] Schedules = Vocabularies.Definitions.Training.Schedule.Names.ToArray();

    public static readonly string[] AugmentSteps = Vocabularies.Definitions.AugmentSteps.Select(s => s.Key).ToArray();

    /// <summary>The critic forms (<see cref="CriticReader.Forms"/>).</summary>
    public static string[] Critics => CriticReader.Forms;
}
