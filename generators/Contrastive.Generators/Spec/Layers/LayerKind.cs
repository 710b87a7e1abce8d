using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Model;

namespace Contrastive.Generators.Spec.Layers;

/// <summary>
/// One kind of layer a spec can name: its key, its settings, its shorthand, how its field is named
/// and typed, and how it infers its output shape and writes its factory. Everything else the
/// generator knows about layers (the reader's key checks, "did you mean", checkpoint keys in
/// remarks, CPC's position checks, the schema and docs tests) is read from these definitions.
/// </summary>
internal abstract class LayerKind
{
    protected LayerKind(string key, string summary, string fieldStem, IReadOnlyList<string> fieldTypes, IReadOnlyList<LayerSetting> settings, string? shorthand = null)
    {
        Key = key;
        Summary = summary;
        FieldStem = fieldStem;
        FieldTypes = fieldTypes;
        Settings = settings.Concat(new[] { LayerSetting.Name }).ToArray();
        Shorthand = shorthand;
    }

    /// <summary>The word a spec writes: "conv", "leaky-relu".</summary>
    public string Key { get; }

    /// <summary>One line on what the layer is.</summary>
    public string Summary { get; }

    /// <summary>Stem of the default field name: the second conv of a part is "conv2".</summary>
    public string FieldStem { get; }

    /// <summary>The types the field can have (<see cref="Rendering.TypeNames"/>), by input rank where there are several.</summary>
    public IReadOnlyList<string> FieldTypes { get; }

    /// <summary>Every key the kind accepts, in the order messages list them; 'name' last.</summary>
    public IReadOnlyList<LayerSetting> Settings { get; }

    /// <summary>The key a bare value stands for ("linear: 64" is "linear: { out: 64 }"), or null.</summary>
    public string? Shorthand { get; }

    public IEnumerable<string> Keys => Settings.Select(s => s.Key);

    public IEnumerable<LayerSetting> Required => Settings.Where(s => s.Required);

    public LayerSetting Setting(string key) => Settings.First(s => s.Key == key);

    /// <summary>The key, below the layer's field, of its first parameter; null when it has none.</summary>
    public virtual string? ParameterKey(LayerPlan layer) => null;

    /// <summary>How the layer mixes positions, with a detail for messages (" with kernel 3 and stride 1").</summary>
    public virtual (PositionMixing Mixing, string Detail) Mixes(LayerSettings settings) => (PositionMixing.None, string.Empty);

    /// <summary>Reads the settings, checks the input shape, and gives the layer's plan; null after reporting a problem.</summary>
    public abstract LayerPlan? Resolve(LayerResolution layer);
}
