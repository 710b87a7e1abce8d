using Contrastive.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

/// <summary>The synthetic sequences: reproducible from their seed, balanced, shaped as asked, and carrying their class.</summary>
[TestFixture]
public sealed class SyntheticSequencesTests
{
    private static readonly SyntheticSequenceOptions Small = new() { Channels = 2, Length = 64, TrainCount = 40, TestCount = 12, Seed = 3 };

    [Test]
    public void The_same_seed_gives_the_same_sequences_and_another_seed_or_split_others()
    {
        // A draw from the global generator (or from the clock) instead of the seeded one fails here.
        using var first = SyntheticSequences.Load(DataSplit.Train, Small);
        using var again = SyntheticSequences.Load(DataSplit.Train, Small);
        using var otherSeed = SyntheticSequences.Load(DataSplit.Train, Small with { Seed = 4 });
        using var test = SyntheticSequences.Load(DataSplit.Test, Small with { TestCount = 40 });
        Assert.Multiple(() =>
        {
            Assert.That(first.Sequences.allclose(again.Sequences, rtol: 0, atol: 0), Is.True, "bit-identical sequences");
            Assert.That(first.Labels.allclose(again.Labels, rtol: 0, atol: 0), Is.True, "identical labels");
            Assert.That(first.Sequences.allclose(otherSeed.Sequences), Is.False, "another seed");
            Assert.That(first.Sequences.allclose(test.Sequences), Is.False, "the test split is not the training split");
        });
    }

    [Test]
    public void Classes_are_balanced_and_shuffled()
    {
        using var data = SyntheticSequences.Load(DataSplit.Train, Small);
        using var odd = SyntheticSequences.Load(DataSplit.Test, Small with { TestCount = 10 });
        Assert.Multiple(() =>
        {
            Assert.That(data.CountPerClass(), Is.EqualTo(new long[] { 10, 10, 10, 10 }));
            Assert.That(odd.CountPerClass(), Is.EqualTo(new long[] { 3, 3, 2, 2 }), "N mod 4 classes get one more");
            Assert.That(data.Labels.narrow(0, 0, 8).data<long>().ToArray(), Is.Not.EqualTo(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 }), "shuffled, not in class order");
        });
    }

    [Test]
    public void Shape_names_and_batches()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticSequences.Load(DataSplit.Test, Small);
        var (inputs, labels) = data.Batch(tensor(new long[] { 3, 0 }));
        Assert.Multiple(() =>
        {
            Assert.That(data.InputShape, Is.EqualTo(new long[] { 2, 64 }));
            Assert.That(data.Count, Is.EqualTo(12));
            Assert.That(data.Name, Is.EqualTo("synthetic-sequences (test)"));
            Assert.That(data.ClassNames, Is.EqualTo(new[] { "period 7", "period 10", "period 15", "period 22" }));
            Assert.That(inputs.shape, Is.EqualTo(new long[] { 2, 2, 64 }));
            Assert.That(inputs.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(inputs[0].allclose(data.Sequences[3], rtol: 0, atol: 0), Is.True);
            Assert.That(labels.data<long>().ToArray(), Is.EqualTo(new[] { data.Labels[3].item<long>(), data.Labels[0].item<long>() }));
            Assert.That(() => data.Batch(tensor(new long[] { 12 })), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("index 12 is outside [0, 12)"));
        });
    }

    [Test]
    public void The_class_sets_the_period_a_sequence_oscillates_with()
    {
        // Zero crossings per sequence fall as the class's period grows: a generator that ignored the
        // label, or labels shuffled apart from their sequences, fails here.
        using var scope = NewDisposeScope();
        using var data = SyntheticSequences.Load(DataSplit.Train, new SyntheticSequenceOptions { Length = 256, TrainCount = 400, Noise = 0.0, Seed = 5 });
        var signs = data.Sequences.select(1, 0).sign();                           // [N, T]
        var crossings = signs.narrow(1, 1, 255).ne(signs.narrow(1, 0, 255)).sum(1).to(ScalarType.Float64);   // [N]
        var means = Enumerable.Range(0, 4).Select(c => crossings[data.Labels.eq(c)].mean().item<double>()).ToArray();
        TestContext.Out.WriteLine("mean zero crossings per class: " + string.Join(", ", means.Select(m => m.ToString("F1"))));
        Assert.Multiple(() =>
        {
            for (var c = 0; c < 4; c++)
            {
                var expected = 2 * 256 / SyntheticSequences.Periods[c];
                Assert.That(means[c], Is.EqualTo(expected).Within(0.15 * expected), $"class {c}: two crossings per period");
            }
        });
    }

    [Test]
    public void Datasets_load_makes_them_in_the_models_shape_and_checks_image_shapes()
    {
        Assert.That(() => Datasets.Load("synthetic-sequences", DataSplit.Test), Throws.ArgumentException.With.Message.Contains("load them with Datasets.Load(name, split, inputShape)"));
        using var sequences = Datasets.Load("synthetic-sequences", DataSplit.Test, [3, 40]);
        Assert.Multiple(() =>
        {
            Assert.That(sequences, Is.TypeOf<SequenceDataset>());
            Assert.That(sequences.InputShape, Is.EqualTo(new long[] { 3, 40 }));
            Assert.That(sequences.ClassCount, Is.EqualTo(4));
            Assert.That(() => Datasets.Load("synthetic-sequences", DataSplit.Test, [1, 28, 28]), Throws.ArgumentException.With.Message.Contains("sequences [channels, length]"));
        });

        var nowhere = Path.Combine(Path.GetTempPath(), "contrastive-nowhere-" + Guid.NewGuid().ToString("N"));
        var bundled = new DataLocations(nowhere, nowhere, nowhere, DataLocations.BundledRoot);
        Assert.That(() => Datasets.Load("fashion-mnist", DataSplit.Test, [3, 32, 32], bundled),
            Throws.ArgumentException.With.Message.Contains("holds samples [1, 28, 28], but the model reads [3, 32, 32]"));
        using var images = Datasets.Load("fashion-mnist", DataSplit.Test, [1, 28, 28], bundled);
        Assert.That(images, Is.TypeOf<ImageDataset>());
    }

    [Test]
    public void Options_are_checked_where_they_are_set()
    {
        Assert.That(() => new SyntheticSequenceOptions { Length = 1 }, Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Length"));
        Assert.That(() => new SyntheticSequenceOptions { Noise = -1 }, Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Noise"));
    }
}
