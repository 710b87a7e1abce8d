using Contrastive.Augment;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// Jigsaw puzzles (Noroozi and Favaro, "Unsupervised Learning of Visual Representations by Solving
/// Jigsaw Puzzles", ECCV 2016; the context-free network): each image is cut into a 3 x 3 grid of
/// tiles, the tiles are shuffled by one of P fixed permutations, a shared encoder embeds each tile
/// on its own, and a head over the nine concatenated tile features predicts which permutation was
/// used. Solving the puzzle needs to know what parts of an object look like and how they fit.
/// </summary>
/// <remarks>
/// <para>
/// Each step: one view of every image (the spec's augmentations, if any); its nine tiles with a gap
/// and random jitter between them, each standardised on its own (<see cref="TileGrid"/>: no edge,
/// brightness or contrast cue says where a tile came from); a permutation index p uniform in
/// 0..P−1 per image; the tiles put in that order (<see cref="TileGrid.Shuffle"/>: place i gets tile
/// <c>permutations[p, i]</c>); the encoder on all 9N tiles; the head on each image's [9F] concatenation;
/// cross-entropy against p. Logs "pretext-accuracy" (chance: 1/P). Draws, in order: the view, the
/// tile corners, the permutation indices.
/// </para>
/// <para>
/// The permutation set (<see cref="PermutationSet.MaxMinHamming"/>, greedy max-min Hamming distance,
/// from a seed) is a buffer of the module, <c>permutations</c> [P, 9] int64, so every checkpoint
/// holds it and a model loaded for evaluation or resumed uses the set it was trained with, whatever
/// seed it was built with.
/// </para>
/// <para>
/// Features for evaluation: the shared trunk on the whole image, not on tiles. The image is
/// standardised over its own pixels as each tile is in training, and the encoder, a convolutional
/// trunk ending in a global pool, reads it at full size: [N, C, H, W] -> [N, F], without
/// randomness, the same in every run and for every method of the toolkit. Checkpoint keys:
/// <c>encoder.*</c>, <c>head.*</c>, <c>permutations</c>.
/// </para>
/// </remarks>
public class Jigsaw : SelfSupervisedMethod
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> head;

    /// <summary>Creates the jigsaw method under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">The permutation seed and the gap between tiles.</param>
    /// <param name="encoder">f: tiles to features, [M, C, tile, tile] -> [M, F]; for evaluation also whole images, [N, C, H, W] -> [N, F].</param>
    /// <param name="head">g: nine concatenated tile features to one logit per permutation, [N, 9F] -> [N, P].</param>
    /// <param name="imageHeight">Height H of the training images.</param>
    /// <param name="imageWidth">Width W of the training images.</param>
    /// <param name="tileSize">Side of a tile in pixels.</param>
    /// <param name="permutationCount">P, the number of permutations (classes), from 2 to 9!.</param>
    protected Jigsaw(
        string name,
        JigsawSettings settings,
        nn.Module<Tensor, Tensor> encoder,
        nn.Module<Tensor, Tensor> head,
        long imageHeight,
        long imageWidth,
        int tileSize,
        int permutationCount)
        : base(name)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        var (permutationSeed, gap) = settings;
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        this.head = head ?? throw new ArgumentNullException(nameof(head));
        if (ReferenceEquals(encoder, head))
        {
            throw new ArgumentException("the head must be a module of its own, not the encoder again.", nameof(head));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(permutationCount, 2);
        Grid = new TileGrid(imageHeight, imageWidth, tileSize, gap);
        Classes = permutationCount;
        register_module(nameof(encoder), encoder);
        register_module(nameof(head), head);
        register_buffer("permutations", PermutationSet.Shared(permutationCount, TileGrid.Count, permutationSeed).DetachFromDisposeScope());
    }

    /// <summary>What this method was made with: the permutation seed and the gap between tiles.</summary>
    public JigsawSettings Settings { get; }

    /// <summary>How tiles are cut.</summary>
    public TileGrid Grid { get; }

    /// <summary>P, the number of permutations the head tells apart (its outputs).</summary>
    public int Classes { get; }

    /// <summary>The permutation set, int64 [P, 9]: row p is the order of the tiles for label p (a checkpointed buffer).</summary>
    public Tensor Permutations => get_buffer("permutations")!;   // looked up on each use: loading or moving the module replaces it

    /// <summary>The smallest Hamming distance between two permutations of the set.</summary>
    public int MinimumHammingDistance => PermutationSet.MinimumDistance(Permutations);

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
        var features = encoder.call(tiles.flatten(0, 1));                           // [N·9, C, t, t] -> [N·9, F]
        return features.view(n, k, -1);                                             // [N, 9, F]
    }

    /// <summary>The head's logits for puzzles whose tiles are already in place order, [N, 9, C, t, t] -> [N, P].</summary>
    public Tensor Logits(Tensor shuffledTiles) => head.call(EncodeTiles(shuffledTiles).flatten(1));   // [N, 9, F] -> [N, 9F] -> [N, P]

    /// <summary>
    /// Puzzles for a batch of views: the normalised, jittered tiles of each image shuffled by a
    /// permutation drawn for it, and the index of that permutation (the label).
    /// </summary>
    /// <param name="views">[N, C, H, W].</param>
    /// <param name="generator">Source of the tile corners, then of the labels.</param>
    /// <returns>Tiles [N, 9, C, t, t] in shuffled order and int64 labels [N] in 0..P−1.</returns>
    public (Tensor Tiles, Tensor Labels) Puzzles(Tensor views, Generator generator)
    {
        using var scope = NewDisposeScope();
        var tiles = Grid.Cut(views, generator);                                                              // [N, 9, C, t, t]
        var labels = randint(Classes, new[] { views.shape[0] }, dtype: ScalarType.Int64, device: generator.device, generator: generator);   // [N]
        var order = Permutations.index_select(0, labels.to(Permutations.device));                          // [N, 9]
        return scope.MoveToOuter(TileGrid.Shuffle(tiles, order), labels.to(views.device));
    }

    /// <summary>Cross-entropy of the head's guess of each puzzle's permutation.</summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(views);
        var view = views.MakeView(batch.Inputs, generator);     // [N, C, H, W]
        var (tiles, labels) = Puzzles(view, generator);
        return PretextClassifier.Classify(Logits(tiles), labels, Classes, "jigsaw");
    }
}
