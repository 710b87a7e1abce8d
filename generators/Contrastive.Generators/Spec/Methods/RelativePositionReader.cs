using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// Relative patch position: a 3 x 3 grid of tiles, the encoder on each tile, a head over a centre
/// tile's and a neighbour's concatenated features scoring the eight neighbour positions.
/// </summary>
internal sealed class RelativePositionReader : PretextMethodReader
{
    public override string Key => "relative-position";

    public override string RuntimeClass => "RelativePosition";

    public override ObjectiveDefinition Objective { get; } = new(
        "Relative patch position: how tiles are cut.",
        "{ tile-size: 6, gap: 1 }",
        new ObjectiveSetting[] { Declare.OnlyLoss("relative-position", "cross-entropy"), TileSize(), Gap() });

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective);
        var grid = ReadGrid(context, document, objective);
        if (grid is null)
        {
            return null;
        }

        var (tile, gap) = grid.Value;
        var encoder = ReadTileTrunk(context, document, tile);
        if (encoder is null)
        {
            return null;
        }

        var head = ReadClassifier(context, document, new Shape(2 * encoder.Output[0]), 8, "the 8 places of a neighbour around the centre tile",
            "[{ linear: 256 }, relu, { linear: 8 }]");
        if (head is null || !ok)
        {
            return null;
        }

        var summary = new[]
        {
            "Each image is cut into a 3 x 3 grid of tiles (with a gap and jitter, each tile normalised), and",
            "the head predicts from the centre tile's and a neighbour's features where the neighbour lies.",
            "Evaluation probes the encoder on the whole image, standardised as a tile.",
        };
        var arguments = new[] { "encoder", "head", "InputHeight", "InputWidth", "TileSize" };
        var wiring = Wiring("Relative patch position (Doersch et al. 2015, arXiv:1505.05192)", summary, arguments, TileConstants(encoder));
        return new MethodParts(new[] { encoder, head }, new[] { GapOption(gap) }, wiring);
    }
}
