using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

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

    protected override string[] ObjectiveKeys { get; } = { "loss", "temperature", "negatives" };

    protected override string ObjectiveExample => "{ loss: nt-xent, temperature: 0.2, negatives: in-batch }";

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective, "nt-xent", "dcl");
        var decoupled = objective.TryGetValue("loss", out var loss) && loss.Value is Yaml.YamlScalar { Value: "dcl" };
        var temperature = ReadTemperature(context, objective, 0.5);
        var negatives = objective.TryGetValue("negatives", out var negativesEntry) ? ReadNegatives(context, negativesEntry.Value) : TypeNames.NegativeSampling + ".InBatch";
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

    /// <summary>
    /// 'objective.negatives': <c>in-batch</c>, <c>{ queue: N }</c> or <c>{ memory-bank: N, momentum: m }</c>;
    /// the C# value of a NegativeSampling, or null after reporting.
    /// </summary>
    private static string? ReadNegatives(SpecContext context, Yaml.YamlValue value)
    {
        const string Expected = "'in-batch', '{ queue: 4096 }' or '{ memory-bank: 4096, momentum: 0.5 }'";
        if (value is Yaml.YamlScalar)
        {
            return context.Choice(value, "negative sampling for simclr", new[] { "in-batch" }) is null ? null : TypeNames.NegativeSampling + ".InBatch";
        }

        if (value is not Yaml.YamlMapping mapping)
        {
            context.Report(DiagnosticDescriptors.WrongType, value, "'objective.negatives'", Expected, value.Describe());
            return null;
        }

        var keys = context.Keys(mapping, "'objective.negatives'", new[] { "queue", "memory-bank", "momentum" });
        var hasQueue = keys.TryGetValue("queue", out var queue);
        var hasBank = keys.TryGetValue("memory-bank", out var bank);
        if (hasQueue == hasBank)
        {
            context.Report(DiagnosticDescriptors.WrongType, value, "'objective.negatives'", Expected, hasQueue ? "both a queue and a memory bank" : "neither a queue nor a memory bank");
            return null;
        }

        var size = context.Integer((hasQueue ? queue : bank)!.Value, hasQueue ? "'objective.negatives.queue'" : "'objective.negatives.memory-bank'", 1, 1_000_000);
        if (size is null)
        {
            return null;
        }

        if (hasQueue)
        {
            if (keys.TryGetValue("momentum", out var stray))
            {
                context.Report(DiagnosticDescriptors.SectionNotUsed, stray.Key, "simclr", "uses 'objective.negatives.momentum' only with a memory bank, whose entries it blends; a queue replaces its keys");
                return null;
            }

            return $"new {TypeNames.NegativeSampling}(Source: {TypeNames.NegativeSource}.Queue, Size: {size.Value})";
        }

        var momentum = keys.TryGetValue("momentum", out var m) ? context.Number(m.Value, "'objective.negatives.momentum'", v => v >= 0 && v < 1, "from 0 up to (not including) 1") : 0.5;
        return momentum is null ? null : $"new {TypeNames.NegativeSampling}(Source: {TypeNames.NegativeSource}.MemoryBank, Size: {size.Value}, Momentum: {CSharp.Double(momentum.Value)})";
    }
}
