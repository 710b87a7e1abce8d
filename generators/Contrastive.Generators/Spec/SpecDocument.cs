using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Spec.Layers;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec;

/// <summary>The top-level keys of one spec after the common checks, for the method readers.</summary>
internal sealed class SpecDocument
{
    public SpecDocument(string name, Shape input, YamlValue inputNode, Dictionary<string, Entry> keys, YamlMapping root)
    {
        Name = name;
        Input = input;
        InputNode = inputNode;
        Keys = keys;
        Root = root;
    }

    public string Name { get; }

    public Shape Input { get; }

    public YamlValue InputNode { get; }

    public Dictionary<string, Entry> Keys { get; }

    public YamlMapping Root { get; }

    public YamlValue? this[string key] => Keys.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>Reads a part's layer list from <paramref name="input"/>; the type is "{Model}{Role}".</summary>
    /// <param name="positions">What its layers may mix across positions (CPC's parts).</param>
    public PartPlan? ReadPart(SpecContext context, string key, Shape input, PositionRule positions = PositionRule.Any)
    {
        var node = this[key];
        if (node is null)
        {
            return null;
        }

        var role = char.ToUpperInvariant(key[0]) + key.Substring(1);
        var layers = new LayerReader(context).Read(node, key, input, Name + role + "Taps", positions);
        if (layers is null)
        {
            return null;
        }

        return new PartPlan(role, key, Name + role, input, layers.Value.Output, layers.Value.Layers, key);
    }
}
