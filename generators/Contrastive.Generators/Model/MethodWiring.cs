namespace Contrastive.Generators.Model;

/// <summary>
/// How a generated model class hands its settings and parts to the runtime method class it derives
/// from: the base constructor takes the name, the options' <c>Objective</c> (the settings record) and
/// <see cref="BaseArguments"/>. The method's reader decides it; the one method template renders it, so
/// the template holds no method-specific branches and adding a method needs no template.
/// </summary>
/// <param name="BaseClass">The runtime class the model derives from, qualified ("global::Contrastive.Methods.SimClr").</param>
/// <param name="Settings">The settings record it takes, qualified ("global::Contrastive.Methods.SimClrSettings").</param>
/// <param name="Title">The method and its paper, for the class remarks ("SimCLR (Chen et al. 2020, arXiv:2002.05709)").</param>
/// <param name="Summary">Sentences of plain text for the remarks (escaped when rendered).</param>
/// <param name="ExposesParts">
/// Whether the model takes its parts as constructor arguments and exposes them as typed properties
/// (view methods); otherwise <paramref name="BaseArguments"/> build them inline (critics).
/// </param>
/// <param name="BaseArguments">
/// C# expressions passed to the base constructor after the name and the settings: the parts' locals
/// ("encoder") and constants, never the options; made from validated identifiers and literals only.
/// </param>
/// <param name="Constants">Method-specific constants such as the feature and embedding sizes.</param>
internal sealed record MethodWiring(
    string BaseClass,
    string Settings,
    string Title,
    EquatableArray<string> Summary,
    bool ExposesParts,
    EquatableArray<string> BaseArguments,
    EquatableArray<ConstantPlan> Constants);

/// <summary>A <c>public const int</c> of a generated class.</summary>
/// <param name="Value">A C# constant expression (a literal or another constant).</param>
internal sealed record ConstantPlan(string Name, string Value, string Doc);
