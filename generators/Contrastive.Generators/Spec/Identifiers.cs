using System.Collections.Generic;
using System.Linq;
using Contrastive.Generators.Rendering;
using Microsoft.CodeAnalysis.CSharp;

namespace Contrastive.Generators.Spec;

/// <summary>
/// Names from a spec become C# identifiers; everything else stays a literal. These checks are the
/// only door from spec text into code, so they accept a deliberately small alphabet.
/// </summary>
internal static class Identifiers
{
    // Members of TorchSharp's Module that a layer field would hide or clash with, and the locals of forward.
    private static readonly HashSet<string> ModuleMembers = new(System.StringComparer.Ordinal)
    {
        "forward", "call", "train", "eval", "training", "parameters", "named_parameters", "buffers",
        "named_buffers", "modules", "named_modules", "children", "named_children", "state_dict",
        "load_state_dict", "load", "save", "to", "cpu", "cuda", "apply", "zero_grad", "register_buffer",
        "register_parameter", "register_module", "half", "float", "double", "bfloat16", "name",
        "get_buffer", "get_parameter", "get_submodule", "requires_grad_", "input", "output", "x",
    };

    // Members of a part's taps record (a positional record struct) that a tap property would clash with.
    private static readonly HashSet<string> TapsMembers = new(System.StringComparer.Ordinal)
    {
        "Output", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
        "Deconstruct", "PrintMembers", "EqualityContract",
    };

    // Members the generated model class declares: a model of that name would be its own member (CS0542).
    private static readonly HashSet<string> ModelMembers = new(System.StringComparer.Ordinal)
    {
        "Options", "Encoder", "Projector", "Predictor", "Head", "FeatureSize", "EmbeddingSize", "TileSize", "PermutationCount",
        "LocalChannels", "LocalHeight", "LocalWidth",
        "Context", "EncodingSize", "ContextSize", "EncodedLength", "PatchSize", "PatchStride", "GridRows", "GridColumns",
        "InputFeatures", "InputChannels", "InputLength", "InputHeight", "InputWidth",
    };

    /// <summary>The longest model name.</summary>
    public const int MaxModelName = 100;

    /// <summary>The longest layer name.</summary>
    public const int MaxLayerName = 64;

    /// <summary>The form <see cref="ModelNameProblem"/> accepts, as a regular expression (the schema's).</summary>
    public static string ModelNamePattern => $"^[A-Z][A-Za-z0-9]{{0,{MaxModelName - 1}}}$";

    /// <summary>The form <see cref="LayerNameProblem"/> accepts, as a regular expression (the schema's).</summary>
    public static string LayerNamePattern => $"^[a-z][a-z0-9_]{{0,{MaxLayerName - 1}}}$";

    /// <summary>The form <see cref="NamespaceProblem"/> accepts before its keyword and type checks, as a regular expression (the schema's).</summary>
    public const string NamespacePattern = "^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$";

    /// <summary>
    /// Model names of the right form that <see cref="ModelNameProblem"/> still rejects (the registry and
    /// the model class's members), sorted: the JSON schema lists them.
    /// </summary>
    public static IEnumerable<string> ReservedModelNames() =>
        ModelMembers.Concat(new[] { "ModelRegistry" }).Where(n => ModelNameProblem(n) is not null).OrderBy(n => n, System.StringComparer.Ordinal);

    /// <summary>
    /// Layer names of the right form that <see cref="LayerNameProblem"/> still rejects: C# keywords,
    /// the module's members and the snake-case spellings of the taps record's members, sorted: the JSON
    /// schema lists them.
    /// </summary>
    public static IEnumerable<string> ReservedLayerNames()
    {
        var words = System.Enum.GetValues(typeof(SyntaxKind)).Cast<SyntaxKind>().Select(SyntaxFacts.GetText)
            .Concat(ModuleMembers)
            .Concat(TapsMembers.Select(Snake));
        return words.Where(w => w.Length > 0 && w.Length <= MaxLayerName && w[0] >= 'a' && w[0] <= 'z' && w.All(c => (c >= 'a' && c <= 'z') || char.IsDigit(c) || c == '_'))
            .Distinct()
            .Where(w => LayerNameProblem(w) is not null)
            .OrderBy(w => w, System.StringComparer.Ordinal);
    }

    // "GetHashCode" → "get_hash_code", whose tap property is "GetHashCode".
    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i == 0 ? string.Empty : "_") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The types generated for the model <paramref name="name"/>, at most.</summary>
    public static IEnumerable<string> GeneratedTypeNames(string name)
    {
        yield return name;
        yield return name + "Options";
        foreach (var role in new[] { "Encoder", "Projector", "Predictor", "Head", "Context" })
        {
            yield return name + role;
            yield return name + role + "Taps";
        }
    }

    /// <summary>A model name: a PascalCase-able C# type name made of ASCII letters and digits.</summary>
    public static string? ModelNameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "a model name cannot be empty";
        }

        if (!IsAsciiLetter(name[0]) || !name.All(c => IsAsciiLetter(c) || char.IsDigit(c)))
        {
            return "a model name is a C# type name: ASCII letters and digits, starting with a letter (for example SimClrFashion)";
        }

        if (!char.IsUpper(name[0]))
        {
            return "a model name is a C# type name and starts with an upper-case letter (for example SimClrFashion)";
        }

        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "ModelRegistry")
        {
            return "it is reserved";
        }

        if (ModelMembers.Contains(name))
        {
            return "the generated model class has a member of that name";
        }

        return name.Length > MaxModelName ? $"a model name has at most {MaxModelName} characters" : null;
    }

    /// <summary>A layer name: a lower-case checkpoint key such as "conv1" or "local_features".</summary>
    public static string? LayerNameProblem(string name)
    {
        if (name.Length == 0 || name.Length > MaxLayerName)
        {
            return $"a layer name has 1 to {MaxLayerName} characters";
        }

        if (!(name[0] >= 'a' && name[0] <= 'z') || !name.All(c => (c >= 'a' && c <= 'z') || char.IsDigit(c) || c == '_'))
        {
            return "a layer name is a checkpoint key: lower-case ASCII letters, digits and '_', starting with a letter (for example local or conv_out)";
        }

        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None || ModuleMembers.Contains(name))
        {
            return "it is a C# keyword or a member of the generated module";
        }

        if (TapsMembers.Contains(Pascal(name)))
        {
            return $"its tap property '{Pascal(name)}' would clash with the member of that name of the taps record";
        }

        return null;
    }

    /// <summary>A namespace: dot-separated identifiers.</summary>
    public static string? NamespaceProblem(string name)
    {
        var parts = name.Split('.');
        if (!parts.All(part => part.Length > 0 && IsAsciiLetter(part[0]) && part.All(c => IsAsciiLetter(c) || char.IsDigit(c) || c == '_')
            && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None))
        {
            return "a namespace is dot-separated C# identifiers of ASCII letters, digits and '_' (for example MyLab.Models)";
        }

        return TypeNames.Prefixes(name).FirstOrDefault(UsedType) is { } used
            ? $"'{used}' would name the namespace instead of the type '{used}' that generated code uses"
            : null;
    }

    /// <summary>
    /// The model <paramref name="name"/> in the namespace <paramref name="ns"/>: generated code names
    /// runtime types by their full names (global::Contrastive.Layers.Residual), so only a generated
    /// type with the full name of one of them, or of a namespace on the way to one, would hide it.
    /// </summary>
    public static string? DeclarationProblem(string ns, string name) =>
        GeneratedTypeNames(name).Select(type => ns + "." + type).FirstOrDefault(TypeNames.Paths.Contains) is { } used
            ? $"its generated type '{used}' would hide the {(TypeNames.Namespaces.Contains(used) ? "namespace" : "type")} of that name that generated code uses"
            : null;

    // A type on the way to a name generated code uses ("TorchSharp.torch"): a namespace of that name would hide it.
    private static bool UsedType(string path) => TypeNames.Paths.Contains(path) && !TypeNames.Namespaces.Contains(path);

    /// <summary>"local_features" → "LocalFeatures" (a property name in a taps record).</summary>
    public static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
