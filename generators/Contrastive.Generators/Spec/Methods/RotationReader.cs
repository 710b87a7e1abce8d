using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>Rotation prediction (RotNet): the encoder on whole images, a head over its features scoring the four quarter turns.</summary>
internal sealed class RotationReader : PretextMethodReader
{
    public override string Key => "rotation";

    public override string RuntimeClass => "RotationPrediction";

    protected override string[] ObjectiveKeys { get; } = { "loss" };

    protected override string ObjectiveExample => "{ loss: cross-entropy }";

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective, "cross-entropy");
        if (document.Input[1] != document.Input[2])
        {
            context.Report(DiagnosticDescriptors.InputNotForMethod, document.InputNode,
                "rotation turns images by quarter turns, which swap height and width", "square [channels, size, size]", document.Input.ToString());
            return null;
        }

        ok &= NoRotate90(context, document);
        var encoder = ReadTrunk(context, document, document.Input, "the images");
        if (encoder is null)
        {
            return null;
        }

        var head = ReadClassifier(context, document, encoder.Output, 4, "the 4 quarter turns (0, 90, 180 and 270 degrees)", "[{ linear: 128 }, relu, { linear: 4 }]");
        if (head is null || !ok)
        {
            return null;
        }

        var summary = new[]
        {
            "Every image is shown in all four quarter turns, and the head predicts from the encoder's",
            "features which turn it sees. Training logs pretext-accuracy; evaluation probes the encoder.",
        };
        var constants = new[] { new ConstantPlan("FeatureSize", $"{encoder.TypeName}.OutputFeatures", "Size of the encoder's feature vector (what evaluation probes).") };
        var wiring = Wiring("Rotation prediction (Gidaris et al. 2018, arXiv:1803.07728)", summary, new[] { "encoder", "head" }, constants);
        return new MethodParts(new[] { encoder, head }, System.Array.Empty<OptionPlan>(), wiring);
    }

    // The label of a view is the quarter turn rotation applies; a view already turned would carry a wrong one.
    private bool NoRotate90(SpecContext context, SpecDocument document)
    {
        if (document["augment"] is not YamlSequence steps)
        {
            return true;
        }

        var ok = true;
        foreach (var step in steps.Items)
        {
            var kind = step switch
            {
                YamlScalar scalar => scalar,
                YamlMapping { Entries.Count: 1 } mapping => mapping.Entries[0].Key,
                _ => null,
            };
            if (kind?.Value == "rotate90")
            {
                context.Report(DiagnosticDescriptors.SectionNotUsed, kind, Key,
                    "cannot use the augmentation 'rotate90': the head learns to tell the quarter turns that rotation applies, and views turned beforehand would carry the wrong label; remove it");
                ok = false;
            }
        }

        return ok;
    }
}
