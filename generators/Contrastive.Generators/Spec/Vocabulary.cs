using System.Collections.Generic;
using Contrastive.Generators.Model;

namespace Contrastive.Generators.Spec;

/// <summary>The words a spec can use outside layer lists.</summary>
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

    /// <summary>Datasets a spec can name, with the sample shape they produce (null: any shape of that rank).</summary>
    public static readonly IReadOnlyDictionary<string, (int Rank, Shape? Shape)> Datasets = new Dictionary<string, (int, Shape?)>
    {
        ["fashion-mnist"] = (3, new Shape(1, 28, 28)),
        ["mnist"] = (3, new Shape(1, 28, 28)),
        ["kmnist"] = (3, new Shape(1, 28, 28)),
        ["cifar10"] = (3, new Shape(3, 32, 32)),
        ["correlated-gaussians"] = (1, null),
        ["synthetic-sequences"] = (2, null),
    };

    public static readonly string[] Optimizers = { "adam", "adamw", "sgd" };

    public static readonly string[] Schedules = { "constant", "cosine", "warmup-cosine" };

    public static readonly string[] AugmentSteps =
    {
        "random-resized-crop", "horizontal-flip", "color-jitter", "gaussian-blur", "gaussian-noise", "random-erasing", "rotate90",
    };

    /// <summary>Estimator words and the runtime's <c>MiEstimator</c> members.</summary>
    public static readonly IReadOnlyDictionary<string, string> Estimators = new Dictionary<string, string>
    {
        ["infonce"] = "InfoNce",
        ["nwj"] = "Nwj",
        ["dv"] = "Dv",
        ["mine"] = "Mine",
        ["jsd"] = "Js",
        ["tuba"] = "Tuba",
        ["alpha"] = "Alpha",
        ["smile"] = "Smile",
    };

    public static readonly string[] Critics = { "separable", "bilinear", "cosine", "concat" };
}
