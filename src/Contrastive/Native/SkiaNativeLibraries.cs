using System.Reflection;
using System.Runtime.InteropServices;

namespace Contrastive.Native;

/// <summary>
/// Lets SkiaSharp (figures, image folders) find its native libraries where no deps.json lists them:
/// under dotnet fsi, SkiaSharp's DllImport of "libSkiaSharp" would search fsi's own folder and the
/// system paths, and fail. The resolver answers with the copy beside Contrastive.dll; where there is
/// none, or in an app whose deps.json knows the way, .NET's usual search proceeds unchanged.
/// </summary>
internal static class SkiaNativeLibraries
{
    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Registers the resolver for SkiaSharp and HarfBuzzSharp once per process; call before their first use.</summary>
    public static void EnsureResolvable()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            _registered = true;
            Register(typeof(SkiaSharp.SKObject).Assembly);
            Register(typeof(HarfBuzzSharp.Blob).Assembly);
        }
    }

    private static void Register(Assembly assembly)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // The host registered its own resolver for this assembly: it knows where the library is.
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var path = BundledNativeLibrary.Find(BundledNativeLibrary.FileNameOf(libraryName), assembly);
        return path is not null && NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;
    }
}
