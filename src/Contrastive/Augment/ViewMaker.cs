using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Augment;

/// <summary>
/// Makes augmented views of image batches as a <see cref="ViewPipeline"/> describes them: batched
/// tensor operations on [N, C, H, W], every random draw from the <see cref="Generator"/> passed in
/// (one draw of shape [N] per parameter), so the same seed gives bit-identical views. See
/// docs/AUGMENT.md for each step, its parameters and the order.
/// </summary>
/// <remarks>
/// <see cref="RandomResizedCrop"/> and <see cref="HorizontalFlip"/> run as one resampling pass (one
/// affine matrix per image) at the crop's place in the list, or at the flip's without a crop; a
/// horizontal flip commutes in distribution with every other step, so moving it there changes no
/// view's distribution. The other steps run in the order of the list. A step that cannot change an
/// image (probability 0, zero strength) is left out. The maker holds no tensors and nothing that
/// changes after construction.
/// </remarks>
public sealed class ViewMaker
{
    private readonly ViewOp[] _ops;

    /// <summary>Builds the operations of <paramref name="pipeline"/> for images of one shape.</summary>
    /// <param name="pipeline">The steps of one view (validated here).</param>
    /// <param name="channels">Channels C of every image.</param>
    /// <param name="height">Height H in pixels.</param>
    /// <param name="width">Width W in pixels.</param>
    /// <exception cref="ArgumentException">
    /// A size is not positive, the pipeline has more than one <see cref="RandomResizedCrop"/> or
    /// <see cref="HorizontalFlip"/>, or it rotates images that are not square.
    /// </exception>
    public ViewMaker(ViewPipeline pipeline, long channels, long height, long width)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.Validate();
        RequirePositive(channels, nameof(channels));
        RequirePositive(height, nameof(height));
        RequirePositive(width, nameof(width));

        var steps = pipeline.Steps;
        var crop = Single<RandomResizedCrop>(steps);
        var flip = Single<HorizontalFlip>(steps);
        if (height != width && steps.OfType<Rotate90>().Any(step => step.P > 0))
        {
            throw new ArgumentException(
                $"Rotate90 turns an H x W image into W x H, so it needs square images; these are {height} x {width} (H x W). Remove the Rotate90 step or crop the images square first.",
                nameof(pipeline));
        }

        var activeFlip = flip is { P: > 0 } ? flip : null;
        var ops = new List<ViewOp>();
        foreach (var step in steps)
        {
            switch (step)
            {
                case RandomResizedCrop:
                    ops.Add(new CropFlipOp(crop, activeFlip, height, width));
                    break;
                case HorizontalFlip when crop is null && activeFlip is not null:
                    ops.Add(new CropFlipOp(null, activeFlip, height, width));
                    break;
                case HorizontalFlip:
                    break;   // joined with the crop, or never flips
                case ColorJitter jitter when jitter.P > 0 && (jitter.Brightness > 0 || jitter.Contrast > 0):
                    ops.Add(new ColorJitterOp(jitter));
                    break;
                case GaussianBlur blur when blur.P > 0 && GaussianBlurOp.BlurRadius(blur.MaxSigma, height, width) > 0:
                    ops.Add(new GaussianBlurOp(blur, height, width));
                    break;
                case GaussianNoise noise when noise.P > 0 && noise.Std > 0:
                    ops.Add(new GaussianNoiseOp(noise));
                    break;
                case RandomErasing erasing when erasing.P > 0:
                    ops.Add(new RandomErasingOp(erasing));
                    break;
                case Rotate90 rotate when rotate.P > 0:
                    ops.Add(new Rotate90Op(rotate));
                    break;
                case ColorJitter or GaussianBlur or GaussianNoise or RandomErasing or Rotate90:
                    break;   // cannot change an image
                default:
                    throw new ArgumentException($"ViewMaker has no implementation of {step.GetType().Name}.", nameof(pipeline));
            }
        }

        Pipeline = pipeline;
        Channels = channels;
        Height = height;
        Width = width;
        _ops = ops.ToArray();
    }

    // The maker of None: no shape, no steps.
    private ViewMaker()
    {
        Pipeline = ViewPipeline.Identity;
        _ops = [];
    }

    /// <summary>
    /// The maker for data that are not images (sequences): it has no steps and refuses to make a view,
    /// saying why. The trainer hands it to methods that make no views (CPC on sequences).
    /// </summary>
    public static ViewMaker None { get; } = new();

    /// <summary>The steps this maker applies.</summary>
    public ViewPipeline Pipeline { get; }

    /// <summary>Channels C of the images it takes.</summary>
    public long Channels { get; }

    /// <summary>Height H of the images it takes.</summary>
    public long Height { get; }

    /// <summary>Width W of the images it takes.</summary>
    public long Width { get; }

    /// <summary>The crop-and-flip pass, when the pipeline has a crop (for tests that reproduce its draws).</summary>
    internal CropFlipOp? CropPass => _ops.OfType<CropFlipOp>().FirstOrDefault();

    /// <summary>
    /// One augmented view of every image in the batch. The result is a new tensor (a copy of the input
    /// for a pipeline that changes nothing) with the input's shape and dtype and no gradient history;
    /// its values lie in [0, 1] when the input's do. Temporaries are disposed before returning; the
    /// result belongs to the caller's dispose scope, if any.
    /// </summary>
    /// <param name="images">Float32 (or float64) CPU batch [N, C, H, W] with values in [0, 1]; not modified.</param>
    /// <param name="generator">Source of every random draw; the same state gives the same view.</param>
    /// <returns>[N, C, H, W].</returns>
    public Tensor MakeView(Tensor images, Generator generator)
    {
        CheckBatch(images);
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (_ops.Length == 0 || images.shape[0] == 0)
        {
            return scope.MoveToOuter(images.detach().clone());
        }

        var view = images.detach();
        foreach (var op in _ops)
        {
            view = op.Apply(view, generator);
        }

        return scope.MoveToOuter(view);
    }

    /// <summary>
    /// Two independent views of every image (SimCLR's positive pairs): the first view's draws, then the
    /// second's, from the same generator.
    /// </summary>
    /// <param name="images">Float32 (or float64) CPU batch [N, C, H, W] with values in [0, 1]; not modified.</param>
    /// <param name="generator">Source of every random draw.</param>
    /// <returns>Two [N, C, H, W] tensors; row n of each is a view of image n.</returns>
    public (Tensor First, Tensor Second) MakeTwoViews(Tensor images, Generator generator)
    {
        var first = MakeView(images, generator);
        return (first, MakeView(images, generator));
    }

    private void CheckBatch(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (ReferenceEquals(this, None))
        {
            throw new InvalidOperationException(
                $"views are made of images [N, C, H, W], but this model's data are not images (a batch [{string.Join(", ", images.shape)}]); a method that learns from augmented views needs an image dataset.");
        }

        var expected = $"[N, {Channels}, {Height}, {Width}]";
        if (images.dim() != 4 || images.shape[1] != Channels || images.shape[2] != Height || images.shape[3] != Width)
        {
            throw new ArgumentException(
                $"ViewMaker was built for images [C, H, W] = [{Channels}, {Height}, {Width}] and takes a batch {expected}; got [{string.Join(", ", images.shape)}].",
                nameof(images));
        }

        if (images.dtype is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException(
                $"ViewMaker takes float32 (or float64) images with values in [0, 1]; got {images.dtype}. Convert with .to(ScalarType.Float32) and scale to [0, 1] (e.g. divide bytes by 255).",
                nameof(images));
        }
    }

    private static T? Single<T>(IReadOnlyList<AugmentStep> steps)
        where T : AugmentStep
    {
        var found = steps.OfType<T>().ToArray();
        if (found.Length > 1)
        {
            throw new ArgumentException(
                $"The pipeline has {found.Length} {typeof(T).Name} steps; ViewMaker applies at most one (crop and flip run as one resampling pass). Remove the extra ones.",
                "pipeline");
        }

        return found.SingleOrDefault();
    }

    private static void RequirePositive(long size, string name)
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(name, size, $"{name} must be at least 1 pixel (or channel).");
        }
    }
}
