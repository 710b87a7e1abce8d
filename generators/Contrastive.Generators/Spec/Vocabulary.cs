namespace Contrastive.Generators.Spec;

/// <summary>The words a spec can use outside layer lists (datasets and estimators: <see cref="Vocabularies.Definitions"/>, the runtime's).</summary>
internal static class Vocabulary
{
    public static readonly string[] TopLevelKeys =
    {
        "model", "description", "namespace", "method", "input", "encoder", "projector", "predictor", "head", "context",
        "objective", "augment", "train", "data",
    };

    /// <summary>Every method of the spec language, in the order the docs list them; each has a reader (a test checks).</summary>
    public static readonly string[] Methods =
    {
        "simclr", "moco", "byol", "simsiam", "rotation", "jigsaw", "relative-position", "cpc", "dim", "critic",
    };

    public static readonly string[] Parts = { "encoder", "projector", "predictor", "head", "context" };

    public static readonly string[] Optimizers = { "adam", "adamw", "sgd" };

    public static readonly string[] Schedules = { "constant", "cosine", "warmup-cosine" };

    public static readonly string[] AugmentSteps =
    {
        "random-resized-crop", "horizontal-flip", "color-jitter", "gaussian-blur", "gaussian-noise", "random-erasing", "rotate90",
    };

    public static readonly string[] Critics = { "separable", "bilinear", "cosine", "concat" };
}
