using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>SimCLR: encoder, optional projector, NT-Xent over two augmented views.</summary>
internal sealed class SimClrReader : MethodReader
{
    private static readonly string[] ObjectiveKeys = { "loss", "temperature", "negatives" };

    public override string Key => "simclr";

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "projector" };

    public override bool UsesAugment => true;

    public override int InputRank => 3;

    public override string InputReason => "simclr learns from augmented views of images";

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var ok = true;
        var temperature = 0.5;
        if (document["objective"] is { } objectiveNode)
        {
            var objective = context.Mapping(objectiveNode, "'objective'", "{ loss: nt-xent, temperature: 0.2 }");
            if (objective is null)
            {
                return null;
            }

            var keys = context.Keys(objective, "'objective'", ObjectiveKeys);
            if (keys.TryGetValue("loss", out var loss))
            {
                ok &= context.Choice(loss.Value, "loss for simclr", new[] { "nt-xent" }) is not null;
            }

            if (keys.TryGetValue("negatives", out var negatives))
            {
                ok &= context.Choice(negatives.Value, "negative sampling for simclr", new[] { "in-batch" }) is not null;
            }

            if (keys.TryGetValue("temperature", out var t))
            {
                var value = context.Number(t.Value, "'objective.temperature'", v => v > 0 && v <= 100, "greater than 0 and at most 100");
                ok &= value is not null;
                temperature = value ?? temperature;
            }
        }

        var encoder = document.ReadPart(context, "encoder", document.Input);
        if (encoder is null)
        {
            return null;
        }

        if (!encoder.Output.IsVector)
        {
            context.Report(DiagnosticDescriptors.PartOutput, document.Keys["encoder"].Key,
                $"simclr compares feature vectors, so the encoder must end in a vector [features]; it outputs {encoder.Output}: end it with 'global-avg-pool' or 'flatten'");
            return null;
        }

        var parts = new List<PartPlan> { encoder };
        if (document["projector"] is not null)
        {
            var projector = document.ReadPart(context, "projector", encoder.Output);
            if (projector is null)
            {
                return null;
            }

            if (!projector.Output.IsVector)
            {
                context.Report(DiagnosticDescriptors.PartOutput, document.Keys["projector"].Key,
                    $"simclr's projector must output an embedding vector [features]; it outputs {projector.Output}");
                return null;
            }

            parts.Add(projector);
        }

        var options = new[]
        {
            new OptionPlan("Temperature", "double", CSharp.Double(temperature), "Temperature τ of the NT-Xent loss: lower values weigh hard negatives more."),
        };
        return ok ? new MethodParts(parts, options, string.Empty) : null;
    }
}
