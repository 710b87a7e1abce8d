using Contrastive.Augment;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// Relative patch position (Doersch, Gupta and Efros, "Unsupervised Visual Representation Learning by
/// Context Prediction", ICCV 2015): from a centre patch and one of its eight neighbours, a head on
/// the two patches' features predicts where the neighbour lies (above left, above, above right,
/// left, right, below left, below, below right). Knowing that a sleeve goes beside a body, or a
/// sole below a shoe, needs features of object parts.
/// </summary>
/// <remarks>
/// <para>
/// Each step: one view of every image (the spec's augmentations, if any); its 3 x 3 grid of tiles
/// with a gap and random jitter, each standardised on its own (<see cref="TileGrid"/>: no edge that
/// runs on, no brightness or contrast trend gives the answer away); the encoder on all nine tiles;
/// then every image contributes all eight (centre, neighbour) pairs, labelled 0..7 as in
/// <see cref="NeighbourOffsets"/>, the head scores each pair's [2F] concatenation, cross-entropy
/// over the 8N pairs. Doersch et al. sample one neighbour per centre; the mean over all eight is the
/// expectation of that loss and reuses the centre's features. Logs "pretext-accuracy" (chance:
/// 1/8). Draws, in order: the view, the tile corners.
/// </para>
/// <para>
/// Features for evaluation: as <see cref="Jigsaw"/>, the shared trunk on the whole image standardised
/// over its own pixels, [N, C, H, W] -> [N, F], the same in every run. Checkpoint keys:
/// <c>encoder.*</c>, <c>head.*</c>.
/// </para>
/// </remarks>
public class RelativePosition : SelfSupervisedMethod
{
    /// <summary>The neighbours the head tells apart.</summary>
    public const int Classes = 8;

    /// <summary>The tile at the centre of the grid.</summary>
    public const int CentreTile = 4;

    private static readonly long[] NeighbourTiles = Enumerable.Range(0, TileGrid.Count).Where(k => k != CentreTile).Select(k => (long)k).ToArray();

    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> head;

    /// <summary>Creates the relative-position method under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">The gap between tiles.</param>
    /// <param name="encoder">f: tiles to features, [M, C, tile, tile] -> [M, F]; for evaluation also whole images, [N, C, H, W] -> [N, F].</param>
    /// <param name="head">g: a pair's concatenated features to eight logits, [M, 2F] -> [M, 8].</param>
    /// <param name="imageHeight">Height H of the training images.</param>
    /// <param name="imageWidth">Width W of the training images.</param>
    /// <param name="tileSize">Side of a tile in pixels.</param>
    protected RelativePosition(string name, RelativePositionSettings settings, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> head, long imageHeight, long imageWidth, int tileSize)
        : base(name)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        this.head = head ?? throw new ArgumentNullException(nameof(head));
        if (ReferenceEquals(encoder, head))
        {
            throw new ArgumentException("the head must be a module of its own, not the encoder again.", nameof(head));
        }

        Grid = new TileGrid(imageHeight, imageWidth, tileSize, settings.Gap);
        register_module(nameof(encoder), encoder);
        register_module(nameof(head), head);
    }

    /// <summary>
    /// Where the neighbour of each label lies, in grid cells from the centre (rows down, columns
    /// right), in reading order: 0 above left (−1, −1), 1 above (−1, 0), 2 above right (−1, 1),
    /// 3 left (0, −1), 4 right (0, 1), 5 below left (1, −1), 6 below (1, 0), 7 below right (1, 1).
    /// </summary>
    public static IReadOnlyList<(int Rows, int Columns)> NeighbourOffsets { get; } =
        NeighbourTiles.Select(k => ((int)(k / TileGrid.Side) - 1, (int)(k % TileGrid.Side) - 1)).ToArray();

    /// <summary>What this method was made with: the gap between tiles.</summary>
    public RelativePositionSettings Settings { get; }

    /// <summary>How tiles are cut.</summary>
    public TileGrid Grid { get; }

    /// <summary>
    /// What evaluation probes: the encoder on the whole image, standardised as a tile is in training
    /// (<see cref="TileGrid.Normalise"/> over the image's pixels), [N, C, H, W] -> [N, F]. The encoder
    /// must take both sizes: convolutions ending in a global pool do (the generator checks it).
    /// </summary>
    public override Tensor Features(Tensor inputs) => encoder.call(TileGrid.Normalise(inputs));

    /// <summary>Encodes every tile on its own: [N, 9, C, t, t] -> [N, 9, F].</summary>
    public Tensor EncodeTiles(Tensor tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var (n, k) = (tiles.shape[0], tiles.shape[1]);
        return encoder.call(tiles.flatten(0, 1)).view(n, k, -1);                    // [N·9, C, t, t] -> [N·9, F] -> [N, 9, F]
    }

    /// <summary>
    /// The eight (centre, neighbour) pairs of every image, of anything given per tile: tiles, features.
    /// Pair <c>8n + l</c> is image n's centre with its neighbour of label l.
    /// </summary>
    /// <param name="perTile">[N, 9, ...], tiles in reading order.</param>
    /// <returns>Centres [8N, ...], neighbours [8N, ...] and int64 labels [8N] (0..7 for each image).</returns>
    public static (Tensor Centres, Tensor Neighbours, Tensor Labels) Pairs(Tensor perTile)
    {
        ArgumentNullException.ThrowIfNull(perTile);
        if (perTile.dim() < 2 || perTile.shape[1] != TileGrid.Count)
        {
            throw new ArgumentException($"pairs are made from the 9 tiles of each image, [N, 9, ...]; got [{string.Join(", ", perTile.shape)}].", nameof(perTile));
        }

        using var scope = NewDisposeScope();
        var n = perTile.shape[0];
        var rest = perTile.shape.Skip(2).ToArray();
        var expanded = new[] { n, (long)Classes }.Concat(rest).ToArray();
        var flat = new[] { n * Classes }.Concat(rest).ToArray();
        var centres = perTile.narrow(1, CentreTile, 1).expand(expanded).reshape(flat);                                        // [N, 1, ...] -> [8N, ...]
        var neighbours = perTile.index_select(1, tensor(NeighbourTiles, device: perTile.device)).reshape(flat);              // [N, 8, ...] -> [8N, ...]
        var labels = arange(Classes, dtype: ScalarType.Int64, device: perTile.device).repeat(n);                              // [8N]: 0..7, 0..7, ...
        return scope.MoveToOuter(centres, neighbours, labels);
    }

    /// <summary>The head's eight logits for each (centre, neighbour) pair of features, [M, F] twice -> [M, 8].</summary>
    public Tensor Logits(Tensor centreFeatures, Tensor neighbourFeatures) => head.call(cat(new[] { centreFeatures, neighbourFeatures }, 1));   // [M, 2F]

    /// <summary>Cross-entropy of the head's guess of where each of the eight neighbours lies.</summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(views);
        var view = views.MakeView(batch.Inputs, generator);     // [N, C, H, W]
        var features = EncodeTiles(Grid.Cut(view, generator));   // [N, 9, F]
        var (centres, neighbours, labels) = Pairs(features);     // [8N, F], [8N, F], [8N]
        return PretextClassifier.Classify(Logits(centres, neighbours), labels, Classes, "relative position");
    }
}
