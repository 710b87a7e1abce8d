using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Objectives;

/// <summary>
/// MoCo's dictionary of negatives: a FIFO ring buffer of detached keys from earlier batches. Once
/// full, each enqueue overwrites the oldest keys. Keys are stored detached (no graph across steps)
/// and outside any dispose scope, owned by the queue until <see cref="Dispose"/>.
/// </summary>
public sealed class NegativeQueue : IDisposable
{
    private readonly Tensor _keys;   // [Capacity, Dimension]
    private long _next;
    private long _count;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="capacity">Number of keys held (MoCo's K, e.g. 4096 or 65536).</param>
    /// <param name="dimension">Key dimension.</param>
    /// <param name="dtype">Key dtype (float32 or float64).</param>
    /// <param name="device">Device of the keys; CPU when null.</param>
    public NegativeQueue(int capacity, int dimension, ScalarType dtype = ScalarType.Float32, Device? device = null)
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
        _keys = zeros(new long[] { capacity, dimension }, dtype: dtype, device: device).DetachFromDisposeScope();
    }

    /// <summary>Maximum number of keys.</summary>
    public int Capacity { get; }

    /// <summary>Key dimension.</summary>
    public int Dimension { get; }

    /// <summary>Keys currently held (grows to <see cref="Capacity"/>).</summary>
    public int Count => (int)_count;

    /// <summary>Total keys ever enqueued (to tell how stale the oldest key is).</summary>
    public long Enqueued { get; private set; }

    /// <summary>The held keys, [Count, Dimension], oldest first. A fresh tensor owned by the caller's scope.</summary>
    public Tensor Keys()
    {
        if (_count < Capacity)
        {
            return _keys.narrow(0, 0, _count).clone();
        }

        // Full ring: the oldest key sits at _next.
        return cat(new[] { _keys.narrow(0, _next, Capacity - _next), _keys.narrow(0, 0, _next) }, 0);
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
        var incoming = keys.detach().to(_keys.dtype, _keys.device);
        var batch = incoming.shape[0];
        if (batch > Capacity)
        {
            // Only the newest Capacity keys would survive anyway.
            incoming = incoming.narrow(0, batch - Capacity, Capacity);
            batch = Capacity;
        }

        using (no_grad())
        {
            var first = Math.Min(batch, Capacity - _next);
            _keys.narrow(0, _next, first).copy_(incoming.narrow(0, 0, first));
            if (first < batch)
            {
                _keys.narrow(0, 0, batch - first).copy_(incoming.narrow(0, first, batch - first));
            }
        }

        _next = (_next + batch) % Capacity;
        _count = Math.Min(Capacity, _count + batch);
        Enqueued += keys.shape[0];
    }

    /// <summary>Releases the key storage.</summary>
    public void Dispose() => _keys.Dispose();
}
