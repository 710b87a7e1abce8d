using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;
using Contrastive.Generators.Vocabularies;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// A mutual-information critic f(x, y) trained through one of the toolkit's estimators: the encoder
/// is the critic's network (g and h for separable, bilinear and cosine critics; the whole scorer of
/// concatenated pairs for concat), and 'head' is the baseline log a(y) that tuba and alpha need.
/// </summary>
internal sealed class CriticReader : MethodReader
{
    /// <summary>How f(x, y) is formed, the first the default.</summary>
    public static readonly string[] Forms = { "separable", "bilinear", "cosine", "concat" };

    /// <summary>The estimators that read a baseline log a(y) from 'head'.</summary>
    private static readonly string[] BaselineEstimators = { "tuba", "alpha" };

    public override ObjectiveDefinition Objective { get; } = new(
        "The critic's estimator and critic form, with the settings of the chosen estimator or critic.",
        "{ estimator: infonce, critic: separable }",
        new ObjectiveSetting[]
        {
            Declare.Choice("estimator", "estimator", "The mutual-information estimator the critic is trained through; tuba and alpha also need 'head' (the baseline log a(y)): "
                + string.Join("; ", Definitions.Estimators.Select(e => $"{e.Key}: {e.Summary.TrimEnd('.')}")) + ".", Definitions.EstimatorKeys).Needed(),
            Declare.Choice("critic", "critic", "How f(x, y) is formed: separable g(x)ᵀh(y), bilinear g(x)ᵀW h(y), cosine cos(g(x), h(y))/τ, or concat (the encoder scores [x, y] and must output [1]).", Forms),
            Declare.Number("temperature", Declare.Positive(100), 0.1, "Temperature τ of the cosine critic's scores.").With("critic", "cosine"),
            Declare.Number("alpha", Declare.NonNegative(1), 0.01, "Interpolation α of I_alpha between NWJ-with-baseline (0) and InfoNCE (1).").With("estimator", "alpha"),
            Declare.Number("tau", Declare.Positive(100), 5.0, "SMILE's clipping threshold τ on the critic's scores.").With("estimator", "smile"),
            Declare.Number("momentum", Declare.BelowOne, 0.99, "Weight of the running average in MINE's bias-corrected partition term (the newest batch gets the rest).").With("estimator", "mine"),
        },
        required: true);

    public override string Key => "critic";

    public override string RuntimeClass => "MutualInformationCritic";

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder", "head" };

    public override bool UsesAugment => false;

    public override IReadOnlyList<int> InputRanks { get; } = new[] { 1 };

    public override string InputReason => "critic scores pairs of vectors (x, y)";

    public override IReadOnlyList<string> RequiredParts { get; } = new[] { "encoder" };

    public override ConditionalPart? PartRequiredBy { get; } = new("head", "estimator", BaselineEstimators);

    public override string PartDoc(string part) => part == "head"
        ? "The baseline log a(y) of the estimators tuba and alpha, which outputs [1]."
        : base.PartDoc(part);

    public override string UnusedPartHint(string part) => part == "head"
        ? "uses 'head' only as the baseline log a(y) of the estimators tuba and alpha"
        : base.UnusedPartHint(part);

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objectiveNode = document["objective"];
        if (objectiveNode is null)
        {
            context.Report(DiagnosticDescriptors.MissingKey, document.Keys["method"].Key, "The method 'critic'", "objective", "which estimator to train, e.g. 'objective: { estimator: infonce }'");
            return null;
        }

        var objective = context.Mapping(objectiveNode, "'objective'", "{ estimator: infonce, critic: separable }");
        if (objective is null)
        {
            return null;
        }

        var keys = context.Keys(objective, "'objective'", Objective.Keys);
        if (!keys.TryGetValue("estimator", out var estimatorEntry))
        {
            context.Report(DiagnosticDescriptors.MissingKey, objectiveNode, "'objective'", "estimator", "one of " + string.Join(", ", Definitions.EstimatorKeys));
            return null;
        }

        var estimator = Objective.Get<ChoiceSetting>("estimator").Read(context, estimatorEntry.Value);
        var critic = Objective.Get<ChoiceSetting>("critic").Read(context, keys);
        if (estimator is null || critic is null)
        {
            return null;
        }

        var ok = true;
        var options = new List<OptionPlan>
        {
            new("Estimator", Definitions.EstimatorType, Definitions.EstimatorValue(estimator), "The mutual-information estimator the critic is trained through (its value is the estimate, in nats).", Key: "objective.estimator"),
        };
        // A setting of one estimator or critic form is an error with another.
        var chosen = new Dictionary<string, string> { ["estimator"] = estimator, ["critic"] = critic };
        foreach (var setting in Objective.Settings)
        {
            if (setting.OnlyWith is not { } with || !keys.TryGetValue(setting.Key, out var entry) || chosen[with.Key] == with.Value)
            {
                continue;
            }

            context.Report(DiagnosticDescriptors.SectionNotUsed, entry.Key, "critic",
                $"does not use 'objective.{setting.Key}' with {with.Key} '{chosen[with.Key]}'; it applies to {with.Key} '{with.Value}'");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        double? Read(string key) => Objective.Get<NumberSetting>(key).Read(context, keys);

        // The record holds every estimator's setting (the MI benchmark sets them all); --set and the
        // spec change only those of this model's estimator and critic, and the others keep the defaults.
        var alpha = Read("alpha");
        var tau = Read("tau");
        var momentum = Read("momentum");
        var temperature = critic == "cosine" ? Read("temperature") : null;
        ok &= alpha is not null && tau is not null && momentum is not null && (critic != "cosine" || temperature is not null);
        string? KeyFor(string owner, string key) => owner == estimator ? key : null;
        options.Add(new OptionPlan("Alpha", "double", CSharp.Double(alpha ?? 0), "Interpolation α of I_alpha between NWJ-with-baseline (0) and InfoNCE (1).", Key: KeyFor("alpha", "objective.alpha")));
        options.Add(new OptionPlan("SmileTau", "double", CSharp.Double(tau ?? 0), "SMILE's clipping threshold τ on the critic's scores.", Key: KeyFor("smile", "objective.tau")));
        options.Add(new OptionPlan("MineMomentum", "double", CSharp.Double(momentum ?? 0), "Weight of the running average in MINE's bias-corrected partition term (the newest batch gets the rest).", Key: KeyFor("mine", "objective.momentum")));
        options.Add(new OptionPlan("Temperature", "double?", temperature is null ? "null" : CSharp.Double(temperature.Value),
            "Temperature of the cosine critic's scores (null: the critic has none).", Key: critic == "cosine" ? "objective.temperature" : null));

        var features = document.Input[0];
        var encoderInput = critic == "concat" ? new Shape(2 * features) : document.Input;
        var encoder = document.ReadPart(context, "encoder", encoderInput);
        if (encoder is null)
        {
            return null;
        }

        if (critic == "concat" ? !encoder.Output.Equals(new Shape(1)) : !encoder.Output.IsVector)
        {
            var (does, expected) = critic == "concat"
                ? ("the concat critic scores each concatenated pair [x, y] with the encoder", "one score [1] per pair")
                : ($"the {critic} critic embeds x and y with the encoder", "an embedding vector [features]");
            context.Report(DiagnosticDescriptors.PartOutput, document.Keys["encoder"].Key, does, "encoder", expected, encoder.Output.ToString(), string.Empty);
            return null;
        }

        // In the model the encoder's copies are the critic's g (and h), or its mlp for concat pairs.
        var parts = new List<PartPlan> { encoder.At(critic == "concat" ? "critic.mlp" : "critic.g") };
        var needsBaseline = BaselineEstimators.Contains(estimator);
        if (needsBaseline && document["head"] is null)
        {
            context.Report(DiagnosticDescriptors.MissingKey, estimatorEntry.Value, $"The estimator '{estimator}'", "head", "the baseline network log a(y), a layer list ending in 'linear: 1'");
            return null;
        }

        if (!needsBaseline && document["head"] is not null)
        {
            context.Report(DiagnosticDescriptors.SectionNotUsed, document.Keys["head"].Key, "critic", $"uses 'head' only as the baseline of the estimators tuba and alpha, not with '{estimator}'; remove it");
            return null;
        }

        if (needsBaseline)
        {
            var head = document.ReadPart(context, "head", document.Input);
            if (head is null)
            {
                return null;
            }

            if (!head.Output.Equals(new Shape(1)))
            {
                context.Report(DiagnosticDescriptors.PartOutput, document.Keys["head"].Key, $"the estimator '{estimator}' reads the baseline log a(y) from 'head'", "head", "one value [1] per y", head.Output.ToString(), string.Empty);
                return null;
            }

            parts.Add(head.At("baseline"));
        }

        return ok ? new MethodParts(parts, options, Wiring(critic, encoder, parts.Count > 1 ? parts[1] : null)) : null;
    }

    // The critic network is built from the encoder's class (twice for g and h) when the runtime class
    // asks, with the settings it is given (a cosine critic reads its temperature there); the baseline
    // after it, so the weights are drawn in the same order. The model exposes no parts of its own.
    private MethodWiring Wiring(string critic, PartPlan encoder, PartPlan? head)
    {
        var g = $"new {encoder.TypeName}()";
        var (factory, doc) = critic switch
        {
            "separable" => ($"static _ => new {TypeNames.SeparableCritic}({g}, {g})", "f(x, y) = g(x)ᵀh(y), with g and h two networks of the encoder's architecture."),
            "bilinear" => ($"static _ => new {TypeNames.BilinearCritic}({g}, {g}, {encoder.TypeName}.OutputFeatures, {encoder.TypeName}.OutputFeatures)", "f(x, y) = g(x)ᵀW h(y), with g and h two networks of the encoder's architecture."),
            "cosine" => ($"static objective => new {TypeNames.CosineCritic}({g}, {g}, objective.CosineTemperature)", "f(x, y) = cos(g(x), h(y)) / τ, with g and h two networks of the encoder's architecture."),
            _ => ($"static _ => new {TypeNames.ConcatCritic}({g})", "f(x, y) is the encoder applied to the concatenated pair [x, y]."),
        };
        var arguments = new List<string> { factory, head is null ? "baseline: null" : $"baseline: static () => new {head.TypeName}()" };
        var constants = critic == "concat"
            ? System.Array.Empty<ConstantPlan>()
            : new[] { new ConstantPlan("EmbeddingSize", $"{encoder.TypeName}.OutputFeatures", "Size of the embeddings g(x) and h(y) the critic compares.") };
        var summary = new[] { doc, "MutualInformationCritic.Estimate gives the chosen estimator's value in nats." };
        return Wiring("A mutual-information critic", summary, exposesParts: false, arguments, constants);
    }
}
