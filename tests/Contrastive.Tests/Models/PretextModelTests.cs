using Contrastive.Models;
using static TorchSharp.torch;

namespace Contrastive.Tests.Models;

/// <summary>The pretext example models as the build generated them: shapes, checkpoint keys, the jigsaw's permutation set.</summary>
public sealed class PretextModelTests
{
    // The value docs/spec.md quotes for JigsawFashion's set; a change of the greedy rule, the tie-break
    // or the candidates' order changes it.
    [Test]
    public void The_example_jigsaw_keeps_every_two_of_its_permutations_six_places_apart()
    {
        using var scope = NewDisposeScope();
        using var model = new JigsawFashion();
        Assert.That(model.Permutations.shape, Is.EqualTo(new long[] { JigsawFashion.PermutationCount, 9 }));
        Assert.That(model.MinimumHammingDistance, Is.EqualTo(6));
    }

    [Test]
    public void The_example_models_have_the_specs_shapes_and_checkpoint_keys()
    {
        using var scope = NewDisposeScope();
        using var rotation = new RotationFashion();
        using var jigsaw = new JigsawFashion();
        using var relative = new RelativePositionFashion();
        var images = rand(3, 1, 28, 28);

        Assert.Multiple(() =>
        {
            Assert.That(rotation.Features(images).shape, Is.EqualTo(new long[] { 3, RotationFashion.FeatureSize }));
            Assert.That(rotation.Logits(images).shape, Is.EqualTo(new long[] { 3, 4 }));
            Assert.That(jigsaw.Features(images).shape, Is.EqualTo(new long[] { 3, JigsawFashion.FeatureSize }));
            Assert.That(relative.Features(images).shape, Is.EqualTo(new long[] { 3, RelativePositionFashion.FeatureSize }));
            Assert.That((JigsawFashion.TileSize, jigsaw.Grid.Gap, jigsaw.Classes), Is.EqualTo((6, 1, 100)));
            Assert.That(relative.Grid.TileSize, Is.EqualTo(RelativePositionFashion.TileSize));
            Assert.That(rotation.state_dict().Keys, Is.All.StartsWith("encoder.").Or.StartsWith("head."));
            Assert.That(relative.state_dict().Keys, Is.All.StartsWith("encoder.").Or.StartsWith("head."));
            Assert.That(jigsaw.state_dict().Keys, Is.All.StartsWith("encoder.").Or.StartsWith("head.").Or.EqualTo("permutations"));
            Assert.That(jigsaw.state_dict().Keys, Does.Contain("encoder.local.weight").And.Contain("head.linear2.bias"));
        });
    }
}
