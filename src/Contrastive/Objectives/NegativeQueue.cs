using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>
/// MoCo's dictionary of negatives: a FIFO ring buffer of detached keys from earlier batches. Once
/// full, each enqueue overwrites the oldest keys. The keys and the ring's position are buffers of
/// this module, so a method that registers its queue checkpoints and restores it with its weights
/// (a resumed run sees the negatives the uninterrupted one would have).
/// </summary>
/// <remarks>State dict keys: <c>keys</c> [Capacity, Dimension] and <c>position</c> [3] (next slot, count, total enqueued).</remarks>
public sealed class NegativeQueue : nn.Module
{
    private const int Next = 0;
    private const int Held = 1;
    private const int Total = 2;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="capacity">Number of keys held (MoCo's K, e.g. 4096 or 65536).</param>
    /// <param name="dimension">Key dimension.</param>
    /// <param name="dtype">Key dtype (float32 or float64).</param>
    /// <param name="device">Device of the keys; CPU when null.</param>
    public NegativeQueue(int capacity, int dimension, ScalarType dtype = ScalarType.Float32, Device? device = null)
        : base(nameof(NegativeQueue))
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the queue needs room for at least one key.");
        }

        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "keys need at least one dimension.");
        }

        Capacity = capacity;
        Dimension = dimension;
        register_buffer("keys", zeros(new long[] { capacity, dimension }, dtype: dtype, device: device).DetachFromDisposeScope());
        register_buffer("position", zeros(3, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope());
    }

    /// <summary>Maximum number of keys.</summary>
    public int Capacity { get; }

    /// <summary>Key dimension.</summary>
    public int Dimension { get; }

    /// <summary>Keys currently held (grows to <see cref="Capacity"/>).</summary>
    public int Count => (int)Position(Held);

    /// <summary>Total keys ever enqueued (to tell how stale the oldest key is).</summary>
    public long Enqueued => Position(Total);

    // Looked up on each use rather than cached in a field: moving the module to a device replaces the buffers.
    private Tensor Storage => get_buffer("keys")!;

    private Tensor Positions => get_buffer("position")!;

    /// <summary>The held keys, [Count, Dimension], oldest first. A fresh tensor owned by the caller's scope.</summary>
    public Tensor Keys()
    {
        var count = Position(Held);
        var next = Position(Next);
        if (count < Capacity)
        {
            return Storage.narrow(0, 0, count).clone();
        }

        // Full ring: the oldest key sits at the next slot to write.
        return cat(new[] { Storage.narrow(0, next, Capacity - next), Storage.narrow(0, 0, next) }, 0);
    }

    /// <summary>Adds keys [B, Dimension] (detached), overwriting the oldest once full.</summary>
    public void Enqueue(Tensor keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.dim() != 2 || keys.shape[1] != Dimension)
        {
            throw new ArgumentException(
                $"keys must have shape [B, {Dimension}]; got [{string.Join(", ", keys.shape)}].", nameof(keys));
        }

        using var scope = NewDisposeScope();
        var storage = Storage;
        var incoming = keys.detach().to(storage.dtype, storage.device);
        var arriving = keys.shape[0];
        var batch = arriving;
        if (batch > Capacity)
        {
            // Only the newest Capacity keys would survive anyway.
            incoming = incoming.narrow(0, batch - Capacity, Capacity);
            batch = Capacity;
        }

        var next = Position(Next);
        using (no_grad())
        {
            var first = Math.Min(batch, Capacity - next);
            storage.narrow(0, next, first).copy_(incoming.narrow(0, 0, first));
            if (first < batch)
            {
                storage.narrow(0, 0, batch - first).copy_(incoming.narrow(0, first, batch - first));
            }

            var held = Math.Min(Capacity, Position(Held) + batch);
            var total = Position(Total) + arriving;
            var positions = Positions;
            positions[Next].fill_((next + batch) % Capacity);
            positions[Held].fill_(held);
            positions[Total].fill_(total);
        }
    }

    private long Position(int slot) => Positions[slot].item<long>();
}
