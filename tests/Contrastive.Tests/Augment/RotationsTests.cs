using Contrastive.Augment;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Augment;

/// <summary>Rotations: the direction of a quarter turn, four turns as the identity, and AllFour's blocks and labels.</summary>
[TestFixture]
public sealed class RotationsTests
{
    [Test]
    public void A_quarter_turn_is_counter_clockwise_as_displayed()
    {
        using var scope = NewDisposeScope();
        var image = tensor(new float[] { 1, 2, 3, 4, 5, 6 }).view(1, 1, 2, 3);   // rows [1 2 3] over [4 5 6]

        var turned = Rotations.Rotate(image, 1);

        Assert.That(turned.shape, Is.EqualTo(new long[] { 1, 1, 3, 2 }));
        Assert.That(turned.flatten().data<float>().ToArray(), Is.EqualTo(new float[] { 3, 6, 2, 5, 1, 4 }), "the right column comes to the top");
    }

    [Test]
    public void Four_turns_give_the_input_back_and_k_counts_modulo_four()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var images = rand(new long[] { 5, 3, 7, 4 }, generator: generator);

        var turned = images;
        for (var turn = 0; turn < 4; turn++)
        {
            turned = Rotations.Rotate(turned, 1);
        }

        Assert.Multiple(() =>
        {
            Assert.That(turned.Equals(images), Is.True, "four quarter turns");
            Assert.That(Rotations.Rotate(images, 4).Equals(images), Is.True);
            Assert.That(Rotations.Rotate(images, -1).Equals(Rotations.Rotate(images, 3)), Is.True, "negative turns run clockwise");
            Assert.That(Rotations.Rotate(images, 6).Equals(Rotations.Rotate(images, 2)), Is.True);
            Assert.That(Rotations.Rotate(images, 2).Equals(images.flip(2, 3)), Is.True, "a half turn flips both axes");
            Assert.That(Rotations.Rotate(images, 0).fill_(-1).Equals(images), Is.False, "a new tensor even for k = 0");
            Assert.That(images.min().item<float>(), Is.GreaterThanOrEqualTo(0f), "the input untouched");
        });
    }

    [Test]
    public void AllFour_stacks_the_batch_per_rotation_with_matching_labels()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        var images = rand(new long[] { 3, 2, 5, 5 }, generator: generator);

        var (rotated, labels) = Rotations.AllFour(images);

        Assert.Multiple(() =>
        {
            Assert.That(rotated.shape, Is.EqualTo(new long[] { 12, 2, 5, 5 }));
            Assert.That(labels.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(labels.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3 }));
            for (var row = 0; row < 12; row++)
            {
                var label = labels[row].item<long>();
                Assert.That(rotated[row].Equals(Rotations.Rotate(images[row % 3], label)), Is.True, $"row {row} is image {row % 3} turned {label} times");
            }
        });
    }

    [Test]
    public void AllFour_refuses_images_that_are_not_square()
    {
        using var scope = NewDisposeScope();
        Assert.Multiple(() =>
        {
            Assert.That(() => Rotations.AllFour(zeros(2, 1, 4, 5)), Throws.ArgumentException.With.Message.Contains("square").And.Message.Contains("[2, 1, 4, 5]"));
            Assert.That(() => Rotations.AllFour(zeros(4, 4)), Throws.ArgumentException);
            Assert.That(() => Rotations.Rotate(zeros(4), 1), Throws.ArgumentException.With.Message.Contains("[4]"));
        });
    }
}
