using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>MoCo v2: encoder and projector, their momentum copies, InfoNCE against a queue of keys.</summary>
internal sealed class MoCoReader : ViewMethodReader
{
    public override string Key => "moco";

    public override string RuntimeClass => "MoCo";

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "projector" };

    protected override string[] ObjectiveKeys { get; } = { "loss", "temperature", "negatives", "momentum", "symmetric" };

    protected override string ObjectiveExample => "{ loss: infonce, temperature: 0.2, negatives: { queue: 4096 }, momentum: 0.99 }";

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective, "infonce");
        var temperature = ReadTemperature(context, objective, 0.2);
        var queue = objective.TryGetValue("negatives", out var negatives) ? ReadQueue(context, negatives.Value) : 4096;
        var momentum = ReadMomentum(context, objective, 0.99, "cosine");
        var symmetric = objective.TryGetValue("symmetric", out var symmetricEntry) ? context.Boolean(symmetricEntry.Value, "'objective.symmetric'") : false;
        ok &= temperature is not null && queue is not null && momentum is not null && symmetric is not null;

        var encoder = ReadEncoder(context, document);
        if (encoder is null)
        {
            return null;
        }

        var projector = ReadHead(context, document, "projector", encoder.Output, required: true,
            "MoCo v2's MLP head, e.g. 'projector: [{ linear: 128 }, relu, { linear: 64 }]' (the momentum copy gets one too)", out var failed);
        if (failed || projector is null || !ok)
        {
            return null;
        }

        var options = new[]
        {
            new OptionPlan("Temperature", "double", CSharp.Double(temperature!.Value), "Temperature τ of the InfoNCE loss over the key and the queue.", Key: "objective.temperature"),
            new OptionPlan("QueueSize", "int", queue!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "Keys in the queue of negatives (MoCo's K).", Key: "objective.negatives.queue"),
            new OptionPlan("Momentum", TypeNames.TargetMomentum, momentum!, "EMA momentum of the key network and how it moves towards 1 over the run.", Key: "objective.momentum", Setter: OptionSetters.Momentum),
            new OptionPlan("Symmetric", "bool", symmetric!.Value ? "true" : "false", "Average the loss with the two views' roles swapped (MoCo v3's form).", Key: "objective.symmetric"),
        };
        var summary = new[]
        {
            "The query network (encoder and projector) learns to pick each image's key, made from another view",
            "by a momentum copy of the network, among a queue of keys from earlier batches.",
        };
        var arguments = new[] { "encoder", "projector", $"new {encoder.TypeName}()", $"new {projector.TypeName}()", "EmbeddingSize" };
        var wiring = Wiring("MoCo v2 (He et al. 2020, arXiv:1911.05722; Chen et al. 2020, arXiv:2003.04297)", summary, arguments,
            SizeConstants(encoder, projector, "Size of the queries and keys InfoNCE compares."));
        return new MethodParts(new[] { encoder, projector }, options, wiring);
    }

    private static int? ReadQueue(SpecContext context, Yaml.YamlValue value)
    {
        if (value is Yaml.YamlMapping mapping)
        {
            var keys = context.Keys(mapping, "'objective.negatives'", new[] { "queue" });
            if (keys.TryGetValue("queue", out var size))
            {
                return (int?)context.Integer(size.Value, "'objective.negatives.queue'", 1, 1_000_000);
            }

            context.Report(DiagnosticDescriptors.MissingKey, value, "'objective.negatives'", "queue", "moco's negatives are its queue of keys, e.g. '{ queue: 4096 }'");
            return null;
        }

        context.Report(DiagnosticDescriptors.WrongType, value, "'objective.negatives'", "moco's queue of keys, '{ queue: 4096 }'", value.Describe());
        return null;
    }
}
