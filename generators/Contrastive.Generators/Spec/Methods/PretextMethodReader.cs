using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// The context-instance methods (rotation, jigsaw, relative-position): an encoder (the trunk that
/// evaluation probes) and a 'head' that classifies how the input was manipulated. Augmentations are
/// optional (none by default). The tile methods cut a 3 x 3 grid of tiles; their encoder reads one
/// tile in training and the whole image for evaluation. What they share is read here.
/// </summary>
internal abstract class PretextMethodReader : ViewMethodReader
{
    public override bool RequiresAugment => false;

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "head" };

    /// <summary>'objective.tile-size' of a tile method; its default follows from the image (see <see cref="ReadGrid"/>).</summary>
    protected static NumberSetting TileSize() => Declare.Whole("tile-size", 1, SpecContext.MaxSize, double.NaN,
        "Side of a tile in pixels, at most a third of the image (the encoder reads one tile).", "a third of the image minus 3 (6 for 28 x 28)");

    /// <summary>'objective.gap' of a tile method; its default follows from the tile (see <see cref="ReadGrid"/>).</summary>
    protected static NumberSetting Gap() => Declare.Whole("gap", 0, SpecContext.MaxSize, double.NaN,
        "Fewest pixels between neighbouring tiles; tile-size + gap must fit in a third of the image, the rest is random jitter.", "1 (0 when a tile fills its cell)");

    /// <summary>The encoder on <paramref name="input"/> (what it <paramref name="reads"/>), ending in a feature vector.</summary>
    protected PartPlan? ReadTrunk(SpecContext context, SpecDocument document, Shape input, string reads)
    {
        var encoder = document.ReadPart(context, "encoder", input);
        if (encoder is null)
        {
            return null;
        }

        if (!encoder.Output.IsVector)
        {
            context.Report(DiagnosticDescriptors.EncoderNotAVector, document.Keys["encoder"].Key,
                $"{Key}'s encoder reads {reads} {input}", encoder.Output.ToString(), string.Empty);
            return null;
        }

        return encoder;
    }

    /// <summary>
    /// The encoder of a tile method: it reads one tile [C, tile, tile] in training and the whole image
    /// for evaluation, so it must end in a vector, and in the same vector for both sizes (convolutions
    /// ending in a global pool do; 'flatten' does not).
    /// </summary>
    protected PartPlan? ReadTileTrunk(SpecContext context, SpecDocument document, int tile)
    {
        var tileShape = new Shape(document.Input[0], tile, tile);
        var encoder = ReadTrunk(context, document, tileShape, "tiles");
        if (encoder is null)
        {
            return null;
        }

        // The same layers on the whole image, reported nowhere: whether they build the same modules
        // (a linear layer after 'flatten' would need another input size) and give the same features.
        var silent = new SpecContext(context.File, new DiagnosticBag());
        var whole = new LayerReader(silent).Read(document["encoder"]!, "encoder", document.Input);
        var outcome = whole is null || silent.Diagnostics.HasErrors ? "it cannot read the image"
            : FirstDifference(encoder.Layers, whole.Value.Layers) is { } layer ? $"on the image its layer '{layer}' would need other sizes"
            : !whole.Value.Output.Equals(encoder.Output) ? $"on the image it outputs {whole.Value.Output} instead of {encoder.Output}"
            : null;
        if (outcome is not null)
        {
            context.Report(DiagnosticDescriptors.TileEncoderOnImage, document.Keys["encoder"].Key, Key, tileShape.ToString(), document.Input.ToString(), outcome);
            return null;
        }

        return encoder;
    }

    /// <summary>
    /// The head on <paramref name="input"/>, required, with one output per class: it
    /// <paramref name="scores"/> (what the classes are, for the message).
    /// </summary>
    protected PartPlan? ReadClassifier(SpecContext context, SpecDocument document, Shape input, long classes, string scores, string example)
    {
        var head = ReadHead(context, document, "head", input, required: true, $"the classifier of the pretext task, e.g. 'head: {example}'", out var failed);
        if (failed || head is null)
        {
            return null;
        }

        if (head.Output[0] != classes)
        {
            context.Report(DiagnosticDescriptors.PartOutput, document.Keys["head"].Key,
                $"{Key}'s head scores {scores}", "head", $"[{classes}]", head.Output.ToString(), string.Empty);
            return null;
        }

        return head;
    }

    /// <summary>
    /// 'objective.tile-size' and 'objective.gap' of a 3 x 3 tile grid on the spec's images: a tile and
    /// the gap must fit in a cell, a third of the image. The defaults leave 2 pixels of jitter where
    /// the cell allows: tile = cell − 3, gap = 1. Null after reporting.
    /// </summary>
    protected (int Tile, int Gap)? ReadGrid(SpecContext context, SpecDocument document, Dictionary<string, Entry> objective)
    {
        var (height, width) = (document.Input[1], document.Input[2]);
        var cell = System.Math.Min(height, width) / 3;
        if (cell < 1)
        {
            context.Report(DiagnosticDescriptors.InputNotForMethod, document.InputNode,
                $"{Key} cuts each image into a 3 x 3 grid of tiles", "at least 3 x 3 pixels", document.Input.ToString());
            return null;
        }

        var tile = System.Math.Max(1, cell - 3);
        if (objective.TryGetValue("tile-size", out var tileEntry))
        {
            var value = Objective.Get<NumberSetting>("tile-size").ReadWhole(context, tileEntry.Value, "'objective.tile-size'");
            if (value is null)
            {
                return null;
            }

            if (value > cell)
            {
                context.Report(DiagnosticDescriptors.OutOfRange, tileEntry.Value, "'objective.tile-size'",
                    $"from 1 to {cell}, the side of a cell of the 3 x 3 grid on {height} x {width} images", Text(tileEntry.Value));
                return null;
            }

            tile = value.Value;
        }

        var gap = (int)System.Math.Min(1, cell - tile);
        if (objective.TryGetValue("gap", out var gapEntry))
        {
            var value = Objective.Get<NumberSetting>("gap").ReadWhole(context, gapEntry.Value, "'objective.gap'");
            if (value is null)
            {
                return null;
            }

            if (tile + value > cell)
            {
                context.Report(DiagnosticDescriptors.OutOfRange, gapEntry.Value, "'objective.gap'",
                    $"from 0 to {cell - tile}: a tile of {tile} pixels and the gap must fit in a cell of {cell}", Text(gapEntry.Value));
                return null;
            }

            gap = (int)value.Value;
        }

        return ((int)tile, gap);
    }

    /// <summary>The option Gap of a tile method.</summary>
    protected static OptionPlan GapOption(int gap) =>
        new("Gap", "int", CSharp.Long(gap), "Fewest pixels between neighbouring tiles; each tile's place in its cell is random within the rest, so edges do not continue from tile to tile.", Key: "objective.gap");

    /// <summary>TileSize and FeatureSize constants of a tile method.</summary>
    protected static ConstantPlan[] TileConstants(PartPlan encoder) => new[]
    {
        new ConstantPlan("TileSize", $"{encoder.TypeName}.InputHeight", "Side of a tile in pixels: the encoder reads one tile."),
        new ConstantPlan("FeatureSize", $"{encoder.TypeName}.OutputFeatures", "Size of the encoder's feature vector, for a tile and for the whole image (what evaluation probes)."),
    };

    // The first layer (by field name, residual bodies included) whose module the two plans build differently.
    private static string? FirstDifference(EquatableArray<LayerPlan> a, EquatableArray<LayerPlan> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Factory != b[i].Factory || a[i].Projection != b[i].Projection)
            {
                return a[i].Field;
            }

            if (FirstDifference(a[i].Body, b[i].Body) is { } inner)
            {
                return $"{a[i].Field}.{inner}";
            }
        }

        return null;
    }

    private static string Text(YamlValue value) => value is YamlScalar scalar ? scalar.Value : value.Describe();
}
