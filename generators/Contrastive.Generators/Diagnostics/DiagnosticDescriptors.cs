using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Contrastive.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable and never reused; each one is documented
/// with an example and its fix in docs/diagnostics.md and recorded in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Contrastive.ModelSpec";

    /// <summary>
    /// The page every id's help link points into: a link is this, '#' and the lower-cased id, the
    /// anchor of the id's section (docs/diagnostics.md says so). The one place to change when the
    /// documentation gets an address.
    /// </summary>
    public const string HelpLinkBase = "docs/diagnostics.md";

    /// <summary>The help link of <paramref name="id"/>: <see cref="HelpLinkBase"/>#ctknnn.</summary>
    public static string HelpLink(string id) => HelpLinkBase + "#" + id.ToLowerInvariant();

    public static readonly DiagnosticDescriptor YamlSyntax = Error(
        "CTK001", "Invalid YAML", "The spec is not valid YAML: {0}");

    public static readonly DiagnosticDescriptor NotAMapping = Error(
        "CTK002", "Spec is not a mapping", "A model spec is a YAML mapping of keys such as 'model', 'method' and 'encoder'; found {0}");

    public static readonly DiagnosticDescriptor UnknownKey = Error(
        "CTK003", "Unknown key", "Unknown key '{0}' in {1}{2}");

    public static readonly DiagnosticDescriptor MissingKey = Error(
        "CTK004", "Missing required key", "{0} needs the key '{1}': {2}");

    public static readonly DiagnosticDescriptor WrongType = Error(
        "CTK005", "Wrong value type", "{0} expects {1}; found {2}");

    public static readonly DiagnosticDescriptor DuplicateKey = Error(
        "CTK006", "Duplicate key", "The key '{0}' appears twice in {1}; the first one is on line {2}");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error(
        "CTK007", "Invalid name", "{0} '{1}' cannot be used: {2}");

    public static readonly DiagnosticDescriptor UnknownMethod = Error(
        "CTK008", "Unknown method", "Unknown method '{0}'{1}");

    // CTK009 ("method not available yet") was reported while some methods of the language had no reader;
    // every method has one now, so the id is retired rather than reused.

    public static readonly DiagnosticDescriptor SectionNotUsed = Error(
        "CTK010", "Section not used by the method", "The method '{0}' {1}");

    public static readonly DiagnosticDescriptor OutOfRange = Error(
        "CTK011", "Value out of range", "{0} must be {1}; found {2}");

    public static readonly DiagnosticDescriptor UnknownLayer = Error(
        "CTK012", "Unknown layer", "Unknown layer '{0}'{1}");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(
        "CTK013", "Duplicate layer name", "The layer name '{0}' is already used in {1} on line {2}; layer names are checkpoint keys and must be unique within a part");

    public static readonly DiagnosticDescriptor InvalidInputShape = Error(
        "CTK014", "Invalid input shape", "'input' must be [features], [channels, length] or [channels, height, width] with sizes of at least 1; found {0}");

    public static readonly DiagnosticDescriptor UnknownValue = Error(
        "CTK015", "Unknown option value", "Unknown {0} '{1}'{2}");

    public static readonly DiagnosticDescriptor UnsupportedYaml = Error(
        "CTK016", "Unsupported YAML feature", "Model specs do not support {0}; write the value out in full");

    public static readonly DiagnosticDescriptor TooDeep = Error(
        "CTK017", "Spec nested too deeply", "The spec nests lists and mappings more than {0} levels deep");

    public static readonly DiagnosticDescriptor LayerInputRank = Error(
        "CTK030", "Layer cannot take this input", "{0} expects {1}, but its input is {2}{3}");

    public static readonly DiagnosticDescriptor KernelTooLarge = Error(
        "CTK031", "Kernel larger than its input", "{0}: the kernel {1} is larger than the padded input {2} ({3})");

    public static readonly DiagnosticDescriptor OutputTooLarge = Error(
        "CTK032", "Layer output too large", "{0} turns {1} into {2}: {3} values per sample, more than the {4} a layer may produce");

    public static readonly DiagnosticDescriptor ResidualShape = Error(
        "CTK033", "Residual block changes the shape", "{0} turns {1} into {2}, so its input cannot be added to its output; add 'projection: true' or keep the shape");

    // {0}: why the method needs a vector ("simclr compares feature vectors"), {1}: the encoder's output,
    // {2}: more of the fix, or nothing.
    public static readonly DiagnosticDescriptor EncoderNotAVector = Error(
        "CTK034", "Encoder does not end in a vector", "{0}, so the encoder must end in a vector [features]; it outputs {1}: end it with 'global-avg-pool' or 'flatten'{2}");

    public static readonly DiagnosticDescriptor EmptyLayers = Error(
        "CTK035", "Empty layer list", "{0} has no layers; list at least one");

    public static readonly DiagnosticDescriptor DataMismatch = Error(
        "CTK036", "Dataset does not fit the input", "The dataset '{0}' gives {1}, but 'input' is {2}");

    // {0}: the layer ("context[0] (conv1d) with kernel 3 and stride 1"), {1}: what it mixes.
    public static readonly DiagnosticDescriptor ContextNotCausal = Error(
        "CTK037", "Context layer mixes positions", "{0} mixes {1}; CPC's context must be causal (c at a position sees that position and earlier ones only): use 'gru', kernel-1 convolutions and position-wise layers");

    // {0}: the first step, {1} and {2}: patch size and stride, {3}: the shared pixel rows ("2 pixel rows"),
    // {4}: the first step that shares none.
    public static readonly DiagnosticDescriptor PredictionOverlap = Error(
        "CTK038", "Prediction step overlaps the context", "'objective.first-step' {0} predicts row r + {0} from the rows up to r, but patches of {1} pixels every {2} pixels overlap: row r + {0} shares {3} with row r, which the context has seen, so the answer leaks through the overlap; predict from step {4} on, or make 'objective.patches.stride' at least the patch size");

    public static readonly DiagnosticDescriptor DuplicateModel = Error(
        "CTK040", "Duplicate model name", "The model '{0}' is also defined in {1}; model names must be unique in a project");

    public static readonly DiagnosticDescriptor TypeClash = Error(
        "CTK041", "Generated type name clash", "The model '{0}' clashes with the model in {1}: both would generate the type '{2}'; rename one of them");

    // {0}: why the method needs that input, {1}: the inputs it takes, {2}: the input written.
    public static readonly DiagnosticDescriptor InputNotForMethod = Error(
        "CTK042", "Input does not fit the method", "{0}, so 'input' must be {1}; found {2}");

    // {0}: what the part does for the method, {1}: the part, {2}: the output needed, {3}: its output,
    // {4}: a hint, or nothing.
    public static readonly DiagnosticDescriptor PartOutput = Error(
        "CTK043", "Part output does not fit the method", "{0}, so the {1} must output {2}; it outputs {3}{4}");

    // {0}: the layer 'objective.local' names, {1}: its output.
    public static readonly DiagnosticDescriptor LocalNotAFeatureMap = Error(
        "CTK044", "Local layer is not a feature map", "dim's local map must be a feature map [channels, height, width]; the layer '{0}' outputs {1}: name a layer before the encoder pools or flattens");

    // {0}: the layer 'objective.local' names.
    public static readonly DiagnosticDescriptor LocalInsideResidual = Error(
        "CTK045", "Local layer inside a residual block", "dim reads the local map from a tap of the encoder, and only its top-level layers are taps; '{0}' is inside a residual block: name the block itself");

    // {0}: the method, {1}: a tile's shape, {2}: the image's shape, {3}: what goes wrong on the image.
    public static readonly DiagnosticDescriptor TileEncoderOnImage = Error(
        "CTK046", "Tile encoder cannot read the whole image", "{0}'s encoder reads tiles {1} in training and whole images {2} for evaluation, so it must give the same features for both: {3}; end its convolutions with 'global-avg-pool' before any 'flatten' or 'linear'");

    // {0}: the first step predicted ("2 steps"), {1}: the anchors needed, {2} and {3}: how many positions
    // that takes and what they are, {4}: how many the spec gives.
    public static readonly DiagnosticDescriptor TooFewPositions = Error(
        "CTK047", "Too few positions to predict", "cpc predicts at least {0} ahead and needs {1}, so it needs at least {2} {3}; {4}");

    // {0}: the layer ("encoder[1] (batchnorm)").
    public static readonly DiagnosticDescriptor BatchNormAcrossPositions = Error(
        "CTK048", "Batch normalisation across positions", "{0} normalises with statistics of the whole batch while training, which carry every position's values, the targets' included, into every prediction; use 'layernorm', which normalises each position on its own");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "CTK099", "Internal generator error", "Contrastive's generator failed on this spec ({0}); this is a bug, please report it with the spec");

    private static readonly Dictionary<string, DiagnosticDescriptor> ByIdTable = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> All => ByIdTable.Values.OrderBy(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => ByIdTable[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(id));
}
