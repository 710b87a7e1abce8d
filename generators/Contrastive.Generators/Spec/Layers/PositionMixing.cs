namespace Contrastive.Generators.Spec.Layers;

/// <summary>Whether a layer reads each position of a sequence (or grid row) on its own, which CPC needs.</summary>
internal enum PositionMixing
{
    /// <summary>Each position alone (activations, linear maps of channels, GRUs read only the past).</summary>
    None,

    /// <summary>Normalises with statistics over the batch's positions, so a position's output sees the others.</summary>
    BatchStatistics,

    /// <summary>Reads neighbouring positions, later ones included (convolutions wider than 1, pools).</summary>
    Neighbours,

    /// <summary>Turns every position into one (global pooling, flattening).</summary>
    AllPositions,
}

/// <summary>What a part's layers may mix, checked once the part is read.</summary>
internal enum PositionRule
{
    /// <summary>No rule: every kind is allowed.</summary>
    Any,

    /// <summary>No batch statistics across positions (CPC's encoder).</summary>
    NoBatchStatistics,

    /// <summary>Causal: no position sees a later one (CPC's context).</summary>
    Causal,
}
