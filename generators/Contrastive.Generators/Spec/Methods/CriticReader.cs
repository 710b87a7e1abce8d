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

        switch (estimator)
        {
            case "alpha":
                var alpha = Read("alpha");
                options.Add(new OptionPlan("Alpha", "double", alpha is null ? "0.01" : CSharp.Double(alpha.Value), "Interpolation α of I_alpha between NWJ-with-baseline (0) and InfoNCE (1).", Key: "objective.alpha"));
                ok &= alpha is not null;
                break;
            case "smile":
                var tau = Read("tau");
                options.Add(new OptionPlan("SmileTau", "double", tau is null ? "5.0" : CSharp.Double(tau.Value), "SMILE's clipping threshold τ on the critic's scores.", Key: "objective.tau"));
                ok &= tau is not null;
                break;
            case "mine":
                var momentum = Read("momentum");
                options.Add(new OptionPlan("MineMomentum", "double", momentum is null ? "0.99" : CSharp.Double(momentum.Value), "Weight of the running average in MINE's bias-corrected partition term (the newest batch gets the rest).", Key: "objective.momentum"));
                ok &= momentum is not null;
                break;
        }

        if (critic == "cosine")
        {
            var temperature = Read("temperature");
            options.Add(new OptionPlan("Temperature", "double", temperature is null ? "0.1" : CSharp.Double(temperature.Value), "Temperature of the cosine critic's scores.", Key: "objective.temperature"));
            ok &= temperature is not null;
        }

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

        return ok ? new MethodParts(parts, options, Wiring(critic, encoder, parts.Count > 1 ? parts[1] : null, options)) : null;
    }

    // The critic network is built inline from the encoder's class (twice for g and h), so the model
    // exposes no parts of its own; the estimator's extra settings are passed by name.
    private static MethodWiring Wiring(string critic, PartPlan encoder, PartPlan? head, IReadOnlyList<OptionPlan> options)
    {
        var g = $"new {encoder.TypeName}()";
        var (factory, doc) = critic switch
        {
            "separable" => ($"new {TypeNames.SeparableCritic}({g}, {g})", "f(x, y) = g(x)ᵀh(y), with g and h two networks of the encoder's architecture."),
            "bilinear" => ($"new {TypeNames.BilinearCritic}({g}, {g}, {encoder.TypeName}.OutputFeatures, {encoder.TypeName}.OutputFeatures)", "f(x, y) = g(x)ᵀW h(y), with g and h two networks of the encoder's architecture."),
            "cosine" => ($"new {TypeNames.CosineCritic}({g}, {g}, options.Temperature)", "f(x, y) = cos(g(x), h(y)) / τ, with g and h two networks of the encoder's architecture."),
            _ => ($"new {TypeNames.ConcatCritic}({g})", "f(x, y) is the encoder applied to the concatenated pair [x, y]."),
        };
        var arguments = new List<string> { factory, "options.Estimator" };
        if (head is not null)
        {
            arguments.Add($"baseline: new {head.TypeName}()");
        }

        foreach (var option in options)
        {
            switch (option.Name)
            {
                case "Alpha": arguments.Add("alpha: options.Alpha"); break;
                case "SmileTau": arguments.Add("smileTau: options.SmileTau"); break;
                case "MineMomentum": arguments.Add("mineMomentum: options.MineMomentum"); break;
            }
        }

        var constants = critic == "concat"
            ? System.Array.Empty<ConstantPlan>()
            : new[] { new ConstantPlan("EmbeddingSize", $"{encoder.TypeName}.OutputFeatures", "Size of the embeddings g(x) and h(y) the critic compares.") };
        var summary = new[] { doc, "MutualInformationCritic.Estimate gives the chosen estimator's value in nats." };
        return new MethodWiring(TypeNames.MutualInformationCritic, "A mutual-information critic", summary.ToEquatableArray(),
            false, arguments.ToEquatableArray(), constants.ToEquatableArray());
    }
}
