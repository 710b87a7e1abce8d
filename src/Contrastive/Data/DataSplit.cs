namespace Contrastive.Data;

/// <summary>The part of a dataset to read.</summary>
public enum DataSplit
{
    /// <summary>The training images.</summary>
    Train,

    /// <summary>The held-out test images.</summary>
    Test,
}
