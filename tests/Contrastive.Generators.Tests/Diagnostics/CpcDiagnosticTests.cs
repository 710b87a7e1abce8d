using static Contrastive.Generators.Tests.SpecRuns;

namespace Contrastive.Generators.Tests.Diagnostics;

/// <summary>
/// The parts and objective of cpc: each mistake is reported at the offending key or value, with what
/// was expected and what was found, and nothing else.
/// </summary>
public sealed class CpcDiagnosticTests
{
    /// <summary>cpc on sequences: 1 model, 2 method, 3 input, 4 encoder:, 5 conv1d, 6 relu, 7 context, 8 objective.</summary>
    private static string Sequences(string objective = "{}") => $$"""
        model: Seq
        method: cpc
        input: [1, 64]
        encoder:
          - conv1d: { out: 8, kernel: 4, stride: 4 }
          - relu
        context: [{ gru: 8 }]
        objective: {{objective}}
        """;

    /// <summary>cpc on images: 1 model, 2 method, 3 input, 4 encoder:, 5 conv, 6 global-avg-pool, 7 context, 8 objective.</summary>
    private static string Images(string objective = "{ patches: { size: 8, stride: 4 } }") => $$"""
        model: Img
        method: cpc
        input: [1, 28, 28]
        encoder:
          - conv: { out: 8, kernel: 3 }
          - global-avg-pool
        context: [{ gru: 8 }]
        objective: {{objective}}
        """;

    [Test]
    public void TheBaseSpecsAreValid()
    {
        Clean(Sequences());
        Clean(Sequences("{ loss: infonce, steps: 12, first-step: 2, negatives: same-sequence }"));
        Clean(Images());
        Clean(Images("{ patches: { size: 7 }, steps: 3, first-step: 1, negatives: batch }"));
        Clean(Sequences().ReplaceLines("  - relu", "  - layernorm").ReplaceLines("context: [{ gru: 8 }]", "context: [{ conv1d: { out: 8, kernel: 1 } }, relu, { residual: [{ gru: 8 }, layernorm] }, { gru: 4 }]"));
    }

    [Test]
    public void A_missing_context_is_reported_at_the_method() => Expect(
        Sequences().ReplaceLines("context: [{ gru: 8 }]", string.Empty),
        At("CTK004", 2, 1, "The method 'cpc' needs the key 'context'", "e.g. 'context: [{ gru: 64 }]'"));

    [Test]
    public void Images_need_patches() => Expect(
        Images("{ steps: 2 }"),
        At("CTK004", 8, 1, "The method 'cpc' on images needs the key 'patches'", "{ patches: { size: 8, stride: 4 } }"));

    [Test]
    public void Sequences_take_no_patches() => Expect(
        Sequences("{ patches: { size: 4 } }"),
        At("CTK010", 8, 14, "The method 'cpc' uses 'objective.patches' only with images"));

    [Test]
    public void A_patch_larger_than_the_image_is_out_of_range() => Expect(
        Images("{ patches: { size: 30 } }"),
        At("CTK011", 8, 31, "'objective.patches.size' must be from 1 to 28", "found 30"));

    [Test]
    public void Too_many_steps_for_the_encoded_positions_name_the_most_that_fit() => Expect(
        Sequences("{ steps: 16 }"),
        At("CTK011", 8, 21, "'objective.steps' must be at most 15 here: the encoder gives 16 positions", "found 16"));

    [Test]
    public void A_first_step_past_the_last_row_is_out_of_range() => Expect(
        Images("{ patches: { size: 8, stride: 4 }, steps: 1, first-step: 6 }"),
        At("CTK011", 8, 69, "'objective.first-step' must be at most 5 here: the patch grid has 6 rows", "found 6"));

    [Test]
    public void Same_sequence_negatives_need_two_anchors() => Expect(
        Sequences("{ steps: 15, negatives: same-sequence }"),
        At("CTK011", 8, 21, "'objective.steps' must be at most 14 here", "at least two anchor positions"));

    [Test]
    public void An_unknown_negatives_word_suggests_the_closest() => Expect(
        Sequences("{ negatives: in-batch }"),
        At("CTK015", 8, 25, "Unknown negatives for cpc 'in-batch'"));

    [Test]
    public void A_sequence_encoder_must_keep_the_sequence() => Expect(
        Sequences().ReplaceLines("  - relu", "  - global-avg-pool"),
        At("CTK043", 4, 1, "cpc encodes a sequence into a sequence of vectors z_t, so the encoder must output a sequence [channels, length]; it outputs [8]: use strided 'conv1d' layers without pooling it away"));

    [Test]
    public void A_patch_encoder_must_end_in_a_vector() => Expect(
        Images().ReplaceLines("  - global-avg-pool", "  - relu"),
        At("CTK034", 4, 1, "cpc encodes each patch [1, 8, 8] into one vector z", "it outputs [8, 6, 6]"));

    [Test]
    public void The_context_must_keep_the_positions() => Expect(
        Sequences().ReplaceLines("context: [{ gru: 8 }]", "context: [{ conv1d: { out: 8, kernel: 1, padding: 1 } }]"),
        At("CTK043", 7, 1, "cpc's context gives one vector c per position, so the context must output [channels, 16] for its input [8, 16] (16 encoded positions); it outputs [8, 18]"));

    [Test]
    public void Pools_and_batch_norm_inside_residual_blocks_of_the_context_are_reported() => Expect(
        Sequences().ReplaceLines("context: [{ gru: 8 }]", "context: [{ residual: [{ max-pool: { kernel: 1 } }, batchnorm] }]"),
        At("CTK037", 7, 26, "context[0].layers[0] (max-pool) mixes neighbouring positions"),
        At("CTK048", 7, 53, "context[0].layers[1] (batchnorm) normalises with statistics of the whole batch"));

    [Test]
    public void Vectors_are_not_cpc_input() => Expect(
        Sequences().ReplaceLines("input: [1, 64]", "input: [64]"),
        At("CTK042", 3, 8, "cpc predicts along a sequence [channels, length] or down the rows of an image's grid of patches, so 'input' must be [channels, length] or [channels, height, width]; found [64]"),
        At("CTK030", 5, 5, "encoder[0] (conv1d) expects a sequence [channels, length], but its input is a vector [64]"));

    [Test]
    public void Cpc_makes_no_views() => Expect(
        Sequences().AppendLines("augment: [horizontal-flip]"),
        At("CTK010", 9, 1, "The method 'cpc' does not make augmented views; remove 'augment'"));

    [Test]
    public void Other_methods_have_no_context() => Expect(
        """
        model: Tiny
        method: simclr
        input: [1, 28, 28]
        encoder: [flatten]
        context: [{ gru: 8 }]
        augment: []
        """,
        At("CTK010", 5, 1, "The method 'simclr' does not use 'context'; remove it (contexts belong to cpc)"));
}
