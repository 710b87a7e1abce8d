using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// The permutations a jigsaw puzzle is shuffled by (Noroozi and Favaro 2016, section 3.2): a small
/// set chosen from all n! orders of n tiles so that any two differ in as many places as possible,
/// which keeps the classes of the pretext task far apart. The choice is greedy: a first permutation
/// at random, then, again and again, the permutation whose smallest Hamming distance to those
/// already chosen is largest, ties broken at random. Every random draw comes from a generator seeded
/// with the seed given, so a seed always gives the same set.
/// </summary>
/// <remarks>
/// Noroozi and Favaro's published code maximises the mean distance; this is the max-min variant the
/// paper's text describes (the minimum is what separates the two closest classes). The distance of
/// every candidate to the newest choice is counted through lists of which candidates hold which value
/// at which place (n lists of (n−1)! agreements, not n! x n comparisons), so 100 permutations of 9
/// tiles take well under a second.
/// </remarks>
public static class PermutationSet
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Count, int Elements, long Seed), long[]> SharedSets = new();

    /// <summary>The largest n this class enumerates (9! = 362,880 candidates).</summary>
    public const int MaxElements = 9;

    /// <summary>Chooses <paramref name="count"/> permutations of 0..n−1 by greedy max-min Hamming distance.</summary>
    /// <param name="count">Permutations to choose, from 1 to n!.</param>
    /// <param name="elements">n, the number of tiles, from 1 to <see cref="MaxElements"/>.</param>
    /// <param name="seed">Seed of the first choice and of every tie-break.</param>
    /// <returns>int64 [count, n], one permutation per row, in the order chosen.</returns>
    public static Tensor MaxMinHamming(int count, int elements, long seed)
    {
        if (elements < 1 || elements > MaxElements)
        {
            throw new ArgumentOutOfRangeException(nameof(elements), elements, $"permutation sets are chosen among all n! orders, for n from 1 to {MaxElements}.");
        }

        var total = Factorial(elements);
        if (count < 1 || count > total)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{elements} elements have {total} permutations; choose from 1 to {total} of them.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        using var generator = new Generator(unchecked((ulong)seed));
        long Draw(long below) => randint(below, new[] { 1L }, dtype: ScalarType.Int64, generator: generator).item<long>();

        // Integer bookkeeping over the n! candidates: per choice, a pass over the candidates that agree
        // with it somewhere; tensor ops over all 9! = 362,880 candidates per choice cost far more.
        var rows = Table(elements);                                     // n! permutations, row-major
        var holding = Holding(rows, elements);                          // list i·n + v: the candidates with v at place i
        var perList = total / elements;
        var nearest = new byte[total];                                  // each candidate's distance to the nearest chosen
        Array.Fill(nearest, (byte)elements);                            // n: what a candidate that agrees nowhere keeps
        var atDistance = new int[elements + 1];                         // how many candidates are at each distance
        atDistance[elements] = total;
        var matches = new byte[total];
        var chosen = new long[count];
        chosen[0] = Draw(total);
        for (var k = 0; ; k++)
        {
            // Only candidates that agree with the newest choice somewhere can come nearer to the set:
            // count their agreements through the lists of who holds which value where (n lists of
            // (n−1)!), update their distances, and reset the counts the same way.
            var lists = Enumerable.Range(0, elements).Select(place => (place * elements) + rows[(chosen[k] * elements) + place]).ToArray();
            foreach (var list in lists)
            {
                foreach (var candidate in holding.AsSpan(list * perList, perList))
                {
                    matches[candidate]++;
                }
            }

            foreach (var list in lists)
            {
                foreach (var candidate in holding.AsSpan(list * perList, perList))
                {
                    var distance = (byte)(elements - matches[candidate]);
                    if (distance < nearest[candidate])
                    {
                        atDistance[nearest[candidate]]--;
                        atDistance[distance]++;
                        nearest[candidate] = distance;
                    }

                    matches[candidate] = 0;
                }
            }

            if (k + 1 == count)
            {
                break;
            }

            // One of the candidates farthest from the chosen set, at random (a chosen one is at distance 0).
            var farthest = Array.FindLastIndex(atDistance, c => c > 0);
            var skip = Draw(atDistance[farthest]);
            for (var j = 0; ; j++)
            {
                if (nearest[j] == farthest && skip-- == 0)
                {
                    chosen[k + 1] = j;
                    break;
                }
            }
        }

        var set = new long[count * elements];
        for (var k = 0; k < count; k++)
        {
            for (var place = 0; place < elements; place++)
            {
                set[(k * elements) + place] = rows[(chosen[k] * elements) + place];
            }
        }

        return tensor(set, new long[] { count, elements });
    }

    /// <summary>
    /// <see cref="MaxMinHamming"/>, computed once per process for each (count, n, seed): a model builds
    /// its set in its constructor, and training and evaluation build the same model more than once.
    /// </summary>
    internal static Tensor Shared(int count, int elements, long seed)
    {
        var rows = SharedSets.GetOrAdd((count, elements, seed), key =>
        {
            using var scope = NewDisposeScope();
            return MaxMinHamming(key.Count, key.Elements, key.Seed).data<long>().ToArray();
        });
        return tensor(rows, new long[] { count, elements });
    }

    /// <summary>The smallest Hamming distance between two rows of <paramref name="permutations"/> (pairs of distinct rows).</summary>
    /// <param name="permutations">[P, n] with P at least 2.</param>
    /// <returns>A number from 0 (a repeated row) to n.</returns>
    public static int MinimumDistance(Tensor permutations)
    {
        using var scope = NewDisposeScope();
        var distances = Distances(permutations);                                                     // [P, P]
        var p = distances.shape[0];
        if (p < 2)
        {
            throw new ArgumentException("the minimum distance needs at least two permutations.", nameof(permutations));
        }

        return (int)distances.masked_fill(eye(p, dtype: ScalarType.Bool), long.MaxValue).min().item<long>();
    }

    /// <summary>Hamming distances between every two rows: <c>D[i, j]</c> = places where rows i and j differ.</summary>
    /// <param name="permutations">[P, n].</param>
    /// <returns>int64 [P, P].</returns>
    public static Tensor Distances(Tensor permutations)
    {
        ArgumentNullException.ThrowIfNull(permutations);
        if (permutations.dim() != 2)
        {
            throw new ArgumentException($"permutations must be [P, n]; got [{string.Join(", ", permutations.shape)}].", nameof(permutations));
        }

        return permutations.unsqueeze(1).ne(permutations.unsqueeze(0)).sum(2, type: ScalarType.Int64);   // [P, 1, n] vs [1, P, n] -> [P, P]
    }

    /// <summary>Whether every row of <paramref name="permutations"/> [P, n] is a permutation of 0..n−1.</summary>
    public static bool AreValid(Tensor permutations)
    {
        ArgumentNullException.ThrowIfNull(permutations);
        if (permutations.dim() != 2 || permutations.dtype != ScalarType.Int64)
        {
            return false;
        }

        using var scope = NewDisposeScope();
        var n = permutations.shape[1];
        return permutations.sort(dim: 1).Values.Equals(arange(n, dtype: ScalarType.Int64, device: permutations.device).expand_as(permutations));
    }

    /// <summary>Every permutation of 0..n−1 in lexicographic order, uint8 [n!, n].</summary>
    internal static Tensor All(int elements) => tensor(Table(elements), new long[] { Factorial(elements), elements });

    // The n! permutations in lexicographic order, one after another.
    private static byte[] Table(int elements)
    {
        var total = Factorial(elements);
        var table = new byte[total * elements];
        var current = Enumerable.Range(0, elements).Select(i => (byte)i).ToArray();
        for (var row = 0; row < total; row++)
        {
            current.CopyTo(table, row * elements);
            NextPermutation(current);
        }

        return table;
    }

    // For place i and value v, the candidates (row numbers of the table) with v at place i: each value
    // sits at each place in (n−1)! of the n! permutations. Flat: list i·n + v is the (n−1)! entries
    // from (i·n + v)·(n−1)! on.
    private static int[] Holding(byte[] rows, int elements)
    {
        var total = rows.Length / elements;
        var perList = total / elements;
        var lists = new int[rows.Length];
        var filled = new int[elements * elements];
        for (var row = 0; row < total; row++)
        {
            for (var place = 0; place < elements; place++)
            {
                var list = (place * elements) + rows[(row * elements) + place];
                lists[(list * perList) + filled[list]++] = row;
            }
        }

        return lists;
    }

    private static int Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    // Narayana Pandita's step: the next order in lexicographic sequence (wraps to the first after the last).
    private static void NextPermutation(byte[] a)
    {
        var i = a.Length - 2;
        while (i >= 0 && a[i] >= a[i + 1])
        {
            i--;
        }

        if (i >= 0)
        {
            var j = a.Length - 1;
            while (a[j] <= a[i])
            {
                j--;
            }

            (a[i], a[j]) = (a[j], a[i]);
        }

        Array.Reverse(a, i + 1, a.Length - i - 1);
    }
}
