// Compiled by the runtime and by the generator (docs/ARCHITECTURE.md, "Vocabularies"): plain data,
// netstandard2.0, no TorchSharp. The generator tests see both assemblies, so each has its own namespace.
#if CONTRASTIVE_RUNTIME
namespace Contrastive.Vocabularies;
#else
namespace Contrastive.Generators.Vocabularies;
#endif

using System.Collections.Generic;
using System.Linq;

static partial class Definitions
{
    /// <summary>An augment step: its spec key, what it does and its settings.</summary>
    /// <param name="Key">The spec key, e.g. "random-resized-crop".</param>
    /// <param name="Summary">One line on what it does.</param>
    /// <param name="Settings">Its settings, in the order the docs list them.</param>
    public sealed partial record AugmentStepDefinition(string Key, string Summary, IReadOnlyList<Setting> Settings)
    {
        /// <summary>The setting called <paramref name="key"/>.</summary>
        public Setting this[string key] => Find(Settings, key);

        /// <summary>The spec keys of its settings.</summary>
        public IReadOnlyList<string> Keys => Settings.Select(s => s.Key).ToArray();
    }

    /// <summary>
    /// The augment settings' defaults, as constants: the step definitions below and the runtime's step
    /// records (their parameter defaults) both read them, so a default is written once.
    /// </summary>
    public static class AugmentDefaults
    {
        /// <summary>random-resized-crop 'scale', low and high.</summary>
        public const double CropScaleLow = 0.08, CropScaleHigh = 1.0;

        /// <summary>random-resized-crop 'ratio', low and high.</summary>
        public const double CropRatioLow = 0.75, CropRatioHigh = 4.0 / 3.0;

        /// <summary>horizontal-flip 'p'.</summary>
        public const double FlipP = 0.5;

        /// <summary>color-jitter 'brightness', 'contrast' and 'p'.</summary>
        public const double JitterBrightness = 0.4, JitterContrast = 0.4, JitterP = 0.8;

        /// <summary>gaussian-blur 'sigma', low and high, and 'p'.</summary>
        public const double BlurSigmaLow = 0.1, BlurSigmaHigh = 2.0, BlurP = 0.5;

        /// <summary>gaussian-noise 'std' and 'p'.</summary>
        public const double NoiseStd = 0.05, NoiseP = 0.5;

        /// <summary>random-erasing 'p' and 'scale', low and high.</summary>
        public const double ErasingP = 0.25, ErasingScaleLow = 0.02, ErasingScaleHigh = 0.33;

        /// <summary>rotate90 'p'.</summary>
        public const double Rotate90P = 1.0;
    }

    // Each step is built by a method, not a static field shared across the Definitions.*.cs files,
    // whose initialisation order C# leaves open for partial classes.
    private static Setting P(double fallback, string what) => new("p", SettingType.Number, Probability(), fallback, $"Probability of {what} an image.");

    /// <summary>Every augment step, in the order the docs list them.</summary>
    public static IReadOnlyList<AugmentStepDefinition> AugmentSteps { get; } = new[]
    {
        new AugmentStepDefinition("random-resized-crop", "Crops a random area fraction and aspect ratio, resized back.", new[]
        {
            new Setting("scale", SettingType.Interval, Fraction(), AugmentDefaults.CropScaleLow, "Area fraction of the crop, drawn uniformly.", AugmentDefaults.CropScaleHigh),
            new Setting("ratio", SettingType.Interval, AtMost100(), AugmentDefaults.CropRatioLow, "Aspect ratio (width / height), drawn log-uniformly.", AugmentDefaults.CropRatioHigh),
        }),
        new AugmentStepDefinition("horizontal-flip", "Mirrors left to right.", new[] { P(AugmentDefaults.FlipP, "flipping") }),
        new AugmentStepDefinition("color-jitter", "Scales brightness and contrast by factors in [1 - s, 1 + s].", new[]
        {
            new Setting("brightness", SettingType.Number, NonNegativeUpTo(1), AugmentDefaults.JitterBrightness, "Brightness strength s (0: off)."),
            new Setting("contrast", SettingType.Number, NonNegativeUpTo(1), AugmentDefaults.JitterContrast, "Contrast strength s (0: off)."),
            P(AugmentDefaults.JitterP, "jittering"),
        }),
        new AugmentStepDefinition("gaussian-blur", "Blurs with a Gaussian kernel of random sigma.", new[]
        {
            new Setting("sigma", SettingType.Interval, AtMost100(), AugmentDefaults.BlurSigmaLow, "Sigma in pixels, drawn uniformly.", AugmentDefaults.BlurSigmaHigh),
            P(AugmentDefaults.BlurP, "blurring"),
        }),
        new AugmentStepDefinition("gaussian-noise", "Adds Gaussian noise.", new[]
        {
            new Setting("std", SettingType.Number, NonNegativeUpTo(100), AugmentDefaults.NoiseStd, "Standard deviation of the noise."),
            P(AugmentDefaults.NoiseP, "adding noise to"),
        }),
        new AugmentStepDefinition("random-erasing", "Blanks a random rectangle.", new[]
        {
            P(AugmentDefaults.ErasingP, "erasing in"),
            new Setting("scale", SettingType.Interval, Fraction(), AugmentDefaults.ErasingScaleLow, "Erased area fraction, drawn uniformly.", AugmentDefaults.ErasingScaleHigh),
        }),
        new AugmentStepDefinition("rotate90", "Rotates by 90, 180 or 270 degrees.", new[] { P(AugmentDefaults.Rotate90P, "rotating") }),
    };

    /// <summary>The augment step called <paramref name="key"/>, or null.</summary>
    public static AugmentStepDefinition? FindAugmentStep(string key) => AugmentSteps.FirstOrDefault(s => s.Key == key);

    /// <summary>The augment step called <paramref name="key"/>, which exists.</summary>
    public static AugmentStepDefinition AugmentStep(string key) => FindAugmentStep(key) ?? throw new System.ArgumentException($"No augment step '{key}'.", nameof(key));
}
