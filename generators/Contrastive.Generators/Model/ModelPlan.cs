namespace Contrastive.Generators.Model;

/// <summary>
/// Everything the templates need to write one model, resolved and checked: no YAML, no Roslyn
/// objects, no locations (a spec edit that only moves lines leaves an equal plan, so nothing is
/// re-rendered).
/// </summary>
/// <param name="SpecPath">The spec's path relative to the project, with forward slashes.</param>
/// <param name="Namespace">Namespace of the generated types.</param>
/// <param name="Name">The model's type name.</param>
/// <param name="Description">Free text from the spec (rendered escaped, never as code).</param>
/// <param name="Method">The method key as written in specs ("simclr").</param>
/// <param name="Input">Shape of one input sample.</param>
/// <param name="Parts">Encoder, projector, ... in spec order.</param>
/// <param name="Wiring">How the model class passes its settings and parts to the runtime method.</param>
/// <param name="Objective">The fields of the runtime method's settings record, which the options record holds as <c>Objective</c>, in the record's order.</param>
/// <param name="Options">The options record's other properties (views, training), typed defaults.</param>
internal sealed record ModelPlan(
    string SpecPath,
    string Namespace,
    string Name,
    string Description,
    string Method,
    MethodWiring Wiring,
    Shape Input,
    EquatableArray<PartPlan> Parts,
    EquatableArray<OptionPlan> Objective,
    EquatableArray<OptionPlan> Options);

/// <summary>One generated module: a part of the model such as its encoder.</summary>
/// <param name="Role">"Encoder", "Projector", "Predictor" or "Head".</param>
/// <param name="Key">The checkpoint prefix of the part ("encoder").</param>
/// <param name="TypeName">Generated class name.</param>
/// <param name="CheckpointPrefix">Where the part's parameters sit in the model's state_dict ("encoder", "critic.g").</param>
internal sealed record PartPlan(string Role, string Key, string TypeName, Shape Input, Shape Output, EquatableArray<LayerPlan> Layers, string CheckpointPrefix)
{
    /// <summary>The same part registered under another prefix.</summary>
    public PartPlan At(string prefix) => this with { CheckpointPrefix = prefix };
}

/// <summary>A layer as a private field of its part.</summary>
/// <param name="Field">Field name, which is also the checkpoint key.</param>
/// <param name="FieldType">TorchSharp or Contrastive.Layers type of the field, qualified (<see cref="Rendering.TypeNames"/>).</param>
/// <param name="Factory">The C# expression that builds it, from validated numbers only.</param>
/// <param name="Tap">Property name in the part's taps record when the spec named this layer, else empty.</param>
/// <param name="Body">Layers of a residual block (empty otherwise).</param>
/// <param name="Projection">Factory of a residual block's projection shortcut, else empty.</param>
internal sealed record LayerPlan(
    string Field,
    string FieldType,
    string Factory,
    string Tap,
    Shape Input,
    Shape Output,
    EquatableArray<LayerPlan> Body,
    string Projection);

/// <summary>A property of the generated options record, or a field of the settings record it holds as <c>Objective</c>.</summary>
/// <param name="Name">Property name.</param>
/// <param name="Type">C# type.</param>
/// <param name="Value">C# expression of the default, built from validated values.</param>
/// <param name="Summary">XML doc text (already escaped).</param>
/// <param name="Key">The spec's key path of the option, which <c>--set</c> takes (null: not settable).</param>
/// <param name="Setter">How its key is set: <see cref="OptionSetters"/>' names, the runtime's <c>OptionSettings</c> members.</param>
internal sealed record OptionPlan(string Name, string Type, string Value, string Summary, string? Key = null, string Setter = OptionSetters.Value);

/// <summary>The runtime's <c>OptionSettings</c> members a generated <c>Settings</c> table calls.</summary>
internal static class OptionSetters
{
    /// <summary>A plain value (number, true/false, name, estimator, enum member) at the key.</summary>
    public const string Value = "Value";

    /// <summary>SimCLR's loss: nt-xent or dcl, a bool option.</summary>
    public const string DecoupledLoss = "DecoupledLoss";

    /// <summary>A <c>NegativeSampling</c>: the key and its <c>.queue</c>, <c>.memory-bank</c>, <c>.momentum</c>.</summary>
    public const string Negatives = "Negatives";

    /// <summary>A <c>TargetMomentum</c>: the key (the base) and its <c>.base</c>, <c>.schedule</c>.</summary>
    public const string Momentum = "Momentum";

    /// <summary>The <c>TrainOptions</c>: the spec's <c>train</c> section and <c>data</c>.</summary>
    public const string Train = "Train";
}

/// <summary>What the registry needs of a model, kept small so that layer edits do not touch it.</summary>
/// <param name="Path">The spec's full path (to leave out a spec that clashes with another).</param>
internal sealed record RegistryEntry(string Path, string Namespace, string Name, string Method, string Description, string SpecPath, Shape Input);

/// <summary>The outcome of reading one spec.</summary>
/// <param name="Path">The spec's path as the compiler knows it (diagnostics point there).</param>
/// <param name="SpecPath">The spec's path relative to its project (what messages about other specs show).</param>
/// <param name="Plan">The plan, or null when the spec has errors.</param>
/// <param name="ModelName">The model name when one could be read (for duplicate checks).</param>
/// <param name="ModelNameLocation">Where that name is.</param>
internal sealed record SpecResult(
    string Path,
    string SpecPath,
    ModelPlan? Plan,
    string? ModelName,
    SpecLocation? ModelNameLocation,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A spec's plan and its path, what rendering reads: no positions, so moving lines leaves it equal.</summary>
/// <param name="Path">The spec's path as the compiler knows it (a rendering failure is reported there).</param>
internal sealed record PlannedSpec(string Path, ModelPlan Plan);
