using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Model;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>The one list of layer kinds a spec can name, in the order messages and docs list them.</summary>
internal static class LayerKinds
{
    public static readonly IReadOnlyList<LayerKind> All = new LayerKind[]
    {
        Convolution.Either, Convolution.OneD, Convolution.TwoD, Linear.Kind, BatchNorm.Kind, LayerNorm.Kind,
        Activation.ReLU, Activation.GELU, LeakyReLU.Kind, Activation.Tanh, Activation.Sigmoid,
        Pool.Max, Pool.Average, GlobalAvgPool.Kind, Flatten.Kind, Dropout.Kind, Residual.Kind, Gru.Kind,
    };

    private static readonly Dictionary<string, LayerKind> ByKey = All.ToDictionary(k => k.Key);

    /// <summary>The spec keys, in order ("did you mean" chooses from these).</summary>
    public static IEnumerable<string> Keys => All.Select(k => k.Key);

    public static LayerKind? Find(string key) => ByKey.TryGetValue(key, out var kind) ? kind : null;

    /// <summary>The key of a layer's first parameter below its part ("conv1.weight"), or null when it has none.</summary>
    public static string? ParameterKey(LayerPlan layer) =>
        All.FirstOrDefault(k => k.FieldTypes.Contains(layer.FieldType))?.ParameterKey(layer);
}
