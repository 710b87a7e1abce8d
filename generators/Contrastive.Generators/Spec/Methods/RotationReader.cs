using System.Collections.Generic;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;
using Contrastive.Generators.Yaml;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>Rotation prediction (RotNet): the encoder on whole images, a head over its features scoring the four quarter turns.</summary>
internal sealed class RotationReader : PretextMethodReader
{
    public override string Key => "rotation";

    public override string RuntimeClass => "RotationPrediction";

    public override ObjectiveDefinition Objective { get; } = new(
        "Rotation prediction's objective: cross-entropy of the head's guess of the quarter turn.",
        "{ loss: cross-entropy }",
        new ObjectiveSetting[] { Declare.OnlyLoss("rotation", "cross-entropy") });

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objective = ReadObjective(context, document);
        if (objective is null)
        {
            return null;
        }

        var ok = ReadLoss(context, objective);
        if (document.Input[1] != document.Input[2])
        {
            context.Report(DiagnosticDescriptors.InputNotForMethod, document.InputNode,
                "rotation turns images by quarter turns, which swap height and width", "square [channels, size, size]", document.Input.ToString());
            return null;
        }

        ok &= NoForbiddenSteps(context, document);
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
    public override IReadOnlyDictionary<string, string> ForbiddenAugmentSteps { get; } = new Dictionary<string, string>
    {
        ["rotate90"] = "the head learns to tell the quarter turns that rotation applies, and views turned beforehand would carry the wrong label; remove it",
    };

    private bool NoForbiddenSteps(SpecContext context, SpecDocument document)
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
            if (kind is not null && ForbiddenAugmentSteps.TryGetValue(kind.Value, out var why))
            {
                context.Report(DiagnosticDescriptors.SectionNotUsed, kind, Key, $"cannot use the augmentation '{kind.Value}': {why}");
                ok = false;
            }
        }

        return ok;
    }
}
