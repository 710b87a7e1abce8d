using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Augment;

/// <summary>
/// One batched operation of a view. It draws each of its parameters once per call as a tensor of
/// shape [N] from the generator it is given, and applies them to the whole batch [N, C, H, W] with
/// tensor operations: no loop over images or pixels.
/// </summary>
internal abstract class ViewOp
{
    /// <summary>Returns the augmented batch (a new tensor); the input is not modified.</summary>
    public abstract Tensor Apply(Tensor images, Generator generator);

    // Every draw is made on its generator's device, which the trainer puts where the images are.

    /// <summary>[N] float64 values drawn uniformly from [low, high) (exactly low when high equals low).</summary>
    protected static Tensor Uniform(long n, double low, double high, Generator generator)
        => rand(new long[] { n }, dtype: ScalarType.Float64, device: generator.device, generator: generator) * (high - low) + low;

    /// <summary>[N] booleans, each true with probability p (never for p = 0, always for p = 1).</summary>
    protected static Tensor Chosen(long n, double p, Generator generator)
        => rand(new long[] { n }, dtype: ScalarType.Float64, device: generator.device, generator: generator).lt(p);

    /// <summary>Per-image values ready to broadcast against the batch.</summary>
    protected static Tensor PerImage(Tensor values) => values.view(-1, 1, 1, 1);   // [N] -> [N, 1, 1, 1]
}

/// <summary>
/// <see cref="RandomResizedCrop"/> and <see cref="HorizontalFlip"/> in one resampling pass: one affine
/// matrix per image (crop scale and centre, the sign of the x scale for the flip) through
/// <c>affine_grid</c> and <c>grid_sample</c>. A flip without a crop is an exact mirror instead.
/// </summary>
internal sealed class CropFlipOp : ViewOp
{
    private readonly RandomResizedCrop? _crop;
    private readonly HorizontalFlip? _flip;
    private readonly long _height;
    private readonly long _width;

    public CropFlipOp(RandomResizedCrop? crop, HorizontalFlip? flip, long height, long width)
    {
        if (crop is null && flip is null)
        {
            throw new ArgumentException("CropFlipOp needs a crop, a flip or both.");
        }

        _crop = crop;
        _flip = flip;
        _height = height;
        _width = width;
    }

    public override Tensor Apply(Tensor images, Generator generator)
    {
        var n = images.shape[0];
        if (_crop is null)
        {
            // Nothing to resample: mirror the chosen images exactly (one pass, no interpolation).
            var flipped = Chosen(n, _flip!.P, generator);
            return where(PerImage(flipped), images.flip(3), images);
        }

        var theta = Theta(n, generator).to(images.dtype);                                      // [N, 2, 3]
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);          // [N, H, W, 2]
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false)
            .clamp_(0.0, 1.0);                                                                    // [N, C, H, W]
    }

    /// <summary>
    /// The affine matrices <c>[[sx, 0, tx], [0, sy, ty]]</c> (float64, [N, 2, 3]) that map output
    /// coordinates to input coordinates, both normalised to [-1, 1] with align_corners false: the
    /// crop's width and height as fractions of the image (sx negated for a flipped image), and its
    /// centre in normalised coordinates. Draws, in order: area fraction, log aspect ratio, centre x,
    /// centre y, then the flip (if any).
    /// </summary>
    internal Tensor Theta(long n, Generator generator)
    {
        var crop = _crop ?? throw new InvalidOperationException("Theta needs a crop.");
        double height = _height, width = _width;
        var area = Uniform(n, crop.MinScale, crop.MaxScale, generator) * (height * width);       // [N] pixels^2
        var ratio = Uniform(n, Math.Log(crop.MinRatio), Math.Log(crop.MaxRatio), generator).exp(); // [N] width / height
        var cropWidth = (area * ratio).sqrt().clamp_max(width);                                     // [N] pixels, fits the image
        var cropHeight = (area / ratio).sqrt().clamp_max(height);
        var centreX = cropWidth * 0.5 + Uniform(n, 0, 1, generator) * (width - cropWidth);         // [N] the crop lies in [0, W]
        var centreY = cropHeight * 0.5 + Uniform(n, 0, 1, generator) * (height - cropHeight);
        var scaleX = cropWidth / width;
        if (_flip is not null)
        {
            scaleX = where(Chosen(n, _flip.P, generator), scaleX.neg(), scaleX);
        }

        var zero = zeros(n, dtype: ScalarType.Float64, device: scaleX.device);
        var entries = new[] { scaleX, zero, centreX * 2.0 / width - 1.0, zero, cropHeight / height, centreY * 2.0 / height - 1.0 };
        return stack(entries, 1).view(n, 2, 3);                                                   // [N, 6] -> [N, 2, 3]
    }
}

/// <summary>
/// <see cref="ColorJitter"/>: with probability P per image, brightness (multiply) and contrast (blend
/// with the image's mean grey level), each clamped to [0, 1], in an order drawn per image.
/// </summary>
internal sealed class ColorJitterOp(ColorJitter step) : ViewOp
{
    // torchvision's rgb_to_grayscale weights, for the contrast mean of an RGB image.
    private static readonly double[] LumaWeights = { 0.2989, 0.587, 0.114 };

    public override Tensor Apply(Tensor images, Generator generator)
    {
        var n = images.shape[0];
        var dtype = images.dtype;
        var apply = Chosen(n, step.P, generator);
        var brightness = step.Brightness > 0
            ? PerImage(Uniform(n, Math.Max(0, 1 - step.Brightness), 1 + step.Brightness, generator)).to(dtype)
            : null;
        var contrast = step.Contrast > 0
            ? PerImage(Uniform(n, Math.Max(0, 1 - step.Contrast), 1 + step.Contrast, generator)).to(dtype)
            : null;

        Tensor jittered;
        if (brightness is not null && contrast is not null)
        {
            var brightnessFirst = Chosen(n, 0.5, generator);
            jittered = where(PerImage(brightnessFirst),
                Contrast(Brightness(images, brightness), contrast),
                Brightness(Contrast(images, contrast), brightness));
        }
        else if (brightness is not null)
        {
            jittered = Brightness(images, brightness);
        }
        else if (contrast is not null)
        {
            jittered = Contrast(images, contrast);
        }
        else
        {
            return images.clone();   // ViewMaker leaves such a step out; kept total for safety
        }

        return where(PerImage(apply), jittered, images);
    }

    private static Tensor Brightness(Tensor images, Tensor factor) => (images * factor).clamp_(0.0, 1.0);

    private static Tensor Contrast(Tensor images, Tensor factor)
        => (images * factor + MeanGrey(images) * (1.0 - factor)).clamp_(0.0, 1.0);

    /// <summary>Each image's mean grey level, [N, 1, 1, 1]: luminance-weighted for 3 channels, else the plain mean.</summary>
    private static Tensor MeanGrey(Tensor images)
    {
        if (images.shape[1] != 3)
        {
            return images.mean(new long[] { 1, 2, 3 }, keepdim: true);
        }

        var weights = tensor(LumaWeights, dtype: images.dtype, device: images.device).view(1, 3, 1, 1);                 // [1, 3, 1, 1]
        return (images * weights).sum(1, keepdim: true).mean(new long[] { 2, 3 }, keepdim: true);   // [N, 1, H, W] -> [N, 1, 1, 1]
    }
}

/// <summary>
/// <see cref="GaussianBlur"/>: with probability P per image, a separable Gaussian blur with sigma drawn
/// per image. One kernel length for the batch, from the step's largest sigma; each image's own kernel
/// runs as a depthwise convolution over the batch reshaped to one plane per image and channel.
/// </summary>
internal sealed class GaussianBlurOp : ViewOp
{
    private readonly GaussianBlur _step;

    public GaussianBlurOp(GaussianBlur step, long height, long width)
    {
        _step = step;
        Radius = BlurRadius(step.MaxSigma, height, width);
    }

    /// <summary>Half the kernel length: ceil(3 sigma_max), at most one less than the smaller image side (reflect padding's limit).</summary>
    public long Radius { get; }

    public static long BlurRadius(double maxSigma, long height, long width)
        => (long)Math.Min(Math.Ceiling(3 * maxSigma), Math.Min(height, width) - 1);

    public override Tensor Apply(Tensor images, Generator generator)
    {
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var r = Radius;
        var length = 2 * r + 1;
        var apply = Chosen(n, _step.P, generator);
        var sigma = Uniform(n, _step.MinSigma, _step.MaxSigma, generator);                          // [N]
        var offsets = arange(-r, r + 1, dtype: ScalarType.Float64, device: images.device);                               // [K]
        var kernel = (offsets.square().unsqueeze(0) / (sigma.square().unsqueeze(1) * -2.0)).exp();  // [N, K]
        kernel = (kernel / kernel.sum(1, keepdim: true)).to(images.dtype);                          // each row sums to 1
        var perPlane = kernel.repeat_interleave(c, dim: 0);                                         // [N*C, K]: plane n*C + c uses image n's kernel

        var planes = images.reshape(1, n * c, h, w);                                                // [1, N*C, H, W]
        var padded = nn.functional.pad(planes, new long[] { 0, 0, r, r }, PaddingModes.Reflect);    // [1, N*C, H+2r, W]
        var vertical = nn.functional.conv2d(padded, perPlane.view(n * c, 1, length, 1), groups: n * c);   // [1, N*C, H, W]
        padded = nn.functional.pad(vertical, new long[] { r, r, 0, 0 }, PaddingModes.Reflect);      // [1, N*C, H, W+2r]
        var blurred = nn.functional.conv2d(padded, perPlane.view(n * c, 1, 1, length), groups: n * c);   // [1, N*C, H, W]
        blurred = blurred.view(n, c, h, w).clamp_(0.0, 1.0);                                        // [N, C, H, W]
        return where(PerImage(apply), blurred, images);
    }
}

/// <summary><see cref="GaussianNoise"/>: with probability P per image, adds N(0, Std^2) to every pixel, then clamps to [0, 1].</summary>
internal sealed class GaussianNoiseOp(GaussianNoise step) : ViewOp
{
    public override Tensor Apply(Tensor images, Generator generator)
    {
        var apply = Chosen(images.shape[0], step.P, generator);
        var noise = randn(images.shape, dtype: images.dtype, device: generator.device, generator: generator);               // [N, C, H, W]
        var noisy = (images + noise * step.Std).clamp_(0.0, 1.0);
        return where(PerImage(apply), noisy, images);
    }
}

/// <summary>
/// <see cref="RandomErasing"/>: with probability P per image, sets a rectangle to 0 in every channel.
/// Its area fraction is uniform in [MinScale, MaxScale] and its aspect ratio log-uniform in
/// [0.3, 3.3] (torchvision's defaults); sides are rounded to whole pixels and clamped to the image,
/// and the position is uniform over the places where it fits.
/// </summary>
internal sealed class RandomErasingOp(RandomErasing step) : ViewOp
{
    public const double MinRatio = 0.3;
    public const double MaxRatio = 3.3;

    public override Tensor Apply(Tensor images, Generator generator)
    {
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var apply = Chosen(n, step.P, generator);
        var area = Uniform(n, step.MinScale, step.MaxScale, generator) * (double)(h * w);           // [N] pixels^2
        var ratio = Uniform(n, Math.Log(MinRatio), Math.Log(MaxRatio), generator).exp();            // [N] width / height
        var eraseHeight = (area / ratio).sqrt().round().clamp(1.0, (double)h);                     // [N] whole pixels
        var eraseWidth = (area * ratio).sqrt().round().clamp(1.0, (double)w);
        var top = (Uniform(n, 0, 1, generator) * (h - eraseHeight + 1.0)).floor();                  // [N] in {0, ..., H - height}
        var left = (Uniform(n, 0, 1, generator) * (w - eraseWidth + 1.0)).floor();

        var rows = arange(h, dtype: ScalarType.Float64, device: images.device).view(1, 1, h, 1);                         // [1, 1, H, 1]
        var cols = arange(w, dtype: ScalarType.Float64, device: images.device).view(1, 1, 1, w);                         // [1, 1, 1, W]
        top = PerImage(top);
        left = PerImage(left);
        var inside = rows.ge(top).logical_and(rows.lt(top + PerImage(eraseHeight)))                 // [N, 1, H, 1]
            .logical_and(cols.ge(left).logical_and(cols.lt(left + PerImage(eraseWidth))))           // [N, 1, H, W]
            .logical_and(PerImage(apply));
        return images.masked_fill(inside, 0.0);
    }
}

/// <summary>
/// <see cref="Rotate90"/>: with probability P per image, k quarter turns counter-clockwise with k
/// uniform in {1, 2, 3} (as <see cref="Rotations.Rotate"/>), for square images: one gather through a
/// table of the four pixel permutations, so the result is exact.
/// </summary>
internal sealed class Rotate90Op(Rotate90 step) : ViewOp
{
    public override Tensor Apply(Tensor images, Generator generator)
    {
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var apply = Chosen(n, step.P, generator);
        var turns = randint(1, 4, new long[] { n }, device: generator.device, generator: generator);                         // [N] in {1, 2, 3}
        turns = turns * apply.to(ScalarType.Int64);                                                 // 0 where not chosen

        // table[k, p]: the source pixel of output pixel p after k turns (rot90 of the pixel indices).
        var pixels = arange(h * w, dtype: ScalarType.Int64, device: images.device).view(h, w);                          // [H, W]
        var table = stack(Enumerable.Range(0, 4).Select(k => pixels.rot90(k, (0, 1)).reshape(h * w)), 0);   // [4, H*W]
        var index = table.index_select(0, turns).unsqueeze(1).expand(n, c, h * w);                  // [N, C, H*W]
        return images.reshape(n, c, h * w).gather(2, index).view(n, c, h, w);                       // [N, C, H*W] -> [N, C, H, W]
    }
}
