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
}
