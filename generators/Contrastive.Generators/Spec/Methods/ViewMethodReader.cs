using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Model;
using Contrastive.Generators.Rendering;
using Contrastive.Generators.Spec.Methods.Objectives;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// The methods that learn from augmented views of images: the instance-instance methods (SimCLR,
/// MoCo, BYOL, SimSiam: an encoder ending in a feature vector, heads on top of it, two views of each
/// image) and, through <see cref="PretextMethodReader"/>, the context-instance ones; each has an
/// 'objective' mapping of settings. What they share is read here; each reader adds its own settings
/// and wiring.
/// </summary>
internal abstract class ViewMethodReader : MethodReader
{
    public override bool UsesAugment => true;

    public override IReadOnlyList<int> InputRanks { get; } = new[] { 3 };

    public override string InputReason => $"{Key} learns from augmented views of images";

    /// <summary>The objective's entries ('objective' is optional: every setting has a default), or null after an error.</summary>
    protected Dictionary<string, Entry>? ReadObjective(SpecContext context, SpecDocument document)
    {
        if (document["objective"] is not { } node)
        {
            return new Dictionary<string, Entry>();
        }

        var objective = context.Mapping(node, "'objective'", Objective.Example);
        return objective is null ? null : context.Keys(objective, "'objective'", Objective.Keys);
    }

    /// <summary>Checks 'objective.loss' is one of the method's losses; returns false after reporting.</summary>
    protected bool ReadLoss(SpecContext context, Dictionary<string, Entry> objective) =>
        Objective.Get<ChoiceSetting>("loss").Read(context, objective) is not null;

    /// <summary>'objective.temperature', in its definition's range.</summary>
    protected double? ReadTemperature(SpecContext context, Dictionary<string, Entry> objective) =>
        Objective.Get<NumberSetting>("temperature").Read(context, objective);

    /// <summary>'objective.momentum' of a target network (<see cref="TargetMomentumSetting"/>); the C# value of a TargetMomentum.</summary>
    protected string? ReadMomentum(SpecContext context, Dictionary<string, Entry> objective)
    {
        if (Objective.Get<TargetMomentumSetting>("momentum").Read(context, objective) is not { } read)
        {
            return null;
        }

        var (momentum, schedule) = read;

        var kind = schedule == "cosine" ? "Cosine" : "Constant";
        return $"new {TypeNames.TargetMomentum}(Base: {CSharp.Double(momentum)}, Schedule: {TypeNames.MomentumSchedule}.{kind})";
    }

    /// <summary>The encoder, which must end in a feature vector.</summary>
    protected PartPlan? ReadEncoder(SpecContext context, SpecDocument document)
    {
        var encoder = document.ReadPart(context, "encoder", document.Input);
        if (encoder is null)
        {
            return null;
        }

        if (!encoder.Output.IsVector)
        {
            context.Report(DiagnosticDescriptors.EncoderNotAVector, document.Keys["encoder"].Key, $"{Key} compares feature vectors", encoder.Output.ToString(), string.Empty);
            return null;
        }

        return encoder;
    }

    /// <summary>
    /// A head on <paramref name="input"/> that must output a vector: 'projector' or 'predictor'.
    /// A required head that is missing is reported with <paramref name="why"/>.
    /// </summary>
    protected PartPlan? ReadHead(SpecContext context, SpecDocument document, string key, Shape input, bool required, string why, out bool failed)
    {
        failed = false;
        if (document[key] is null)
        {
            if (required)
            {
                context.Report(DiagnosticDescriptors.MissingKey, document.Keys["method"].Key, $"The method '{Key}'", key, why);
                failed = true;
            }

            return null;
        }

        var head = document.ReadPart(context, key, input);
        if (head is null)
        {
            failed = true;
            return null;
        }

        if (!head.Output.IsVector)
        {
            // Unreachable with today's layers (none turns a vector into more dimensions); kept so a new one cannot slip through.
            context.Report(DiagnosticDescriptors.PartOutput, document.Keys[key].Key, $"{Key}'s {key} feeds the objective", key, "a vector [features]", head.Output.ToString(), string.Empty);
            failed = true;
            return null;
        }

        return head;
    }

    /// <summary>The predictor, which must give back the projection's size (it predicts the other view's projection).</summary>
    protected PartPlan? ReadPredictor(SpecContext context, SpecDocument document, PartPlan projector, out bool failed)
    {
        var predictor = ReadHead(context, document, "predictor", projector.Output, required: true,
            $"the network that predicts one view's projection from the other's, e.g. 'predictor: [{{ linear: 64 }}, batchnorm, relu, {{ linear: {projector.Output[0]} }}]'", out failed);
        if (predictor is not null && !predictor.Output.Equals(projector.Output))
        {
            context.Report(DiagnosticDescriptors.PartOutput, document.Keys["predictor"].Key,
                $"{Key}'s predictor predicts the other view's projection", "predictor", $"the projector's size {projector.Output}", predictor.Output.ToString(), string.Empty);
            failed = true;
            return null;
        }

        return predictor;
    }

    /// <summary>
    /// The encoder, a required projector and a predictor that gives back the projection's size: the parts
    /// of the predictor methods (byol, simsiam). Null after reporting.
    /// </summary>
    protected (PartPlan Encoder, PartPlan Projector, PartPlan Predictor)? ReadPredictorParts(SpecContext context, SpecDocument document, string projectorExample)
    {
        var encoder = ReadEncoder(context, document);
        if (encoder is null)
        {
            return null;
        }

        var projector = ReadHead(context, document, "projector", encoder.Output, required: true, projectorExample, out var failed);
        if (failed || projector is null)
        {
            return null;
        }

        var predictor = ReadPredictor(context, document, projector, out failed);
        return failed || predictor is null ? null : (encoder, projector, predictor);
    }

    /// <summary>FeatureSize and EmbeddingSize constants of a view method.</summary>
    protected static ConstantPlan[] SizeConstants(PartPlan encoder, PartPlan? projector, string embeddings) => new[]
    {
        new ConstantPlan("FeatureSize", $"{encoder.TypeName}.OutputFeatures", "Size of the encoder's feature vector (what evaluation probes)."),
        new ConstantPlan("EmbeddingSize", projector is null ? "FeatureSize" : $"{projector.TypeName}.OutputFeatures", embeddings),
    };

    /// <summary>The wiring of a view method: parts passed in and exposed.</summary>
    protected MethodWiring Wiring(string title, IEnumerable<string> summary, IEnumerable<string> baseArguments, IEnumerable<ConstantPlan> constants) =>
        Wiring(title, summary, exposesParts: true, baseArguments, constants);
}
