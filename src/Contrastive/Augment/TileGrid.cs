using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Augment;

/// <summary>
/// A 3 x 3 grid of square tiles cut from each image, with a gap and random jitter between tiles, for
/// the jigsaw puzzle (Noroozi and Favaro 2016) and relative patch position (Doersch et al. 2015). A
/// pretext task over tiles is easy to solve from cues that carry no meaning (edges that continue
/// from one tile into the next, brightness or contrast that changes across the image), so the grid
/// removes them: tiles never touch (at least <see cref="Gap"/> pixels between neighbours), each
/// tile's place in its cell and the grid's place in the image are drawn at random, and every tile is
/// standardised on its own (zero mean, unit variance over its pixels).
/// </summary>
/// <remarks>
/// <para>
/// Geometry: the image (H x W) is divided into 3 x 3 cells of <c>H / 3</c> x <c>W / 3</c> pixels
/// (rounded down; the 3-cell block is placed at a random offset within the <c>H mod 3</c> and
/// <c>W mod 3</c> pixels left over). A tile of <see cref="TileSize"/> pixels sits in each cell at a
/// random offset from 0 to <c>cell − tile − gap</c> along each axis, so two neighbouring tiles are
/// between <c>gap</c> and <c>2 (cell − tile) − gap</c> pixels apart, and no tile reaches outside the
/// image (no padding can mark the border tiles). Tiles are numbered in reading order: tile
/// <c>k</c> is in grid row <c>k / 3</c> and column <c>k mod 3</c>.
/// </para>
/// </remarks>
public sealed class TileGrid
{
    /// <summary>Rows and columns of the grid.</summary>
    public const int Side = 3;

    /// <summary>Tiles per image.</summary>
    public const int Count = Side * Side;

    /// <summary>Added to each tile's variance before dividing by its square root, so a flat tile becomes zeros, not NaN.</summary>
    public const double NormaliseEpsilon = 1e-5;

    /// <summary>Defines the grid for images of <paramref name="height"/> x <paramref name="width"/> pixels.</summary>
    /// <param name="height">Image height H; at least 3 (one pixel per cell).</param>
    /// <param name="width">Image width W; at least 3.</param>
    /// <param name="tileSize">Side of a tile in pixels, at least 1.</param>
    /// <param name="gap">Fewest pixels between neighbouring tiles, at least 0; <c>tile + gap</c> must fit in a cell.</param>
    public TileGrid(long height, long width, int tileSize, int gap)
    {
        if (height < Side || width < Side)
        {
            throw new ArgumentException($"a 3 x 3 tile grid needs images of at least 3 x 3 pixels; these are {height} x {width} (H x W).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tileSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gap, 0);
        var cell = Math.Min(height / Side, width / Side);
        if (tileSize + gap > cell)
        {
            throw new ArgumentOutOfRangeException(
                nameof(tileSize),
                $"a tile of {tileSize} pixels and a gap of {gap} must fit in a cell of {cell} pixels (a third of {height} x {width}, rounded down): lower the tile size or the gap so that tile + gap <= {cell}.");
        }

        Height = height;
        Width = width;
        TileSize = tileSize;
        Gap = gap;
        CellHeight = height / Side;
        CellWidth = width / Side;
    }

    /// <summary>Image height H.</summary>
    public long Height { get; }

    /// <summary>Image width W.</summary>
    public long Width { get; }

    /// <summary>Side of a tile in pixels.</summary>
    public int TileSize { get; }

    /// <summary>Fewest pixels between neighbouring tiles.</summary>
    public int Gap { get; }

    /// <summary>Height of a cell, <c>H / 3</c> rounded down.</summary>
    public long CellHeight { get; }

    /// <summary>Width of a cell, <c>W / 3</c> rounded down.</summary>
    public long CellWidth { get; }

    /// <summary>Largest offset of a tile within its cell, down: <c>cell − tile − gap</c>.</summary>
    public long JitterRows => CellHeight - TileSize - Gap;

    /// <summary>Largest offset of a tile within its cell, across.</summary>
    public long JitterColumns => CellWidth - TileSize - Gap;

    /// <summary>Pixels left over below the 3-cell block, <c>H mod 3</c>: the block's largest offset down.</summary>
    public long SlackRows => Height - (Side * CellHeight);

    /// <summary>Pixels left over beside the block, <c>W mod 3</c>.</summary>
    public long SlackColumns => Width - (Side * CellWidth);

    /// <summary>
    /// Random top-left corners of the nine tiles of <paramref name="n"/> images. Draws, in order: the
    /// block's offset down [N] and across [N], then each tile's offset down [N, 9] and across [N, 9].
    /// </summary>
    /// <returns>int64 rows and columns, each [N, 9], tile k of image n at <c>(Rows[n, k], Columns[n, k])</c>.</returns>
    public (Tensor Rows, Tensor Columns) DrawCorners(long n, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = NewDisposeScope();
        var blockRows = randint(0, SlackRows + 1, new[] { n, 1L }, dtype: ScalarType.Int64, device: generator.device, generator: generator);             // [N, 1]
        var blockColumns = randint(0, SlackColumns + 1, new[] { n, 1L }, dtype: ScalarType.Int64, device: generator.device, generator: generator);       // [N, 1]
        var jitterRows = randint(0, JitterRows + 1, new[] { n, (long)Count }, dtype: ScalarType.Int64, device: generator.device, generator: generator);   // [N, 9]
        var jitterColumns = randint(0, JitterColumns + 1, new[] { n, (long)Count }, dtype: ScalarType.Int64, device: generator.device, generator: generator);
        var (cellRows, cellColumns) = CellCorners(generator.device);
        return scope.MoveToOuter(blockRows + cellRows + jitterRows, blockColumns + cellColumns + jitterColumns);
    }

    /// <summary>
    /// The nine tiles of every image at the given corners, as they are in the image (not normalised).
    /// One <c>gather</c> for the whole batch.
    /// </summary>
    /// <param name="images">[N, C, H, W]; not modified.</param>
    /// <param name="rows">int64 [N, 9] top rows of the tiles; every tile must lie inside the image.</param>
    /// <param name="columns">int64 [N, 9] left columns.</param>
    /// <returns>[N, 9, C, tile, tile]: element <c>[n, k]</c> is <c>images[n, :, rows[n,k] : rows[n,k] + tile, columns[n,k] : columns[n,k] + tile]</c>.</returns>
    public Tensor CutAt(Tensor images, Tensor rows, Tensor columns)
    {
        CheckImages(images);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var (n, c) = (images.shape[0], images.shape[1]);
        if (!rows.shape.SequenceEqual(new[] { n, (long)Count }) || !columns.shape.SequenceEqual(new[] { n, (long)Count }))
        {
            throw new ArgumentException($"corners must be [N, 9] = [{n}, 9]; got rows [{string.Join(", ", rows.shape)}] and columns [{string.Join(", ", columns.shape)}].");
        }

        using var scope = NewDisposeScope();
        long t = TileSize;
        var step = arange(t, dtype: ScalarType.Int64, device: images.device);                                  // [t]
        var pixelRows = rows.to(images.device).view(n, Count, 1, 1) + step.view(1, 1, t, 1);                     // [N, 9, t, 1]
        var pixelColumns = columns.to(images.device).view(n, Count, 1, 1) + step.view(1, 1, 1, t);               // [N, 9, 1, t]
        var index = ((pixelRows * Width) + pixelColumns).view(n, 1, Count * t * t).expand(n, c, Count * t * t);  // [N, C, 9·t·t] into H·W
        var tiles = images.reshape(n, c, Height * Width).gather(2, index)                                       // [N, C, 9·t·t]
            .view(n, c, Count, t, t)                                                                             // [N, C, 9, t, t]
            .permute(0, 2, 1, 3, 4)                                                                              // [N, 9, C, t, t]
            .contiguous();
        return scope.MoveToOuter(tiles);
    }

    /// <summary>Training tiles: corners from <see cref="DrawCorners"/>, each tile normalised on its own.</summary>
    /// <param name="images">[N, C, H, W]; not modified.</param>
    /// <param name="generator">Source of the block and tile offsets.</param>
    /// <returns>[N, 9, C, tile, tile].</returns>
    public Tensor Cut(Tensor images, Generator generator)
    {
        CheckImages(images);
        using var scope = NewDisposeScope();
        var (rows, columns) = DrawCorners(images.shape[0], generator);
        return scope.MoveToOuter(Normalise(CutAt(images, rows, columns)));
    }

    /// <summary>
    /// Standardises every tile over its own pixels (all channels): <c>(x − mean) / √(var + ε)</c> with
    /// the population variance and ε = <see cref="NormaliseEpsilon"/>. A tile's brightness and
    /// contrast then say nothing about where it came from; a flat tile becomes zeros. Whole images
    /// [N, C, H, W] are standardised the same way, each over its own pixels.
    /// </summary>
    /// <param name="tiles">[..., C, h, w]; not modified.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public static Tensor Normalise(Tensor tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.dim() < 3)
        {
            throw new ArgumentException($"tiles must be [..., C, t, t]; got [{string.Join(", ", tiles.shape)}].", nameof(tiles));
        }

        using var scope = NewDisposeScope();
        var dims = new long[] { -3, -2, -1 };
        var mean = tiles.mean(dims, keepdim: true);                                  // [..., 1, 1, 1]
        var variance = (tiles - mean).square().mean(dims, keepdim: true);
        return scope.MoveToOuter((tiles - mean) / (variance + NormaliseEpsilon).sqrt());
    }

    /// <summary>
    /// Puts the tiles of each image in a new order: <c>result[n, i] = tiles[n, order[n, i]]</c> (the
    /// tile that goes to place i is tile <c>order[n, i]</c>), as Noroozi and Favaro shuffle a puzzle.
    /// </summary>
    /// <param name="tiles">[N, K, ...].</param>
    /// <param name="order">int64 [N, K], each row a permutation of 0..K−1.</param>
    /// <returns>[N, K, ...].</returns>
    public static Tensor Shuffle(Tensor tiles, Tensor order)
    {
        CheckOrder(tiles, order);
        using var scope = NewDisposeScope();
        var (n, k) = (tiles.shape[0], tiles.shape[1]);
        var rest = tiles.shape.Skip(2).ToArray();
        var flat = tiles.reshape(n, k, -1);                                                 // [N, K, D]
        var index = order.to(tiles.device).unsqueeze(2).expand(n, k, flat.shape[2]);         // [N, K, D]
        return scope.MoveToOuter(flat.gather(1, index).view(new[] { n, k }.Concat(rest).ToArray()));
    }

    /// <summary>Undoes <see cref="Shuffle"/>: <c>Unshuffle(Shuffle(x, order), order) = x</c>.</summary>
    /// <param name="shuffled">[N, K, ...].</param>
    /// <param name="order">The order <paramref name="shuffled"/> was made with, int64 [N, K].</param>
    public static Tensor Unshuffle(Tensor shuffled, Tensor order)
    {
        CheckOrder(shuffled, order);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Shuffle(shuffled, Inverse(order)));
    }

    /// <summary>The inverse permutation of each row: <c>inverse[n, order[n, i]] = i</c>.</summary>
    /// <param name="order">int64 [N, K], each row a permutation of 0..K−1.</param>
    public static Tensor Inverse(Tensor order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.argsort(dim: -1);
    }

    // [1, 9] top-left corners of the cells relative to the block.
    private (Tensor Rows, Tensor Columns) CellCorners(Device device)
    {
        var k = arange(Count, dtype: ScalarType.Int64, device: device).view(1, Count);   // [1, 9]
        return (k.div(Side, rounding_mode: RoundingMode.floor) * CellHeight, k.remainder(Side) * CellWidth);
    }

    private void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[2] != Height || images.shape[3] != Width)
        {
            throw new ArgumentException(
                $"this tile grid was made for images [N, C, {Height}, {Width}]; got [{string.Join(", ", images.shape)}].",
                nameof(images));
        }
    }

    private static void CheckOrder(Tensor tiles, Tensor order)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(order);
        if (tiles.dim() < 2 || order.dim() != 2 || order.shape[0] != tiles.shape[0] || order.shape[1] != tiles.shape[1] || order.dtype != ScalarType.Int64)
        {
            throw new ArgumentException(
                $"an order is int64 [N, K] for tiles [N, K, ...]; got {order.dtype} [{string.Join(", ", order.shape)}] for tiles [{string.Join(", ", tiles.shape)}].");
        }
    }
}
