using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Augment;

/// <summary>
/// Quarter-turn rotations of image batches, for rotation prediction (Gidaris et al. 2018, RotNet) and
/// the <see cref="Rotate90"/> step. A turn is counter-clockwise as the image is displayed (row 0 at
/// the top), as <c>torch.rot90</c> over the last two dimensions; rotations are exact pixel moves.
/// </summary>
public static class Rotations
{
    /// <summary>Rotates every image by <paramref name="k"/> quarter turns counter-clockwise.</summary>
    /// <param name="images">[..., H, W], at least two dimensions; not modified.</param>
    /// <param name="k">Any integer; taken modulo 4 (negative turns clockwise).</param>
    /// <returns>A new tensor: [..., H, W] for even k, [..., W, H] for odd k.</returns>
    public static Tensor Rotate(Tensor images, long k)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() < 2)
        {
            throw new ArgumentException($"Rotations.Rotate needs images [..., H, W]; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        var turns = ((k % 4) + 4) % 4;
        return images.rot90(turns, (images.dim() - 2, images.dim() - 1));
    }

    /// <summary>
    /// Each image in all four rotations with its label: the batch at 0, 90, 180 and 270 degrees, one
    /// block after another, so row <c>r * N + n</c> is image n turned r times and has label r.
    /// </summary>
    /// <param name="images">Square images [N, C, H, H]; not modified.</param>
    /// <returns>Images [4N, C, H, H] and int64 labels [4N] in 0..3.</returns>
    public static (Tensor Images, Tensor Labels) AllFour(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[2] != images.shape[3])
        {
            throw new ArgumentException(
                $"Rotations.AllFour needs square images [N, C, H, H] (a quarter turn swaps H and W); got shape [{string.Join(", ", images.shape)}].",
                nameof(images));
        }

        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var rotated = cat(Enumerable.Range(0, 4).Select(k => Rotate(images, k)).ToArray(), 0);      // 4 x [N, C, H, H] -> [4N, C, H, H]
        var labels = arange(4, dtype: ScalarType.Int64, device: images.device).repeat_interleave(n);   // [4N]: 0 x N, 1 x N, 2 x N, 3 x N
        return scope.MoveToOuter(rotated, labels);
    }
}
