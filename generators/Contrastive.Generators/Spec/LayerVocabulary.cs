using System.Collections.Generic;

namespace Contrastive.Generators.Spec;

/// <summary>The layer kinds a spec can name, the keys each accepts, and their one-value shorthands.</summary>
internal static class LayerVocabulary
{
    public static readonly IReadOnlyDictionary<string, string[]> Keys = new Dictionary<string, string[]>
    {
        ["conv"] = new[] { "out", "kernel", "stride", "padding", "dilation", "groups", "bias", "name" },
        ["conv1d"] = new[] { "out", "kernel", "stride", "padding", "dilation", "groups", "bias", "name" },
        ["conv2d"] = new[] { "out", "kernel", "stride", "padding", "dilation", "groups", "bias", "name" },
        ["linear"] = new[] { "out", "bias", "name" },
        ["batchnorm"] = new[] { "eps", "momentum", "name" },
        ["layernorm"] = new[] { "eps", "name" },
        ["relu"] = new[] { "name" },
        ["gelu"] = new[] { "name" },
        ["leaky-relu"] = new[] { "slope", "name" },
        ["tanh"] = new[] { "name" },
        ["sigmoid"] = new[] { "name" },
        ["max-pool"] = new[] { "kernel", "stride", "padding", "name" },
        ["avg-pool"] = new[] { "kernel", "stride", "padding", "name" },
        ["global-avg-pool"] = new[] { "name" },
        ["flatten"] = new[] { "name" },
        ["dropout"] = new[] { "p", "name" },
        ["residual"] = new[] { "layers", "projection", "name" },
        ["gru"] = new[] { "hidden", "layers", "name" },
    };

    /// <summary>The key a bare value stands for: "linear: 64" means "linear: { out: 64 }".</summary>
    public static readonly IReadOnlyDictionary<string, string> Shorthand = new Dictionary<string, string>
    {
        ["linear"] = "out",
        ["dropout"] = "p",
        ["leaky-relu"] = "slope",
        ["gru"] = "hidden",
        ["residual"] = "layers",
    };

    /// <summary>Keys without a default.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        ["conv"] = new[] { "out", "kernel" },
        ["conv1d"] = new[] { "out", "kernel" },
        ["conv2d"] = new[] { "out", "kernel" },
        ["linear"] = new[] { "out" },
        ["max-pool"] = new[] { "kernel" },
        ["avg-pool"] = new[] { "kernel" },
        ["residual"] = new[] { "layers" },
        ["gru"] = new[] { "hidden" },
    };

    /// <summary>Stem of the default field name: the second conv of a part is "conv2".</summary>
    public static string FieldStem(string kind) => kind switch
    {
        "conv1d" or "conv2d" => "conv",
        "leaky-relu" => "leakyrelu",
        "max-pool" => "maxpool",
        "avg-pool" => "avgpool",
        "global-avg-pool" => "pool",
        _ => kind,
    };
}
