namespace Contrastive.Generators.Model;

/// <summary>
/// How a generated model class hands its parts and options to the runtime method class it derives
/// from. The method's reader decides it; the one method template renders it, so the template holds no
/// method-specific branches and adding a method needs no template.
/// </summary>
/// <param name="BaseClass">The runtime class the model derives from, qualified ("global::Contrastive.Methods.SimClr").</param>
/// <param name="Title">The method and its paper, for the class remarks ("SimCLR (Chen et al. 2020, arXiv:2002.05709)").</param>
/// <param name="Summary">Sentences of plain text for the remarks (escaped when rendered).</param>
/// <param name="ExposesParts">
/// Whether the model takes its parts as constructor arguments and exposes them as typed properties
/// (view methods); otherwise <paramref name="BaseArguments"/> build them inline (critics).
/// </param>
/// <param name="BaseArguments">
/// C# expressions passed to the base constructor after the name. They may use the parts' locals
/// ("encoder"), <c>options</c> and constants; they are made from validated identifiers and literals only.
/// </param>
/// <param name="Constants">Method-specific constants such as the feature and embedding sizes.</param>
internal sealed record MethodWiring(
    string BaseClass,
    string Title,
    EquatableArray<string> Summary,
    bool ExposesParts,
    EquatableArray<string> BaseArguments,
    EquatableArray<ConstantPlan> Constants);

/// <summary>A <c>public const int</c> of a generated class.</summary>
/// <param name="Value">A C# constant expression (a literal or another constant).</param>
internal sealed record ConstantPlan(string Name, string Value, string Doc);
