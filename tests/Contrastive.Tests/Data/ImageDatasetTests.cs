using Contrastive.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

[TestFixture]
public sealed class ImageDatasetTests
{
    private static ImageDataset Make(int count = 5, int channels = 2, int height = 3, int width = 4, int classes = 3)
    {
        using var scope = NewDisposeScope();
        var pixels = TestData.Pixels(count * channels * height * width);
        var images = tensor(pixels, new long[] { count, channels, height, width });
        var labels = arange(count, dtype: ScalarType.Int64).remainder(classes);
        return new ImageDataset("made", "memory", images, labels, Enumerable.Range(0, classes).Select(c => $"class {c}").ToArray());
    }

    [Test]
    public void Count_shape_and_classes()
    {
        using var data = Make();
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(5));
            Assert.That(data.SampleShape, Is.EqualTo((2, 3, 4)));
            Assert.That(data.ClassCount, Is.EqualTo(3));
            Assert.That(data.CountPerClass(), Is.EqualTo(new long[] { 2, 2, 1 }));
        });
    }

    [Test]
    public void The_tensors_outlive_the_scope_the_dataset_was_made_in()
    {
        ImageDataset data;
        using (NewDisposeScope())
        {
            data = Make();
        }

        using (data)
        {
            Assert.That(data.Images.IsInvalid, Is.False);
            Assert.That(data.Labels.IsInvalid, Is.False);
            Assert.That(data.Images.sum().item<long>(), Is.EqualTo(TestData.Pixels(5 * 24).Sum(b => (long)b)));
        }
    }

    [Test]
    public void Batch_gives_float_images_in_the_unit_interval_and_their_labels()
    {
        using var data = Make();
        using var scope = NewDisposeScope();

        var (images, labels) = data.Batch(tensor(new long[] { 4, 0, 4 }));

        var pixels = TestData.Pixels(5 * 24);
        var expected = new[] { 4, 0, 4 }.SelectMany(i => pixels.Skip(24 * i).Take(24)).Select(p => p / 255f).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(images.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(images.shape, Is.EqualTo(new long[] { 3, 2, 3, 4 }));
            Assert.That(images.data<float>().ToArray(), Is.EqualTo(expected));
            Assert.That(labels.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 0, 1 }));
            Assert.That(data.Images.dtype, Is.EqualTo(ScalarType.Byte), "the dataset itself is untouched");
        });
    }

    [Test]
    public void Batch_accepts_int32_indices()
    {
        using var data = Make();
        using var scope = NewDisposeScope();

        var (images, labels) = data.Batch(tensor(new[] { 2, 3 }));

        Assert.That(images.shape[0], Is.EqualTo(2));
        Assert.That(labels.data<long>().ToArray(), Is.EqualTo(new long[] { 2, 0 }));
    }

    [Test]
    public void Batch_leaves_the_callers_indices_usable()
    {
        using var data = Make();
        using var scope = NewDisposeScope();
        var longs = tensor(new long[] { 1, 2 });
        var ints = tensor(new[] { 3, 4 });

        data.Batch(longs);
        data.Batch(ints, CPU);

        Assert.That(longs.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(ints.data<int>().ToArray(), Is.EqualTo(new[] { 3, 4 }));
    }

    [TestCase(5L)]
    [TestCase(-1L)]
    public void An_index_outside_the_dataset_is_named(long bad)
    {
        using var data = Make();
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => data.Batch(tensor(new[] { 0L, bad })))!;
        Assert.That(error.Message, Does.Contain($"index {bad} is outside [0, 5)"));
    }

    [Test]
    public void Indices_must_be_a_1d_integer_tensor()
    {
        using var data = Make();
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => data.Batch(tensor(new[] { 0f, 1f })));
        Assert.Throws<ArgumentException>(() => data.Batch(zeros(new long[] { 2, 2 }, dtype: ScalarType.Int64)));
    }

    [Test]
    public void The_constructor_checks_types_and_labels()
    {
        using var scope = NewDisposeScope();
        var images = zeros(new long[] { 2, 1, 2, 2 }, dtype: ScalarType.Byte);

        Assert.Multiple(() =>
        {
            Assert.That(() => new ImageDataset("x", "y", zeros(2, 1, 2, 2), tensor(new long[] { 0, 1 }), new[] { "a", "b" }),
                Throws.ArgumentException.With.Message.Contains("uint8 [N, C, H, W]"));
            Assert.That(() => new ImageDataset("x", "y", images, tensor(new long[] { 0, 2 }), new[] { "a", "b" }),
                Throws.ArgumentException.With.Message.Contains("labels must lie in [0, 2) for 2 classes; found labels from 0 to 2"));
            Assert.That(() => new ImageDataset("x", "y", images, tensor(new long[] { 0 }), new[] { "a" }),
                Throws.ArgumentException.With.Message.Contains("one per image"));
            Assert.That(() => new ImageDataset("x", "y", images, tensor(new long[] { 0, 0 }), Array.Empty<string>()),
                Throws.ArgumentException.With.Message.Contains($"only the label {ImageDataset.Unlabelled}"));
        });
    }

    [Test]
    public void Sample_draws_distinct_images_with_their_own_labels()
    {
        using var data = Make(count: 12, classes: 4);
        using var generator = new Generator(7);

        using var sample = data.Sample(5, generator);

        // Every pixel pattern of Make is unique per image, so an image's first value identifies its index.
        var perImage = 2 * 3 * 4;
        var firsts = data.Images.reshape(12, perImage).select(1, 0).data<byte>().ToArray();
        var drawn = sample.Images.reshape(5, perImage).select(1, 0).data<byte>().Select(v => Array.IndexOf(firsts, v)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(sample.Count, Is.EqualTo(5));
            Assert.That(sample.SampleShape, Is.EqualTo(data.SampleShape));
            Assert.That(sample.ClassNames, Is.EqualTo(data.ClassNames));
            Assert.That(drawn, Is.Unique.And.All.InRange(0, 11));
            Assert.That(sample.Labels.data<long>().ToArray(), Is.EqualTo(drawn.Select(i => (long)(i % 4)).ToArray()), "labels travel with their images");
            Assert.That(sample.Images.reshape(5, perImage).data<byte>().ToArray(),
                Is.EqualTo(drawn.SelectMany(i => data.Images.reshape(12, perImage)[i].data<byte>().ToArray()).ToArray()));
            Assert.That(sample.Source, Does.Contain("5 of its 12 images"));
            Assert.That(data.Count, Is.EqualTo(12), "the dataset sampled from is unchanged");
        });
    }

    [Test]
    public void Sample_depends_on_the_generator_only()
    {
        using var data = Make(count: 30, classes: 3);
        using var first = new Generator(3);
        using var second = new Generator(3);
        using var other = new Generator(4);

        using var a = data.Sample(10, first);
        using var b = data.Sample(10, second);
        using var c = data.Sample(10, other);

        var pixelsA = a.Images.data<byte>().ToArray();
        Assert.That(b.Images.data<byte>().ToArray(), Is.EqualTo(pixelsA), "the same seed draws the same images");
        Assert.That(c.Images.data<byte>().ToArray(), Is.Not.EqualTo(pixelsA), "another seed draws others");
    }

    [Test]
    public void Sample_owns_its_tensors()
    {
        using var data = Make(count: 6);
        using var generator = new Generator(1);
        ImageDataset sample;
        using (NewDisposeScope())
        {
            sample = data.Sample(6, generator);
        }

        using (sample)
        {
            data.Dispose();
            Assert.That(sample.Images.sum().item<long>(), Is.EqualTo(TestData.Pixels(6 * 24).Sum(b => (long)b)), "all six images, in another order");
        }
    }

    [TestCase(0L)]
    [TestCase(7L)]
    public void Sample_size_must_fit_the_dataset(long count)
    {
        using var data = Make(count: 6);
        using var generator = new Generator(1);

        Assert.That(() => data.Sample(count, generator),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("from 1 to 6 images"));
    }
}
