using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// Jigsaw puzzles: a 3 x 3 grid of tiles shuffled by one of P permutations, the encoder on each tile,
/// a head over the nine concatenated tile features scoring the permutations.
/// </summary>
internal sealed class JigsawReader : PretextMethodReader
{
    public override string Key => "jigsaw";

    public override string RuntimeClass => "Jigsaw";

    public override ObjectiveDefinition Objective { get; } = new(
        "The jigsaw puzzle: the permutation set and how tiles are cut.",
        "{ permutations: 100, permutation-seed: 0, tile-size: 6, gap: 1 }",
        new ObjectiveSetting[]
        {
            Declare.OnlyLoss("jigsaw", "cross-entropy"),
            Declare.Whole("permutations", 2, 1000, 100, "P, the permutations of the 9 tiles the head tells apart (chosen by greedy max-min Hamming distance); the head must output [P]."),
            Declare.Whole("permutation-seed", 0, double.PositiveInfinity, 0, "Seed of the permutation set; the set is stored in every checkpoint."),
            TileSize(),
            Gap(),
        });

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective);
        var permutations = Objective.Get<NumberSetting>("permutations").ReadWhole(context, objective);
        var seed = Objective.Get<NumberSetting>("permutation-seed").ReadWhole(context, objective);
        ok &= permutations is not null && seed is not null;
        var grid = ReadGrid(context, document, objective);
        if (grid is null)
        {
            return null;
        }

        var (tile, gap) = grid.Value;
        var encoder = ReadTileTrunk(context, document, tile);
        if (encoder is null || permutations is null)
        {
            return null;
        }

        var concatenated = new Shape(9 * encoder.Output[0]);
        var head = ReadClassifier(context, document, concatenated, permutations.Value, $"the {permutations} permutations of 'objective.permutations'",
            $"[{{ linear: 512 }}, relu, {{ linear: {permutations} }}]");
        if (head is null || !ok)
        {
            return null;
        }

        var options = new[]
        {
            new OptionPlan("PermutationSeed", "long", CSharp.Long(seed!.Value), "Seed of the permutation set (greedy max-min Hamming distance); a checkpoint keeps the set it was trained with.", Key: "objective.permutation-seed"),
            GapOption(gap),
        };
        var summary = new[]
        {
            "Each image is cut into a 3 x 3 grid of tiles (with a gap and jitter, each tile normalised),",
            $"the tiles are shuffled by one of {permutations} permutations, and the head predicts which from",
            "the nine tile features. Evaluation probes the encoder on the whole image, standardised as a tile.",
        };
        var constants = new List<ConstantPlan>(TileConstants(encoder))
        {
            new("PermutationCount", CSharp.Long(permutations.Value), "Permutations the head tells apart (its outputs)."),
        };
        var arguments = new[] { "encoder", "head", "InputHeight", "InputWidth", "TileSize", "PermutationCount" };
        var wiring = Wiring("Jigsaw puzzles (Noroozi and Favaro 2016, arXiv:1603.09246)", summary, arguments, constants);
        return new MethodParts(new[] { encoder, head }, options, wiring);
    }
}
