using System.Collections.Generic;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>SimSiam: encoder, projector and predictor with a stop-gradient; no negatives, no momentum copy.</summary>
internal sealed class SimSiamReader : ViewMethodReader
{
    public override string Key => "simsiam";

    public override string RuntimeClass => "SimSiam";

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "projector", "predictor" };

    public override ObjectiveDefinition Objective { get; } = new(
        "SimSiam's objective: negative cosine between predictions and stop-gradient projections, both ways.",
        "{ loss: negative-cosine }",
        new ObjectiveSetting[] { Declare.OnlyLoss("simsiam", "negative-cosine") });

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective);

        var parts = ReadPredictorParts(context, document, "SimSiam's projection MLP, e.g. 'projector: [{ linear: 256 }, batchnorm, relu, { linear: 64 }, batchnorm]'");
        if (parts is not { } read || !ok)
        {
            return null;
        }

        var (encoder, projector, predictor) = read;
        var summary = new[]
        {
            "One network embeds both views; the predictor maps each view's projection towards the other's,",
            "whose gradient is stopped. Training logs output-std and warns if the outputs collapse.",
        };
        var wiring = Wiring("SimSiam (Chen and He 2021, arXiv:2011.10566)", summary, new[] { "encoder", "projector", "predictor" },
            SizeConstants(encoder, projector, "Size of the projections the predictor predicts."));
        return new MethodParts(new[] { encoder, projector, predictor }, System.Array.Empty<OptionPlan>(), wiring);
    }
}
