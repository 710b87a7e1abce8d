namespace Contrastive.Methods;

/// <summary>Where a contrastive method's negatives come from.</summary>
public enum NegativeSource
{
    /// <summary>The other samples of the batch only (SimCLR): free, but as many as the batch is large.</summary>
    InBatch,

    /// <summary>
    /// The batch plus a FIFO queue of embeddings from earlier batches (MoCo's dictionary without a
    /// momentum encoder for SimCLR; the only negatives of MoCo).
    /// </summary>
    Queue,

    /// <summary>The batch plus entries drawn from a per-sample memory bank refreshed with momentum (instance discrimination).</summary>
    MemoryBank,
}

/// <summary>
/// A contrastive method's negatives, as a spec's <c>objective.negatives</c> gives them; change them on
/// the command line by the same paths: <c>--set objective.negatives.queue=4096</c>.
/// </summary>
/// <param name="Source">Where negatives come from.</param>
/// <param name="Size">Queue length, or entries drawn from the memory bank per step (ignored in-batch).</param>
/// <param name="Momentum">Weight of an old memory-bank entry when its sample is seen again (InstDisc: 0.5).</param>
public sealed record NegativeSampling(NegativeSource Source = NegativeSource.InBatch, int Size = 4096, double Momentum = 0.5)
{
    /// <summary>In-batch negatives only.</summary>
    public static NegativeSampling InBatch { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Source != NegativeSource.InBatch && Size < 1)
        {
            throw new ArgumentException($"negatives.size must be at least 1 for a {(Source == NegativeSource.Queue ? "queue" : "memory bank")}; found {Size}.");
        }

        if (!(Momentum >= 0.0 && Momentum < 1.0))
        {
            throw new ArgumentException($"negatives.momentum must be in [0, 1) (the weight of an old memory-bank entry); found {Momentum}.");
        }
    }
}
