using System.Reflection;
using System.Runtime.InteropServices;

namespace Contrastive.Native;

/// <summary>
/// Native libraries that NuGet packages put beside the managed assembly that calls them: in
/// <c>runtimes/&lt;rid&gt;/native/</c> of a build output, or flat beside it after a RID-specific publish. Apps
/// find them through their deps.json; hosts without one for this output (dotnet fsi) need their full path.
/// </summary>
internal static class BundledNativeLibrary
{
    /// <summary>
    /// The full path of <paramref name="fileName"/> beside <paramref name="owner"/> (the managed assembly that
    /// loads it), else beside Contrastive.dll; null when neither has it. Both are looked at because a script
    /// may load Contrastive.dll from a build output that has no native libraries (a library's own output).
    /// </summary>
    public static string? Find(string fileName, Assembly owner)
    {
        var folders = new[] { owner.Location, typeof(BundledNativeLibrary).Assembly.Location }
            .Where(location => !string.IsNullOrEmpty(location))
            .Select(location => Path.GetDirectoryName(location)!)
            .Distinct(StringComparer.Ordinal);
        foreach (var directory in folders)
        {
            foreach (var rid in RuntimeFolders())
            {
                var inRuntimes = Path.Combine(directory, "runtimes", rid, "native", fileName);
                if (File.Exists(inRuntimes))
                {
                    return inRuntimes;
                }
            }

            var flat = Path.Combine(directory, fileName);
            if (File.Exists(flat))
            {
                return flat;
            }
        }

        return null;
    }
    /// <summary>The file a DllImport name such as "libSkiaSharp" stands for on this OS.</summary>
    public static string FileNameOf(string libraryName)
    {
        var extension = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        return libraryName.EndsWith(extension, StringComparison.Ordinal) ? libraryName : libraryName + extension;
    }

    // The package folders that can hold this machine's libraries, most specific first (SkiaSharp ships
    // one "osx" folder for both architectures).
    private static IEnumerable<string> RuntimeFolders()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        yield return $"{os}-{architecture}";
        yield return os;
    }
}
