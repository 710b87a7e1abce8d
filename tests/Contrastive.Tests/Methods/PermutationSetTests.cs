using Contrastive.Methods;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// The jigsaw's permutation set: its size, distinct valid rows, its minimum Hamming distance, its
/// seed. The greedy rule itself (every choice as far as any candidate) is an F# property
/// (Contrastive.Properties, PretextProperties).
/// </summary>
[TestFixture]
public sealed class PermutationSetTests
{
    [Test]
    public void A_set_has_the_requested_size_distinct_permutations_and_comes_back_from_its_seed()
    {
        using var scope = NewDisposeScope();
        var set = PermutationSet.MaxMinHamming(100, 9, seed: 0);
        var distances = PermutationSet.Distances(set);

        Assert.Multiple(() =>
        {
            Assert.That(set.shape, Is.EqualTo(new long[] { 100, 9 }));
            Assert.That(set.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(PermutationSet.AreValid(set), Is.True, "every row orders the tiles 0..8");
            Assert.That(distances.masked_fill(eye(100, dtype: ScalarType.Bool), 9).min().item<long>(), Is.GreaterThan(0), "no permutation twice");
            Assert.That(PermutationSet.MaxMinHamming(100, 9, seed: 0).Equals(set), Is.True, "the same seed gives the same set");
            Assert.That(PermutationSet.MaxMinHamming(100, 9, seed: 1).Equals(set), Is.False, "another seed, another set");
        });
    }

    [Test]
    public void MinimumDistance_is_the_closest_pair_of_rows()
    {
        using var scope = NewDisposeScope();
        var set = tensor(new long[] { 0, 1, 2, 3, 1, 0, 2, 3, 3, 2, 1, 0 }).view(3, 4);   // rows 0 and 1 differ in 2 places
        Assert.Multiple(() =>
        {
            Assert.That(PermutationSet.MinimumDistance(set), Is.EqualTo(2));
            Assert.That(PermutationSet.Distances(set)[0].data<long>().ToArray(), Is.EqualTo(new long[] { 0, 2, 4 }));
            Assert.That(PermutationSet.AreValid(tensor(new long[] { 0, 0, 2, 3 }).view(1, 4)), Is.False, "a repeated tile");
        });
    }

    [Test]
    public void All_lists_the_n_factorial_orders_once_in_lexicographic_order()
    {
        using var scope = NewDisposeScope();
        var all = PermutationSet.All(4).to(ScalarType.Int64);   // 24 x 4
        var asNumbers = (all * tensor(new long[] { 1000, 100, 10, 1 })).sum(1);                        // 0123 -> 123, 3210 -> 3210
        Assert.Multiple(() =>
        {
            Assert.That(all.shape, Is.EqualTo(new long[] { 24, 4 }));
            Assert.That(PermutationSet.AreValid(all), Is.True);
            Assert.That(asNumbers.diff().min().item<long>(), Is.GreaterThan(0), "strictly increasing, so each order once");
            Assert.That(PermutationSet.All(9).shape[0], Is.EqualTo(362_880));
        });
    }

    [Test]
    public void Sizes_outside_what_n_elements_allow_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => PermutationSet.MaxMinHamming(25, 4, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("4 elements have 24 permutations"));
            Assert.That(() => PermutationSet.MaxMinHamming(0, 4, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PermutationSet.MaxMinHamming(2, 10, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => PermutationSet.MaxMinHamming(2, 4, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
