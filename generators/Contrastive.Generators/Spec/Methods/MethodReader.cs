using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Model;
using Contrastive.Generators.Spec.Methods.Objectives;
using Contrastive.Generators.Rendering;

namespace Contrastive.Generators.Spec.Methods;

/// <summary>
/// What one method adds to the common spec: which parts it uses, how its 'objective' reads, the
/// options its generated class takes and how they reach the runtime class. A new method is one of
/// these, one runtime class and one example spec; the method template is shared.
/// </summary>
internal abstract class MethodReader
{
    /// <summary>The word in specs ("simclr").</summary>
    public abstract string Key { get; }

    /// <summary>
    /// The runtime class in <c>Contrastive.Methods</c> the generated model derives from ("SimClr"). Its
    /// settings record, which the generated options hold as <c>Objective</c>, is this name + "Settings".
    /// </summary>
    public abstract string RuntimeClass { get; }

    /// <summary>The runtime class, qualified for generated code.</summary>
    public string BaseClass => TypeNames.Method(RuntimeClass);

    /// <summary>The settings record the runtime class takes, qualified for generated code.</summary>
    public string SettingsType => TypeNames.Method(RuntimeClass + "Settings");

    /// <summary>
    /// Every runtime type the method's generated code names, qualified: its class, its settings record
    /// and any types of its own a reader adds (<see cref="TypeNames.Paths"/> reserves them).
    /// </summary>
    public virtual IEnumerable<string> UsedTypes => new[] { BaseClass, SettingsType };

    /// <summary>Parts the method reads; any other part in the spec is reported as unused.</summary>
    public abstract IReadOnlyList<string> Parts { get; }

    /// <summary>Parts a spec must give (the schema requires them; the reader reports them missing).</summary>
    public virtual IReadOnlyList<string> RequiredParts => Parts;

    /// <summary>A part required exactly when an objective setting has one of some values (critic: 'head' with tuba and alpha), or null.</summary>
    public virtual ConditionalPart? PartRequiredBy => null;

    /// <summary>The method's 'objective': its settings with ranges, defaults and docs, which the reader reads through and the schema is written from.</summary>
    public abstract ObjectiveDefinition Objective { get; }

    /// <summary>Whether the method makes augmented views (and so reads 'augment').</summary>
    public abstract bool UsesAugment { get; }

    /// <summary>Whether a spec must say 'augment'; otherwise a method that uses it takes no augmentation by default.</summary>
    public virtual bool RequiresAugment => UsesAugment;

    /// <summary>Augment steps the method does not allow, with why (rotation: 'rotate90', whose turns it labels itself).</summary>
    public virtual IReadOnlyDictionary<string, string> ForbiddenAugmentSteps { get; } = new Dictionary<string, string>();

    /// <summary>The ranks of input the method learns from (3: images, 2: sequences, 1: vectors).</summary>
    public abstract IReadOnlyList<int> InputRanks { get; }

    /// <summary>Why the method needs those ranks, for the diagnostic when 'input' has another.</summary>
    public abstract string InputReason { get; }

    /// <summary>
    /// Why a part is not used, for the diagnostic ("predictors belong to byol and simsiam"): the
    /// methods whose readers read it, in registration order.
    /// </summary>
    public virtual string UnusedPartHint(string part)
    {
        var owners = MethodReaders.All.Where(r => r.Parts.Contains(part)).Select(r => r.Key).ToList();
        return owners.Count == 0 ? "no method uses it" : $"{part}s belong to {JoinAnd(owners)}";
    }

    /// <summary>The doc comment of a part's typed property on the generated model class.</summary>
    public virtual string PartDoc(string part) => part switch
    {
        "encoder" => "The encoder, whose features evaluation probes.",
        "projector" => "The projector, which maps features to the embeddings the loss compares.",
        "predictor" => "The predictor, which maps one view's projection to a prediction of the other's.",
        "context" => "The context network, which summarises the encodings up to each position.",
        "head" => "The head, which classifies the pretext task from the encoder's features.",
        _ => $"The {part}.",
    };

    // "a", "a and b", "a, b and c".
    private static string JoinAnd(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : string.Join(", ", words.Take(words.Count - 1)) + " and " + words[words.Count - 1];

    /// <summary>Reads the parts and objective; returns the parts, settings and wiring, or null on errors.</summary>
    public abstract MethodParts? Read(SpecContext context, SpecDocument document);

    /// <summary>The wiring of this method: its runtime class and settings record, and what the model passes besides its settings.</summary>
    protected MethodWiring Wiring(string title, IEnumerable<string> summary, bool exposesParts, IEnumerable<string> baseArguments, IEnumerable<ConstantPlan> constants) =>
        new(BaseClass, SettingsType, title, summary.ToEquatableArray(), exposesParts, baseArguments.ToEquatableArray(), constants.ToEquatableArray());
}

/// <summary>A part a method requires exactly when 'objective.{Setting}' is one of <paramref name="Values"/>, and rejects otherwise.</summary>
internal sealed record ConditionalPart(string Part, string Setting, IReadOnlyList<string> Values);

/// <summary>The resolved parts, the settings of the method's runtime class (in its record's order) and the wiring of one spec.</summary>
internal sealed record MethodParts(IReadOnlyList<PartPlan> Parts, IReadOnlyList<OptionPlan> Settings, MethodWiring Wiring);

internal static class MethodReaders
{
    /// <summary>
    /// Every method's reader, in the order the docs list the methods: the one list of methods, from
    /// which <see cref="Vocabulary.Methods"/>, the "did you mean" suggestions and the unused-part hints
    /// are derived. A new method adds its reader here.
    /// </summary>
    public static readonly IReadOnlyList<MethodReader> All = new MethodReader[]
    {
        new SimClrReader(),
        new MoCoReader(),
        new ByolReader(),
        new SimSiamReader(),
        new RotationReader(),
        new JigsawReader(),
        new RelativePositionReader(),
        new CpcReader(),
        new DimReader(),
        new CriticReader(),
    };

    /// <summary>The readers by method key.</summary>
    public static readonly IReadOnlyDictionary<string, MethodReader> Available = All.ToDictionary(r => r.Key);
}
