using SkiaSharp;

namespace Contrastive.Reporting;

/// <summary>The font family all figure text uses, looked up once per process.</summary>
/// <remarks>
/// The Linux Skia build we ship has no fontconfig: it scans <c>/usr/share/fonts</c> and, finding nothing, draws
/// every label as nothing at all. So a missing font is an error here, never a figure with blank text.
/// </remarks>
internal static class PlotFont
{
    /// <summary>What a person should do when no font is found.</summary>
    public const string InstallHint =
        "No font for plot text was found. On Debian or Ubuntu run 'apt-get install fonts-dejavu-core' (.ci/run does).";

    // DejaVu Sans is Debian's fonts-dejavu-core; the rest are the usual sans faces elsewhere, so a developer on
    // another system gets a similar figure.
    private static readonly string[] Preferred = ["DejaVu Sans", "Liberation Sans", "Helvetica", "Arial", "Segoe UI"];

    private static readonly Lazy<string> Resolved = new(Resolve);

    /// <summary>The family name to hand to ScottPlot and SkiaSharp.</summary>
    /// <exception cref="InvalidOperationException">No usable font is installed.</exception>
    public static string Family => Resolved.Value;

    private static string Resolve()
    {
        var manager = SKFontManager.Default;
        foreach (var name in Preferred)
        {
            // Skia answers an unknown family with some other face (or none), so check what came back.
            using var typeface = manager.MatchFamily(name);
            if (typeface is not null && typeface.GlyphCount > 0 &&
                string.Equals(typeface.FamilyName, name, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        // Any installed face is better than labels that silently vanish.
        var fallback = SKTypeface.Default;
        if (fallback.GlyphCount > 0 && !string.IsNullOrEmpty(fallback.FamilyName))
        {
            return fallback.FamilyName;
        }

        throw new InvalidOperationException(InstallHint);
    }
}
