using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// SimCLR: encoder, optional projector, NT-Xent (or its decoupled form) over two augmented views,
/// with in-batch, queue or memory-bank negatives.
/// </summary>
internal sealed class SimClrReader : ViewMethodReader
{
    public override string Key => "simclr";

    public override string RuntimeClass => "SimClr";

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "projector" };

    public override IReadOnlyList<string> RequiredParts { get; } = new[] { "encoder" };

    public override ObjectiveDefinition Objective { get; } = new(
        "SimCLR's objective: NT-Xent (or its decoupled form) over in-batch negatives, optionally with a queue or a memory bank.",
        "{ loss: nt-xent, temperature: 0.2, negatives: in-batch }",
        new ObjectiveSetting[]
        {
            Declare.Loss("simclr", "nt-xent, or dcl: the decoupled loss, which leaves the positive out of the denominator.", "nt-xent", "dcl"),
            Declare.Number("temperature", Declare.Positive(100), 0.5, "Temperature τ of NT-Xent: lower values weigh hard negatives more."),
            new NegativeSamplingSetting("simclr"),
        });

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var loss = Objective.Get<ChoiceSetting>("loss").Read(context, objective);
        var decoupled = loss == "dcl";
        var ok = loss is not null;
        var temperature = ReadTemperature(context, objective);
        var negatives = Negatives(Objective.Get<NegativeSamplingSetting>("negatives").Read(context, objective));
        ok &= temperature is not null && negatives is not null;

        var encoder = ReadEncoder(context, document);
        if (encoder is null)
        {
            return null;
        }

        var projector = ReadHead(context, document, "projector", encoder.Output, required: false, string.Empty, out var failed);
        if (failed || !ok)
        {
            return null;
        }

        var parts = new List<PartPlan> { encoder };
        if (projector is not null)
        {
            parts.Add(projector);
        }

        var options = new[]
        {
            new OptionPlan("Temperature", "double", CSharp.Double(temperature!.Value), "Temperature τ of the NT-Xent loss: lower values weigh hard negatives more.", Key: "objective.temperature"),
            new OptionPlan("Negatives", TypeNames.NegativeSampling, negatives!, "Where negatives come from: the batch alone, or the batch plus a queue of earlier embeddings or draws from a per-sample memory bank.", Key: "objective.negatives", Setter: OptionSetters.Negatives),
            new OptionPlan("Decoupled", "bool", decoupled ? "true" : "false", "Use the decoupled loss (DCL): the positive is left out of NT-Xent's denominator.", Key: "objective.loss", Setter: OptionSetters.DecoupledLoss),
        };
        var summary = new[]
        {
            $"Two augmented views of each image pass through the encoder{(projector is null ? string.Empty : " and the projector")}, and",
            "NT-Xent pulls the views of one image together against the other images of the batch",
            "and any queued or banked negatives (see Options.Objective.Negatives).",
        };
        var arguments = new[] { "encoder", projector is null ? "projector: null" : "projector", "EmbeddingSize" };
        var wiring = Wiring("SimCLR (Chen et al. 2020, arXiv:2002.05709)", summary, arguments, SizeConstants(encoder, projector, "Size of the embeddings NT-Xent compares."));
        return new MethodParts(parts, options, wiring);
    }

    // The C# value of a NegativeSampling; null after an error.
    private static string? Negatives(NegativeSampling? sampling) => sampling?.Source switch
    {
        null => null,
        NegativeSamplingSetting.InBatch => TypeNames.NegativeSampling + ".InBatch",
        "queue" => $"new {TypeNames.NegativeSampling}(Source: {TypeNames.NegativeSource}.Queue, Size: {sampling.Size})",
        _ => $"new {TypeNames.NegativeSampling}(Source: {TypeNames.NegativeSource}.MemoryBank, Size: {sampling.Size}, Momentum: {CSharp.Double(sampling.Momentum)})",
    };
}
