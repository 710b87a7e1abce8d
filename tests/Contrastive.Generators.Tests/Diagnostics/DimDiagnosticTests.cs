using static Contrastive.Generators.Tests.SpecRuns;

namespace Contrastive.Generators.Tests.Diagnostics;

/// <summary>
/// The dim method's own checks, each at the line and column of the value at fault: the layer that
/// 'objective.local' names must exist among the encoder's taps and give a feature map, the encoder
/// must end in the encoding, and the objective's settings must be able to train.
/// </summary>
public sealed class DimDiagnosticTests
{
    /// <summary>A valid dim spec (8 lines): 1 model, 2 method, 3 input, 4 encoder:, 5 conv (named), 6 relu, 7 global-avg-pool, 8 objective.</summary>
    private const string Dim = """
        model: Tiny
        method: dim
        input: [1, 28, 28]
        encoder:
          - conv: { out: 8, kernel: 3, stride: 2, name: local }
          - relu
          - global-avg-pool
        objective: { local: local }
        """;

    [Test]
    public void TheBaseSpecGeneratesCodeThatCompiles()
    {
        var outcome = Clean(Dim);
        Assert.That(outcome.CompileProblems, Is.Empty);
        Assert.That(outcome.Sources["Tiny.g.cs"], Does.Contain("DeepInfoMaxFeatures.Select(encoder.ForwardWithTaps, taps => taps.Local, taps => taps.Output)"));
        Assert.That(outcome.Sources["Tiny.g.cs"], Does.Contain("public const int LocalChannels = 8;").And.Contain("public const int LocalHeight = 13;"));
    }

    // The local map named like the lambda's parameter and the part it reads: still plain code.
    [TestCase("taps")]
    [TestCase("encoder")]
    public void ALocalLayerNamedLikeTheWiringsLocalsCompiles(string name)
    {
        var outcome = Clean(Dim
            .ReplaceLines("  - conv: { out: 8, kernel: 3, stride: 2, name: local }", $"  - conv: {{ out: 8, kernel: 3, stride: 2, name: {name} }}")
            .ReplaceLines("objective: { local: local }", $"objective: {{ local: {name} }}"));
        Assert.That(outcome.CompileProblems.Select(d => d.ToString()), Is.Empty);
    }

    // Fails if the wiring hard-codes the tap 'Local' instead of the one the spec names.
    [Test]
    public void TheNamedLayerIsTheTapTheWiringReads()
    {
        var outcome = Clean(Dim
            .ReplaceLines("  - conv: { out: 8, kernel: 3, stride: 2, name: local }", "  - conv: { out: 8, kernel: 3, name: early }\n  - conv: { out: 4, kernel: 3, stride: 2, name: patch_map }")
            .ReplaceLines("objective: { local: local }", "objective: { local: patch_map, estimator: infonce, alpha: 0.5, gamma: 0.1, prior: gaussian }"));
        Assert.That(outcome.CompileProblems, Is.Empty);
        var model = outcome.Sources["Tiny.g.cs"];
        Assert.That(model, Does.Contain("taps => taps.PatchMap, taps => taps.Output").And.Contain("public const int LocalChannels = 4;").And.Contain("public const int LocalWidth = 12;"));
        Assert.That(outcome.Sources["TinyOptions.g.cs"], Does.Contain("MiEstimator.InfoNce").And.Contain("PriorDistribution.Gaussian"));
    }

    [Test]
    public void AnUnknownLayerNameSuggestsTheClosestTap() => Expect(
        Dim.ReplaceLines("objective: { local: local }", "objective: { local: locl }"),
        At("CTK015", 8, 21, "Unknown encoder layer 'locl'; did you mean 'local'?"));

    [Test]
    public void AnEncoderWithoutNamedLayersSaysHowToNameOne() => Expect(
        Dim.ReplaceLines("  - conv: { out: 8, kernel: 3, stride: 2, name: local }", "  - conv: { out: 8, kernel: 3, stride: 2 }")
            .ReplaceLines("objective: { local: local }", "objective: { local: conv1 }"),
        At("CTK015", 8, 21, "Unknown encoder layer 'conv1'; the encoder names no layers: add 'name: conv1' to the layer whose output is the local map"));

    [Test]
    public void ALayerThatIsNotAFeatureMapIsReportedAtTheName() => Expect(
        Dim.ReplaceLines("  - global-avg-pool", "  - global-avg-pool: { name: pooled }")
            .ReplaceLines("objective: { local: local }", "objective: { local: pooled }"),
        At("CTK044", 8, 21, "dim's local map must be a feature map [channels, height, width]; the layer 'pooled' outputs [8]"));

    [Test]
    public void ALayerInsideAResidualBlockIsNotATap() => Expect(
        Dim.ReplaceLines("  - relu", "  - residual: [{ conv: { out: 8, kernel: 3, padding: 1, name: inner } }]")
            .ReplaceLines("objective: { local: local }", "objective: { local: inner }"),
        At("CTK045", 8, 21, "only its top-level layers are taps; 'inner' is inside a residual block"));

    [Test]
    public void TheObjectiveIsRequiredForItsLocalLayer() => Expect(
        Dim.RemoveLines("objective: { local: local }"),
        At("CTK004", 2, 1, "The method 'dim' needs the key 'objective'", "which encoder layer gives the local feature map"));

    [Test]
    public void TheLocalKeyIsRequired() => Expect(
        Dim.ReplaceLines("objective: { local: local }", "objective: { estimator: jsd }"),
        At("CTK004", 8, 12, "'objective' needs the key 'local'"));

    [Test]
    public void WithoutAGlobalOrLocalTermThereIsNothingToMaximise() => Expect(
        Dim.ReplaceLines("objective: { local: local }", "objective: { local: local, beta: 0, gamma: 1 }"),
        At("CTK011", 8, 34, "'objective.beta' must be greater than 0 when alpha is 0", "found 0"));

    [Test]
    public void OnlyTheEstimatorsOfScoresAloneAreOffered() => Expect(
        Dim.ReplaceLines("objective: { local: local }", "objective: { local: local, estimator: mine }"),
        At("CTK015", 8, 39, "Unknown estimator for dim 'mine'; expected one of: infonce, nwj, dv, jsd"));

    [Test]
    public void SettingsAreCheckedAgainstTheirRanges() => Expect(
        Dim.ReplaceLines("objective: { local: local }", "objective: { local: local, gamma: -1, prior: laplace, discriminator-units: 0 }"),
        At("CTK011", 8, 35, "'objective.gamma' must be from 0 to 100; found -1"),
        At("CTK015", 8, 46, "Unknown prior 'laplace'; expected one of: uniform, gaussian"),
        At("CTK011", 8, 76, "'objective.discriminator-units' must be from 1 to 65536; found 0"));

    [Test]
    public void TheEncoderMustEndInTheEncoding() => Expect(
        Dim.RemoveLines("  - global-avg-pool"),
        At("CTK034", 4, 1, "dim scores the encoder's output as the encoding E(x), so the encoder must end in a vector [features]; it outputs [8, 13, 13]: end it with 'global-avg-pool' or 'flatten', then e.g. 'linear: 64'"));

    [Test]
    public void TheInputMustBeAnImage() => Expect(
        Dim.ReplaceLines("input: [1, 28, 28]", "input: [8]"),
        At("CTK042", 3, 8, "dim learns from images through the feature maps of their encoder, so 'input' must be [channels, height, width]"),
        At("CTK030", 5, 5, "encoder[0] (conv) expects a sequence [channels, length] or an image"));

    [Test]
    public void DimMakesNoViewsAndHasNoProjector() => Expect(
        Dim.AppendLines("augment: [horizontal-flip]\nprojector: [{ linear: 4 }]"),
        At("CTK010", 9, 1, "The method 'dim' does not make augmented views; remove 'augment'"),
        At("CTK010", 10, 1, "does not use 'projector'", "dim's discriminators are built by the runtime"));
}
