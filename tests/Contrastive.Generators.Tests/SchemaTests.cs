using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Contrastive.Generators.Diagnostics;
using Contrastive.Generators.Spec;
using Contrastive.Generators.Spec.Layers;
using Contrastive.Vocabularies;
using Json.Schema;
using Microsoft.CodeAnalysis.CSharp;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Vocabulary = Contrastive.Generators.Spec.Vocabulary;

namespace Contrastive.Generators.Tests;

/// <summary>
/// models/model.schema.json (written from the generator's definitions by Schema/SchemaWriter.cs; the
/// snapshot test keeps the file in step) against the example specs and the generator: what the schema
/// accepts the generator accepts, what it rejects the generator rejects, and its vocabulary is the generator's.
/// The docs are checked for a section per diagnostic and a mention of every layer kind.
/// </summary>
public sealed class SchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    private static string SchemaPath => Path.Combine(GeneratorHarness.RepositoryRoot, "models", "model.schema.json");

    private static JsonObject SchemaJson => JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();

    private static JsonObject Defs => SchemaJson["$defs"]!.AsObject();

    public static IEnumerable<TestCaseData> ExampleSpecs() =>
        Directory.GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "models"), "*.model.yaml")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileName(p)));

    [TestCaseSource(nameof(ExampleSpecs))]
    public void ExampleSpecValidatesAndPointsAtTheSchema(string path)
    {
        var text = File.ReadAllText(path);
        Assert.That(text.Split('\n')[0].TrimEnd(), Is.EqualTo("# yaml-language-server: $schema=./model.schema.json"));
        AssertValid(text);
        AssertGeneratorAccepts(text);
    }

    private const string MinimalSimClr = """
        model: Minimal
        method: simclr
        input: [1, 28, 28]
        encoder: [flatten]
        augment: []
        """;

    private const string EveryImageLayer = """
        model: EveryImageLayer
        method: simclr
        input: [3, 32, 32]
        encoder:
          - conv: { out: 16, kernel: 3, padding: same, bias: false }
          - batchnorm:
          - leaky-relu: 0.2
          - max-pool: { kernel: 2 }
          - residual:
              - conv2d: { out: 16, kernel: 3, padding: 1, groups: 4, dilation: 1 }
              - layernorm: { eps: 1.0e-6 }
              - gelu
          - residual: { layers: [{ conv: { out: 32, kernel: 3, stride: 2, padding: 1 } }], projection: true, name: down }
          - avg-pool: { kernel: 2, stride: 1, padding: 1 }
          - batchnorm: { eps: 1.0e-3, momentum: 0.01 }
          - dropout: 0.1
          - global-avg-pool
          - linear: { out: 64, bias: false, name: features }
          - tanh
        projector: [{ linear: 32 }, sigmoid, { dropout: { p: 0.2 } }, { leaky-relu: { slope: 0.1 } }, relu]
        objective: { loss: nt-xent, temperature: 0.1, negatives: in-batch }
        augment:
          - horizontal-flip
          - random-resized-crop
          - gaussian-blur: { sigma: [0.1, 1.0] }
          - random-erasing: 0.3
          - rotate90:
          - color-jitter: null
          - gaussian-noise: { std: 0.1 }
        train: { batch-size: 64, epochs: 3, optimizer: sgd, schedule: cosine, seed: 3 }
        data: cifar10
        """;

    private const string CosineCritic = """
        model: CosineSmileCritic
        namespace: My.Lab
        description: A cosine critic.
        method: critic
        input: [8]
        encoder: [{ linear: 16 }, relu, { linear: { out: 8, name: embedding } }]
        objective: { estimator: smile, critic: cosine, temperature: 0.5, tau: 10 }
        train: { optimizer: { name: adamw, lr: 0.01 }, schedule: { name: warmup-cosine, warmup-epochs: 0.5 }, epochs: 2 }
        """;

    private const string ConcatCritic = """
        model: ConcatAlphaCritic
        method: critic
        input: [4]
        encoder: [{ linear: 16 }, relu, { linear: 1 }]
        head: [{ linear: 8 }, relu, { linear: 1 }]
        objective: { estimator: alpha, critic: concat, alpha: 0.5 }
        data: correlated-gaussians
        """;

    private const string MinimalRotation = """
        model: MinimalRotation
        method: rotation
        input: [1, 28, 28]
        encoder: [flatten]
        head: [{ linear: 4 }]
        """;

    private const string EveryJigsawKey = """
        model: EveryJigsawKey
        method: jigsaw
        input: [3, 32, 32]
        encoder: [{ conv: { out: 8, kernel: 3 } }, global-avg-pool]
        head: [{ linear: 64 }, relu, { linear: 24 }]
        objective: { loss: cross-entropy, permutations: 24, permutation-seed: 7, tile-size: 5, gap: 2 }
        augment: [horizontal-flip, color-jitter]
        data: cifar10
        """;

    private const string RelativePositionWithDefaults = """
        model: Neighbours
        method: relative-position
        input: [1, 28, 28]
        encoder: [{ conv: { out: 8, kernel: 3, padding: 1 } }, global-avg-pool, { linear: 16 }]
        head: [{ linear: 8 }]
        """;

    private const string DimWithPrior = """
        model: DimPrior
        method: dim
        input: [1, 28, 28]
        encoder: [{ conv: { out: 8, kernel: 3, stride: 2, name: local_map } }, relu, global-avg-pool, { linear: 16 }]
        objective: { local: local_map, estimator: infonce, alpha: 0.5, beta: 0, gamma: 0.1, prior: gaussian, prior-learning-rate: 1.0e-4, discriminator-units: 32 }
        """;

    private const string CpcSequences = """
        model: CpcSeq
        method: cpc
        input: [1, 256]
        encoder: [{ conv1d: { out: 16, kernel: 8, stride: 8 } }, layernorm, relu]
        context: [{ gru: 16 }]
        objective: { loss: infonce, steps: 4, first-step: 1, negatives: same-sequence }
        """;

    private const string CpcPatches = """
        model: CpcImg
        method: cpc
        input: [1, 28, 28]
        encoder: [{ conv: { out: 8, kernel: 3 } }, global-avg-pool]
        context: [{ gru: 8 }]
        objective: { patches: { size: 8, stride: 4 }, steps: 2, negatives: batch }
        data: fashion-mnist
        """;

    [TestCase(MinimalSimClr, TestName = "Valid: minimal simclr")]
    [TestCase(MinimalRotation, TestName = "Valid: rotation without augment or objective")]
    [TestCase(MinimalRotation + "\naugment: [horizontal-flip, { color-jitter: 0.5 }, gaussian-noise]\n", TestName = "Valid: rotation with augment steps other than rotate90")]
    [TestCase(EveryJigsawKey, TestName = "Valid: jigsaw with every objective key")]
    [TestCase(RelativePositionWithDefaults, TestName = "Valid: relative-position with the default tiles")]
    [TestCase(DimWithPrior, TestName = "Valid: dim with every objective setting")]
    [TestCase(CpcSequences, TestName = "Valid: cpc on sequences")]
    [TestCase(CpcPatches, TestName = "Valid: cpc on a patch grid")]
    [TestCase(EveryImageLayer, TestName = "Valid: every image layer, shorthand and augmentation")]
    [TestCase(CosineCritic, TestName = "Valid: cosine critic with smile")]
    [TestCase(ConcatCritic, TestName = "Valid: concat critic with alpha and a baseline head")]
    public void SchemaAndGeneratorAcceptTheSameValidSpec(string text)
    {
        AssertValid(text);
        AssertGeneratorAccepts(text);
    }

    [TestCase("CTK003", "modle: Typo", TestName = "Invalid: unknown top-level key")]
    [TestCase("CTK012", "encoder: [{ convv: { out: 8, kernel: 3 } }, flatten]", TestName = "Invalid: unknown layer kind")]
    [TestCase("CTK005", "objective: { temperature: hot }", TestName = "Invalid: temperature is not a number")]
    [TestCase("CTK005", "encoder: [flatten, { linear: { out: 64 }, name: z }]", TestName = "Invalid: layer with two keys")]
    [TestCase("CTK003", "encoder: [{ conv: { out: 8, kernel: 3, size: 2 } }, flatten]", TestName = "Invalid: unknown layer setting")]
    [TestCase("CTK005", "encoder: [{ conv: 3 }, flatten]", TestName = "Invalid: shorthand on a layer without one")]
    [TestCase("CTK004", "encoder: [{ conv: { out: 8 } }, flatten]", TestName = "Invalid: conv without kernel")]
    [TestCase("CTK004", "encoder: [flatten, linear]", TestName = "Invalid: bare linear")]
    [TestCase("CTK005", "encoder: [flatten, { linear: \"64\" }]", TestName = "Invalid: quoted number")]
    [TestCase("CTK007", "encoder: [flatten, { linear: { out: 8, name: Features } }]", TestName = "Invalid: layer name with upper case")]
    [TestCase("CTK007", "encoder: [flatten, { linear: { out: 8, name: out } }]", TestName = "Invalid: layer name is a keyword")]
    [TestCase("CTK011", "encoder: [flatten, { dropout: 1 }]", TestName = "Invalid: dropout of 1")]
    [TestCase("CTK015", "augment: [flip]", TestName = "Invalid: unknown augmentation")]
    [TestCase("CTK005", "augment: [{ horizontal-flip: 0.5, rotate90: 0.5 }]", TestName = "Invalid: augmentation with two keys")]
    [TestCase("CTK011", "train: { schedule: { name: cosine, warmup-epochs: 1 } }", TestName = "Invalid: warm-up without warmup-cosine")]
    [TestCase("CTK003", "train: { optimizer: { name: adam, beta: 0.9 } }", TestName = "Invalid: unknown optimizer setting")]
    [TestCase("CTK036", "data: cifar10", TestName = "Invalid: dataset does not fit the input")]
    [TestCase("CTK010", "head: [relu]", TestName = "Invalid: simclr with a head")]
    public void SchemaAndGeneratorRejectTheSameSimClrMistake(string id, string line)
    {
        var keys = line.Split(':')[0];
        var text = string.Join("\n", MinimalSimClr.Split('\n').Where(l => !l.StartsWith(keys + ":", StringComparison.Ordinal))) + "\n" + line + "\n";
        AssertInvalid(text);
        AssertGeneratorReports(text, id);
    }

    [TestCase("CTK004", "model: Foo\nmethod: simclr\ninput: [1, 28, 28]\naugment: []", TestName = "Invalid: no encoder")]
    [TestCase("CTK004", "model: Foo\nmethod: simclr\ninput: [1, 28, 28]\nencoder: [flatten]", TestName = "Invalid: simclr without augment")]
    [TestCase("CTK014", "model: Foo\nmethod: simclr\ninput: [1, 2, 3, 4]\nencoder: [flatten]\naugment: []", TestName = "Invalid: input of rank 4")]
    [TestCase("CTK007", "model: foo\nmethod: simclr\ninput: [1, 28, 28]\nencoder: [flatten]\naugment: []", TestName = "Invalid: lower-case model name")]
    [TestCase("CTK008", "model: Foo\nmethod: rotate\ninput: [1, 28, 28]\nencoder: [flatten]", TestName = "Invalid: unknown method")]
    [TestCase("CTK010", "model: Foo\nmethod: critic\ninput: [4]\nencoder: [{ linear: 4 }]\nprojector: [{ linear: 4 }]\nobjective: { estimator: infonce }", TestName = "Invalid: critic with a projector")]
    [TestCase("CTK010", "model: Foo\nmethod: critic\ninput: [4]\nencoder: [{ linear: 4 }]\nobjective: { estimator: infonce, temperature: 0.5 }", TestName = "Invalid: temperature without the cosine critic")]
    [TestCase("CTK004", "model: Foo\nmethod: critic\ninput: [4]\nencoder: [{ linear: 4 }]\nobjective: { estimator: tuba }", TestName = "Invalid: tuba without a head")]
    [TestCase("CTK010", "model: Foo\nmethod: critic\ninput: [4]\nencoder: [{ linear: 4 }]\nhead: [{ linear: 1 }]\nobjective: { estimator: nwj }", TestName = "Invalid: head without tuba or alpha")]
    [TestCase("CTK004", "model: Foo\nmethod: critic\ninput: [4]\nencoder: [{ linear: 4 }]", TestName = "Invalid: critic without objective")]
    [TestCase("CTK042", "model: Foo\nmethod: critic\ninput: [1, 28, 28]\nencoder: [flatten]\nobjective: { estimator: infonce }", TestName = "Invalid: critic on images")]
    [TestCase("CTK004", "model: Foo\nmethod: jigsaw\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3 } }, global-avg-pool]", TestName = "Invalid: jigsaw without a head")]
    [TestCase("CTK010", "model: Foo\nmethod: rotation\ninput: [1, 28, 28]\nencoder: [flatten]\nhead: [{ linear: 4 }]\nprojector: [{ linear: 4 }]", TestName = "Invalid: rotation with a projector")]
    [TestCase("CTK010", "model: Foo\nmethod: rotation\ninput: [1, 28, 28]\nencoder: [flatten]\nhead: [{ linear: 4 }]\naugment: [horizontal-flip, rotate90]", TestName = "Invalid: rotation with rotate90")]
    [TestCase("CTK010", "model: Foo\nmethod: rotation\ninput: [1, 28, 28]\nencoder: [flatten]\nhead: [{ linear: 4 }]\naugment: [{ rotate90: 0.5 }]", TestName = "Invalid: rotation with rotate90 and its probability")]
    [TestCase("CTK011", "model: Foo\nmethod: jigsaw\ninput: [1, 28, 28]\nencoder: [flatten]\nhead: [{ linear: 1 }]\nobjective: { permutations: 1 }", TestName = "Invalid: jigsaw with one permutation")]
    [TestCase("CTK003", "model: Foo\nmethod: relative-position\ninput: [1, 28, 28]\nencoder: [flatten]\nhead: [{ linear: 8 }]\nobjective: { permutations: 8 }", TestName = "Invalid: relative-position with permutations")]
    [TestCase("CTK042", "model: Foo\nmethod: rotation\ninput: [4]\nencoder: [{ linear: 4 }]\nhead: [{ linear: 4 }]", TestName = "Invalid: rotation on vectors")]
    [TestCase("CTK010", "model: Foo\nmethod: rotation\ninput: [1, 28, 28]\nencoder: [flatten]\nhead: [{ linear: 4 }]\ncontext: [{ gru: 4 }]", TestName = "Invalid: rotation with a context")]
    [TestCase("CTK004", "model: Foo\nmethod: dim\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3, name: local } }, global-avg-pool]\nobjective: { estimator: jsd }", TestName = "Invalid: dim without its local layer")]
    [TestCase("CTK010", "model: Foo\nmethod: dim\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3, name: local } }, global-avg-pool]\nobjective: { local: local }\naugment: []", TestName = "Invalid: dim with augment")]
    [TestCase("CTK011", "model: Foo\nmethod: dim\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3, name: local } }, global-avg-pool]\nobjective: { local: local, alpha: 0, beta: 0.0 }", TestName = "Invalid: dim without an MI term")]
    [TestCase("CTK015", "model: Foo\nmethod: dim\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3, name: local } }, global-avg-pool]\nobjective: { local: local, estimator: mine }", TestName = "Invalid: dim with an estimator that needs more than scores")]
    [TestCase("CTK004", "model: Foo\nmethod: cpc\ninput: [1, 64]\nencoder: [{ conv1d: { out: 4, kernel: 4, stride: 4 } }]", TestName = "Invalid: cpc without a context")]
    [TestCase("CTK004", "model: Foo\nmethod: cpc\ninput: [1, 28, 28]\nencoder: [flatten]\ncontext: [{ gru: 4 }]", TestName = "Invalid: cpc on images without patches")]
    [TestCase("CTK010", "model: Foo\nmethod: cpc\ninput: [1, 64]\nencoder: [{ conv1d: { out: 4, kernel: 4, stride: 4 } }]\ncontext: [{ gru: 4 }]\nobjective: { patches: { size: 4 } }", TestName = "Invalid: cpc patches on sequences")]
    [TestCase("CTK010", "model: Foo\nmethod: cpc\ninput: [1, 64]\nencoder: [{ conv1d: { out: 4, kernel: 4, stride: 4 } }]\ncontext: [{ gru: 4 }]\naugment: []", TestName = "Invalid: cpc with augment")]
    [TestCase("CTK015", "model: Foo\nmethod: cpc\ninput: [1, 64]\nencoder: [{ conv1d: { out: 4, kernel: 4, stride: 4 } }]\ncontext: [{ gru: 4 }]\nobjective: { negatives: in-batch }", TestName = "Invalid: cpc negatives word")]
    [TestCase("CTK042", "model: Foo\nmethod: cpc\ninput: [64]\nencoder: [{ linear: 4 }]\ncontext: [{ gru: 4 }]", TestName = "Invalid: cpc on vectors")]
    [TestCase("CTK010", "model: Foo\nmethod: simclr\ninput: [1, 28, 28]\nencoder: [flatten]\ncontext: [{ gru: 4 }]\naugment: []", TestName = "Invalid: simclr with a context")]
    [TestCase("CTK010", "model: Foo\nmethod: dim\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3, name: local } }, global-avg-pool]\ncontext: [{ gru: 4 }]\nobjective: { local: local }", TestName = "Invalid: dim with a context")]
    public void SchemaAndGeneratorRejectTheSameSpec(string id, string text)
    {
        AssertInvalid(text);
        AssertGeneratorReports(text, id);
    }

    // A spec of each method whose 'objective' line the cases below replace ('objective: {...}' last).
    private static readonly Dictionary<string, string> ObjectiveSpecs = new()
    {
        ["simclr"] = MinimalSimClr,
        ["moco"] = "model: Foo\nmethod: moco\ninput: [1, 28, 28]\nencoder: [flatten]\nprojector: [{ linear: 8 }]\naugment: []",
        ["byol"] = "model: Foo\nmethod: byol\ninput: [1, 28, 28]\nencoder: [flatten]\nprojector: [{ linear: 8 }]\npredictor: [{ linear: 8 }]\naugment: []",
        ["jigsaw"] = "model: Foo\nmethod: jigsaw\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3 } }, global-avg-pool]\nhead: [{ linear: 100 }]",
        ["cpc"] = "model: Foo\nmethod: cpc\ninput: [1, 64]\nencoder: [{ conv1d: { out: 4, kernel: 4, stride: 4 } }]\ncontext: [{ gru: 4 }]",
        ["cpc-image"] = "model: Foo\nmethod: cpc\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3 } }, global-avg-pool]\ncontext: [{ gru: 8 }]",
        ["dim"] = "model: Foo\nmethod: dim\ninput: [1, 28, 28]\nencoder: [{ conv: { out: 8, kernel: 3, name: local } }, global-avg-pool]",
        ["critic"] = "model: Foo\nmethod: critic\ninput: [4]\nencoder: [{ linear: 4 }]",
        ["critic-baseline"] = "model: Foo\nmethod: critic\ninput: [4]\nencoder: [{ linear: 4 }]\nhead: [{ linear: 1 }]",
    };

    // Each objective setting at the edges of its declared range (Spec/Methods/Objectives): the schema
    // and the generator read the same definition, so they accept and reject the same values.
    [TestCase("simclr", "{ temperature: 100 }", null)]
    [TestCase("simclr", "{ temperature: 0 }", "CTK011")]
    [TestCase("simclr", "{ temperature: 100.5 }", "CTK011")]
    [TestCase("simclr", "{ loss: infonce }", "CTK015")]
    [TestCase("simclr", "{ negatives: { queue: 1000000 } }", null)]
    [TestCase("simclr", "{ negatives: { queue: 0 } }", "CTK011")]
    [TestCase("simclr", "{ negatives: { memory-bank: 64, momentum: 0 } }", null)]
    [TestCase("simclr", "{ negatives: { memory-bank: 64, momentum: 1 } }", "CTK011")]
    [TestCase("simclr", "{ negatives: { queue: 64, momentum: 0.5 } }", "CTK010")]
    [TestCase("simclr", "{ negatives: { queue: 64, memory-bank: 64 } }", "CTK005")]
    [TestCase("moco", "{ temperature: 0.07, negatives: { queue: 16 }, momentum: 1, symmetric: true }", null)]
    [TestCase("moco", "{ momentum: 1.01 }", "CTK011")]
    [TestCase("moco", "{ momentum: { base: -0.1 } }", "CTK011")]
    [TestCase("moco", "{ momentum: { base: 0.9, schedule: linear } }", "CTK015")]
    [TestCase("moco", "{ negatives: in-batch }", "CTK005")]
    [TestCase("moco", "{ negatives: { queue: 1000001 } }", "CTK011")]
    [TestCase("moco", "{ symmetric: 1 }", "CTK005")]
    [TestCase("byol", "{ momentum: { base: 0, schedule: constant } }", null)]
    [TestCase("byol", "{ momentum: { base: 0.9, rate: 2 } }", "CTK003")]
    [TestCase("jigsaw", "{ permutations: 1001 }", "CTK011")]
    [TestCase("jigsaw", "{ permutation-seed: 9223372036854775807 }", null)]
    [TestCase("jigsaw", "{ permutation-seed: -1 }", "CTK011")]
    [TestCase("jigsaw", "{ gap: -1 }", "CTK011")]
    [TestCase("cpc", "{ steps: 0 }", "CTK011")]
    [TestCase("cpc", "{ first-step: 1001 }", "CTK011")]
    [TestCase("cpc", "{ steps: 1, first-step: 2, negatives: batch }", null)]
    [TestCase("cpc-image", "{ patches: { size: 8, stride: 0 } }", "CTK011")]
    [TestCase("cpc-image", "{ patches: { stride: 4 } }", "CTK004")]
    [TestCase("dim", "{ local: local, alpha: 100, beta: 0, gamma: 100, prior-learning-rate: 1, discriminator-units: 65536 }", null)]
    [TestCase("dim", "{ local: local, alpha: 100.5 }", "CTK011")]
    [TestCase("dim", "{ local: local, prior-learning-rate: 0 }", "CTK011")]
    [TestCase("dim", "{ local: local, discriminator-units: 65537 }", "CTK011")]
    [TestCase("dim", "{ local: local, prior: laplace }", "CTK015")]
    [TestCase("critic", "{ estimator: mine, momentum: 0 }", null)]
    [TestCase("critic", "{ estimator: mine, momentum: 1 }", "CTK011")]
    [TestCase("critic", "{ estimator: smile, tau: 0 }", "CTK011")]
    [TestCase("critic", "{ estimator: smile, critic: cosine, temperature: 100.5 }", "CTK011")]
    [TestCase("critic", "{ estimator: nwj, tau: 5 }", "CTK010")]
    [TestCase("critic", "{ estimator: nwj, critic: bilinear, temperature: 0.5 }", "CTK010")]
    [TestCase("critic-baseline", "{ estimator: alpha, alpha: 1 }", null)]
    [TestCase("critic-baseline", "{ estimator: alpha, alpha: 1.5 }", "CTK011")]
    public void SchemaAndGeneratorAgreeOnAnObjectiveValue(string method, string objective, string? id)
    {
        var text = ObjectiveSpecs[method] + "\nobjective: " + objective + "\n";
        if (id is null)
        {
            AssertValid(text);
            AssertGeneratorAccepts(text);
        }
        else
        {
            AssertInvalid(text);
            AssertGeneratorReports(text, id);
        }
    }

    [Test]
    public void EveryDiagnosticHasASectionInDiagnosticsMd()
    {
        var doc = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "diagnostics.md"));
        var headings = Regex.Matches(doc, @"^## (CTK\d{3}): (.+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        Assert.Multiple(() =>
        {
            foreach (var descriptor in DiagnosticDescriptors.All)
            {
                Assert.That(headings.TryGetValue(descriptor.Id, out var title), Is.True, $"docs/diagnostics.md has no '## {descriptor.Id}: ...' heading");
                Assert.That(title, Is.EqualTo(descriptor.Title.ToString(CultureInfo.InvariantCulture)), $"title of {descriptor.Id}");
            }

            Assert.That(headings.Keys, Is.SubsetOf(DiagnosticDescriptors.All.Select(d => d.Id)), "sections for ids the generator does not have");
        });
    }

    [Test]
    public void TheSpecDocsLayerTableListsExactlyTheLayerKinds()
    {
        var doc = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "spec.md"));
        var section = doc[doc.IndexOf("### The layer vocabulary", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", section.IndexOf("| kind |", StringComparison.Ordinal), StringComparison.Ordinal)];
        var rows = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[1].Trim('`'), c => (Settings: c[2], Shorthand: c[3]));
        List<string> Keys(string settings) => settings.StartsWith("as `", StringComparison.Ordinal)
            ? Keys(rows[settings["as `".Length..^1]].Settings)
            : Regex.Matches(Regex.Replace(settings, @"\([^)]*\)", string.Empty), "`([^`]+)`").Select(m => m.Groups[1].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Keys, Is.EqualTo(LayerKinds.Keys), "the table's kinds, in the generator's order");
            foreach (var kind in LayerKinds.All.Where(k => rows.ContainsKey(k.Key)))
            {
                Assert.That(Keys(rows[kind.Key].Settings), Is.EqualTo(kind.Keys), $"settings of '{kind.Key}' in docs/spec.md");
                Assert.That(rows[kind.Key].Shorthand, Is.EqualTo(kind.Shorthand is null ? string.Empty : $"`{kind.Shorthand}`"), $"shorthand of '{kind.Key}' in docs/spec.md");
            }
        });
    }

    [Test]
    public void SchemaLayersHaveTheGeneratorsKeysRequiredKeysAndShorthands()
    {
        var defs = Defs;
        var kinds = defs.Where(d => d.Key.StartsWith("layer-", StringComparison.Ordinal)).Select(d => d.Key["layer-".Length..]).ToList();
        var bare = Strings(defs["layer"]!["oneOf"]![0]!["enum"]);
        Assert.Multiple(() =>
        {
            Assert.That(kinds, Is.EqualTo(LayerKinds.Keys), "the schema's layers, in the generator's order");
            Assert.That(bare, Is.EquivalentTo(LayerKinds.All.Where(k => !k.Required.Any()).Select(k => k.Key)), "bare kinds are those without required keys");
            foreach (var kind in LayerKinds.All)
            {
                Assert.That((string?)defs["layer-" + kind.Key]!["description"], Does.StartWith(kind.Summary), $"description of '{kind.Key}'");
                var value = defs["layer-" + kind.Key]!["properties"]![kind.Key]!;
                var alternatives = value["oneOf"]?.AsArray().Select(a => a!).ToList() ?? new List<JsonNode> { value };
                var settings = alternatives.Single(a => (string?)a["type"] == "object");
                Assert.That(settings["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(kind.Keys), $"keys of '{kind.Key}'");
                Assert.That((bool)settings["additionalProperties"]!, Is.False, $"'{kind.Key}' rejects unknown keys");
                var required = kind.Required.Select(s => s.Key).ToArray();
                Assert.That(Strings(settings["required"]), Is.EquivalentTo(required), $"required keys of '{kind.Key}'");
                var shorthand = alternatives.Where(a => (string?)a["type"] is "integer" or "number" || a["$ref"] is not null).ToList();
                Assert.That(shorthand.Count, Is.EqualTo(kind.Shorthand is null ? 0 : 1), $"shorthand of '{kind.Key}'");
                if (kind.Shorthand is { } key && shorthand.Count == 1)
                {
                    AssertSettingSchema(kind.Setting(key) with { Default = null }, shorthand[0], $"'{kind.Key}' shorthand");
                }

                Assert.That(alternatives.Any(a => (string?)a["type"] == "null"), Is.EqualTo(required.Length == 0), $"'{kind.Key}:' with no value");
                foreach (var setting in kind.Settings)
                {
                    AssertSettingSchema(setting, settings["properties"]![setting.Key], $"'{kind.Key}.{setting.Key}'");
                }
            }
        });
    }

    /// <summary>The schema of one layer setting: the JSON type, range and default its definition says.</summary>
    private static void AssertSettingSchema(LayerSetting setting, JsonNode? node, string what)
    {
        if (node is null)
        {
            Assert.Fail($"the schema has no {what}");
            return;
        }

        var max = (double)SpecContext.MaxSize;
        (string? Type, double? Minimum, double? Maximum, double? ExclusiveMinimum, double? ExclusiveMaximum, string? Ref) expected = setting.Type switch
        {
            SettingType.Size => ("integer", 1, max, null, null, null),
            SettingType.Count => ("integer", 0, max, null, null, null),
            SettingType.Padding => (null, null, null, null, null, null),
            SettingType.Flag => ("boolean", null, null, null, null, null),
            SettingType.Positive => ("number", null, null, 0, null, null),
            SettingType.NonNegative => ("number", 0, null, null, null, null),
            SettingType.Fraction => ("number", null, 1, 0, null, null),
            SettingType.Probability => ("number", 0, null, null, 1, null),
            SettingType.Layers => (null, null, null, null, null, "#/$defs/layers"),
            _ => (null, null, null, null, null, "#/$defs/layerName"),
        };
        double? Number(string key) => node[key] is { } n ? (double)n : null;
        if (setting.Type == SettingType.Padding)
        {
            var choices = node["oneOf"]!.AsArray();
            Assert.That(choices[0]!["type"]!.GetValue<string>(), Is.EqualTo("integer"), what);
            Assert.That(((double?)choices[0]!["minimum"], (double?)choices[0]!["maximum"]), Is.EqualTo(((double?)0, (double?)max)), what);
            Assert.That(choices[1]!["const"]!.GetValue<string>(), Is.EqualTo("same"), what);
        }
        else
        {
            Assert.That((string?)node["type"], Is.EqualTo(expected.Type), $"type of {what}");
            Assert.That((string?)node["$ref"], Is.EqualTo(expected.Ref), $"$ref of {what}");
            Assert.That(Number("minimum"), Is.EqualTo(expected.Minimum), $"minimum of {what}");
            Assert.That(Number("maximum"), Is.EqualTo(expected.Maximum), $"maximum of {what}");
            Assert.That(Number("exclusiveMinimum"), Is.EqualTo(expected.ExclusiveMinimum), $"exclusiveMinimum of {what}");
            Assert.That(Number("exclusiveMaximum"), Is.EqualTo(expected.ExclusiveMaximum), $"exclusiveMaximum of {what}");
        }

        if (setting.Type != SettingType.Name && !what.EndsWith("shorthand", StringComparison.Ordinal))
        {
            Assert.That((string?)node["description"], Does.StartWith(setting.Doc), $"description of {what}");
        }

        var schemaDefault = node["default"]?.ToJsonString();
        var definitionDefault = setting.Default is null ? null
            : setting.Type is SettingType.Flag ? setting.Default
            : setting.Type is SettingType.Size or SettingType.Count or SettingType.Padding ? setting.Whole.ToString(CultureInfo.InvariantCulture)
            : setting.Real.ToString("R", CultureInfo.InvariantCulture);
        Assert.That(schemaDefault is null ? null : setting.Type is SettingType.Flag or SettingType.Size or SettingType.Count or SettingType.Padding
            ? schemaDefault : double.Parse(schemaDefault, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture), Is.EqualTo(definitionDefault), $"default of {what}");
    }

    [Test]
    public void SchemaWordsAreTheGeneratorsWords()
    {
        var root = SchemaJson;
        var defs = Defs;
        var augmentSteps = defs.Where(d => d.Key.StartsWith("augment-", StringComparison.Ordinal)).Select(d => d.Key["augment-".Length..]);
        var criticObjective = defs["criticObjective"]!["properties"]!;
        var train = defs["train"]!["properties"]!;
        Assert.Multiple(() =>
        {
            Assert.That(root["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(Vocabulary.TopLevelKeys));
            Assert.That(Strings(root["properties"]!["method"]!["enum"]), Is.EquivalentTo(Vocabulary.Methods));
            Assert.That(Strings(root["properties"]!["data"]!["enum"]), Is.EqualTo(Definitions.Datasets.Select(d => d.Key)), "the runtime's datasets, in their order");
            Assert.That(augmentSteps, Is.EquivalentTo(Vocabulary.AugmentSteps));
            Assert.That(Strings(defs["augmentStep"]!["oneOf"]![0]!["enum"]), Is.EquivalentTo(Vocabulary.AugmentSteps));
            Assert.That(Strings(criticObjective["estimator"]!["enum"]), Is.EqualTo(Definitions.Estimators.Select(e => e.Key)), "the estimators, in their order");
            Assert.That(Strings(criticObjective["critic"]!["enum"]), Is.EquivalentTo(Vocabulary.Critics));
            Assert.That(Strings(defs["dimObjective"]!["properties"]!["estimator"]!["enum"]), Is.EquivalentTo(Definitions.Estimators.Where(e => e.ScoresOnly).Select(e => e.Key)));
            Assert.That(Strings(train["optimizer"]!["oneOf"]![0]!["enum"]), Is.EquivalentTo(Vocabulary.Optimizers));
            Assert.That(Strings(train["schedule"]!["oneOf"]![0]!["enum"]), Is.EquivalentTo(Vocabulary.Schedules));
        });
    }

    [Test]
    public void SchemaReservesExactlyTheLayerNamesTheGeneratorRejects()
    {
        var reserved = Strings(Defs["layerName"]!["not"]!["enum"]);
        // Every word the generator's keyword checks reject (GetContextualKeywordKinds misses some, such as 'var').
        var keywords = Enum.GetValues<SyntaxKind>()
            .Select(SyntaxFacts.GetText)
            .Where(w => Regex.IsMatch(w, "^[a-z][a-z0-9_]*$"))
            .Where(w => SyntaxFacts.GetKeywordKind(w) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(w) != SyntaxKind.None)
            .Distinct();
        Assert.Multiple(() =>
        {
            foreach (var word in reserved)
            {
                Assert.That(Identifiers.LayerNameProblem(word), Is.Not.Null, $"the schema reserves '{word}' but the generator accepts it");
            }

            Assert.That(keywords, Is.SubsetOf(reserved), "C# keywords the schema does not reserve");
        });
    }

    // Names around every rule of the name checks: the schema's pattern and reserved words accept exactly what the generator does.
    [TestCase("model", "SimClrFashion")]
    [TestCase("model", "A")]
    [TestCase("model", "a")]
    [TestCase("model", "Sim_Clr")]
    [TestCase("model", "9Lives")]
    [TestCase("model", "Options")]
    [TestCase("model", "ModelRegistry")]
    [TestCase("model", "Encoder2")]
    [TestCase("layer", "conv1")]
    [TestCase("layer", "local_features")]
    [TestCase("layer", "Conv")]
    [TestCase("layer", "_x")]
    [TestCase("layer", "out")]
    [TestCase("layer", "var")]
    [TestCase("layer", "forward")]
    [TestCase("layer", "to_string")]
    [TestCase("layer", "output")]
    [TestCase("layer", "outputs")]
    public void SchemaNamesAreTheGeneratorsNames(string what, string name)
    {
        var schema = what == "model" ? SchemaJson["properties"]!["model"]! : Defs["layerName"]!;
        var bySchema = Regex.IsMatch(name, (string)schema["pattern"]!) && !Strings(schema["not"]!["enum"]).Contains(name);
        var byGenerator = (what == "model" ? Identifiers.ModelNameProblem(name) : Identifiers.LayerNameProblem(name)) is null;
        Assert.That(bySchema, Is.EqualTo(byGenerator));
    }

    [TestCase(99, true)]
    [TestCase(100, true)]
    [TestCase(101, false)]
    public void SchemaModelNamesHaveTheGeneratorsLength(int length, bool valid)
    {
        var name = "M" + new string('x', length - 1);
        Assert.That(Regex.IsMatch(name, (string)SchemaJson["properties"]!["model"]!["pattern"]!), Is.EqualTo(valid));
        Assert.That(Identifiers.ModelNameProblem(name) is null, Is.EqualTo(valid));
    }

    private static void AssertValid(string yaml)
    {
        var result = Evaluate(yaml);
        Assert.That(result.IsValid, Is.True, () => "schema errors:\n" + Errors(result));
    }

    private static void AssertInvalid(string yaml) =>
        Assert.That(Evaluate(yaml).IsValid, Is.False, "the schema accepts:\n" + yaml);

    private static void AssertGeneratorAccepts(string yaml)
    {
        var result = SpecReader.Read("/repo/models/x.model.yaml", "x.model.yaml", yaml, "Contrastive.Models");
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.Empty);
        Assert.That(result.Plan, Is.Not.Null);
    }

    private static void AssertGeneratorReports(string yaml, string id)
    {
        var result = SpecReader.Read("/repo/models/x.model.yaml", "x.model.yaml", yaml, "Contrastive.Models");
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain(id));
    }

    private static EvaluationResults Evaluate(string yaml)
    {
        using var document = JsonDocument.Parse(YamlToJson(yaml)!.ToJsonString());
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? new List<EvaluationResults>()).Prepend(result)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));

    private static List<string> Strings(JsonNode? array) =>
        array?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? new List<string>();

    /// <summary>
    /// YAML to JSON the way the generator reads scalars: a plain (unquoted) scalar is null, a boolean,
    /// a whole number or a number when it reads as one, anything else is a string.
    /// </summary>
    internal static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, Convert(c.Value)))),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw new NotSupportedException(node.GetType().Name),
        };

        static JsonNode? Scalar(YamlScalarNode scalar)
        {
            var text = scalar.Value ?? string.Empty;
            if (scalar.Style != ScalarStyle.Plain)
            {
                return JsonValue.Create(text);
            }

            if (text is "" or "~" or "null" or "Null" or "NULL")
            {
                return null;
            }

            if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            {
                return JsonValue.Create(text[0] is 't' or 'T');
            }

            var digits = text.Replace("_", string.Empty);
            if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(whole);
            }

            return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? JsonValue.Create(number)
                : JsonValue.Create(text);
        }
    }
}
