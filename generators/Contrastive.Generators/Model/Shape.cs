using System.Collections.Generic;
using System.Linq;

namespace Contrastive.Generators.Model;

/// <summary>The shape of one sample (no batch dimension): [F], [C, T] or [C, H, W].</summary>
internal sealed record Shape(EquatableArray<long> Dims)
{
    public Shape(params long[] dims)
        : this(dims.ToEquatableArray())
    {
    }

    public int Rank => Dims.Count;

    public long this[int index] => Dims[index];

    /// <summary>Values per sample; saturates at <see cref="long.MaxValue"/> instead of overflowing.</summary>
    public long Elements => Dims.Aggregate(1L, (product, d) => d != 0 && product > long.MaxValue / d ? long.MaxValue : product * d);

    public bool IsVector => Rank == 1;

    public override string ToString() => "[" + string.Join(", ", Dims) + "]";

    /// <summary>As in a shape comment on a batch: "[N, 32, 14, 14]".</summary>
    public string WithBatch() => "[" + string.Join(", ", new[] { "N" }.Concat(Dims.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)))) + "]";

    public string Describe() => Rank switch
    {
        1 => $"a vector {this}",
        2 => $"a sequence {this} (channels, length)",
        3 => $"an image {this} (channels, height, width)",
        _ => this.ToString(),
    };

    /// <summary>Names of each dimension, used for the generated shape constants.</summary>
    public IReadOnlyList<string> DimensionNames() => Rank switch
    {
        1 => new[] { "Features" },
        2 => new[] { "Channels", "Length" },
        3 => new[] { "Channels", "Height", "Width" },
        _ => Enumerable.Range(0, Rank).Select(i => "Dim" + i).ToArray(),
    };
}
