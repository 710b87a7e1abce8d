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

    // Each step is built by a method, not a static field shared across the Definitions.*.cs files,
    // whose initialisation order C# leaves open for partial classes.
    private static Setting P(double fallback, string what) => new("p", SettingType.Number, Probability(), fallback, $"Probability of {what} an image.");

    /// <summary>Every augment step, in the order the docs list them.</summary>
    public static IReadOnlyList<AugmentStepDefinition> AugmentSteps { get; } = new[]
    {
        new AugmentStepDefinition("random-resized-crop", "Crops a random area fraction and aspect ratio, resized back.", new[]
        {
            new Setting("scale", SettingType.Interval, Fraction(), 0.08, "Area fraction of the crop, drawn uniformly.", 1.0),
            new Setting("ratio", SettingType.Interval, AtMost100(), 0.75, "Aspect ratio (width / height), drawn log-uniformly.", 4.0 / 3.0),
        }),
        new AugmentStepDefinition("horizontal-flip", "Mirrors left to right.", new[] { P(0.5, "flipping") }),
        new AugmentStepDefinition("color-jitter", "Scales brightness and contrast by factors in [1 - s, 1 + s].", new[]
        {
            new Setting("brightness", SettingType.Number, NonNegativeUpTo(1), 0.4, "Brightness strength s (0: off)."),
            new Setting("contrast", SettingType.Number, NonNegativeUpTo(1), 0.4, "Contrast strength s (0: off)."),
            P(0.8, "jittering"),
        }),
        new AugmentStepDefinition("gaussian-blur", "Blurs with a Gaussian kernel of random sigma.", new[]
        {
            new Setting("sigma", SettingType.Interval, AtMost100(), 0.1, "Sigma in pixels, drawn uniformly.", 2.0),
            P(0.5, "blurring"),
        }),
        new AugmentStepDefinition("gaussian-noise", "Adds Gaussian noise.", new[]
        {
            new Setting("std", SettingType.Number, NonNegativeUpTo(100), 0.05, "Standard deviation of the noise."),
            P(0.5, "adding noise to"),
        }),
        new AugmentStepDefinition("random-erasing", "Blanks a random rectangle.", new[]
        {
            P(0.25, "erasing in"),
            new Setting("scale", SettingType.Interval, Fraction(), 0.02, "Erased area fraction, drawn uniformly.", 0.33),
        }),
        new AugmentStepDefinition("rotate90", "Rotates by 90, 180 or 270 degrees.", new[] { P(1.0, "rotating") }),
    };

    /// <summary>The augment step called <paramref name="key"/>, or null.</summary>
    public static AugmentStepDefinition? FindAugmentStep(string key) => AugmentSteps.FirstOrDefault(s => s.Key == key);

    /// <summary>The augment step called <paramref name="key"/>, which exists.</summary>
    public static AugmentStepDefinition AugmentStep(string key) => FindAugmentStep(key) ?? throw new System.ArgumentException($"No augment step '{key}'.", nameof(key));
}
