using System.Text;
using Contrastive.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Contrastive.Generators.Tests.SpecRuns;

namespace Contrastive.Generators.Tests;

/// <summary>
/// Spec text never becomes code. Free text (descriptions, spec paths) may only appear inside
/// comments and string literals of the generated code, which must parse without diagnostics and
/// declare exactly the types and members the templates write; every other string of a spec is a
/// word of a closed vocabulary or a name checked against a small alphabet, and anything else is a
/// CTK diagnostic with no code generated for the model.
/// </summary>
public sealed class InjectionTests
{
    /// <summary>A distinctive marker put around each payload, to find where the text ended up.</summary>
    private const string Marker = "QZXMARK";

    /// <summary>A valid spec whose encoder has a named layer (so that a taps record is generated too).</summary>
    private const string SimClr = """
        model: Tiny
        method: simclr
        input: [1, 28, 28]
        encoder:
          - conv: { out: 8, kernel: 3, name: local }
          - relu
          - global-avg-pool
        augment: [horizontal-flip]
        """;

    private static readonly string[] TinyTypes = { "ModelRegistry", "Tiny", "TinyEncoder", "TinyEncoderTaps", "TinyOptions" };

    private static readonly string[] Payloads =
    {
        "\"", "\"\"\"", "*/", "/*", "//", "\\", "'", "`",
        "\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085",
        "#pragma warning disable", "\n#pragma warning disable CS0000", "\n#error injected", "\r#error injected",
        "\u2028#error injected", "\u2029#line 1 \"x\"", "\u0085#if false",
        "</summary>", "</summary>\n/// <summary>", "<see cref=\"System.Object\"/>", "<!--", "]]>", "&amp;", "&", "<", ">",
        "\\u0022", "\\u000A#error x", "\\x22",
        "\"; } } class Injected { void M() { var s = \"", "*/ class Injected { } /*", "\"\"\"\nclass Injected { }\n\"\"\"",
        "\n}\nclass Injected\n{\n", "{{ model }}", "{{ 1 + 1 }}", "{{~ end ~}}", "$\"{x}\"", "@\"x\"",
        "\u0000", "\u0007", "\u001B[31m", "\uFFFF", "\uFFFE", "\u200B", "\uFEFF", "😀", "é",
    };

    public static IEnumerable<TestCaseData> DescriptionCases() =>
        Payloads.Select(p => new TestCaseData(p).SetArgDisplayNames(Visible(p)));

    /// <summary>Descriptions go to doc comments (wrapped, escaped) and to a string literal of the registry.</summary>
    [TestCaseSource(nameof(DescriptionCases))]
    public void DescriptionStaysInCommentsAndStringLiterals(string payload)
    {
        var outcome = Clean(SimClr.AppendLines("description: " + YamlQuoted(Marker + payload + Marker)));
        AssertSameDeclarations(outcome, Clean(SimClr), TinyTypes);
        AssertOnlyInCommentsAndStrings(outcome, Marker);
    }

    [Test]
    public void BlockScalarDescriptionStaysInCommentsAndStringLiterals()
    {
        var outcome = Clean(SimClr.AppendLines($"description: |\n  {Marker} first line\n  #error {Marker}\n  */ class Injected {{ }} /* {Marker}\n  \"\"\" {Marker}\n"));
        AssertSameDeclarations(outcome, Clean(SimClr), TinyTypes);
        AssertOnlyInCommentsAndStrings(outcome, Marker);
    }

    public static IEnumerable<TestCaseData> PathCases() =>
        new[] { "\"", "*/", "\"\"\"", "\n#error x ", "\r\n#pragma warning disable ", "\u2028#error x", "\u2029", "\u0085", "</summary>", "\\u0022", "sub/dir/", "&lt;" }
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Visible(p)));

    /// <summary>The spec's path goes to the header comment, doc comments and the registry's SpecPath literal.</summary>
    [TestCaseSource(nameof(PathCases))]
    public void SpecPathStaysInCommentsAndStringLiterals(string payload)
    {
        var fileName = Marker + payload + Marker + ".model.yaml";
        var outcome = Run((fileName, SimClr));
        Assert.That(outcome.Diagnostics.Select(Describe), Is.Empty);
        AssertSameDeclarations(outcome, Clean(SimClr), TinyTypes);
        AssertOnlyInCommentsAndStrings(outcome, Marker);
    }

    public static IEnumerable<TestCaseData> VocabularyCases() => new (string Line, string Replacement, string Id)[]
    {
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\ndata: \"cifar10\\\"; class Injected { } //\"", "CTK015"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\ndata: \"fashion-mnist\\n#error x\"", "CTK015"),
        ("augment: [horizontal-flip]", "augment: [\"horizontal-flip\\u2028#error x\"]", "CTK015"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nobjective: { loss: \"nt-xent\\\"); class X {\" }", "CTK015"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\ntrain: { optimizer: \"adam */ class X { } /*\" }", "CTK015"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\ntrain: { schedule: { name: \"cosine\\r#error x\" } }", "CTK015"),
        ("  - relu", "  - \"relu\\n#error x\"", "CTK012"),
        ("  - relu", "  - \"relu(); class X { }\"", "CTK012"),
        ("  - relu", "  - { linear: \"10); class X {\" }", "CTK005"),
        ("  - relu", "  - { dropout: \"0.5); class X {\" }", "CTK005"),
        ("method: simclr", "method: \"simclr\\n#error x\"", "CTK008"),
        ("input: [1, 28, 28]", "input: [1, 28, \"28]; class X {\"]", "CTK005"),
    }.Select(c => new TestCaseData(c.Line, c.Replacement, c.Id).SetArgDisplayNames(Visible(c.Replacement)));

    /// <summary>Datasets, losses, optimizers, layer kinds, numbers: closed vocabularies; anything else is a diagnostic.</summary>
    [TestCaseSource(nameof(VocabularyCases))]
    public void StringsOutsideTheVocabularyAreDiagnosticsNotCode(string line, string replacement, string id) =>
        AssertRejected(SimClr.ReplaceLines(line, replacement), id);

    public static IEnumerable<TestCaseData> RejectedNameCases() => new (string Line, string Replacement)[]
    {
        ("model: Tiny", "model: \"Foo; class X\""),
        ("model: Tiny", "model: a.b"),
        ("model: Tiny", "model: Ünïcode"),
        ("model: Tiny", "model: Τiny"),
        ("model: Tiny", "model: class"),
        ("model: Tiny", "model: \"@class\""),
        ("model: Tiny", "model: \"Tiny\\n#error x\""),
        ("model: Tiny", "model: \"Tiny/*x*/\""),
        ("model: Tiny", "model: \"Tiny\\u2028X\""),
        ("model: Tiny", "model: Residual\nnamespace: Contrastive.Layers"),
        ("model: Tiny", "model: Layers\nnamespace: Contrastive"),
        ("model: Tiny", "model: Dropout\nnamespace: TorchSharp.Modules"),
        ("model: Tiny", "model: ModelRegistry"),
        ("model: Tiny", "model: \"\""),
        ("  - relu", "  - relu: { name: \"x; y\" }"),
        ("  - relu", "  - relu: { name: ü }"),
        ("  - relu", "  - relu: { name: class }"),
        ("  - relu", "  - relu: { name: \"@class\" }"),
        ("  - relu", "  - relu: { name: a.b }"),
        ("  - relu", "  - relu: { name: \"a\\nb\" }"),
        ("  - relu", "  - relu: { name: input }"),
        ("  - relu", "  - relu: { name: var }"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: \"A;B\""),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: My.Ünï"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: class.X"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: \"@class\""),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: \"A.B // c\""),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: \"A.B;\\nclass X { }\""),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: TorchSharp.torch.nn"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: Contrastive.Layers.Residual"),
        ("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: Contrastive.Methods.SimClr.Models"),
    }.Select(c => new TestCaseData(c.Line, c.Replacement).SetArgDisplayNames(Visible(c.Replacement)));

    /// <summary>
    /// Names of the runtime's and TorchSharp's types, which generated code names from <c>global::</c>:
    /// as model, layer or namespace names they generate code that compiles.
    /// </summary>
    [TestCase("model: Tiny", "model: Tensor")]
    [TestCase("model: Tiny", "model: SimClr")]
    [TestCase("model: Tiny", "model: Conv2d")]
    [TestCase("model: Tiny", "model: Train")]
    [TestCase("model: Tiny", "model: ViewPipeline")]
    [TestCase("model: Tiny", "model: ModelInfo")]
    [TestCase("model: Tiny", "model: SimClrSettings")]
    [TestCase("model: Tiny", "model: Objective")]
    [TestCase("  - relu", "  - relu: { name: objective }")]
    [TestCase("model: Tiny", "model: TorchSharp")]
    [TestCase("model: Tiny", "model: Residual\nnamespace: Contrastive.Models")]
    [TestCase("model: Tiny", "model: SimClr\nnamespace: Contrastive")]
    [TestCase("model: Tiny", "model: Tensor\nnamespace: Tensor.nn.Conv2d")]
    [TestCase("  - relu", "  - relu: { name: nn }")]
    [TestCase("  - relu", "  - relu: { name: tensor }")]
    [TestCase("  - relu", "  - relu: { name: torch }")]
    [TestCase("  - relu", "  - relu: { name: encoder }")]
    [TestCase("  - relu", "  - relu: { name: options }")]
    [TestCase("  - relu", "  - relu: { name: taps }")]
    [TestCase("  - relu", "  - relu: { name: critic }")]
    [TestCase("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: My.nn")]
    [TestCase("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: Tensor.Models")]
    [TestCase("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: TorchSharp.Models")]
    [TestCase("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: Contrastive.Methods")]
    [TestCase("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: SimClr.Residual.GlobalAvgPool")]
    public void FormerlyReservedTypeNamesGenerateCodeThatCompiles(string line, string replacement)
    {
        var outcome = Clean(SimClr.ReplaceLines(line, replacement));
        Assert.That(outcome.CompileProblems.Select(d => d.ToString()), Is.Empty);
    }

    /// <summary>Model, layer and namespace names that are not plain ASCII identifiers, or that are keywords or would hide a name generated code uses.</summary>
    [TestCaseSource(nameof(RejectedNameCases))]
    public void NamesThatAreNotSafeIdentifiersAreCtk007(string line, string replacement) =>
        AssertRejected(SimClr.ReplaceLines(line, replacement), "CTK007");

    [TestCase("model: Tiny", "model: Foo2Bar", new[] { "ModelRegistry", "Foo2Bar", "Foo2BarEncoder", "Foo2BarEncoderTaps", "Foo2BarOptions" })]
    [TestCase("augment: [horizontal-flip]", "augment: [horizontal-flip]\nnamespace: a.b", new[] { "ModelRegistry", "Tiny", "TinyEncoder", "TinyEncoderTaps", "TinyOptions" })]
    [TestCase("  - relu", "  - relu: { name: deep_features2 }", new[] { "ModelRegistry", "Tiny", "TinyEncoder", "TinyEncoderTaps", "TinyOptions" })]
    public void SafeNamesGenerateExactlyTheTemplatesTypes(string line, string replacement, string[] types)
    {
        var outcome = Clean(SimClr.ReplaceLines(line, replacement));
        AssertParsesCleanly(outcome);
        Assert.That(Declarations(outcome).Where(d => !d.Contains('.')), Is.EquivalentTo(types));
    }

    /// <summary>An invalid RootNamespace from MSBuild falls back to GeneratedModels instead of becoming code.</summary>
    [TestCase("Evil; class X { }")]
    [TestCase("A.B\n#error x")]
    [TestCase("TorchSharp.torch")]
    [TestCase("Contrastive.Layers.Residual")]
    public void InvalidRootNamespaceFallsBackToGeneratedModels(string rootNamespace)
    {
        var outcome = GeneratorHarness.Run(new[] { GeneratorHarness.Spec(FileName, SimClr) }, rootNamespace);
        Assert.That(outcome.Diagnostics.Select(Describe), Is.Empty);
        AssertParsesCleanly(outcome);
        var namespaces = outcome.Result.GeneratedTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            .Select(n => n.Name.ToString())
            .Distinct();
        Assert.That(namespaces, Is.EquivalentTo(new[] { "GeneratedModels" }));
    }

    /// <summary>
    /// Generated code names every TorchSharp and Contrastive type by its full name from
    /// <c>global::</c>, so no model, layer or namespace a spec declares can hide it: apart from what
    /// the generated code declares itself, it looks no name up by its simple name. Run over specs
    /// that use every layer, critic, estimator, augmentation and option.
    /// </summary>
    [Test]
    public void GeneratedCodeLooksUpNoOutsideNameByItsSimpleName()
    {
        var outcome = Run(RichSpecs);
        Assert.That(outcome.Diagnostics.Select(Describe), Is.Empty);
        var trees = outcome.Result.GeneratedTrees;
        var declared = trees.SelectMany(t => t.GetRoot().DescendantNodes()).SelectMany(DeclaredNames).ToHashSet(StringComparer.Ordinal);
        var imported = trees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            .Where(IsLookedUpByItsSimpleName)
            .Select(n => n.Identifier.ValueText)
            .Where(n => !declared.Contains(n) && n is not ("nameof" or "RegisterComponents"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.That(imported, Is.Empty);
        Assert.That(trees.SelectMany(t => t.GetRoot().DescendantNodes()).OfType<UsingDirectiveSyntax>(), Is.Empty);
    }

    /// <summary>
    /// The full names generated code uses are <see cref="Rendering.TypeNames"/>' (or the generated
    /// types' own), which the name checks derive the names a spec may not declare from.
    /// </summary>
    [Test]
    public void EveryFullNameGeneratedCodeUsesIsInTypeNames()
    {
        var outcome = Run(RichSpecs);
        Assert.That(outcome.Diagnostics.Select(Describe), Is.Empty);
        var roots = outcome.Result.GeneratedTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<AliasQualifiedNameSyntax>()).ToList();
        var names = roots.Select(FullName).ToHashSet(StringComparer.Ordinal);
        Assert.That(names, Does.Contain("TorchSharp.torch.Tensor").And.Contain("TorchSharp.torch.nn.Conv2d").And.Contain("Contrastive.Methods.SimClr")
            .And.Contain("Contrastive.Methods.NegativeSampling.InBatch").And.Contain("Contrastive.Training.OptimizerKind.Sgd"));
        var unknown = names
            .Where(n => !Rendering.TypeNames.Paths.Contains(n) && !Rendering.TypeNames.Paths.Contains(n.Substring(0, n.LastIndexOf('.'))))
            .Where(n => !n.StartsWith("Contrastive.Models.", StringComparison.Ordinal));
        Assert.That(unknown, Is.Empty);
    }

    // "global::A.B.C" of a qualified name or member access, without generic arguments or "global::".
    private static string FullName(AliasQualifiedNameSyntax root)
    {
        SyntaxNode node = root;
        while (node.Parent is QualifiedNameSyntax q && q.Left == node || node.Parent is MemberAccessExpressionSyntax m && m.Expression == node)
        {
            node = node.Parent;
        }

        var text = node.ToString();
        var generic = text.IndexOf('<');
        return (generic >= 0 ? text.Substring(0, generic) : text).Substring("global::".Length);
    }

    private static readonly (string, string)[] RichSpecs =
    {
        ("rich-simclr.model.yaml", """
            model: RichSimClr
            method: simclr
            input: [3, 32, 32]
            encoder:
              - conv2d: { out: 8, kernel: 3, padding: same, bias: false, name: stem }
              - batchnorm: { eps: 0.001, momentum: 0.2 }
              - layernorm: { eps: 0.01 }
              - leaky-relu: 0.2
              - conv: { out: 8, kernel: 3, stride: 2, padding: 1, dilation: 1, groups: 2 }
              - gelu
              - max-pool: { kernel: 2 }
              - avg-pool: { kernel: 2, stride: 1, padding: 1 }
              - residual:
                  layers:
                    - conv: { out: 16, kernel: 3, stride: 2, padding: 1 }
                    - tanh
                  projection: true
                  name: stage
              - dropout: 0.1
              - sigmoid
              - global-avg-pool
            projector:
              - linear: { out: 16, bias: false }
              - batchnorm
              - layernorm
              - relu
              - residual: [ { linear: 16 }, relu ]
              - dropout
              - linear: 8
            objective: { loss: nt-xent, temperature: 0.2, negatives: in-batch }
            augment:
              - random-resized-crop: { scale: [0.5, 1.0], ratio: [0.75, 1.33] }
              - horizontal-flip: 0.3
              - color-jitter: { brightness: 0.4, contrast: 0.4, p: 0.8 }
              - gaussian-blur: { sigma: [0.1, 2.0], p: 0.5 }
              - gaussian-noise: { std: 0.05 }
              - random-erasing: { p: 0.25, scale: [0.02, 0.33] }
              - rotate90
            train:
              batch-size: 64
              epochs: 3
              optimizer: { name: sgd, lr: 0.1, weight-decay: 0.0001, momentum: 0.9 }
              schedule: { name: warmup-cosine, warmup-epochs: 1 }
              seed: 3
            data: cifar10
            """),
        ("rich-flat.model.yaml", """
            model: RichFlat
            method: simclr
            input: [1, 28, 28]
            encoder: [ { conv: { out: 4, kernel: 5 } }, flatten, { linear: 32 } ]
            augment: []
            train: { optimizer: adamw, schedule: cosine }
            """),
        ("rich-moco.model.yaml", """
            model: RichMoCo
            method: moco
            input: [1, 28, 28]
            encoder: [ { conv: { out: 4, kernel: 3 } }, global-avg-pool ]
            projector: [ { linear: 8 }, relu, { linear: 4 } ]
            objective: { loss: infonce, temperature: 0.1, negatives: { queue: 64 }, momentum: { base: 0.996, schedule: constant }, symmetric: true }
            augment: [horizontal-flip]
            """),
        ("rich-byol.model.yaml", """
            model: RichByol
            method: byol
            input: [1, 28, 28]
            encoder: [ { conv: { out: 4, kernel: 3 } }, global-avg-pool ]
            projector: [ { linear: 8 } ]
            predictor: [ { linear: 4 }, relu, { linear: 8 } ]
            objective: { loss: normalized-mse, momentum: 0.99 }
            augment: [horizontal-flip]
            """),
        ("rich-simsiam.model.yaml", """
            model: RichSimSiam
            method: simsiam
            input: [1, 28, 28]
            encoder: [ { conv: { out: 4, kernel: 3 } }, global-avg-pool ]
            projector: [ { linear: 8 }, batchnorm ]
            predictor: [ { linear: 2 }, relu, { linear: 8 } ]
            augment: [horizontal-flip]
            """),
        ("rich-bank.model.yaml", """
            model: RichBank
            method: simclr
            input: [1, 28, 28]
            encoder: [ { conv: { out: 4, kernel: 3 } }, global-avg-pool ]
            objective: { loss: dcl, negatives: { memory-bank: 128, momentum: 0.5 } }
            augment: [horizontal-flip]
            """),
        ("rich-cpc-sequences.model.yaml", """
            model: RichCpcSequences
            method: cpc
            input: [2, 64]
            encoder: [ { conv1d: { out: 8, kernel: 4, stride: 4 } }, layernorm, relu ]
            context: [ { conv1d: { out: 8, kernel: 1 } }, { residual: [ { gru: 8 } ] }, { gru: { hidden: 6, layers: 2 } } ]
            objective: { loss: infonce, steps: 3, first-step: 2, negatives: same-sequence }
            data: synthetic-sequences
            """),
        ("rich-cpc-patches.model.yaml", """
            model: RichCpcPatches
            method: cpc
            input: [3, 32, 32]
            encoder: [ { conv: { out: 8, kernel: 3, padding: 1 } }, layernorm, gelu, global-avg-pool, { linear: 8 } ]
            context: [ { gru: 8 }, dropout ]
            objective: { patches: { size: 8, stride: 4 }, steps: 3, negatives: batch }
            data: cifar10
            """),
        ("bilinear.model.yaml", """
            model: Bilinear
            method: critic
            input: [6]
            encoder: [ { linear: 8 } ]
            objective: { estimator: alpha, critic: bilinear, alpha: 0.5 }
            head: [ { linear: 4 }, relu, { linear: 1 } ]
            """),
        ("cosine.model.yaml", """
            model: Cosine
            method: critic
            input: [6]
            encoder: [ { linear: 8 } ]
            objective: { estimator: smile, critic: cosine, tau: 5.0, temperature: 0.1 }
            """),
        ("concat.model.yaml", """
            model: Concat
            method: critic
            input: [6]
            encoder: [ { linear: 8 }, relu, { linear: 1 } ]
            objective: { estimator: mine, critic: concat, momentum: 0.05 }
            """),
        ("separable.model.yaml", """
            model: Separable
            method: critic
            input: [6]
            encoder: [ { linear: 8 } ]
            objective: { estimator: tuba }
            head: [ { linear: 1 } ]
            data: correlated-gaussians
            """),
    };

    // ---------------------------------------------------------------------------------------------
    // Checks

    private static void AssertRejected(string spec, string id)
    {
        var outcome = Run(spec);
        Assert.That(outcome.Diagnostics.Select(d => d.Id), Does.Contain(id), string.Join("\n", outcome.Diagnostics.Select(Describe)));
        Assert.That(outcome.Diagnostics.Where(d => !d.Id.StartsWith("CTK", StringComparison.Ordinal)).Select(Describe), Is.Empty);
        Assert.That(outcome.Sources.Keys, Is.EquivalentTo(new[] { "ModelRegistry.g.cs" }), "no code for a rejected model");
        AssertParsesCleanly(outcome);
        Assert.That(Declarations(outcome), Is.EquivalentTo(new[] { "ModelRegistry", "ModelRegistry.All", "ModelRegistry.Find" }));
    }

    private static void AssertParsesCleanly(GeneratorOutcome outcome)
    {
        foreach (var tree in outcome.Result.GeneratedTrees)
        {
            Assert.That(tree.GetDiagnostics().Select(d => d.ToString()), Is.Empty, tree.FilePath);
        }
    }

    /// <summary>The generated code parses without any diagnostic and declares the same types and members as <paramref name="baseline"/>, which are <paramref name="types"/>.</summary>
    private static void AssertSameDeclarations(GeneratorOutcome outcome, GeneratorOutcome baseline, string[] types)
    {
        AssertParsesCleanly(outcome);
        var declarations = Declarations(outcome);
        Assert.That(declarations, Is.EquivalentTo(Declarations(baseline)));
        Assert.That(declarations.Where(d => !d.Contains('.')), Is.EquivalentTo(types));
    }

    /// <summary>"Type" for every type and "Type.Member" for every member the generated code declares.</summary>
    private static List<string> Declarations(GeneratorOutcome outcome) => outcome.Result.GeneratedTrees
        .SelectMany(t => t.GetRoot().DescendantNodes())
        .SelectMany(node => node switch
        {
            TypeDeclarationSyntax { ParameterList: { } parameters } record =>
                parameters.Parameters.Select(p => record.Identifier.ValueText + "." + p.Identifier.ValueText).Prepend(record.Identifier.ValueText),
            BaseTypeDeclarationSyntax type => new[] { type.Identifier.ValueText },
            MemberDeclarationSyntax member when member.Parent is BaseTypeDeclarationSyntax owner =>
                MemberNames(member).Select(name => owner.Identifier.ValueText + "." + name),
            _ => Array.Empty<string>(),
        })
        .ToList();

    private static IEnumerable<string> MemberNames(MemberDeclarationSyntax member) => member switch
    {
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        ConstructorDeclarationSyntax constructor => new[] { ".ctor" + constructor.ParameterList },
        BaseTypeDeclarationSyntax => Array.Empty<string>(),
        _ => new[] { member.Kind().ToString() },
    };

    /// <summary>
    /// Every token or trivia whose text contains <paramref name="marker"/> is a string literal, a
    /// comment, or text inside a documentation comment; and the marker occurs at all.
    /// </summary>
    private static void AssertOnlyInCommentsAndStrings(GeneratorOutcome outcome, string marker)
    {
        var found = 0;
        Assert.Multiple(() =>
        {
            foreach (var tree in outcome.Result.GeneratedTrees)
            {
                var root = tree.GetRoot();
                foreach (var token in root.DescendantTokens(descendIntoTrivia: true))
                {
                    if (token.Text.Contains(marker, StringComparison.Ordinal))
                    {
                        found++;
                        var inDocumentation = token.Parent?.AncestorsAndSelf(ascendOutOfTrivia: false).Any(n => n is DocumentationCommentTriviaSyntax) == true;
                        Assert.That(token.IsKind(SyntaxKind.StringLiteralToken) || inDocumentation, Is.True, $"{Path.GetFileName(tree.FilePath)}: the token {token.Kind()} '{token.Text}' at {token.GetLocation().GetLineSpan().StartLinePosition}");
                    }

                    foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia).Where(t => !t.HasStructure))
                    {
                        if (trivia.ToFullString().Contains(marker, StringComparison.Ordinal))
                        {
                            found++;
                            Assert.That(trivia.Kind(), Is.AnyOf(SyntaxKind.SingleLineCommentTrivia, SyntaxKind.MultiLineCommentTrivia), $"{Path.GetFileName(tree.FilePath)}: the trivia {trivia.Kind()} '{trivia}'");
                        }
                    }
                }
            }
        });
        Assert.That(found, Is.GreaterThan(0), "the marker appears in the generated code");
    }

    // A simple name the compiler looks up through scopes and using directives: not a member after a
    // dot, not the right of A.B or global::X, not a named argument or an object initializer's member,
    // not 'var', not in a using or namespace name.
    private static bool IsLookedUpByItsSimpleName(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Name == name => false,
        QualifiedNameSyntax qualified when qualified.Right == name => false,
        AliasQualifiedNameSyntax => false,
        NameColonSyntax => false,
        AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } assignment when assignment.Left == name => false,
        _ when name.IsVar => false,
        _ => !name.Ancestors().Any(a => a is UsingDirectiveSyntax || (a is BaseNamespaceDeclarationSyntax ns && ns.Name.Span.Contains(name.Span))),
    };

    private static IEnumerable<string> DeclaredNames(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax type => new[] { type.Identifier.ValueText },
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        VariableDeclaratorSyntax variable => new[] { variable.Identifier.ValueText },
        ParameterSyntax parameter => new[] { parameter.Identifier.ValueText },
        SingleVariableDesignationSyntax designation => new[] { designation.Identifier.ValueText },
        ForEachStatementSyntax loop => new[] { loop.Identifier.ValueText },
        _ => Array.Empty<string>(),
    };

    /// <summary>A YAML double-quoted scalar of <paramref name="text"/>, escaping what YAML would otherwise read.</summary>
    private static string YamlQuoted(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\u0085' => "\\N",
                '\u2028' => "\\L",
                '\u2029' => "\\P",
                _ when char.IsControl(c) || c is '\uFEFF' or '\uFFFE' or '\uFFFF' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string Visible(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
