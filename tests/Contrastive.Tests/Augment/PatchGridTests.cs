using Contrastive.Augment;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Augment;

/// <summary>PatchGrid: the grid's shape and every patch equal to the slice of the image it comes from.</summary>
[TestFixture]
public sealed class PatchGridTests
{
    [TestCase(28, 28, 7, 7, 4, 4)]     // a 4 x 4 jigsaw grid
    [TestCase(28, 28, 8, 6, 4, 4)]     // overlapping, the last 2 pixels left out
    [TestCase(20, 30, 6, 8, 2, 4)]     // gaps between patches, not square
    [TestCase(5, 5, 5, 1, 1, 1)]       // one patch: the whole image
    public void Every_patch_is_the_slice_it_comes_from(int height, int width, int patch, int stride, int rows, int cols)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var images = rand(new long[] { 3, 2, height, width }, generator: generator);

        var grid = PatchGrid.Extract(images, patch, stride);

        Assert.That(grid.shape, Is.EqualTo(new long[] { 3, rows, cols, 2, patch, patch }));
        Assert.That(grid.is_contiguous(), Is.True);
        Assert.Multiple(() =>
        {
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    var slice = images.narrow(2, i * stride, patch).narrow(3, j * stride, patch);   // [N, C, patch, patch]
                    Assert.That(grid[.., i, j].Equals(slice), Is.True, $"patch ({i}, {j})");
                }
            }
        });
    }

    [Test]
    public void Refuses_patches_larger_than_the_image_and_sizes_below_one()
    {
        using var scope = NewDisposeScope();
        var images = zeros(2, 1, 6, 8);
        Assert.Multiple(() =>
        {
            Assert.That(() => PatchGrid.Extract(images, 7, 1), Throws.ArgumentException.With.Message.Contains("[2, 1, 6, 8]"));
            Assert.That(() => PatchGrid.Extract(images, 0, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PatchGrid.Extract(images, 2, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PatchGrid.Extract(zeros(6, 8), 2, 2), Throws.ArgumentException);
        });
    }
}
