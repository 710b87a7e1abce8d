namespace Contrastive.Generators.Spec.Layers;

/// <summary>What values a layer setting takes; each reads with its own range and message.</summary>
internal enum SettingType
{
    /// <summary>A whole number from 1 to <see cref="SpecContext.MaxSize"/> (channels, kernel, stride...).</summary>
    Size,

    /// <summary>A whole number from 0 to <see cref="SpecContext.MaxSize"/>.</summary>
    Count,

    /// <summary>A convolution's padding: a count, or 'same'.</summary>
    Padding,

    /// <summary>true or false.</summary>
    Flag,

    /// <summary>A number greater than 0.</summary>
    Positive,

    /// <summary>A number of at least 0.</summary>
    NonNegative,

    /// <summary>A number greater than 0 and at most 1.</summary>
    Fraction,

    /// <summary>A probability from 0 up to (not including) 1.</summary>
    Probability,

    /// <summary>A nested layer list.</summary>
    Layers,

    /// <summary>The layer's name (its field, checkpoint key and tap).</summary>
    Name,
}

/// <summary>One setting of a layer kind: its key, the values it takes, its default and what it means.</summary>
/// <param name="Default">The value when the key is left out, as the spec would write it; null when required or computed (a pool's stride is its kernel).</param>
/// <param name="Required">Whether a spec must give it.</param>
/// <param name="Doc">One line for docs and tooltips.</param>
/// <param name="MissingHint">What the missing-key error (CTK004) tells the user to write.</param>
internal sealed record LayerSetting(string Key, SettingType Type, string? Default, bool Required, string Doc, string MissingHint = "it has no default")
{
    /// <summary>The setting every kind has: 'name'.</summary>
    public static readonly LayerSetting Name = new("name", SettingType.Name, null, false, "Names the layer: its field, its checkpoint key and its tap property.");

    public static LayerSetting Optional(string key, SettingType type, string? @default, string doc) => new(key, type, @default, false, doc);

    public static LayerSetting Needed(string key, SettingType type, string doc, string hint) => new(key, type, null, true, doc, hint);

    /// <summary>The default as a whole number (for settings whose default is one).</summary>
    public long Whole => long.Parse(Default!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The default as a number.</summary>
    public double Real => double.Parse(Default!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The default as true or false.</summary>
    public bool Truth => Default == "true";
}
