using Contrastive.Methods;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>SimCLR's negatives: in-batch, queue, memory bank, and the decoupled loss.</summary>
[TestFixture]
public sealed class NegativeSamplingTests
{
    private const double Tau = 0.5;

    [Test]
    public void Decoupled_loss_matches_a_hand_computation_with_the_positive_left_out()
    {
        using var scope = NewDisposeScope();
        var z1 = tensor(new[,] { { 1.0, 0.0 }, { 0.0, 1.0 } });
        var z2 = tensor(new[,] { { 0.6, 0.8 }, { -0.8, 0.6 } });
        var z = cat([z1, z2], 0);
        var expected = 0.0;
        for (var a = 0; a < 4; a++)
        {
            var positive = (a + 2) % 4;
            var s = Enumerable.Range(0, 4).Select(j => (z[a] * z[j]).sum().item<double>() / Tau).ToArray();
            var negatives = Enumerable.Range(0, 4).Where(j => j != a && j != positive).Sum(j => Math.Exp(s[j]));
            expected += (Math.Log(negatives) - s[positive]) / 4;
        }

        Assert.That(Losses.NtXent(z1, z2, Tau, extraNegatives: null, decoupled: true).item<double>(), Is.EqualTo(expected).Within(1e-12));
        Assert.That(Losses.NtXent(z1, z2, Tau, extraNegatives: null, decoupled: true).item<double>(), Is.LessThan(Losses.NtXent(z1, z2, Tau).item<double>()),
            "removing the positive from the denominator lowers the loss");
    }

    [Test]
    public void Extra_negatives_join_every_anchors_denominator_unless_excluded()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(4);
        var z1 = randn(new long[] { 3, 5 }, dtype: ScalarType.Float64, generator: generator);
        var z2 = randn(new long[] { 3, 5 }, dtype: ScalarType.Float64, generator: generator);
        var extra = randn(new long[] { 4, 5 }, dtype: ScalarType.Float64, generator: generator);

        var z = nn.functional.normalize(cat([z1, z2], 0), dim: 1);
        var e = nn.functional.normalize(extra, dim: 1);
        var expected = 0.0;
        for (var a = 0; a < 6; a++)
        {
            var positive = (z[a] * z[(a + 3) % 6]).sum().item<double>() / Tau;
            var denominator = Enumerable.Range(0, 6).Where(j => j != a).Sum(j => Math.Exp((z[a] * z[j]).sum().item<double>() / Tau))
                + Enumerable.Range(0, 4).Where(k => !(a == 1 && k == 2)).Sum(k => Math.Exp((z[a] * e[k]).sum().item<double>() / Tau));
            expected += (Math.Log(denominator) - positive) / 6;
        }

        var excluded = zeros(new long[] { 6, 4 }, dtype: ScalarType.Bool);
        excluded[1, 2] = tensor(true);
        Assert.That(Losses.NtXent(z1, z2, Tau, extra, excluded).item<double>(), Is.EqualTo(expected).Within(1e-12));
        Assert.That(Losses.NtXent(z1, z2, Tau, extra.narrow(0, 0, 0)).item<double>(), Is.EqualTo(Losses.NtXent(z1, z2, Tau).item<double>()).Within(1e-15),
            "no extra negatives is NT-Xent");
    }

    [Test]
    public void A_queue_adds_earlier_embeddings_read_before_this_batch_is_added()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.SimClr(new NegativeSampling(NegativeSource.Queue, Size: 16));
        var first = TinyMethods.Images(3, 1);
        var firstLoss = model.TrainingStep(TinyMethods.Batch(first), TinyMethods.IdentityViews, new Generator(1)).Loss.item<double>();
        var embedded = model.Embed(first);
        Assert.That(firstLoss, Is.EqualTo(Losses.NtXent(embedded, embedded, Tau).item<double>()).Within(1e-12), "an empty queue adds nothing");

        var second = TinyMethods.Images(3, 2);
        var queued = cat([embedded, embedded], 0);   // both views of the first batch, in order
        var secondLoss = model.TrainingStep(TinyMethods.Batch(second, 3), TinyMethods.IdentityViews, new Generator(2)).Loss.item<double>();
        var z = model.Embed(second);
        Assert.That(secondLoss, Is.EqualTo(Losses.NtXent(z, z, Tau, queued).item<double>()).Within(1e-6), "float32 queue");
    }

    [Test]
    public void The_memory_bank_is_made_for_the_training_set_and_refreshed_with_momentum()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.SimClr(new NegativeSampling(NegativeSource.MemoryBank, Size: 4, Momentum: 0.5));
        Assert.That(() => model.TrainingStep(TinyMethods.Batch(TinyMethods.Images(3, 1)), TinyMethods.IdentityViews, new Generator(1)),
            Throws.InvalidOperationException.With.Message.Contains("Prepare"));

        model.Prepare(10);
        var entries = model.get_buffer("bank.entries")!;
        Assert.That(entries.shape, Is.EqualTo(new long[] { 10, TinyMethods.Embedding }));
        var before = entries.clone();
        var images = TinyMethods.Images(3, 1);
        model.TrainingStep(TinyMethods.Batch(images, firstIndex: 5), TinyMethods.IdentityViews, new Generator(1));

        var fresh = nn.functional.normalize(model.Embed(images).to(ScalarType.Float32), dim: 1);
        var expected = nn.functional.normalize((0.5 * before.narrow(0, 5, 3)) + (0.5 * fresh), dim: 1);
        Assert.That(entries.narrow(0, 5, 3).allclose(expected, rtol: 0, atol: 1e-6), Is.True, "entries 5..7 blended");
        Assert.That(entries.narrow(0, 0, 5).allclose(before.narrow(0, 0, 5), rtol: 0, atol: 0), Is.True, "other entries untouched");
        Assert.That(() => model.Prepare(11), Throws.InvalidOperationException.With.Message.Contains("holds 10 samples"));
    }

    // Fails if a sample's own bank entry (a stale copy of its positive) counts as its negative.
    [Test]
    public void A_samples_own_bank_entry_is_never_its_negative()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.SimClr(new NegativeSampling(NegativeSource.MemoryBank, Size: 64, Momentum: 0.5));
        model.Prepare(2);   // every draw is one of the batch's own two samples
        var bank = model.get_buffer("bank.entries")!.clone();
        var images = TinyMethods.Images(2, 3);
        var loss = model.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, new Generator(1)).Loss.item<double>();

        // Replay the draws (identity views draw nothing, so the bank's draw is the generator's first).
        var drawn = randint(2, new long[] { 64 }, dtype: ScalarType.Int64, generator: new Generator(1));
        var z = model.Embed(images);
        var own = arange(2, dtype: ScalarType.Int64).repeat(2).unsqueeze(1).eq(drawn.unsqueeze(0));
        var excluded = Losses.NtXent(z, z, Tau, bank.index_select(0, drawn), own).item<double>();
        var included = Losses.NtXent(z, z, Tau, bank.index_select(0, drawn)).item<double>();
        Assert.That(loss, Is.EqualTo(excluded).Within(1e-6));
        Assert.That(Math.Abs(included - excluded), Is.GreaterThan(1e-3), "the check can tell the two apart");
    }

    [Test]
    public void Bad_negative_settings_are_refused_with_their_key()
    {
        Assert.That(() => new NegativeSampling(NegativeSource.Queue, Size: 0).Validate(), Throws.ArgumentException.With.Message.Contains("negatives.size"));
        Assert.That(() => new NegativeSampling(NegativeSource.MemoryBank, Momentum: 1.0).Validate(), Throws.ArgumentException.With.Message.Contains("negatives.momentum"));
        using var z = ones(1, 2);
        Assert.That(() => Losses.NtXent(z, z, Tau, extraNegatives: null, decoupled: true), Throws.ArgumentException.With.Message.Contains("at least one negative"));
    }
}
