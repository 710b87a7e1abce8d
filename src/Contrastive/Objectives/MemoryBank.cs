using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>
/// A memory bank in the style of instance discrimination (Wu et al. 2018, "Unsupervised Feature
/// Learning via Non-Parametric Instance Discrimination"): one unit-length entry per training sample,
/// refreshed with momentum each time that sample is seen, from which negatives are drawn at random.
/// Unlike a queue, every entry is the latest (if stale) view of a known sample, so a sample's own
/// entry can be told apart and left out of its negatives.
/// </summary>
/// <remarks>State dict key: <c>entries</c> [Size, Dimension].</remarks>
public sealed class MemoryBank : nn.Module
{
    /// <summary>Creates a bank of random unit vectors (the paper's initialisation).</summary>
    /// <param name="size">Entries: the number of training samples.</param>
    /// <param name="dimension">Embedding dimension.</param>
    /// <param name="generator">Draws the initial entries (on its device, which must be the entries').</param>
    /// <param name="device">Device of the entries; the generator's (or CPU) when null.</param>
    public MemoryBank(long size, int dimension, Generator? generator = null, Device? device = null)
        : base(nameof(MemoryBank))
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "the bank needs one entry per training sample, so at least one.");
        }

        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "entries need at least one dimension.");
        }

        Size = size;
        Dimension = dimension;
        using var scope = NewDisposeScope();
        var initial = nn.functional.normalize(randn(new[] { size, (long)dimension }, device: device ?? generator?.device ?? CPU, generator: generator), p: 2, dim: 1);
        register_buffer("entries", initial.DetachFromDisposeScope());
    }

    /// <summary>Number of entries (training samples).</summary>
    public long Size { get; }

    /// <summary>Entry dimension.</summary>
    public int Dimension { get; }

    private Tensor Entries => get_buffer("entries")!;

    /// <summary>Draws <paramref name="count"/> entries uniformly with replacement, as the paper does.</summary>
    /// <returns>The drawn indices [count] (to mask a sample's own entry) and the entries [count, Dimension], detached copies.</returns>
    public (Tensor Indices, Tensor Entries) Sample(long count, Generator? generator)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "draw at least one negative.");
        }

        var entries = Entries;
        var indices = randint(Size, new[] { count }, dtype: ScalarType.Int64, device: entries.device, generator: generator);
        return (indices, entries.index_select(0, indices));
    }

    /// <summary>The entries of <paramref name="indices"/>, [B, Dimension] (a detached copy).</summary>
    public Tensor Read(Tensor indices) => Entries.index_select(0, indices);

    /// <summary>
    /// Refreshes the entries of <paramref name="indices"/>: <c>v ← normalize(m v + (1 − m) normalize(z))</c>.
    /// Indices must be distinct (one batch of a permutation is).
    /// </summary>
    /// <param name="indices">[B] training-set indices.</param>
    /// <param name="embeddings">[B, Dimension] new embeddings of those samples (detached here).</param>
    /// <param name="momentum">m in [0, 1): the weight of the old entry (0.5 in the paper).</param>
    public void Update(Tensor indices, Tensor embeddings, double momentum)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(embeddings);
        if (!(momentum >= 0.0 && momentum < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "the bank's momentum must be in [0, 1): 1 would never update it.");
        }

        if (embeddings.dim() != 2 || embeddings.shape[1] != Dimension || indices.dim() != 1 || indices.shape[0] != embeddings.shape[0])
        {
            throw new ArgumentException(
                $"expected indices [B] and embeddings [B, {Dimension}]; got [{string.Join(", ", indices.shape)}] and [{string.Join(", ", embeddings.shape)}].");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var entries = Entries;
        var fresh = nn.functional.normalize(embeddings.detach().to(entries.dtype, entries.device), p: 2, dim: 1);
        var blended = entries.index_select(0, indices).mul(momentum).add(fresh.mul(1.0 - momentum));
        entries.index_copy_(0, indices, nn.functional.normalize(blended, p: 2, dim: 1));
    }
}
