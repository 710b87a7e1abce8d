using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Augment;

/// <summary>
/// Square patches on a regular grid, for patch-based methods (jigsaw puzzles, relative position, CPC
/// over a grid of patch encodings).
/// </summary>
public static class PatchGrid
{
    /// <summary>
    /// Cuts every image into patches of <paramref name="patch"/> x <paramref name="patch"/> pixels whose
    /// top-left corners are <paramref name="stride"/> pixels apart (overlapping for stride &lt; patch,
    /// with gaps for stride &gt; patch). Pixels past the last whole patch are left out:
    /// <c>rows = (H - patch) / stride + 1</c>, <c>cols = (W - patch) / stride + 1</c>, rounded down.
    /// </summary>
    /// <param name="images">[N, C, H, W] with H and W at least <paramref name="patch"/>; not modified.</param>
    /// <param name="patch">Side of a patch in pixels, at least 1.</param>
    /// <param name="stride">Step between patches in pixels, at least 1.</param>
    /// <returns>
    /// A new tensor [N, rows, cols, C, patch, patch]: element <c>[n, i, j]</c> is
    /// <c>images[n, :, i*stride : i*stride + patch, j*stride : j*stride + patch]</c>.
    /// </returns>
    public static Tensor Extract(Tensor images, int patch, int stride)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(patch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (images.dim() != 4 || images.shape[2] < patch || images.shape[3] < patch)
        {
            throw new ArgumentException(
                $"PatchGrid.Extract needs images [N, C, H, W] with H and W at least the patch size {patch}; got shape [{string.Join(", ", images.shape)}].",
                nameof(images));
        }

        using var scope = NewDisposeScope();
        var byRow = images.unfold(2, patch, stride);     // [N, C, rows, W, patch]: the new last dimension runs down a patch
        var grid = byRow.unfold(3, patch, stride);       // [N, C, rows, cols, patch, patch]: then across it
        var patches = grid.permute(0, 2, 3, 1, 4, 5)     // [N, rows, cols, C, patch, patch]
            .contiguous();                                // its own storage: overlapping patches do not alias
        return scope.MoveToOuter(patches);
    }
}
