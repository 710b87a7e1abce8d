using Contrastive.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using static Contrastive.Generators.Tests.SpecRuns;

namespace Contrastive.Generators.Tests.Diagnostics;

/// <summary>
/// One test per diagnostic id: a minimal spec that triggers it, and the exact id, file, line and
/// column (1-based, as a terminal shows them), a fragment of the message that says what was
/// expected and what was found, and no other diagnostic. Each spec is <see cref="SimClr"/> or
/// <see cref="Critic"/> with a line or two changed.
/// </summary>
public sealed class DiagnosticTests
{
    /// <summary>A valid SimCLR spec (8 lines). Its lines, for reading positions:
    /// 1 model, 2 method, 3 input, 4 encoder:, 5 conv, 6 relu, 7 global-avg-pool, 8 augment.</summary>
    private const string SimClr = """
        model: Tiny
        method: simclr
        input: [1, 28, 28]
        encoder:
          - conv: { out: 8, kernel: 3 }
          - relu
          - global-avg-pool
        augment: [horizontal-flip]
        """;

    /// <summary>A valid critic spec (6 lines): 1 model, 2 method, 3 input, 4 encoder:, 5 linear, 6 objective.</summary>
    private const string Critic = """
        model: Crit
        method: critic
        input: [4]
        encoder:
          - linear: 8
        objective: { estimator: infonce }
        """;

    [Test]
    public void TheBaseSpecsAreValid()
    {
        Clean(SimClr);
        Clean(Critic);
        Clean(Cpc);
    }

    // ---------------------------------------------------------------------------------------------
    // CTK001-CTK017: the spec's YAML and its keys

    [Test]
    public void CTK001_YamlSyntaxErrorIsReportedWhereTheReaderStopped() => Expect(
        SimClr.ReplaceLines("method: simclr", "method: simclr: x"),
        At("CTK001", 2, 15, "The spec is not valid YAML", "found invalid mapping"));

    [Test]
    public void CTK001_AnUnclosedFlowListPointsAtItsBracket() => Expect(
        SimClr.ReplaceLines("input: [1, 28, 28]", "input: [1, 28, 28"),
        At("CTK001", 3, 8, "this '[' has no matching ']'"));

    [Test]
    public void CTK001_ATabThatIndentsALinePointsAtTheTab() => Expect(
        SimClr.ReplaceLines("  - relu", "\t- relu"),
        At("CTK001", 6, 1, "found invalid tab as indentation"));

    [Test]
    public void CTK001_AnErrorAtTheEndOfAFileWithoutLineBreakStaysOnTheLastLine() => Expect(
        "model: Tiny\ninput: {",
        At("CTK001", 2, 9, "did not find expected node content"));

    [TestCase("- a\n- b", 1, 1, "found a list")]
    [TestCase("just text", 1, 1, "found 'just text'")]
    [TestCase("", 1, 1, "found an empty file")]
    [TestCase("# only a comment\n", 1, 1, "found an empty file")]
    public void CTK002_ASpecMustBeAMapping(string text, int line, int column, string found) => Expect(
        text,
        At("CTK002", line, column, "A model spec is a YAML mapping", found));

    [Test]
    public void CTK003_UnknownTopLevelKeySuggestsTheClosest() => Expect(
        SimClr.AppendLines("descripton: a typo"),
        At("CTK003", 9, 1, "Unknown key 'descripton' in the spec; did you mean 'description'?"));

    [Test]
    public void CTK003_UnknownLayerSettingSuggestsTheClosest() => Expect(
        SimClr.ReplaceLines("  - conv: { out: 8, kernel: 3 }", "  - conv: { out: 8, kernal: 3, kernel: 3 }"),
        At("CTK003", 5, 21, "Unknown key 'kernal' in encoder[0] (conv); did you mean 'kernel'?"));

    [Test]
    public void CTK003_AnEmptyKeyIsReportedAtItsColon() => Expect(
        SimClr.AppendLines("# a comment\n: simclr"),
        At("CTK003", 10, 1, "Unknown key '' in the spec"));

    [Test]
    public void CTK004_MissingTopLevelKeyIsReportedAtTheStartOfTheSpec() => Expect(
        SimClr.RemoveLines("input: [1, 28, 28]"),
        At("CTK004", 1, 1, "The spec needs the key 'input'", "e.g. 'input: [1, 28, 28]'"));

    [Test]
    public void CTK004_MissingLayerSettingIsReportedAtTheLayer() => Expect(
        SimClr.ReplaceLines("  - conv: { out: 8, kernel: 3 }", "  - conv: { out: 8 }"),
        At("CTK004", 5, 5, "encoder[0] (conv) needs the key 'kernel'"));

    [Test]
    public void CTK005_WrongValueTypeSaysWhatWasExpectedAndFound() => Expect(
        SimClr.ReplaceLines("  - conv: { out: 8, kernel: 3 }", "  - conv: { out: eight, kernel: 3 }"),
        At("CTK005", 5, 18, "encoder[0] (conv).out expects a whole number from 1 to 1000000; found 'eight'"));

    [Test]
    public void CTK006_DuplicateKeyNamesTheLineOfTheFirst() => Expect(
        SimClr.AppendLines("method: simclr"),
        At("CTK006", 9, 1, "The key 'method' appears twice in the spec; the first one is on line 2"));

    [Test]
    public void CTK007_ModelNameMustBeAPascalCaseTypeName() => Expect(
        SimClr.ReplaceLines("model: Tiny", "model: tiny"),
        At("CTK007", 1, 8, "The model name 'tiny' cannot be used", "starts with an upper-case letter"));

    [TestCase("ModelRegistry", "it is reserved")]
    [TestCase("Encoder", "the generated model class has a member of that name")]
    [TestCase("FeatureSize", "the generated model class has a member of that name")]
    [TestCase("TileSize", "the generated model class has a member of that name")]
    public void CTK007_ModelNameMustNotHideWhatGeneratedCodeUses(string name, string why) => Expect(
        SimClr.ReplaceLines("model: Tiny", "model: " + name),
        At("CTK007", 1, 8, $"The model name '{name}' cannot be used: {why}"));

    [TestCase("input", "a member of the generated module")]
    [TestCase("to_string", "its tap property 'ToString' would clash")]
    [TestCase("output_", "its tap property 'Output' would clash")]
    [TestCase("tiny_encoder_taps", "its tap property would have the name of the record it belongs to, 'TinyEncoderTaps'")]
    [TestCase("Local", "lower-case ASCII letters, digits and '_'")]
    [TestCase("forward", "a member of the generated module")]
    public void CTK007_LayerNameMustBeAUsableCheckpointKey(string name, string why) => Expect(
        SimClr.ReplaceLines("  - relu", "  - relu: { name: " + name + " }"),
        At("CTK007", 6, 19, $"The layer name '{name}' cannot be used", why));

    [TestCase("TorchSharp.torch", "'TorchSharp.torch' would name the namespace instead of the type 'TorchSharp.torch' that generated code uses")]
    [TestCase("Contrastive.Layers.Residual.Models", "'Contrastive.Layers.Residual' would name the namespace instead of the type")]
    [TestCase("Contrastive.Methods.CpcNegatives.Models", "'Contrastive.Methods.CpcNegatives' would name the namespace instead of the type")]
    [TestCase("My..Models", "dot-separated C# identifiers")]
    public void CTK007_NamespaceMustBeUsable(string ns, string why) => Expect(
        SimClr.AppendLines("namespace: " + ns),
        At("CTK007", 9, 12, $"The namespace '{ns}' cannot be used", why));

    [TestCase("Residual", "Contrastive.Layers", "its generated type 'Contrastive.Layers.Residual' would hide the type of that name that generated code uses")]
    [TestCase("Modules", "TorchSharp", "its generated type 'TorchSharp.Modules' would hide the namespace of that name that generated code uses")]
    [TestCase("Train", "Contrastive.Training", "its generated type 'Contrastive.Training.TrainOptions' would hide the type of that name that generated code uses")]
    [TestCase("MoCo", "Contrastive.Methods", "its generated type 'Contrastive.Methods.MoCo' would hide the type of that name that generated code uses")]
    [TestCase("SimClrSettings", "Contrastive.Methods", "its generated type 'Contrastive.Methods.SimClrSettings' would hide the type of that name that generated code uses")]
    public void CTK007_ModelMustNotHideAFullNameGeneratedCodeUses(string name, string ns, string why) => Expect(
        SimClr.ReplaceLines("model: Tiny", "model: " + name).AppendLines("namespace: " + ns),
        At("CTK007", 1, 8, $"The model name '{name}' cannot be used: {why}"));

    [Test]
    public void CTK008_UnknownMethodSuggestsTheClosest() => Expect(
        SimClr.ReplaceLines("method: simclr", "method: simclrr"),
        At("CTK008", 2, 9, "Unknown method 'simclrr'; did you mean 'simclr'?"));

    [Test]
    public void CTK010_PartTheMethodDoesNotUseIsReportedAtItsKey() => Expect(
        SimClr.AppendLines("head: [relu]"),
        At("CTK010", 9, 1, "The method 'simclr' does not use 'head'; remove it"));

    [Test]
    public void CTK010_AugmentOnAMethodWithoutViews() => Expect(
        Critic.AppendLines("augment: [horizontal-flip]"),
        At("CTK010", 7, 1, "The method 'critic' does not make augmented views; remove 'augment'"));

    [Test]
    public void CTK011_NumberOutOfRangeSaysTheRangeAndTheValue() => Expect(
        SimClr.ReplaceLines("input: [1, 28, 28]", "input: [1, 28, 0]"),
        At("CTK011", 3, 16, "a size in 'input' must be from 1 to 1000000; found 0"));

    [Test]
    public void CTK011_PaddingThatGrowsASizePastTheBoundIsOutOfRange() => Expect(
        SimClr.ReplaceLines("  - relu", "  - conv: { out: 8, kernel: 1, padding: 1000000 }\n  - conv: { out: 8, kernel: 1, padding: 1000000 }"),
        At("CTK011", 6, 5, "encoder[1] (conv) output height must be at most 1000000", "found 2000026"));

    [Test]
    public void CTK012_UnknownLayerSuggestsTheClosest() => Expect(
        SimClr.ReplaceLines("  - relu", "  - convv"),
        At("CTK012", 6, 5, "Unknown layer 'convv'; did you mean 'conv'?"));

    [Test]
    public void CTK013_DuplicateLayerNameNamesTheLineOfTheFirst() => Expect(
        SimClr
            .ReplaceLines("  - conv: { out: 8, kernel: 3 }", "  - conv: { out: 8, kernel: 3, name: features }")
            .ReplaceLines("  - relu", "  - relu: { name: features }"),
        At("CTK013", 6, 19, "The layer name 'features' is already used in 'encoder' on line 5"));

    [Test]
    public void CTK014_InputShapeOfFourSizes() => Expect(
        SimClr.ReplaceLines("input: [1, 28, 28]", "input: [1, 2, 3, 4]"),
        At("CTK014", 3, 8, "'input' must be [features], [channels, length] or [channels, height, width]", "found a list of 4 sizes"));

    [Test]
    public void CTK015_UnknownDatasetSuggestsTheClosest() => Expect(
        SimClr.AppendLines("data: fashionmnist"),
        At("CTK015", 9, 7, "Unknown dataset 'fashionmnist'; did you mean 'fashion-mnist'?"));

    [Test]
    public void CTK016_AliasesAreNotSupported() => Expect(
        SimClr.ReplaceLines("method: simclr", "method: &m simclr").AppendLines("description: *m"),
        At("CTK016", 9, 14, "Model specs do not support aliases (*m)"));

    [Test]
    public void CTK016_ASecondDocumentIsNotSupported() => Expect(
        SimClr.AppendLines("---\nmodel: Other"),
        At("CTK016", 9, 1, "more than one YAML document in a file"));

    [Test]
    public void CTK017_NestingDeeperThan32LevelsIsReportedAtTheFirstLevelTooMany() => Expect(
        SimClr.AppendLines("description: " + new string('[', 1000)),
        At("CTK017", 9, 45, "nests lists and mappings more than 32 levels deep"));

    // ---------------------------------------------------------------------------------------------
    // CTK030-CTK036: shapes and how the parts fit the method

    [Test]
    public void CTK030_LinearOnAnImageHintsAtFlatten() => Expect(
        SimClr.ReplaceLines("  - conv: { out: 8, kernel: 3 }", "  - linear: 10"),
        At("CTK030", 5, 5, "encoder[0] (linear) expects a vector [features], but its input is an image [1, 28, 28]", "add 'flatten' or 'global-avg-pool' before it"));

    [Test]
    public void CTK031_KernelLargerThanItsInput() => Expect(
        SimClr
            .ReplaceLines("  - conv: { out: 8, kernel: 3 }", "  - conv: { out: 8, kernel: 3, stride: 5 }")
            .ReplaceLines("  - relu", "  - conv: { out: 8, kernel: 8 }"),
        At("CTK031", 6, 5, "encoder[1] (conv): the kernel 8 is larger than the padded input 6 (height 6 + 2 x padding 0)"));

    [Test]
    public void CTK031_KernelLargerThanALength6Sequence() => Expect(
        """
        model: Seq
        method: simclr
        input: [1, 6]
        encoder:
          - conv: { out: 4, kernel: 8 }
          - global-avg-pool
        """,
        At("CTK042", 3, 8, "simclr learns from augmented views of images", "found [1, 6]"),
        At("CTK031", 5, 5, "encoder[0] (conv): the kernel 8 is larger than the padded input 6 (length 6 + 2 x padding 0)"));

    [Test]
    public void CTK032_LayerOutputTooLarge() => Expect(
        SimClr.ReplaceLines("  - conv: { out: 8, kernel: 3 }", "  - conv: { out: 1000000, kernel: 1, padding: 10 }"),
        At("CTK032", 5, 5, "encoder[0] (conv) turns [1, 28, 28] into [1000000, 48, 48]: 2304000000 values per sample", "more than the 2147483647 a layer may produce"));

    [Test]
    public void CTK033_ResidualBlockThatChangesTheShapeWithoutProjection() => Expect(
        SimClr.ReplaceLines("  - relu", "  - residual: [ { conv: { out: 8, kernel: 3, stride: 2 } } ]"),
        At("CTK033", 6, 5, "encoder[1] (residual) turns [8, 26, 26] into [8, 12, 12], so its input cannot be added to its output; add 'projection: true'"));

    [Test]
    public void CTK034_SimClrEncoderMustEndInAVector() => Expect(
        SimClr.RemoveLines("  - global-avg-pool"),
        At("CTK034", 4, 1, "the encoder must end in a vector [features]; it outputs [8, 26, 26]", "end it with 'global-avg-pool' or 'flatten'"));

    [Test]
    public void CTK035_EmptyLayerList() => Expect(
        SimClr.ReplaceLines("encoder:\n  - conv: { out: 8, kernel: 3 }\n  - relu\n  - global-avg-pool", "encoder: []"),
        At("CTK035", 4, 10, "'encoder' has no layers"));

    [Test]
    public void CTK036_DatasetThatDoesNotFitTheInput() => Expect(
        SimClr.AppendLines("data: cifar10"),
        At("CTK036", 9, 7, "The dataset 'cifar10' gives [3, 32, 32], but 'input' is [1, 28, 28]"));

    /// <summary>A valid CPC spec on sequences: 1 model, 2 method, 3 input, 4 encoder:, 5 conv1d, 6 relu, 7 context:, 8 gru.</summary>
    private const string Cpc = """
        model: Seq
        method: cpc
        input: [1, 64]
        encoder:
          - conv1d: { out: 8, kernel: 4, stride: 4 }
          - relu
        context:
          - gru: 8
        """;

    [Test]
    public void CTK037_AContextThatLooksAheadIsReportedAtTheLayer() => Expect(
        Cpc.ReplaceLines("  - gru: 8", "  - conv1d: { out: 8, kernel: 3, padding: 1 }"),
        At("CTK037", 8, 5, "context[0] (conv1d) with kernel 3 and stride 1 mixes neighbouring positions, later ones included", "must be causal"));

    [Test]
    public void CTK048_BatchNormInTheEncoderIsReportedAtTheLayer() => Expect(
        Cpc.ReplaceLines("  - relu", "  - batchnorm"),
        At("CTK048", 6, 5, "encoder[1] (batchnorm) normalises with statistics of the whole batch", "use 'layernorm'"));

    [Test]
    public void CTK038_APredictionThatSharesPixelsWithTheContextIsReportedAtTheFirstStep() => Expect(
        Cpc.ReplaceLines("input: [1, 64]", "input: [1, 28, 28]")
            .ReplaceLines("  - conv1d: { out: 8, kernel: 4, stride: 4 }", "  - conv: { out: 8, kernel: 3 }")
            .ReplaceLines("  - relu", "  - global-avg-pool")
            .AppendLines("objective: { patches: { size: 6, stride: 2 }, first-step: 2 }"),
        At("CTK038", 9, 59, "'objective.first-step' 2 predicts row r + 2", "patches of 6 pixels every 2 pixels overlap", "shares 2 pixel rows", "predict from step 3 on"));

    // ---------------------------------------------------------------------------------------------
    // The pretext methods' own checks (ids from the ranges above)

    /// <summary>A valid rotation spec (8 lines): 1 model, 2 method, 3 input, 4 encoder:, 5 conv, 6 global-avg-pool, 7 head, 8 augment.</summary>
    private const string Rotation = """
        model: Turn
        method: rotation
        input: [1, 28, 28]
        encoder:
          - conv: { out: 8, kernel: 3 }
          - global-avg-pool
        head: [{ linear: 4 }]
        augment: [horizontal-flip]
        """;

    /// <summary>A valid jigsaw spec (8 lines): 1 model, 2 method, 3 input, 4 encoder:, 5 conv, 6 global-avg-pool, 7 head, 8 objective.</summary>
    private const string Jigsaw = """
        model: Puzzle
        method: jigsaw
        input: [1, 28, 28]
        encoder:
          - conv: { out: 8, kernel: 3, padding: 1 }
          - global-avg-pool
        head: [{ linear: 100 }]
        objective: { tile-size: 6, gap: 1 }
        """;

    [Test]
    public void ThePretextBaseSpecsAreValid()
    {
        Clean(Rotation);
        Clean(Jigsaw);
        Clean(Jigsaw.ReplaceLines("method: jigsaw", "method: relative-position").ReplaceLines("head: [{ linear: 100 }]", "head: [{ linear: 8 }]"));
    }

    [Test]
    public void CTK004_PretextMethodWithoutAHeadAsksForItsClassifier() => Expect(
        Rotation.RemoveLines("head: [{ linear: 4 }]"),
        At("CTK004", 2, 1, "The method 'rotation' needs the key 'head': the classifier of the pretext task, e.g. 'head: [{ linear: 128 }, relu, { linear: 4 }]'"));

    [Test]
    public void CTK010_RotationRefusesViewsTurnedBeforehand() => Expect(
        Rotation.ReplaceLines("augment: [horizontal-flip]", "augment: [horizontal-flip, rotate90]"),
        At("CTK010", 8, 28, "The method 'rotation' cannot use the augmentation 'rotate90'", "views turned beforehand would carry the wrong label; remove it"));

    [Test]
    public void CTK011_JigsawTileLargerThanACell() => Expect(
        Jigsaw.ReplaceLines("objective: { tile-size: 6, gap: 1 }", "objective: { tile-size: 10, gap: 1 }"),
        At("CTK011", 8, 25, "'objective.tile-size' must be from 1 to 9, the side of a cell of the 3 x 3 grid on 28 x 28 images; found 10"));

    [Test]
    public void CTK011_JigsawGapThatLeavesNoRoomForTheTile() => Expect(
        Jigsaw.ReplaceLines("objective: { tile-size: 6, gap: 1 }", "objective: { tile-size: 6, gap: 4 }"),
        At("CTK011", 8, 33, "'objective.gap' must be from 0 to 3: a tile of 6 pixels and the gap must fit in a cell of 9; found 4"));

    [Test]
    public void CTK011_JigsawNeedsAtLeastTwoPermutations() => Expect(
        Jigsaw.ReplaceLines("objective: { tile-size: 6, gap: 1 }", "objective: { permutations: 1 }"),
        At("CTK011", 8, 28, "'objective.permutations' must be from 2 to 1000; found 1"));

    [Test]
    public void CTK042_RotationNeedsSquareImages() => Expect(
        Rotation.ReplaceLines("input: [1, 28, 28]", "input: [1, 28, 20]"),
        At("CTK004", 1, 1, "The spec needs the key 'data'"),
        At("CTK042", 3, 8, "rotation turns images by quarter turns, which swap height and width, so 'input' must be square [channels, size, size]; found [1, 28, 20]"));

    [Test]
    public void CTK042_TileMethodsNeedImagesOfAtLeastThreeByThreePixels() => Expect(
        Jigsaw.ReplaceLines("input: [1, 28, 28]", "input: [1, 2, 28]"),
        At("CTK004", 1, 1, "The spec needs the key 'data'"),
        At("CTK042", 3, 8, "jigsaw cuts each image into a 3 x 3 grid of tiles, so 'input' must be at least 3 x 3 pixels; found [1, 2, 28]"));

    [Test]
    public void CTK034_TheEncoderOfATileMethodReadsOneTileAndMustEndInAVector() => Expect(
        Jigsaw.RemoveLines("  - global-avg-pool"),
        At("CTK034", 4, 1, "jigsaw's encoder reads tiles [1, 6, 6], so the encoder must end in a vector [features]; it outputs [8, 6, 6]: end it with 'global-avg-pool' or 'flatten'"));

    // A linear layer after 'flatten' is built for the tile's size and could not read the whole image.
    [Test]
    public void CTK046_TheEncoderOfATileMethodMustAlsoReadTheWholeImage() => Expect(
        Jigsaw.ReplaceLines("  - global-avg-pool", "  - flatten\n  - linear: 16").ReplaceLines("head: [{ linear: 100 }]", "head: [{ linear: 100 }]"),
        At("CTK046", 4, 1, "jigsaw's encoder reads tiles [1, 6, 6] in training and whole images [1, 28, 28] for evaluation, so it must give the same features for both: on the image its layer 'linear1' would need other sizes; end its convolutions with 'global-avg-pool'"));

    [Test]
    public void CTK046_TheEncoderOfATileMethodMustGiveTheSameFeaturesForTheWholeImage() => Expect(
        Jigsaw.ReplaceLines("  - global-avg-pool", "  - flatten"),
        At("CTK046", 4, 1, "jigsaw's encoder reads tiles [1, 6, 6] in training and whole images [1, 28, 28] for evaluation, so it must give the same features for both: on the image it outputs [6272] instead of [288]; end its convolutions with 'global-avg-pool' before any 'flatten' or 'linear'"));

    [Test]
    public void CTK043_JigsawHeadMustScoreEveryPermutation() => Expect(
        Jigsaw.ReplaceLines("head: [{ linear: 100 }]", "head: [{ linear: 50 }]"),
        At("CTK043", 7, 1, "jigsaw's head scores the 100 permutations of 'objective.permutations', so the head must output [100]; it outputs [50]"));

    [Test]
    public void CTK043_RelativePositionHeadMustScoreTheEightNeighbours() => Expect(
        Jigsaw.ReplaceLines("method: jigsaw", "method: relative-position"),
        At("CTK043", 7, 1, "relative-position's head scores the 8 places of a neighbour around the centre tile, so the head must output [8]; it outputs [100]"));

    [Test]
    public void CTK043_TheConcatCriticScoresEachPairWithOneValue() => Expect(
        Critic.ReplaceLines("objective: { estimator: infonce }", "objective: { estimator: infonce, critic: concat }"),
        At("CTK043", 4, 1, "the concat critic scores each concatenated pair [x, y] with the encoder, so the encoder must output one score [1] per pair; it outputs [8]"));

    [Test]
    public void CTK043_TheBaselineHeadGivesOneValuePerY() => Expect(
        Critic.ReplaceLines("objective: { estimator: infonce }", "objective: { estimator: tuba }\nhead: [{ linear: 2 }]"),
        At("CTK043", 7, 1, "the estimator 'tuba' reads the baseline log a(y) from 'head', so the head must output one value [1] per y; it outputs [2]"));

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
    public void CTK044_TheLocalLayerMustGiveAFeatureMap() => Expect(
        Dim.ReplaceLines("  - global-avg-pool", "  - global-avg-pool: { name: pooled }").ReplaceLines("objective: { local: local }", "objective: { local: pooled }"),
        At("CTK044", 8, 21, "dim's local map must be a feature map [channels, height, width]; the layer 'pooled' outputs [8]: name a layer before the encoder pools or flattens"));

    [Test]
    public void CTK045_TheLocalLayerMustBeATopLevelTap() => Expect(
        Dim.ReplaceLines("  - relu", "  - residual: [{ conv: { out: 8, kernel: 3, padding: 1, name: inner } }]").ReplaceLines("objective: { local: local }", "objective: { local: inner }"),
        At("CTK045", 8, 21, "dim reads the local map from a tap of the encoder, and only its top-level layers are taps; 'inner' is inside a residual block: name the block itself"));

    [Test]
    public void CTK047_AnEncoderThatLeavesTooFewPositions() => Expect(
        Cpc.ReplaceLines("  - conv1d: { out: 8, kernel: 4, stride: 4 }", "  - conv1d: { out: 8, kernel: 4, stride: 64 }"),
        At("CTK047", 4, 1, "cpc predicts at least 1 step ahead and needs a position to predict from, so it needs at least 2 encoded positions; the encoder gives 1 positions"));

    // ---------------------------------------------------------------------------------------------
    // CTK040-CTK041: names across the specs of a project

    [Test]
    public void CTK040_DuplicateModelNameIsReportedOnTheSecondFile()
    {
        var outcome = Run(("a.model.yaml", SimClr), ("b.model.yaml", SimClr));
        Expect(outcome, In("b.model.yaml", "CTK040", 1, 8, "The model 'Tiny' is also defined in a.model.yaml"));
        Assert.That(outcome.Sources.Keys, Does.Contain("TinyEncoder.g.cs"), "the first spec still generates");
    }

    [Test]
    public void CTK041_ModelNamedLikeAnotherModelsPartType()
    {
        var outcome = Run(("a.model.yaml", SimClr), ("b.model.yaml", SimClr.ReplaceLines("model: Tiny", "model: TinyEncoder")));
        Expect(outcome, In("b.model.yaml", "CTK041", 1, 8, "The model 'TinyEncoder' clashes with the model in a.model.yaml: both would generate the type 'TinyEncoder'"));
    }

    [Test]
    public void CTK041_ModelWhosePartTypeIsAnotherModelsName()
    {
        var outcome = Run(("a.model.yaml", SimClr.ReplaceLines("model: Tiny", "model: TinyEncoder")), ("b.model.yaml", SimClr));
        Expect(outcome, In("b.model.yaml", "CTK041", 1, 8, "The model 'Tiny' clashes with the model in a.model.yaml: both would generate the type 'TinyEncoder'"));
    }

    // ---------------------------------------------------------------------------------------------
    // CTK099 and the ids as a whole

    /// <summary>
    /// CTK099 is the generator's fallback for its own bugs and cannot be triggered on purpose. Every
    /// run of these tests and of the injection tests goes through <see cref="SpecRuns.Run(string)"/>,
    /// which fails on CTK099 (and on an exception escaping the generator); here the example specs and
    /// the inputs that once produced it go through it once more.
    /// </summary>
    [Test]
    public void CTK099_NoInputOfTheseTestsYieldsIt()
    {
        var examples = Directory.GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "models"), "*.model.yaml")
            .Select(p => (Path.GetFileName(p), File.ReadAllText(p)))
            .ToArray();
        Assert.That(examples, Is.Not.Empty);
        Assert.That(Run(examples).Diagnostics, Is.Empty, "the example specs are valid");
        foreach (var text in new[] { "input: [1, 28\nencoder: []", "a: {b\nc: d", SimClr.ReplaceLines("  - relu", "\t- relu"), "{" })
        {
            Assert.That(Run(text).Diagnostics.Select(d => d.Id), Has.None.EqualTo("CTK099"));
        }

        Assert.That(DiagnosticDescriptors.InternalError.Id, Is.EqualTo("CTK099"));
    }

    /// <summary>Every id the generator defines has a test above (CTK099 excepted, see its test).</summary>
    [Test]
    public void EveryDiagnosticIdHasATest()
    {
        var tested = typeof(DiagnosticTests).GetMethods()
            .Where(m => m.Name.StartsWith("CTK", StringComparison.Ordinal))
            .Select(m => m.Name.Substring(0, 6))
            .ToHashSet();
        Assert.That(DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !tested.Contains(id)), Is.Empty);
    }

    [Test]
    public void ColumnsCountUtf16CodeUnitsAsRoslynDoes() => Expect(
        Critic.ReplaceLines("objective: { estimator: infonce }", "objective: { \"😀é\": 1, estimatr: infonce, estimator: infonce }"),
        At("CTK003", 6, 14, "Unknown key '😀é' in 'objective'"),
        At("CTK003", 6, 24, "Unknown key 'estimatr' in 'objective'; did you mean 'estimator'?"));

    [Test]
    public void CrLfLineEndingsGiveTheSamePositions() => Expect(
        SimClr.ReplaceLines("  - relu", "  - convv").Replace("\n", "\r\n"),
        At("CTK012", 6, 5, "Unknown layer 'convv'"));

    [Test]
    public void EveryMistakeOfOneSpecIsReportedInOneRun() => Expect(
        SimClr
            .ReplaceLines("method: simclr", "method: simclrr")
            .ReplaceLines("  - relu", "  - convv")
            .AppendLines("descripton: x"),
        At("CTK008", 2, 9, "did you mean 'simclr'?"),
        At("CTK012", 6, 5, "did you mean 'conv'?"),
        At("CTK003", 9, 1, "did you mean 'description'?"));
}
