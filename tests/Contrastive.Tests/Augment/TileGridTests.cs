using Contrastive.Augment;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Augment;

/// <summary>
/// TileGrid: tiles are the slices at their corners, neighbours never touch, and no position leaves a
/// cue in a tile's statistics.
/// </summary>
[TestFixture]
public sealed class TileGridTests
{
    // An image whose pixel (r, c) holds r * W + c, so a tile says where it was cut.
    private static Tensor Coordinates(long n, long height, long width) =>
        arange(height * width, dtype: ScalarType.Float32).view(1, 1, height, width).expand(n, 1, height, width).contiguous();

    [TestCase(28, 28, 6, 1)]
    [TestCase(28, 28, 9, 0)]     // no gap, no jitter: the tiles fill their cells
    [TestCase(32, 29, 5, 2)]     // not square, pixels left over on both axes
    [TestCase(3, 3, 1, 0)]       // one pixel per tile
    public void Every_tile_is_the_slice_at_its_corner(int height, int width, int tile, int gap)
    {
        using var scope = NewDisposeScope();
        var grid = new TileGrid(height, width, tile, gap);
        var images = rand(new long[] { 4, 2, height, width }, generator: new Generator(1));
        var (rows, columns) = grid.DrawCorners(4, new Generator(2));

        var tiles = grid.CutAt(images, rows, columns);

        Assert.That(tiles.shape, Is.EqualTo(new long[] { 4, 9, 2, tile, tile }));
        Assert.Multiple(() =>
        {
            for (var n = 0; n < 4; n++)
            {
                for (var k = 0; k < 9; k++)
                {
                    var (r, c) = (rows[n, k].item<long>(), columns[n, k].item<long>());
                    var slice = images[n].narrow(1, r, tile).narrow(2, c, tile);   // [C, t, t]: a wrong row or column stride in the gather fails here
                    Assert.That(tiles[n, k].Equals(slice), Is.True, $"image {n}, tile {k} at ({r}, {c})");
                }
            }
        });
    }

    // Catches tiles that touch or overlap (an edge running on from tile to tile gives the answer
    // away), corners outside the image, a grid in the wrong reading order, and jitter that never moves.
    [Test]
    public void Neighbours_are_at_least_the_gap_apart_and_every_tile_lies_inside_the_image()
    {
        using var scope = NewDisposeScope();
        var grid = new TileGrid(28, 28, 6, 1);   // cells of 9: jitter 0..2 on each axis, gaps 1..5
        var (rows, columns) = grid.DrawCorners(2000, new Generator(3));

        var across = columns.narrow(1, 1, 2) - columns.narrow(1, 0, 2) - 6;              // [N, 2] of the first row ...
        var gapsAcross = cat(new[] { across, (columns.narrow(1, 4, 2) - columns.narrow(1, 3, 2) - 6), (columns.narrow(1, 7, 2) - columns.narrow(1, 6, 2) - 6) }, 1);
        var gapsDown = rows.narrow(1, 3, 6) - rows.narrow(1, 0, 6) - 6;                  // tile k+3 is below tile k
        Assert.Multiple(() =>
        {
            Assert.That(gapsAcross.min().item<long>(), Is.EqualTo(1), "the gap across never falls below 1 and reaches it");
            Assert.That(gapsAcross.max().item<long>(), Is.EqualTo(5), "the largest gap across: 2 (cell − tile) − gap");
            Assert.That(gapsDown.min().item<long>(), Is.EqualTo(1));
            Assert.That(gapsDown.max().item<long>(), Is.EqualTo(5));
            Assert.That(rows.min().item<long>(), Is.GreaterThanOrEqualTo(0));
            Assert.That(columns.min().item<long>(), Is.GreaterThanOrEqualTo(0));
            Assert.That((rows.max() + 6).item<long>(), Is.LessThanOrEqualTo(28), "no tile reaches past the bottom");
            Assert.That((columns.max() + 6).item<long>(), Is.LessThanOrEqualTo(28), "no tile reaches past the right edge");
            Assert.That(rows.select(1, 4).unique().Item1.shape[0], Is.EqualTo(4), "the centre tile's row takes every value 9 + {0, 1} + {0, 1, 2}");
        });
    }

    [Test]
    public void The_same_generator_state_cuts_the_same_tiles()
    {
        using var scope = NewDisposeScope();
        var grid = new TileGrid(28, 28, 6, 1);
        var images = rand(new long[] { 5, 1, 28, 28 }, generator: new Generator(5));

        Assert.That(grid.Cut(images, new Generator(6)).Equals(grid.Cut(images, new Generator(6))), Is.True);
        Assert.That(grid.Cut(images, new Generator(6)).Equals(grid.Cut(images, new Generator(7))), Is.False);
    }

    // The anti-shortcut test: a brightness and contrast that differ from one part of the image to
    // another (vignetting, light from one side) must leave no trace in the tiles, or the puzzle could be
    // solved from them. Catches a normalisation per image or per batch instead of per tile, or none.
    [Test]
    public void Tile_statistics_do_not_depend_on_the_position()
    {
        using var scope = NewDisposeScope();
        var grid = new TileGrid(28, 28, 6, 1);
        var noise = rand(new long[] { 64, 1, 28, 28 }, generator: new Generator(8));
        // Cell (i, j) of the 9 x 9 cells (pixel 27 joins the last): every tile lies inside one of them.
        var cellRow = arange(28, dtype: ScalarType.Float32).div(9, rounding_mode: RoundingMode.floor).clamp_max(2).view(1, 1, 28, 1);
        var cellColumn = arange(28, dtype: ScalarType.Float32).div(9, rounding_mode: RoundingMode.floor).clamp_max(2).view(1, 1, 1, 28);
        var cell = (cellRow * 3) + cellColumn;                             // 0..8 in reading order
        var lit = (noise * (0.3 + (0.5 * cell))) + (0.7 * cell);           // contrast 0.3..4.3, brightness 0..5.6 by position

        var plain = grid.Cut(noise, new Generator(9));
        var shaded = grid.Cut(lit, new Generator(9));

        var means = shaded.mean(new long[] { 2, 3, 4 });                                                          // [N, 9]
        var stds = (shaded - shaded.mean(new long[] { 2, 3, 4 }, keepdim: true)).square().mean(new long[] { 2, 3, 4 }).sqrt();
        Assert.Multiple(() =>
        {
            Assert.That(means.abs().max().item<float>(), Is.LessThan(1e-5f), "every tile's mean is 0, wherever it was cut");
            Assert.That((stds - 1).abs().max().item<float>(), Is.LessThan(1e-3f), "every tile's spread is 1, wherever it was cut");
            Assert.That((shaded - plain).abs().max().item<float>(), Is.LessThan(5e-3f), "the shaded tiles are the plain ones but for ε: no trace of the shading");
            Assert.That((TileGrid.Normalise(lit) - TileGrid.Normalise(noise)).abs().mean().item<float>(), Is.GreaterThan(0.3f), "normalising the whole image would keep it");
        });
    }

    [Test]
    public void A_flat_tile_becomes_zeros_not_NaN()
    {
        using var scope = NewDisposeScope();
        var grid = new TileGrid(9, 9, 2, 1);
        var tiles = grid.Cut(full(2, 1, 9, 9, 0.3f), new Generator(1));
        Assert.That(tiles.abs().max().item<float>(), Is.EqualTo(0f));
    }

    [Test]
    public void Shuffle_puts_the_tile_the_order_names_at_each_place_and_Unshuffle_undoes_it()
    {
        using var scope = NewDisposeScope();
        var tiles = arange(2 * 9, dtype: ScalarType.Float32).view(2, 9, 1, 1, 1) * ones(new long[] { 1, 1, 1, 2, 2 });   // tile k of image n is filled with 9n + k
        var order = tensor(new long[] { 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 0, 4, 5, 3, 7, 8, 6 }).view(2, 9);

        var shuffled = TileGrid.Shuffle(tiles, order);

        Assert.Multiple(() =>
        {
            Assert.That(shuffled[.., .., 0, 0, 0].data<float>().ToArray(), Is.EqualTo(new float[] { 8, 7, 6, 5, 4, 3, 2, 1, 0, 10, 11, 9, 13, 14, 12, 16, 17, 15 }));
            Assert.That(TileGrid.Unshuffle(shuffled, order).Equals(tiles), Is.True);
            Assert.That(TileGrid.Inverse(order)[1].data<long>().ToArray(), Is.EqualTo(new long[] { 2, 0, 1, 5, 3, 4, 8, 6, 7 }));
        });
    }

    [Test]
    public void Refuses_tiles_that_do_not_fit_their_cells_and_images_of_another_size()
    {
        using var scope = NewDisposeScope();
        Assert.Multiple(() =>
        {
            Assert.That(() => new TileGrid(28, 28, 9, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("tile + gap <= 9"));
            Assert.That(() => new TileGrid(2, 28, 1, 0), Throws.ArgumentException.With.Message.Contains("at least 3 x 3"));
            Assert.That(() => new TileGrid(28, 28, 0, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new TileGrid(28, 28, 6, 1).Cut(zeros(2, 1, 28, 27), new Generator(1)), Throws.ArgumentException.With.Message.Contains("[N, C, 28, 28]"));
            Assert.That(() => TileGrid.Shuffle(zeros(2, 9, 1), zeros(new long[] { 2, 8 }, dtype: ScalarType.Int64)), Throws.ArgumentException);
        });
    }

    [Test]
    public void A_tile_cut_from_the_coordinate_image_starts_at_its_corner()
    {
        using var scope = NewDisposeScope();
        var grid = new TileGrid(30, 30, 4, 2);
        var (rows, columns) = grid.DrawCorners(6, new Generator(10));
        var tiles = grid.CutAt(Coordinates(6, 30, 30), rows, columns);
        Assert.That(tiles[.., .., 0, 0, 0].Equals(((rows * 30) + columns).to(ScalarType.Float32)), Is.True);
    }
}
