using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Schema;
using Contrastive.Generators.Vocabularies;

namespace Contrastive.Generators.Spec.Methods.Objectives;

/// <summary>
/// CPC's 'objective.patches' on images: <c>{ size, stride }</c>, the stride defaulting to the size.
/// Images only, and required there (<see cref="ObjectiveSetting.RequiredForRank"/>).
/// </summary>
internal sealed class PatchGridSetting : ObjectiveSetting
{
    public PatchGridSetting()
        : base("patches", "Images only (required there): the grid of square patches the encoder reads, { size, stride }.")
    {
        RequiredForRank = 3;
    }

    public NumberSetting Size { get; } = new(new Definitions.Setting("size", Definitions.SettingType.Integer, new Definitions.Bounds(1, true, SpecContext.MaxSize, true), double.NaN, "Side of a patch in pixels, at most the image's height and width."))
    {
        Required = true,
    };

    public NumberSetting Stride { get; } = new(new Definitions.Setting("stride", Definitions.SettingType.Integer, new Definitions.Bounds(1, true, SpecContext.MaxSize, true), double.NaN, "Pixels between neighbouring patches; smaller than the size makes them overlap."), "the size");

    /// <summary>The patches of <paramref name="entry"/> on images of at most <paramref name="largest"/> pixels a side; null after reporting.</summary>
    public (long Size, long Stride)? Read(SpecContext context, Entry entry, long largest)
    {
        var mapping = context.Mapping(entry.Value, Label, "{ size: 8, stride: 4 }");
        if (mapping is null)
        {
            return null;
        }

        var keys = context.Keys(mapping, Label, new[] { Size.Key, Stride.Key });
        if (!keys.TryGetValue(Size.Key, out var sizeEntry))
        {
            context.Report(DiagnosticDescriptors.MissingKey, entry.Value, Label, Size.Key, "the side of a patch in pixels, e.g. 'size: 8'");
            return null;
        }

        var size = Size.ReadWhole(context, sizeEntry.Value, $"'objective.{Key}.{Size.Key}'", largest);
        var stride = keys.TryGetValue(Stride.Key, out var strideEntry) ? Stride.ReadWhole(context, strideEntry.Value, $"'objective.{Key}.{Stride.Key}'", largest) : size;
        return size is null || stride is null ? null : (size.Value, stride.Value);
    }

    public override JsonObject Schema() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Json.Texts(new[] { Size.Key }),
        ["description"] = Doc,
        ["properties"] = new JsonObject { [Size.Key] = Size.Schema(), [Stride.Key] = Stride.Schema() },
    };
}
