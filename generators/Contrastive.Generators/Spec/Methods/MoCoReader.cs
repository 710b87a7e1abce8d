using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>MoCo v2: encoder and projector, their momentum copies, InfoNCE against a queue of keys.</summary>
internal sealed class MoCoReader : ViewMethodReader
{
    public override string Key => "moco";

    public override string RuntimeClass => "MoCo";

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "projector" };

    public override ObjectiveDefinition Objective { get; } = new(
        "MoCo v2's objective: InfoNCE of each query against its key and a queue of earlier keys.",
        "{ loss: infonce, temperature: 0.2, negatives: { queue: 4096 }, momentum: 0.99 }",
        new ObjectiveSetting[]
        {
            Declare.OnlyLoss("moco", "infonce"),
            Declare.Number("temperature", Declare.Positive(100), 0.2, "Temperature τ of the InfoNCE loss over the key and the queue."),
            new KeyQueueSetting("moco", 4096),
            new TargetMomentumSetting(0.99, "EMA momentum of the key network: a number (the base, with a cosine rise to 1) or { base, schedule }."),
            new FlagSetting("symmetric", false, "Average the loss with the two views' roles swapped (MoCo v3's form)."),
        });

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective);
        var temperature = ReadTemperature(context, objective);
        var queue = Objective.Get<KeyQueueSetting>("negatives").Read(context, objective);
        var momentum = ReadMomentum(context, objective);
        var symmetric = Objective.Get<FlagSetting>("symmetric").Read(context, objective);
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
}
