using Contrastive.Vocabularies;

namespace Contrastive.Augment;

/// <summary>
/// One step of a view pipeline (data only: the training pipeline applies it to each image of a batch,
/// with its own random draw per image and view). Steps are records, so two steps with the same
/// settings are equal. Every value is range-checked wherever it is set, against the range of its
/// definition (<see cref="Definitions.AugmentSteps"/>, which specs are checked against too); orderings between two values
/// (a minimum and its maximum) are checked by the constructor and by <see cref="Validate"/>, since a
/// <c>with</c> expression may change one before the other.
/// </summary>
/// <remarks>The family is closed: the training pipeline implements exactly these steps.</remarks>
public abstract record AugmentStep
{
    /// <summary>Only the steps in this assembly derive from this record.</summary>
    private protected AugmentStep()
    {
    }

    /// <summary>Checks every setting of the step; throws naming the setting and its valid range.</summary>
    public abstract void Validate();
}

/// <summary>
/// Crops a random region of a random area fraction and aspect ratio, resized back to the input's size
/// (Inception-style; SimCLR's most important augmentation).
/// </summary>
/// <param name="MinScale">Smallest area fraction of the crop, in (0, 1].</param>
/// <param name="MaxScale">Largest area fraction, in (0, 1], at least <paramref name="MinScale"/>.</param>
/// <param name="MinRatio">Smallest aspect ratio (width / height), in (0, 100].</param>
/// <param name="MaxRatio">Largest aspect ratio, at least <paramref name="MinRatio"/> (drawn log-uniformly between them).</param>
public sealed record RandomResizedCrop(
    double MinScale = Definitions.AugmentDefaults.CropScaleLow,
    double MaxScale = Definitions.AugmentDefaults.CropScaleHigh,
    double MinRatio = Definitions.AugmentDefaults.CropRatioLow,
    double MaxRatio = Definitions.AugmentDefaults.CropRatioHigh)
    : AugmentStep
{
    /// <summary>Smallest area fraction of the crop, in (0, 1].</summary>
    public double MinScale { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("random-resized-crop")["scale"], nameof(RandomResizedCrop), nameof(MinScale)); }
        = OptionChecks.Within(MinScale, Definitions.AugmentStep("random-resized-crop")["scale"], nameof(RandomResizedCrop), nameof(MinScale));

    /// <summary>Largest area fraction of the crop, in (0, 1].</summary>
    public double MaxScale { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("random-resized-crop")["scale"], nameof(RandomResizedCrop), nameof(MaxScale)); }
        = Ordered(MinScale, OptionChecks.Within(MaxScale, Definitions.AugmentStep("random-resized-crop")["scale"], nameof(RandomResizedCrop), nameof(MaxScale)), nameof(MinScale), nameof(MaxScale));

    /// <summary>Smallest aspect ratio (width / height), in (0, 100].</summary>
    public double MinRatio { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("random-resized-crop")["ratio"], nameof(RandomResizedCrop), nameof(MinRatio)); }
        = OptionChecks.Within(MinRatio, Definitions.AugmentStep("random-resized-crop")["ratio"], nameof(RandomResizedCrop), nameof(MinRatio));

    /// <summary>Largest aspect ratio, in (0, 100].</summary>
    public double MaxRatio { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("random-resized-crop")["ratio"], nameof(RandomResizedCrop), nameof(MaxRatio)); }
        = Ordered(MinRatio, OptionChecks.Within(MaxRatio, Definitions.AugmentStep("random-resized-crop")["ratio"], nameof(RandomResizedCrop), nameof(MaxRatio)), nameof(MinRatio), nameof(MaxRatio));

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.Within(MinScale, Definitions.AugmentStep("random-resized-crop")["scale"], nameof(RandomResizedCrop), nameof(MinScale));
        OptionChecks.Within(MaxScale, Definitions.AugmentStep("random-resized-crop")["scale"], nameof(RandomResizedCrop), nameof(MaxScale));
        OptionChecks.Ordered(MinScale, MaxScale, nameof(RandomResizedCrop), nameof(MinScale), nameof(MaxScale));
        OptionChecks.Within(MinRatio, Definitions.AugmentStep("random-resized-crop")["ratio"], nameof(RandomResizedCrop), nameof(MinRatio));
        OptionChecks.Within(MaxRatio, Definitions.AugmentStep("random-resized-crop")["ratio"], nameof(RandomResizedCrop), nameof(MaxRatio));
        OptionChecks.Ordered(MinRatio, MaxRatio, nameof(RandomResizedCrop), nameof(MinRatio), nameof(MaxRatio));
    }

    private static double Ordered(double min, double max, string minName, string maxName)
    {
        OptionChecks.Ordered(min, max, nameof(RandomResizedCrop), minName, maxName);
        return max;
    }
}

/// <summary>Mirrors the image left to right with probability <paramref name="P"/>.</summary>
/// <param name="P">Probability of flipping, in [0, 1].</param>
public sealed record HorizontalFlip(double P = Definitions.AugmentDefaults.FlipP) : AugmentStep
{
    /// <summary>Probability of flipping, in [0, 1].</summary>
    public double P { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("horizontal-flip")["p"], nameof(HorizontalFlip), nameof(P)); }
        = OptionChecks.Within(P, Definitions.AugmentStep("horizontal-flip")["p"], nameof(HorizontalFlip), nameof(P));

    /// <inheritdoc />
    public override void Validate() => OptionChecks.Within(P, Definitions.AugmentStep("horizontal-flip")["p"], nameof(HorizontalFlip), nameof(P));
}

/// <summary>
/// With probability <paramref name="P"/>, scales brightness and contrast by factors drawn uniformly
/// from [max(0, 1 - s), 1 + s] for strength s (torchvision's convention), in random order.
/// </summary>
/// <param name="Brightness">Brightness strength in [0, 1], 0 is off.</param>
/// <param name="Contrast">Contrast strength in [0, 1], 0 is off.</param>
/// <param name="P">Probability of jittering an image, in [0, 1].</param>
public sealed record ColorJitter(double Brightness = Definitions.AugmentDefaults.JitterBrightness, double Contrast = Definitions.AugmentDefaults.JitterContrast, double P = Definitions.AugmentDefaults.JitterP) : AugmentStep
{
    /// <summary>Brightness strength in [0, 1].</summary>
    public double Brightness { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("color-jitter")["brightness"], nameof(ColorJitter), nameof(Brightness)); }
        = OptionChecks.Within(Brightness, Definitions.AugmentStep("color-jitter")["brightness"], nameof(ColorJitter), nameof(Brightness));

    /// <summary>Contrast strength in [0, 1].</summary>
    public double Contrast { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("color-jitter")["contrast"], nameof(ColorJitter), nameof(Contrast)); }
        = OptionChecks.Within(Contrast, Definitions.AugmentStep("color-jitter")["contrast"], nameof(ColorJitter), nameof(Contrast));

    /// <summary>Probability of jittering an image, in [0, 1].</summary>
    public double P { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("color-jitter")["p"], nameof(ColorJitter), nameof(P)); }
        = OptionChecks.Within(P, Definitions.AugmentStep("color-jitter")["p"], nameof(ColorJitter), nameof(P));

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.Within(Brightness, Definitions.AugmentStep("color-jitter")["brightness"], nameof(ColorJitter), nameof(Brightness));
        OptionChecks.Within(Contrast, Definitions.AugmentStep("color-jitter")["contrast"], nameof(ColorJitter), nameof(Contrast));
        OptionChecks.Within(P, Definitions.AugmentStep("color-jitter")["p"], nameof(ColorJitter), nameof(P));
    }
}

/// <summary>With probability <paramref name="P"/>, blurs with a Gaussian kernel of standard deviation drawn uniformly from [MinSigma, MaxSigma] pixels.</summary>
/// <param name="MinSigma">Smallest sigma in pixels, in (0, 100].</param>
/// <param name="MaxSigma">Largest sigma in pixels, at least <paramref name="MinSigma"/>.</param>
/// <param name="P">Probability of blurring an image, in [0, 1].</param>
public sealed record GaussianBlur(double MinSigma = Definitions.AugmentDefaults.BlurSigmaLow, double MaxSigma = Definitions.AugmentDefaults.BlurSigmaHigh, double P = Definitions.AugmentDefaults.BlurP) : AugmentStep
{
    /// <summary>Smallest sigma in pixels, in (0, 100].</summary>
    public double MinSigma { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("gaussian-blur")["sigma"], nameof(GaussianBlur), nameof(MinSigma)); }
        = OptionChecks.Within(MinSigma, Definitions.AugmentStep("gaussian-blur")["sigma"], nameof(GaussianBlur), nameof(MinSigma));

    /// <summary>Largest sigma in pixels, in (0, 100].</summary>
    public double MaxSigma { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("gaussian-blur")["sigma"], nameof(GaussianBlur), nameof(MaxSigma)); }
        = Ordered(MinSigma, OptionChecks.Within(MaxSigma, Definitions.AugmentStep("gaussian-blur")["sigma"], nameof(GaussianBlur), nameof(MaxSigma)));

    /// <summary>Probability of blurring an image, in [0, 1].</summary>
    public double P { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("gaussian-blur")["p"], nameof(GaussianBlur), nameof(P)); }
        = OptionChecks.Within(P, Definitions.AugmentStep("gaussian-blur")["p"], nameof(GaussianBlur), nameof(P));

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.Within(MinSigma, Definitions.AugmentStep("gaussian-blur")["sigma"], nameof(GaussianBlur), nameof(MinSigma));
        OptionChecks.Within(MaxSigma, Definitions.AugmentStep("gaussian-blur")["sigma"], nameof(GaussianBlur), nameof(MaxSigma));
        OptionChecks.Ordered(MinSigma, MaxSigma, nameof(GaussianBlur), nameof(MinSigma), nameof(MaxSigma));
        OptionChecks.Within(P, Definitions.AugmentStep("gaussian-blur")["p"], nameof(GaussianBlur), nameof(P));
    }

    private static double Ordered(double min, double max)
    {
        OptionChecks.Ordered(min, max, nameof(GaussianBlur), nameof(MinSigma), nameof(MaxSigma));
        return max;
    }
}

/// <summary>With probability <paramref name="P"/>, adds independent Gaussian noise of standard deviation <paramref name="Std"/> to every pixel (in the normalised pixel scale).</summary>
/// <param name="Std">Noise standard deviation in [0, 100].</param>
/// <param name="P">Probability of adding noise to an image, in [0, 1].</param>
public sealed record GaussianNoise(double Std = Definitions.AugmentDefaults.NoiseStd, double P = Definitions.AugmentDefaults.NoiseP) : AugmentStep
{
    /// <summary>Noise standard deviation in [0, 100].</summary>
    public double Std { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("gaussian-noise")["std"], nameof(GaussianNoise), nameof(Std)); }
        = OptionChecks.Within(Std, Definitions.AugmentStep("gaussian-noise")["std"], nameof(GaussianNoise), nameof(Std));

    /// <summary>Probability of adding noise to an image, in [0, 1].</summary>
    public double P { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("gaussian-noise")["p"], nameof(GaussianNoise), nameof(P)); }
        = OptionChecks.Within(P, Definitions.AugmentStep("gaussian-noise")["p"], nameof(GaussianNoise), nameof(P));

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.Within(Std, Definitions.AugmentStep("gaussian-noise")["std"], nameof(GaussianNoise), nameof(Std));
        OptionChecks.Within(P, Definitions.AugmentStep("gaussian-noise")["p"], nameof(GaussianNoise), nameof(P));
    }
}

/// <summary>
/// With probability <paramref name="P"/>, blanks a random rectangle whose area fraction is drawn from
/// [MinScale, MaxScale] (Zhong et al. 2020, "Random Erasing Data Augmentation").
/// </summary>
/// <param name="P">Probability of erasing in an image, in [0, 1].</param>
/// <param name="MinScale">Smallest erased area fraction, in (0, 1].</param>
/// <param name="MaxScale">Largest erased area fraction, in (0, 1], at least <paramref name="MinScale"/>.</param>
public sealed record RandomErasing(double P = Definitions.AugmentDefaults.ErasingP, double MinScale = Definitions.AugmentDefaults.ErasingScaleLow, double MaxScale = Definitions.AugmentDefaults.ErasingScaleHigh) : AugmentStep
{
    /// <summary>Probability of erasing in an image, in [0, 1].</summary>
    public double P { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("random-erasing")["p"], nameof(RandomErasing), nameof(P)); }
        = OptionChecks.Within(P, Definitions.AugmentStep("random-erasing")["p"], nameof(RandomErasing), nameof(P));

    /// <summary>Smallest erased area fraction, in (0, 1].</summary>
    public double MinScale { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("random-erasing")["scale"], nameof(RandomErasing), nameof(MinScale)); }
        = OptionChecks.Within(MinScale, Definitions.AugmentStep("random-erasing")["scale"], nameof(RandomErasing), nameof(MinScale));

    /// <summary>Largest erased area fraction, in (0, 1].</summary>
    public double MaxScale { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("random-erasing")["scale"], nameof(RandomErasing), nameof(MaxScale)); }
        = Ordered(MinScale, OptionChecks.Within(MaxScale, Definitions.AugmentStep("random-erasing")["scale"], nameof(RandomErasing), nameof(MaxScale)));

    /// <inheritdoc />
    public override void Validate()
    {
        OptionChecks.Within(P, Definitions.AugmentStep("random-erasing")["p"], nameof(RandomErasing), nameof(P));
        OptionChecks.Within(MinScale, Definitions.AugmentStep("random-erasing")["scale"], nameof(RandomErasing), nameof(MinScale));
        OptionChecks.Within(MaxScale, Definitions.AugmentStep("random-erasing")["scale"], nameof(RandomErasing), nameof(MaxScale));
        OptionChecks.Ordered(MinScale, MaxScale, nameof(RandomErasing), nameof(MinScale), nameof(MaxScale));
    }

    private static double Ordered(double min, double max)
    {
        OptionChecks.Ordered(min, max, nameof(RandomErasing), nameof(MinScale), nameof(MaxScale));
        return max;
    }
}

/// <summary>With probability <paramref name="P"/>, rotates the image by a multiple of 90 degrees drawn uniformly from {90, 180, 270}.</summary>
/// <param name="P">Probability of rotating an image, in [0, 1].</param>
public sealed record Rotate90(double P = Definitions.AugmentDefaults.Rotate90P) : AugmentStep
{
    /// <summary>Probability of rotating an image, in [0, 1].</summary>
    public double P { get; init => field = OptionChecks.Within(value, Definitions.AugmentStep("rotate90")["p"], nameof(Rotate90), nameof(P)); }
        = OptionChecks.Within(P, Definitions.AugmentStep("rotate90")["p"], nameof(Rotate90), nameof(P));

    /// <inheritdoc />
    public override void Validate() => OptionChecks.Within(P, Definitions.AugmentStep("rotate90")["p"], nameof(Rotate90), nameof(P));
}
