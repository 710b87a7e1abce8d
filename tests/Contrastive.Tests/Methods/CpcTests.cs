using Contrastive.Augment;
using Contrastive.Layers;
using Contrastive.Methods;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// CPC's parts against their definitions, on small float64 models: the context sees no later
/// position (sequences and the row-wise image context), each step has its own W_k, the scores have
/// the documented layout with each positive where the loss expects it, and the reported bound is
/// log N minus the loss.
/// </summary>
[TestFixture]
public sealed class CpcTests
{
    private const int Channels = 2;
    private const int Encoding = 5;
    private const int Hidden = 4;

    // Sequences: windows of 4 samples that do not overlap, z_t = f(x[4t .. 4t + 3]).
    private static Cpc Sequences(int steps = 2, int firstStep = 1, CpcNegatives negatives = CpcNegatives.Both, long seed = 1)
    {
        random.manual_seed(seed);
        var encoder = nn.Sequential(("conv1", nn.Conv1d(Channels, Encoding, kernel_size: 4, stride: 4)), ("tanh", nn.Tanh()));
        var model = new Cpc(new CpcSettings(steps, firstStep, negatives), encoder, new SequenceGru(Encoding, Hidden), patches: null, Encoding, Hidden);
        model.to(ScalarType.Float64);
        return model;
    }

    // Images: patches of 4 pixels every 2 (overlapping), each embedded into a vector.
    private static Cpc Patches(int steps = 1, int firstStep = 2, CpcNegatives negatives = CpcNegatives.Both, long seed = 2)
    {
        random.manual_seed(seed);
        var encoder = nn.Sequential(("conv1", nn.Conv2d(Channels, Encoding, kernel_size: 3, padding: 1)), ("tanh", nn.Tanh()), ("pool", new GlobalAvgPool()));
        var model = new Cpc(new CpcSettings(steps, firstStep, negatives), encoder, new SequenceGru(Encoding, Hidden), new CpcPatches(4, 2), Encoding, Hidden);
        model.to(ScalarType.Float64);
        return model;
    }

    private static Tensor Random(ulong seed, params long[] shape) => randn(shape, dtype: ScalarType.Float64, generator: new Generator(seed));

    private static Tensor At(Tensor contexts, int position) => contexts.narrow(2, position, 1);

    [Test]
    public void The_sequence_context_at_t_ignores_every_input_after_window_t()
    {
        // A bidirectional context, a context convolution that looks ahead, or a reshape that mixes time
        // steps of different sequences would all change c_t here.
        using var scope = NewDisposeScope();
        using var model = Sequences();
        var x = Random(3, 3, Channels, 32);                                     // z: 8 positions
        var changed = x.clone();
        changed[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(16)] = Random(4, 3, Channels, 16);   // windows 4..7

        var before = model.Contextualize(model.Encode(x));
        var after = model.Contextualize(model.Encode(changed));

        Assert.Multiple(() =>
        {
            for (var t = 0; t < 4; t++)
            {
                Assert.That(At(after, t).allclose(At(before, t), rtol: 0, atol: 0), Is.True, $"c_{t} must not see windows after {t}");
            }

            Assert.That(At(after, 4).allclose(At(before, 4)), Is.False, "c_4 sees window 4");
        });
    }

    [Test]
    public void The_image_context_at_row_r_ignores_the_rows_below_and_sees_the_rows_above()
    {
        // 12 x 12 images, patches of 4 every 2: patch row r covers pixel rows 2r .. 2r + 3 (5 rows).
        using var scope = NewDisposeScope();
        using var model = Patches();
        var x = Random(5, 2, Channels, 12, 12);

        var below = x.clone();
        below[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(6)] = Random(6, 2, Channels, 6, 12);   // pixel rows 6..11: patch rows 2..4
        var before = model.Contextualize(model.Encode(x));                      // [N, H, 5 rows, 5 columns]
        var after = model.Contextualize(model.Encode(below));

        // Pixel rows 0 and 1 lie in patch row 0 only: a context that runs along the rows of the grid
        // (each row on its own) instead of down its columns would not carry them to row 3.
        var above = x.clone();
        above[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 2)] = Random(7, 2, Channels, 2, 12);
        var fromAbove = model.Contextualize(model.Encode(above));

        Assert.Multiple(() =>
        {
            Assert.That(before.shape, Is.EqualTo(new long[] { 2, Hidden, 5, 5 }));
            Assert.That(At(after, 0).allclose(At(before, 0), rtol: 0, atol: 0), Is.True, "row 0 must not see rows below it");
            Assert.That(At(after, 1).allclose(At(before, 1), rtol: 0, atol: 0), Is.True, "row 1 must not see rows below it");
            Assert.That(At(after, 2).allclose(At(before, 2)), Is.False, "row 2 sees its own patches");
            Assert.That(At(fromAbove, 3).allclose(At(before, 3)), Is.False, "row 3 sees row 0 through the context");
        });
    }

    [Test]
    public void Each_step_has_its_own_W_k_and_only_its_own_scores_reach_it()
    {
        // A single map shared by all steps (or W_k indexed by the wrong step) fails here.
        using var scope = NewDisposeScope();
        using var model = Sequences(steps: 3);
        var keys = model.state_dict().Keys.Where(k => k.StartsWith("predictions.", StringComparison.Ordinal)).ToList();
        Assert.That(keys, Is.EqualTo(new[] { "predictions.0.weight", "predictions.1.weight", "predictions.2.weight" }));
        Assert.That(model.PredictionWeight(0).shape, Is.EqualTo(new long[] { Encoding, Hidden }));
        Assert.That(model.PredictionWeight(0).allclose(model.PredictionWeight(1)), Is.False, "distinct initial values");

        var x = Random(8, 4, Channels, 32);
        var z = model.Encode(x);
        var scores = model.Score(z, model.Contextualize(z));
        Losses.InfoNce(scores[1]).backward();

        Assert.Multiple(() =>
        {
            Assert.That(model.PredictionWeight(1).grad, Is.Not.Null);
            Assert.That(model.PredictionWeight(1).grad!.abs().sum().item<double>(), Is.GreaterThan(0), "step 2's scores train W_2");
            foreach (var other in new[] { 0, 2 })
            {
                var grad = model.PredictionWeight(other).grad;
                Assert.That(grad is null || grad.abs().sum().item<double>() == 0, Is.True, $"step {other + 1}'s W gets no gradient from step 2's loss");
            }
        });
    }

    [TestCase(CpcNegatives.Batch, 2, 6, 3, TestName = "Batch negatives: a group per anchor position, the batch as candidates")]
    [TestCase(CpcNegatives.SameSequence, 2, 3, 6, TestName = "Same-sequence negatives: a group per sequence, its positions as candidates")]
    [TestCase(CpcNegatives.Both, 2, 1, 18, TestName = "Both: one group, every anchor's target as a candidate")]
    public void Scores_are_steps_by_groups_by_anchors_by_candidates(CpcNegatives negatives, long steps, long groups, long candidates)
    {
        // 3 sequences, 8 encoded positions, steps 1 and 2: anchors t = 0..5 (6 per sequence).
        using var scope = NewDisposeScope();
        using var model = Sequences(steps: 2, negatives: negatives);
        var z = model.Encode(Random(9, 3, Channels, 32));
        var scores = model.Score(z, model.Contextualize(z));
        Assert.That(scores.shape, Is.EqualTo(new long[] { steps, groups, candidates, candidates }));
    }

    [TestCase(CpcNegatives.Batch, TestName = "Positive on the diagonal: batch negatives")]
    [TestCase(CpcNegatives.SameSequence, TestName = "Positive on the diagonal: same-sequence negatives")]
    [TestCase(CpcNegatives.Both, TestName = "Positive on the diagonal: both")]
    public void Each_row_scores_its_own_future_on_the_diagonal_and_other_targets_beside_it(CpcNegatives negatives)
    {
        // Scoring z_(t+k-1) (a target one step short, which the context has already seen) or the
        // wrong sequence's future as the positive fails here: every entry is recomputed by hand.
        using var scope = NewDisposeScope();
        using var model = Sequences(steps: 2, firstStep: 2, negatives: negatives);
        var z = model.Encode(Random(10, 3, Channels, 32));                      // [3, D, 8, 1]
        var c = model.Contextualize(z);
        var scores = model.Score(z, c);                                         // anchors t = 0..4 (k up to 3)

        double Expected(int step, long n, long t, long m, long u)
        {
            var k = model.StepOffsets[step];
            var prediction = model.PredictionWeight(step).matmul(c[n, TensorIndex.Colon, t, 0]);   // W_k c_t of sequence n
            return prediction.dot(z[m, TensorIndex.Colon, u + k, 0]).item<double>();              // against z_(u+k) of sequence m
        }

        // Row (n, t) against column (m, u), indexed as the layout of each kind says.
        double Actual(int step, long n, long t, long m, long u) => negatives switch
        {
            CpcNegatives.Batch => scores[step, t, n, m].item<double>(),           // u = t
            CpcNegatives.SameSequence => scores[step, n, t, u].item<double>(),    // m = n
            _ => scores[step, 0, (n * 5) + t, (m * 5) + u].item<double>(),
        };

        Assert.Multiple(() =>
        {
            foreach (var step in new[] { 0, 1 })
            {
                Assert.That(Actual(step, 1, 2, 1, 2), Is.EqualTo(Expected(step, 1, 2, 1, 2)).Within(1e-12), "positive");
                var (m, u) = negatives switch { CpcNegatives.Batch => (2L, 2L), CpcNegatives.SameSequence => (1L, 4L), _ => (2L, 0L) };
                Assert.That(Actual(step, 1, 2, m, u), Is.EqualTo(Expected(step, 1, 2, m, u)).Within(1e-12), "negative");
            }
        });
    }

    [Test]
    public void Image_scores_predict_the_patch_k_rows_below_in_the_same_column()
    {
        using var scope = NewDisposeScope();
        using var model = Patches(steps: 1, firstStep: 2, negatives: CpcNegatives.Batch);
        var z = model.Encode(Random(11, 2, Channels, 12, 12));                  // [2, D, 5, 5]
        var c = model.Contextualize(z);
        var scores = model.Score(z, c);                                         // anchors: rows 0..2, every column: 15 positions

        Assert.That(scores.shape, Is.EqualTo(new long[] { 1, 15, 2, 2 }));
        var (row, column) = (1, 3);
        var expected = model.PredictionWeight(0).matmul(c[0, TensorIndex.Colon, row, column]).dot(z[1, TensorIndex.Colon, row + 2, column]).item<double>();
        Assert.That(scores[0, (row * 5) + column, 0, 1].item<double>(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void The_reported_bound_is_log_N_minus_each_steps_loss_and_never_above_log_N()
    {
        // Inputs scaled by 1e3 push the scores far apart: the step stays finite (log-sum-exp), and
        // a bound computed against the wrong N, or an accuracy outside [0, 1], fails.
        using var scope = NewDisposeScope();
        using var model = Sequences(steps: 3);
        var batch = new TrainingBatch(Random(12, 4, Channels, 32) * 1000.0, arange(4));
        var result = model.TrainingStep(batch, ViewMaker.None, new Generator(1));
        var values = result.Metrics.ToDictionary(m => m.Name, m => (double)m.Value.item<float>());
        var logN = Math.Log(4 * (8 - 3));                                       // both: 4 sequences x 5 anchors
        var z = model.Encode(batch.Inputs);
        var scores = model.Score(z, model.Contextualize(z));

        Assert.Multiple(() =>
        {
            Assert.That(double.IsFinite(result.Loss.item<double>()), Is.True);
            Assert.That(values.Keys, Is.EquivalentTo(new[] { "loss-k1", "accuracy-k1", "bound-k1", "loss-k2", "accuracy-k2", "bound-k2", "loss-k3", "accuracy-k3", "bound-k3" }));
            foreach (var k in new[] { 1, 2, 3 })
            {
                Assert.That(values[$"bound-k{k}"], Is.LessThanOrEqualTo(logN + 1e-5), $"bound of step {k}");
                Assert.That(values[$"bound-k{k}"], Is.EqualTo(logN - values[$"loss-k{k}"]).Within(1e-4 * Math.Max(1, values[$"loss-k{k}"])), $"bound of step {k} is log N minus its loss");
                Assert.That(values[$"bound-k{k}"], Is.EqualTo(MutualInformation.InfoNce(scores[k - 1]).item<double>()).Within(1e-4 * Math.Max(1, values[$"loss-k{k}"])), $"bound of step {k} is InfoNCE's estimate");
                Assert.That(values[$"accuracy-k{k}"], Is.InRange(0.0, 1.0));
            }

            Assert.That(result.Loss.item<double>(), Is.EqualTo(new[] { 1, 2, 3 }.Average(k => values[$"loss-k{k}"])).Within(1e-4 * result.Loss.item<double>()), "the loss is the mean over steps");
        });
    }

    [Test]
    public void A_step_needs_no_views_and_the_none_maker_refuses_to_make_any()
    {
        using var scope = NewDisposeScope();
        using var model = Patches();
        var images = rand(new long[] { 2, Channels, 12, 12 }, dtype: ScalarType.Float64);
        Assert.That(() => model.TrainingStep(new TrainingBatch(images, arange(2)), ViewMaker.None, new Generator(2)), Throws.Nothing);
        Assert.That(() => ViewMaker.None.MakeView(images, new Generator(2)), Throws.InvalidOperationException.With.Message.Contains("not images"));
    }

    [Test]
    public void Overlapping_patches_refuse_a_first_step_that_shares_pixels_with_the_context()
    {
        // Patches of 4 every 2 overlap: row r + 1 shares 2 pixel rows with row r.
        Assert.That(() => Patches(firstStep: 1), Throws.ArgumentException.With.Message.Contains("leaks the answer").And.Message.Contains("from step 2"));
        Assert.That(new CpcPatches(8, 3).FirstSafeStep, Is.EqualTo(3));
        Assert.That(new CpcPatches(4, 4).FirstSafeStep, Is.EqualTo(1));
    }

    [Test]
    public void Too_many_steps_for_the_encoded_length_is_an_error_that_says_so()
    {
        using var scope = NewDisposeScope();
        using var model = Sequences(steps: 8);
        var z = model.Encode(Random(13, 2, Channels, 32));                      // 8 positions: no anchor left
        Assert.That(() => model.Score(z, model.Contextualize(z)), Throws.ArgumentException.With.Message.Contains("the encoder gives 8"));
    }

    [Test]
    public void Features_are_the_last_context_for_sequences_and_the_mean_patch_encoding_for_images()
    {
        using var scope = NewDisposeScope();
        using var sequences = Sequences();
        var x = Random(14, 3, Channels, 32);
        var c = sequences.Contextualize(sequences.Encode(x));
        Assert.That(sequences.Features(x).allclose(c[TensorIndex.Colon, TensorIndex.Colon, 7, 0], rtol: 0, atol: 0), Is.True);

        using var patches = Patches();
        var images = Random(15, 3, Channels, 12, 12);
        Assert.That(patches.Features(images).allclose(patches.Encode(images).mean(new long[] { 2, 3 })), Is.True);
        Assert.That(patches.Features(images).shape, Is.EqualTo(new long[] { 3, Encoding }));
    }
}
