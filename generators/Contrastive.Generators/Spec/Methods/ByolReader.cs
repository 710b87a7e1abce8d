using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>BYOL: online encoder, projector and predictor; an EMA target; no negatives.</summary>
internal sealed class ByolReader : ViewMethodReader
{
    public override string Key => "byol";

    public override string RuntimeClass => "Byol";

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "projector", "predictor" };

    public override ObjectiveDefinition Objective { get; } = new(
        "BYOL's objective: the normalised MSE between online predictions and target projections, both ways.",
        "{ loss: normalized-mse, momentum: 0.99 }",
        new ObjectiveSetting[]
        {
            Declare.OnlyLoss("byol", "normalized-mse"),
            new TargetMomentumSetting(0.99, "EMA momentum of the target network: a number (the base, with a cosine rise to 1) or { base, schedule }."),
        });

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective);
        var momentum = ReadMomentum(context, objective);
        ok &= momentum is not null;

        var parts = ReadPredictorParts(context, document, "BYOL's projection MLP, e.g. 'projector: [{ linear: 256 }, batchnorm, relu, { linear: 64 }]' (the target gets a copy)");
        if (parts is not { } read || !ok)
        {
            return null;
        }

        var (encoder, projector, predictor) = read;
        var options = new[]
        {
            new OptionPlan("Momentum", TypeNames.TargetMomentum, momentum!, "EMA momentum of the target network and how it moves towards 1 over the run.", Key: "objective.momentum", Setter: OptionSetters.Momentum),
        };
        var summary = new[]
        {
            "The online network (encoder, projector, predictor) predicts a momentum target's projection of",
            "the other view; there are no negatives, and the target takes no gradient.",
        };
        var arguments = new[] { "encoder", "projector", "predictor", $"new {encoder.TypeName}()", $"new {projector.TypeName}()" };
        var wiring = Wiring("BYOL (Grill et al. 2020, arXiv:2006.07733)", summary, arguments,
            SizeConstants(encoder, projector, "Size of the projections the predictor predicts."));
        return new MethodParts(new[] { encoder, projector, predictor }, options, wiring);
    }
}
