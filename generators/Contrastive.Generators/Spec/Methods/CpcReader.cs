using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Layers;
using Contrastive.Generators.Spec.Methods.Objectives;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// Contrastive Predictive Coding on sequences [C, T] (a strided encoder gives z_t, a causal context
/// c_t, K steps predicted) or on images as a grid of patches (a patch encoder gives the grid of z, the
/// context runs down the rows, predicting rows below). Checks what makes a prediction leak its answer:
/// a context that sees later positions, batch statistics, and steps that reach into overlapping patches.
/// </summary>
internal sealed class CpcReader : MethodReader
{
    public override ObjectiveDefinition Objective { get; } = new(
        "CPC's objective: InfoNCE of each context's prediction of the encoding k steps ahead against the negatives.",
        "{ steps: 4, negatives: both }",
        new ObjectiveSetting[]
        {
            Declare.OnlyLoss("cpc", "infonce"),
            Declare.Whole("steps", 1, 1000, double.NaN, "How many steps ahead each context predicts (K), each with its own linear map W_k; the positions must leave room for them.",
                "4 for sequences, 2 for patch grids"),
            Declare.Whole("first-step", 1, 1000, double.NaN, "The first step predicted (k = first-step, ..., first-step + steps - 1); for patch grids anything smaller than ceil(size / stride) is CTK038.",
                "1 for sequences; for patch grids the first row that shares no pixel with the rows the context has seen, ceil(size / stride)"),
            Declare.Choice("negatives", "negatives for cpc",
                "batch: the other samples at the same position; same-sequence: the other positions of the same sample (time steps, or patches of the same image); both: every target of the batch.",
                "both", new[] { "batch", "same-sequence", "both" }),
            new PatchGridSetting(),
        });


    public override string Key => "cpc";

    public override string RuntimeClass => "Cpc";

    public override IEnumerable<string> UsedTypes => base.UsedTypes.Concat(new[] { NegativesType, PatchesType });

    private static readonly string NegativesType = TypeNames.Method("CpcNegatives");

    private static readonly string PatchesType = TypeNames.Method("CpcPatches");

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "context" };

    public override string PartDoc(string part) => part == "encoder" ? "The encoder, which maps the input to the encodings z." : base.PartDoc(part);

    public override bool UsesAugment => false;

    public override IReadOnlyList<int> InputRanks { get; } = new[] { 2, 3 };

    public override string InputReason => "cpc predicts along a sequence [channels, length] or down the rows of an image's grid of patches";

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var image = document.Input.Rank == 3;
        var objective = new Dictionary<string, Entry>();
        if (document["objective"] is { } objectiveNode)
        {
            var mapping = context.Mapping(objectiveNode, "'objective'", image ? "{ patches: { size: 8, stride: 4 }, steps: 2, negatives: both }" : Objective.Example);
            if (mapping is null)
            {
                return null;
            }

            objective = context.Keys(mapping, "'objective'", Objective.Keys);
        }

        var ok = Objective.Get<ChoiceSetting>("loss").Read(context, objective) is not null;
        objective.TryGetValue("steps", out var stepsEntry);
        var steps = Objective.Get<NumberSetting>("steps").ReadWhole(context, objective, image ? 2 : 4);
        var firstStep = objective.TryGetValue("first-step", out var firstEntry) ? Objective.Get<NumberSetting>("first-step").ReadWhole(context, firstEntry.Value, "'objective.first-step'") : null;
        var negatives = Objective.Get<ChoiceSetting>("negatives").Read(context, objective);
        ok &= steps is not null && negatives is not null && (firstEntry is null || firstStep is not null);

        (long Size, long Stride)? patches = null;
        if (image)
        {
            patches = ReadPatches(context, document, objective);
            ok &= patches is not null;
        }
        else if (objective.TryGetValue("patches", out var unused))
        {
            context.Report(DiagnosticDescriptors.SectionNotUsed, unused.Key, Key, "uses 'objective.patches' only with images [channels, height, width]; a sequence is predicted step by step along its length, so remove it");
            ok = false;
        }

        if (document["context"] is null)
        {
            context.Report(DiagnosticDescriptors.MissingKey, document.Keys["method"].Key, "The method 'cpc'", "context",
                "the causal network that summarises the encodings up to each position, e.g. 'context: [{ gru: 64 }]'");
            return null;
        }

        // The encoder reads a whole sequence, or one patch of an image.
        var encoderInput = patches is { } p ? new Shape(document.Input[0], p.Size, p.Size) : document.Input;
        if (!ok || (image && patches is null))
        {
            return null;
        }

        // A prediction must not see its answer: no layer may carry information between positions
        // (batch statistics anywhere, and in the causal context nothing that reads later positions).
        var encoder = document.ReadPart(context, "encoder", encoderInput, PositionRule.NoBatchStatistics);
        if (encoder is null)
        {
            return null;
        }

        if (image ? !encoder.Output.IsVector : encoder.Output.Rank != 2)
        {
            if (image)
            {
                context.Report(DiagnosticDescriptors.EncoderNotAVector, document.Keys["encoder"].Key, $"cpc encodes each patch {encoderInput} into one vector z", encoder.Output.ToString(), string.Empty);
            }
            else
            {
                context.Report(DiagnosticDescriptors.PartOutput, document.Keys["encoder"].Key, "cpc encodes a sequence into a sequence of vectors z_t", "encoder",
                    "a sequence [channels, length]", encoder.Output.ToString(), ": use strided 'conv1d' layers without pooling it away");
            }

            return null;
        }

        // The context reads the encodings as a sequence: along time, or down one column of the grid.
        var rows = patches is { } q ? ((document.Input[1] - q.Size) / q.Stride) + 1 : encoder.Output[1];
        var columns = patches is { } r ? ((document.Input[2] - r.Size) / r.Stride) + 1 : 1;
        var contextInput = new Shape(encoder.Output[0], rows);
        var contextPart = document.ReadPart(context, "context", contextInput, PositionRule.Causal);
        if (contextPart is null)
        {
            return null;
        }

        if (contextPart.Output.Rank != 2 || contextPart.Output[1] != rows)
        {
            var along = image ? "rows of the patch grid" : "encoded positions";
            context.Report(DiagnosticDescriptors.PartOutput, document.Keys["context"].Key,
                "cpc's context gives one vector c per position", "context", $"[channels, {rows}] for its input {contextInput} ({rows} {along})", contextPart.Output.ToString(), string.Empty);
            return null;
        }

        var first = firstStep ?? (patches is { } s ? (s.Size + s.Stride - 1) / s.Stride : 1);
        if (patches is { } overlap && first * overlap.Stride < overlap.Size)
        {
            var shared = overlap.Size - (first * overlap.Stride);
            context.Report(DiagnosticDescriptors.PredictionOverlap, firstEntry!.Value,
                Number(first), Number(overlap.Size), Number(overlap.Stride), $"{shared} pixel row{(shared == 1 ? string.Empty : "s")}", Number((overlap.Size + overlap.Stride - 1) / overlap.Stride));
            return null;
        }

        var last = first + steps!.Value - 1;
        var minimumAnchors = negatives == "same-sequence" ? 2 : 1;
        var anchorRows = (minimumAnchors + columns - 1) / columns;     // rows of anchors needed
        if (rows - last < anchorRows)
        {
            var what = image ? $"the patch grid has {rows} rows" : $"the encoder gives {rows} positions";
            var need = minimumAnchors == 2 ? "at least two anchor positions (negatives: same-sequence)" : "a position to predict from";
            var mostSteps = rows - anchorRows - first + 1;
            var mostFirst = rows - anchorRows;
            if (mostSteps >= 1)
            {
                context.Report(DiagnosticDescriptors.OutOfRange, (YamlValue?)stepsEntry?.Value ?? document.Keys["method"].Key, "'objective.steps'",
                    $"at most {mostSteps} here: {what}, and predicting steps {first} to {last} leaves no room for {need}", steps.Value.ToString(CultureInfo.InvariantCulture));
            }
            else if (firstEntry is not null && mostFirst >= 1)
            {
                context.Report(DiagnosticDescriptors.OutOfRange, firstEntry.Value, "'objective.first-step'",
                    $"at most {mostFirst} here: {what}, and predicting from step {first} leaves no room for {need}", first.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                context.Report(DiagnosticDescriptors.TooFewPositions, document.Keys[image ? "objective" : "encoder"].Key,
                    $"{first} step{(first == 1 ? string.Empty : "s")}", need, Number(first + anchorRows), image ? "rows of patches" : "encoded positions", what);
            }

            return null;
        }

        var options = new[]
        {
            new OptionPlan("Steps", "int", steps.Value.ToString(CultureInfo.InvariantCulture), "How many steps ahead each context predicts (K); each step has its own linear map W_k.", Key: "objective.steps"),
            new OptionPlan("FirstStep", "int", first.ToString(CultureInfo.InvariantCulture),
                image ? "The first step predicted: rows r + FirstStep, ..., r + FirstStep + Steps - 1 from the context at row r." : "The first step predicted: z_(t + FirstStep), ..., z_(t + FirstStep + Steps - 1) from c_t.", Key: "objective.first-step"),
            new OptionPlan("Negatives", NegativesType, NegativesType + "." + (negatives == "same-sequence" ? "SameSequence" : negatives == "batch" ? "Batch" : "Both"),
                "Where each prediction's negatives come from: the batch at the same position, the other positions of the same sample, or both.", Key: "objective.negatives"),
        };

        var constants = new List<ConstantPlan>
        {
            new("EncodingSize", image ? $"{encoder.TypeName}.OutputFeatures" : $"{encoder.TypeName}.OutputChannels", image ? "Size of each patch encoding z." : "Size of each encoding z_t."),
            new("ContextSize", $"{contextPart.TypeName}.OutputChannels", "Size of each context vector c."),
        };
        string patchArgument;
        string[] summary;
        if (patches is { } grid)
        {
            constants.Add(new ConstantPlan("PatchSize", CSharp.Long(grid.Size), "Side of a patch in pixels."));
            constants.Add(new ConstantPlan("PatchStride", CSharp.Long(grid.Stride), "Pixels between neighbouring patches."));
            constants.Add(new ConstantPlan("GridRows", CSharp.Long(rows), "Rows of the patch grid."));
            constants.Add(new ConstantPlan("GridColumns", CSharp.Long(columns), "Columns of the patch grid."));
            patchArgument = $"new {PatchesType}(Size: PatchSize, Stride: PatchStride)";
            summary = new[]
            {
                "The encoder embeds every patch of a grid of overlapping patches; the context runs down each column",
                "of the grid, so the context at a row has seen the rows above only, and predicts the rows below it",
                "with one linear map per step, scored by InfoNCE against the negatives (see Options.Objective.Negatives).",
                "Evaluation probes the patch encodings averaged over the grid.",
            };
        }
        else
        {
            constants.Add(new ConstantPlan("EncodedLength", $"{encoder.TypeName}.OutputLength", "Encoded positions z_t per sequence."));
            patchArgument = "patches: null";
            summary = new[]
            {
                "The encoder maps a sequence to encodings z_t, the context summarises z up to t into c_t, and one",
                "linear map per step predicts z_(t+k) from c_t, scored by InfoNCE against the negatives (see",
                "Options.Objective.Negatives). Evaluation probes the context at the last position.",
            };
        }

        var arguments = new[] { "encoder", "context", patchArgument, "EncodingSize", "ContextSize" };
        var wiring = Wiring("Contrastive Predictive Coding (van den Oord et al. 2018, arXiv:1807.03748)", summary, exposesParts: true, arguments, constants);
        return new MethodParts(new[] { encoder, contextPart }, options, wiring);
    }

    /// <summary>'objective.patches' of an image spec, which must give it.</summary>
    private (long Size, long Stride)? ReadPatches(SpecContext context, SpecDocument document, Dictionary<string, Entry> objective)
    {
        if (!objective.TryGetValue("patches", out var entry))
        {
            var at = document.Keys.TryGetValue("objective", out var objectiveEntry) ? objectiveEntry.Key : document.Keys["method"].Key;
            context.Report(DiagnosticDescriptors.MissingKey, at, "The method 'cpc' on images", "patches",
                "how to cut each image into a grid of patches, e.g. 'objective: { patches: { size: 8, stride: 4 } }'");
            return null;
        }

        return Objective.Get<PatchGridSetting>("patches").Read(context, entry, System.Math.Min(document.Input[1], document.Input[2]));
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
