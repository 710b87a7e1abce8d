using Contrastive.Augment;
using Contrastive.Layers;
using Contrastive.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// The context-instance methods against a plain transcription of their pretext task: which inputs the
/// head sees, with which labels, and that the loss is the cross-entropy of exactly those. Tiny float64
/// models on tiny images, so every number can be recomputed here.
/// </summary>
[TestFixture]
public sealed class PretextMethodTests
{
    private const int Features = 3;

    private static nn.Module<Tensor, Tensor> Linear(long input, long output, long seed)
    {
        random.manual_seed(seed);
        return nn.Sequential(("flatten", nn.Flatten()), ("linear", nn.Linear(input, output, dtype: ScalarType.Float64)));
    }

    // A tile encoder that also reads whole images: a 2 x 2 convolution and a global average pool.
    private static nn.Module<Tensor, Tensor> Convolutional(long seed)
    {
        random.manual_seed(seed);
        return nn.Sequential(("conv", nn.Conv2d(1, Features, 2, dtype: ScalarType.Float64)), ("pool", new GlobalAvgPool()));
    }

    private static Tensor Images(long n, long side, ulong seed) => rand(new[] { n, 1L, side, side }, dtype: ScalarType.Float64, generator: new Generator(seed));

    private static ViewMaker NoViews(long side) => new(ViewPipeline.Identity, 1, side, side);

    private static TrainingBatch Batch(Tensor images) => new(images, arange(images.shape[0], dtype: ScalarType.Int64));

    // Cross-entropy of one row of logits, written out: log Σ exp(z) − z[label].
    private static double CrossEntropy(Tensor logits, long label)
    {
        var z = logits.data<double>().ToArray();
        var max = z.Max();
        return max + Math.Log(z.Sum(v => Math.Exp(v - max))) - z[label];
    }

    // ---------------------------------------------------------------------------------------------
    // Rotation

    internal sealed class TinyRotation(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> head)
        : RotationPrediction(nameof(TinyRotation), new RotationPredictionSettings(), encoder, head);

    private static TinyRotation Rotation() => new(Linear(4, Features, 1), Linear(Features, 4, 2));

    // Built from Rotations.Rotate(images, k) with label k, not from AllFour: catches labels that do not
    // match the turns (clockwise for counter-clockwise, interleaved labels on blocked images).
    [Test]
    public void Rotation_loss_is_the_cross_entropy_of_each_turn_of_each_view_against_its_quarter_turn()
    {
        using var scope = NewDisposeScope();
        using var model = Rotation();
        var images = Images(5, 2, 1);

        var result = model.TrainingStep(Batch(images), NoViews(2), new Generator(1));

        var expected = 0.0;
        var correct = 0;
        for (var k = 0; k < 4; k++)
        {
            var logits = model.Logits(Rotations.Rotate(images, k));   // [5, 4]
            for (var n = 0; n < 5; n++)
            {
                expected += CrossEntropy(logits[n], k) / 20;
                correct += logits[n].argmax().item<long>() == k ? 1 : 0;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(result.Loss.item<double>(), Is.EqualTo(expected).Within(1e-12));
            Assert.That(result.Metrics.Single().Name, Is.EqualTo("pretext-accuracy"));
            Assert.That(result.Metrics.Single().Value.item<float>(), Is.EqualTo(correct / 20f).Within(1e-6));
        });
    }

    [Test]
    public void Rotation_refuses_views_that_are_turned_already()
    {
        using var scope = NewDisposeScope();
        using var model = Rotation();
        var turning = new ViewMaker(new ViewPipeline(new AugmentStep[] { new Rotate90(0.5) }), 1, 2, 2);
        Assert.That(() => model.TrainingStep(Batch(Images(2, 2, 1)), turning, new Generator(1)), Throws.ArgumentException.With.Message.Contains("remove the Rotate90 step"));
    }

    // ---------------------------------------------------------------------------------------------
    // Jigsaw: 12 x 12 images, cells of 4, tiles of 2 with a gap of 1 (1 pixel of jitter), 6 permutations.

    internal sealed class TinyJigsaw(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> head, long seed)
        : Jigsaw(nameof(TinyJigsaw), new JigsawSettings(PermutationSeed: seed, Gap: 1), encoder, head, 12, 12, tileSize: 2, permutationCount: 6);

    private static TinyJigsaw JigsawModel(long permutationSeed = 0) => new(Convolutional(1), Linear(9 * Features, 6, 2), permutationSeed);

    // Catches the inverse permutation (tile i sent to place p[i] instead of place i taking tile p[i])
    // and labels that do not name the permutation used.
    [Test]
    public void A_puzzle_puts_tile_p_i_at_place_i_for_the_permutation_p_its_label_names()
    {
        using var scope = NewDisposeScope();
        using var model = JigsawModel();
        var views = Images(16, 12, 2);

        var (puzzles, labels) = model.Puzzles(views, new Generator(3));

        var replay = new Generator(3);
        var tiles = model.Grid.Cut(views, replay);                                                  // the same draws: corners first ...
        var drawn = randint(6, new long[] { 16 }, dtype: ScalarType.Int64, generator: replay);      // ... then the labels
        var permutations = model.Permutations;
        Assert.That(labels.Equals(drawn), Is.True, "labels are uniform draws after the corners");
        Assert.That(Enumerable.Range(0, 6).Any(p => !TileGrid.Inverse(permutations[p].unsqueeze(0))[0].Equals(permutations[p])), Is.True, "the set has a permutation that is not its own inverse");
        Assert.Multiple(() =>
        {
            for (var n = 0; n < 16; n++)
            {
                var p = permutations[labels[n].item<long>()];
                for (var place = 0; place < 9; place++)
                {
                    Assert.That(puzzles[n, place].Equals(tiles[n, p[place].item<long>()]), Is.True, $"image {n}, place {place}");
                }
            }
        });
    }

    [Test]
    public void Jigsaw_loss_is_the_cross_entropy_of_the_head_against_the_permutation_index()
    {
        using var scope = NewDisposeScope();
        using var model = JigsawModel();
        var views = Images(8, 12, 4);

        var result = model.TrainingStep(Batch(views), NoViews(12), new Generator(5));

        var (puzzles, labels) = model.Puzzles(views, new Generator(5));   // identity views draw nothing
        var logits = model.Logits(puzzles);
        var expected = Enumerable.Range(0, 8).Average(n => CrossEntropy(logits[n], labels[n].item<long>()));
        Assert.That(result.Loss.item<double>(), Is.EqualTo(expected).Within(1e-12));
        Assert.That(result.Metrics.Single().Name, Is.EqualTo("pretext-accuracy"));
    }

    // Evaluation and resumed runs must use the set the model was trained with, not the one its seed
    // would make now: catches a set kept outside the state dict.
    [Test]
    public void The_permutation_set_is_saved_and_loaded_with_the_weights()
    {
        using var scope = NewDisposeScope();
        var file = Path.Combine(Path.GetTempPath(), $"contrastive-jigsaw-{Guid.NewGuid():N}.bin");
        try
        {
            using var trained = JigsawModel(permutationSeed: 0);
            trained.save(file);
            using var other = JigsawModel(permutationSeed: 1);
            Assert.That(other.Permutations.Equals(trained.Permutations), Is.False, "another seed makes another set");

            other.load(file);

            Assert.That(other.Permutations.Equals(trained.Permutations), Is.True);
            Assert.That(trained.state_dict().Keys, Does.Contain("permutations"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Catches features taken from tiles, or from images that are not standardised the way tiles are.
    [Test]
    public void Tile_methods_probe_the_encoder_on_the_whole_image_standardised_over_its_pixels()
    {
        using var scope = NewDisposeScope();
        using var jigsaw = JigsawModel();
        using var relative = RelativePositionModel();
        var images = Images(3, 12, 6) * tensor(new[] { 1.0, 5.0, 0.1 }, dtype: ScalarType.Float64).view(3, 1, 1, 1);   // three contrasts
        var encoder = Convolutional(1);   // the same weights as the models' encoders

        var expected = stack(Enumerable.Range(0, 3).Select(n =>
        {
            var pixels = images[n].data<double>().ToArray();
            var mean = pixels.Average();
            var variance = pixels.Average(v => (v - mean) * (v - mean));
            var standardised = (images[n] - mean) / Math.Sqrt(variance + TileGrid.NormaliseEpsilon);
            return encoder.call(standardised.unsqueeze(0))[0];
        }).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(jigsaw.Features(images).shape, Is.EqualTo(new long[] { 3, Features }));
            Assert.That(jigsaw.Features(images).allclose(expected, rtol: 1e-9, atol: 1e-12), Is.True, "jigsaw");
            Assert.That(relative.Features(images).allclose(expected, rtol: 1e-9, atol: 1e-12), Is.True, "relative position");
            Assert.That(jigsaw.Features(images).Equals(jigsaw.Features(images)), Is.True, "the same features every time");
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Relative position: the same 12 x 12 grid.

    internal sealed class TinyRelativePosition(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> head)
        : RelativePosition(nameof(TinyRelativePosition), new RelativePositionSettings(Gap: 1), encoder, head, 12, 12, tileSize: 2);

    private static TinyRelativePosition RelativePositionModel() => new(Convolutional(1), Linear(2 * Features, 8, 2));

    [Test]
    public void The_eight_labels_are_the_eight_neighbours_in_reading_order()
    {
        using var scope = NewDisposeScope();
        var expected = new[] { (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1) };
        Assert.That(RelativePosition.NeighbourOffsets, Is.EqualTo(expected));

        // Tiles of an image whose pixel (r, c) holds 100 r + c: a tile's first pixel says where it was cut.
        var grid = new TileGrid(12, 12, 2, 1);
        var coordinates = (arange(12, dtype: ScalarType.Float64).view(12, 1) * 100) + arange(12, dtype: ScalarType.Float64).view(1, 12);
        var images = coordinates.view(1, 1, 12, 12).expand(4, 1, 12, 12).contiguous();
        var (rows, columns) = grid.DrawCorners(4, new Generator(7));
        var (centres, neighbours, labels) = RelativePosition.Pairs(grid.CutAt(images, rows, columns));

        Assert.That(labels.data<long>().ToArray(), Is.EqualTo(Enumerable.Range(0, 4).SelectMany(_ => Enumerable.Range(0, 8)).Select(l => (long)l).ToArray()));
        Assert.Multiple(() =>
        {
            for (var pair = 0; pair < 32; pair++)
            {
                var centre = centres[pair, 0, 0, 0].item<double>();
                var neighbour = neighbours[pair, 0, 0, 0].item<double>();
                var (down, across) = (Math.Round(neighbour / 100) - Math.Round(centre / 100), (neighbour % 100) - (centre % 100));
                var (dy, dx) = expected[labels[pair].item<long>()];
                // Cells are 4 apart and jitter moves a tile by at most 1: the neighbour is 3 to 5 pixels away along each axis it moves on.
                Assert.That(down, dy == 0 ? Is.InRange(-1, 1) : Is.InRange((4 * dy) - 1, (4 * dy) + 1), $"pair {pair}, rows");
                Assert.That(across, dx == 0 ? Is.InRange(-1, 1) : Is.InRange((4 * dx) - 1, (4 * dx) + 1), $"pair {pair}, columns");
            }
        });
    }

    // Each pair built here from the tile indices of the offsets: catches labels paired with the wrong neighbour.
    [Test]
    public void Relative_position_loss_is_the_cross_entropy_over_the_eight_pairs_of_each_image()
    {
        using var scope = NewDisposeScope();
        using var model = RelativePositionModel();
        var views = Images(5, 12, 8);

        var result = model.TrainingStep(Batch(views), NoViews(12), new Generator(9));

        var features = model.EncodeTiles(model.Grid.Cut(views, new Generator(9)));   // [5, 9, F], the same draws
        var expected = 0.0;
        for (var n = 0; n < 5; n++)
        {
            for (var label = 0; label < 8; label++)
            {
                var (dy, dx) = RelativePosition.NeighbourOffsets[label];
                var neighbour = ((1 + dy) * 3) + 1 + dx;
                var logits = model.Logits(features[n, 4].unsqueeze(0), features[n, neighbour].unsqueeze(0))[0];
                expected += CrossEntropy(logits, label) / 40;
            }
        }

        Assert.That(result.Loss.item<double>(), Is.EqualTo(expected).Within(1e-12));
        Assert.That(result.Metrics.Single().Name, Is.EqualTo("pretext-accuracy"));
    }

    // ---------------------------------------------------------------------------------------------
    // All three

    // Flat images make flat tiles (variance 0) and saturated logits must not overflow: catches a
    // normalisation without epsilon and a softmax taken by hand.
    [Test]
    public void Losses_and_gradients_stay_finite_on_flat_images_and_huge_weights()
    {
        using var scope = NewDisposeScope();
        foreach (var fill in new[] { 0.0, 1.0 })
        {
            using var rotation = Rotation();
            using var jigsaw = JigsawModel();
            using var relative = RelativePositionModel();
            var methods = new (SelfSupervisedMethod Model, long Side)[] { (rotation, 2), (jigsaw, 12), (relative, 12) };
            foreach (var (model, side) in methods)
            {
                using (no_grad())
                {
                    foreach (var parameter in model.parameters())
                    {
                        parameter.mul_(1e6);
                    }
                }

                var images = full(new long[] { 4, 1, side, side }, fill, dtype: ScalarType.Float64);
                var loss = model.TrainingStep(Batch(images), NoViews(side), new Generator(1)).Loss;
                loss.backward();
                Assert.That(double.IsFinite(loss.item<double>()), Is.True, $"{model.GetType().Name} on images of {fill}");
                Assert.That(model.parameters().All(p => p.grad is null || p.grad.isfinite().all().item<bool>()), Is.True, $"{model.GetType().Name}'s gradients on images of {fill}");
            }
        }
    }
}
