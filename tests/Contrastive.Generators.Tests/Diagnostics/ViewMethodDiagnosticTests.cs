using static Contrastive.Generators.Tests.SpecRuns;

namespace Contrastive.Generators.Tests.Diagnostics;

/// <summary>
/// The objective settings and parts of simclr, moco, byol and simsiam: each mistake is reported at
/// the offending key or value, with what was expected, and nothing else.
/// </summary>
public sealed class ViewMethodDiagnosticTests
{
    /// <summary>A valid spec of <c>method</c> with a projector and a predictor: 1 model, 2 method, 3 input,
    /// 4 encoder:, 5 conv, 6 global-avg-pool, 7 projector, 8 predictor, 9 augment, 10 objective.</summary>
    private static string Spec(string method, string objective = "{}") => $"""
        model: Tiny
        method: {method}
        input: [1, 28, 28]
        encoder:
          - conv: {"{"} out: 8, kernel: 3 {"}"}
          - global-avg-pool
        projector: [{"{"} linear: 4 {"}"}]
        predictor: [{"{"} linear: 4 {"}"}]
        augment: [horizontal-flip]
        objective: {objective}
        """;

    [Test]
    public void TheBaseSpecsAreValid()
    {
        Clean(Spec("byol"));
        Clean(Spec("simsiam"));
        Clean(Spec("moco").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty));
        Clean(Spec("simclr", "{ loss: dcl, negatives: { memory-bank: 4096, momentum: 0.3 } }").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty));
        Clean(Spec("moco", "{ negatives: { queue: 64 }, momentum: { base: 0.996, schedule: constant }, symmetric: true }").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty));
    }

    [Test]
    public void A_predictor_that_does_not_give_back_the_projection_size_is_reported_at_its_key() => Expect(
        Spec("byol").ReplaceLines("predictor: [{ linear: 4 }]", "predictor: [{ linear: 5 }]"),
        At("CTK043", 8, 1, "byol's predictor predicts the other view's projection, so the predictor must output the projector's size [4]; it outputs [5]"));

    [Test]
    public void A_missing_predictor_is_reported_at_the_method() => Expect(
        Spec("simsiam").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty),
        At("CTK004", 2, 1, "The method 'simsiam' needs the key 'predictor'"));

    [Test]
    public void Moco_needs_a_projector() => Expect(
        Spec("moco").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty).ReplaceLines("projector: [{ linear: 4 }]", string.Empty),
        At("CTK004", 2, 1, "The method 'moco' needs the key 'projector'", "MoCo v2's MLP head"));

    [Test]
    public void Moco_negatives_must_be_its_queue() => Expect(
        Spec("moco", "{ negatives: in-batch }").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty),
        At("CTK005", 10, 25, "'objective.negatives' expects moco's queue of keys", "found"));

    [Test]
    public void Simclr_negatives_name_one_source() => Expect(
        Spec("simclr", "{ negatives: { queue: 8, memory-bank: 8 } }").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty),
        At("CTK005", 10, 25, "'objective.negatives' expects 'in-batch', '{ queue: 4096 }'", "found both a queue and a memory bank"));

    [Test]
    public void A_queue_has_no_momentum() => Expect(
        Spec("simclr", "{ negatives: { queue: 8, momentum: 0.5 } }").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty),
        At("CTK010", 10, 37, "The method 'simclr' uses 'objective.negatives.momentum' only with a memory bank"));

    [Test]
    public void A_queue_size_below_one_is_out_of_range() => Expect(
        Spec("simclr", "{ negatives: { queue: 0 } }").ReplaceLines("predictor: [{ linear: 4 }]", string.Empty),
        At("CTK011", 10, 34, "'objective.negatives.queue' must be"));

    [Test]
    public void A_momentum_above_one_is_out_of_range() => Expect(
        Spec("byol", "{ momentum: { base: 1.5 } }"),
        At("CTK011", 10, 32, "'objective.momentum.base' must be from 0 to 1", "found 1.5"));

    [Test]
    public void An_unknown_momentum_schedule_is_named() => Expect(
        Spec("byol", "{ momentum: { schedule: cosin } }"),
        At("CTK015", 10, 36, "Unknown momentum schedule 'cosin'", "cosine"));

    [Test]
    public void Each_method_names_its_own_loss() => Expect(
        Spec("simsiam", "{ loss: nt-xent }"),
        At("CTK015", 10, 20, "Unknown loss for simsiam 'nt-xent'", "negative-cosine"));

    [Test]
    public void Settings_of_another_method_are_unknown_keys() => Expect(
        Spec("simsiam", "{ temperature: 0.2 }"),
        At("CTK003", 10, 14, "temperature"));
}
