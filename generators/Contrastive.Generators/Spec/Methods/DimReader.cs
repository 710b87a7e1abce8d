using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;
using Contrastive.Generators.Vocabularies;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// Deep InfoMax: one encoder ending in the encoding, one of whose named layers gives the local feature
/// map ('objective.local'); the discriminators, estimator and prior are the runtime's. The generated
/// class hands the runtime a function that runs the encoder once and picks the two taps.
/// </summary>
internal sealed class DimReader : MethodReader
{
    private const string Example = "{ local: local, estimator: jsd, alpha: 0.0, beta: 1.0, gamma: 0.0 }";

    /// <summary>The estimators of scores alone (the runtime's MutualInformationCritic.ScoreOnlyEstimators; a test checks).</summary>
    private static readonly string[] Estimators = Definitions.Estimators.Where(e => e.ScoresOnly).Select(e => e.Key).ToArray();

    public override ObjectiveDefinition Objective { get; } = new(
        "Deep InfoMax's objective: which encoder layer gives the local feature map, the MI estimator and the weights of the global, local and prior terms.",
        Example,
        new ObjectiveSetting[]
        {
            new LayerNameSetting("local", "The name of the encoder layer (a top-level layer with 'name:') whose output [channels, height, width] is the local feature map.") { Required = true },
            Declare.Choice("estimator", "estimator for dim", "The MI estimator applied to the discriminators' scores, one of those that need the scores alone: "
                + string.Join("; ", Definitions.Estimators.Where(e => e.ScoresOnly).Select(e => $"{e.Key}: {e.Summary.TrimEnd('.')}")) + ".", "jsd", Estimators),
            Declare.Number("alpha", Declare.NonNegative(100), 0.0, "α, the weight of the global term I(C(x); E(x))."),
            Declare.Number("beta", Declare.NonNegative(100), 1.0, "β, the weight of the local term, the mean over locations l of I(C_l(x); E(x))."),
            Declare.Number("gamma", Declare.NonNegative(100), 0.0, "γ, the weight of the prior term (0: no prior matching and no prior discriminator)."),
            Declare.Choice("prior", "prior", "The prior the encodings are matched to: uniform on [0, 1]^F (after a sigmoid) or standard normal.", "uniform", "gaussian"),
            Declare.Number("prior-learning-rate", Declare.Positive(1), 1e-3, "Adam's learning rate for the prior discriminator, which the method steps itself."),
            Declare.Whole("discriminator-units", 1, 65536, 256, "Hidden width and embedding size of the global, local and prior discriminators."),
        },
        required: true,
        rules: new ObjectiveRule[] { new NotBothZero("alpha", "beta", "DIM needs a global (alpha) or local (beta) term to maximise") });

    public override string Key => "dim";

    public override string RuntimeClass => "DeepInfoMax";

    public override IEnumerable<string> UsedTypes => base.UsedTypes.Concat(new[] { FeaturesType, PriorType });

    private static readonly string FeaturesType = TypeNames.Method("DeepInfoMaxFeatures");

    private static readonly string PriorType = TypeNames.Method("PriorDistribution");

    public override IReadOnlyList<string> Parts { get; } = new[] { "encoder" };

    public override bool UsesAugment => false;

    public override IReadOnlyList<int> InputRanks { get; } = new[] { 3 };

    public override string InputReason => "dim learns from images through the feature maps of their encoder";

    public override string UnusedPartHint(string part) =>
        $"{base.UnusedPartHint(part)}; dim's discriminators are built by the runtime from the encoder's sizes (their width is 'objective.discriminator-units')";

    public override MethodParts? Read(SpecContext context, SpecDocument document)
    {
        var objectiveNode = document["objective"];
        if (objectiveNode is null)
        {
            context.Report(DiagnosticDescriptors.MissingKey, document.Keys["method"].Key, "The method 'dim'", "objective",
                $"which encoder layer gives the local feature map, e.g. 'objective: {Example}'");
            return null;
        }

        var objective = context.Mapping(objectiveNode, "'objective'", Example);
        if (objective is null)
        {
            return null;
        }

        var keys = context.Keys(objective, "'objective'", Objective.Keys);
        var estimator = Objective.Get<ChoiceSetting>("estimator").Read(context, keys);
        var prior = Objective.Get<ChoiceSetting>("prior").Read(context, keys);
        var alpha = Objective.Get<NumberSetting>("alpha").Read(context, keys);
        var beta = Objective.Get<NumberSetting>("beta").Read(context, keys);
        var gamma = Objective.Get<NumberSetting>("gamma").Read(context, keys);
        var learningRate = Objective.Get<NumberSetting>("prior-learning-rate").Read(context, keys);
        var units = Objective.Get<NumberSetting>("discriminator-units").ReadWhole(context, keys);
        var ok = estimator is not null && prior is not null && alpha is not null && beta is not null && gamma is not null && learningRate is not null && units is not null;
        var terms = (NotBothZero)Objective.Rules[0];
        if (ok && !terms.Holds(alpha!.Value, beta!.Value))
        {
            // beta's default is 1, so both 0 means beta was written as 0.
            context.Report(DiagnosticDescriptors.OutOfRange, keys[terms.Second].Value, $"'objective.{terms.Second}'",
                terms.Range, keys[terms.Second].Value is Yaml.YamlScalar scalar ? scalar.Value : "0");
            ok = false;
        }

        if (!keys.TryGetValue("local", out var localEntry))
        {
            context.Report(DiagnosticDescriptors.MissingKey, objectiveNode, "'objective'", "local",
                "the name of the encoder layer whose output is the local feature map, e.g. 'local: local' with 'name: local' on a conv layer");
            ok = false;
        }

        var localName = localEntry is null ? null : context.Text(localEntry.Value, "'objective.local'");
        var encoder = document.ReadPart(context, "encoder", document.Input);
        if (encoder is null)
        {
            return null;
        }

        if (!encoder.Output.IsVector)
        {
            context.Report(DiagnosticDescriptors.EncoderNotAVector, document.Keys["encoder"].Key,
                "dim scores the encoder's output as the encoding E(x)", encoder.Output.ToString(), ", then e.g. 'linear: 64'");
            return null;
        }

        var local = localName is null ? null : FindLocalMap(context, localEntry!, localName, encoder);
        if (local is null || !ok)
        {
            return null;
        }

        var options = new[]
        {
            new OptionPlan("Estimator", Definitions.EstimatorType, Definitions.EstimatorValue(estimator!), "The MI estimator of the global and local terms, applied to the discriminators' scores (its value is the estimate, in nats).", Key: "objective.estimator"),
            new OptionPlan("Alpha", "double", CSharp.Double(alpha!.Value), "α, the weight of the global term I(C(x); E(x)).", Key: "objective.alpha"),
            new OptionPlan("Beta", "double", CSharp.Double(beta!.Value), "β, the weight of the local term, the mean over locations l of I(C_l(x); E(x)).", Key: "objective.beta"),
            new OptionPlan("Gamma", "double", CSharp.Double(gamma!.Value), "γ, the weight of the prior term (0: no prior matching and no prior discriminator).", Key: "objective.gamma"),
            new OptionPlan("Prior", PriorType, PriorType + (prior == "uniform" ? ".Uniform" : ".Gaussian"), "The prior the encodings are matched to: uniform on [0, 1]^F after a sigmoid, or standard normal.", Key: "objective.prior"),
            new OptionPlan("PriorLearningRate", "double", CSharp.Double(learningRate!.Value), "Adam's learning rate for the prior discriminator, which the method steps itself.", Key: "objective.prior-learning-rate"),
            new OptionPlan("DiscriminatorUnits", "int", units!.Value.ToString(CultureInfo.InvariantCulture), "Hidden width and embedding size of the global, local and prior discriminators.", Key: "objective.discriminator-units"),
        };
        var summary = new[]
        {
            $"The encoder's encoding E(x) is scored against its local feature map C(x) (the layer '{localName}') by a global",
            "and a local discriminator, positives being the same image and negatives the other images of the batch;",
            "the loss is -α·global - β·local + γ·prior, the MI terms measured by the chosen estimator.",
        };
        var arguments = new[]
        {
            "encoder",
            $"{FeaturesType}.Select(encoder.ForwardWithTaps, taps => taps.{local.Tap}, taps => taps.Output)",
            "LocalChannels", "LocalHeight", "LocalWidth", "FeatureSize",
        };
        var constants = new[]
        {
            new ConstantPlan("FeatureSize", $"{encoder.TypeName}.OutputFeatures", "Size of the encoding E(x), the encoder's output (what evaluation probes)."),
            new ConstantPlan("LocalChannels", CSharp.Long(local.Output[0]), $"Channels of the local feature map, the output of the layer '{localName}'."),
            new ConstantPlan("LocalHeight", CSharp.Long(local.Output[1]), "Height of the local feature map."),
            new ConstantPlan("LocalWidth", CSharp.Long(local.Output[2]), "Width of the local feature map."),
        };
        var wiring = Wiring("Deep InfoMax (Hjelm et al. 2019, arXiv:1808.06670)", summary, exposesParts: true, arguments, constants);
        return new MethodParts(new[] { encoder }, options, wiring);
    }

    // The named top-level layer of the encoder (only those are taps) whose output is a feature map.
    private static LayerPlan? FindLocalMap(SpecContext context, Entry entry, string name, PartPlan encoder)
    {
        var layer = encoder.Layers.FirstOrDefault(l => l.Tap.Length > 0 && l.Field == name);
        if (layer is null)
        {
            if (Nested(encoder.Layers).Any(l => l.Field == name))
            {
                context.Report(DiagnosticDescriptors.LocalInsideResidual, entry.Value, name);
                return null;
            }

            var named = encoder.Layers.Where(l => l.Tap.Length > 0).Select(l => l.Field).ToList();
            var hint = named.Count > 0
                ? Suggestions.For(name, named)
                : $"; the encoder names no layers: add 'name: {name}' to the layer whose output is the local map";
            context.Report(DiagnosticDescriptors.UnknownValue, entry.Value, "encoder layer", name, hint);
            return null;
        }

        if (layer.Output.Rank != 3)
        {
            context.Report(DiagnosticDescriptors.LocalNotAFeatureMap, entry.Value, name, layer.Output.ToString());
            return null;
        }

        return layer;
    }

    private static IEnumerable<LayerPlan> Nested(IEnumerable<LayerPlan> layers) =>
        layers.SelectMany(l => l.Body.Concat(Nested(l.Body)));
}
