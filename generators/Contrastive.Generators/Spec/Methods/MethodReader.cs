using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Model;

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

    /// <summary>Parts the method reads; any other part in the spec is reported as unused.</summary>
    public abstract IReadOnlyList<string> Parts { get; }

    /// <summary>Whether the method makes augmented views (and so reads 'augment').</summary>
    public abstract bool UsesAugment { get; }

    /// <summary>Whether a spec must say 'augment'; otherwise a method that uses it takes no augmentation by default.</summary>
    public virtual bool RequiresAugment => UsesAugment;

    /// <summary>The ranks of input the method learns from (3: images, 2: sequences, 1: vectors).</summary>
    public abstract IReadOnlyList<int> InputRanks { get; }

    /// <summary>Why the method needs those ranks, for the diagnostic when 'input' has another.</summary>
    public abstract string InputReason { get; }

    /// <summary>Why a part is not used, for the diagnostic ("predictors belong to byol and simsiam").</summary>
    public virtual string UnusedPartHint(string part) => part switch
    {
        "projector" => "projectors belong to simclr, moco, byol and simsiam",
        "predictor" => "predictors belong to byol and simsiam",
        "head" => "heads belong to the pretext methods (rotation, jigsaw, relative-position) and to critic baselines",
        "context" => "contexts belong to cpc",
        _ => "it is not part of this method",
    };

    /// <summary>Reads the parts and objective; returns the parts, options and wiring, or null on errors.</summary>
    public abstract MethodParts? Read(SpecContext context, SpecDocument document);
}

/// <summary>The resolved parts, method-specific options and wiring of one spec.</summary>
internal sealed record MethodParts(IReadOnlyList<PartPlan> Parts, IReadOnlyList<OptionPlan> Options, MethodWiring Wiring);

internal static class MethodReaders
{
    public static readonly IReadOnlyDictionary<string, MethodReader> Available = new MethodReader[]
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
    }.ToDictionary(r => r.Key);
}
