using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Contrastive.Native;

/// <summary>Loads TorchSharp's native library the same way in apps, test hosts and scripts.</summary>
public static class TorchRuntime
{
    private const string NativeFileName = "libLibTorchSharp.so";
    private static readonly object Gate = new();
    private static bool _loaded;

    /// <summary>
    /// Makes TorchSharp usable and throws <see cref="TorchUnavailableException"/> with the reason
    /// when it is not. Apps with a deps.json would find the native library on their own; dotnet fsi
    /// has no deps.json and would fall back to the unpatched file in the NuGet cache, so the
    /// (patched) copy beside this assembly is loaded first, by full path: TorchSharp's later load by
    /// name then reuses it.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            PreloadBundledNativeLibrary();
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
            {
                throw new TorchUnavailableException(Explain(e), e);
            }

            _loaded = true;
        }
    }

    /// <summary>Loads TorchSharp (see <see cref="EnsureLoaded"/>) and describes it.</summary>
    public static TorchRuntimeReport Inspect()
    {
        EnsureLoaded();
        var mapped = MappedNativeLibrary();
        var (host, compat) = CompatState(mapped ?? BundledNativeLibraryPath());
        var cuda = torch.cuda.is_available();
        return new TorchRuntimeReport(
            TorchSharpVersion: typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            LibTorchVersion: torch.__version__,
            Threads: torch.get_num_threads(),
            Device: cuda ? "cuda" : "cpu",
            CudaAvailable: cuda,
            NativeLibrary: mapped,
            HostLibStdCxx: host,
            Compat: compat);
    }

    /// <summary>The compat state of a given copy of libLibTorchSharp.so on this host.</summary>
    public static (string? HostLibStdCxx, NativeCompatState State) CompatState(string? nativeLibrary)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, NativeCompatState.NotApplicable);
        }

        var host = LibStdCxxCompat.FindHostLibStdCxx();
        if (host is null)
        {
            return (null, NativeCompatState.NotApplicable);
        }

        if (LibStdCxxCompat.Provides(host))
        {
            return (host, NativeCompatState.NotNeeded);
        }

        if (nativeLibrary is null || !File.Exists(nativeLibrary))
        {
            return (host, NativeCompatState.Missing);
        }

        return LibStdCxxCompat.Inspect(ElfImage.Read(nativeLibrary)) switch
        {
            CompatPatchState.Strict => (host, NativeCompatState.Missing),
            CompatPatchState.Weak => (host, NativeCompatState.Patched),
            _ => (host, NativeCompatState.NotNeeded),
        };
    }

    private static void PreloadBundledNativeLibrary()
    {
        var bundled = BundledNativeLibraryPath();
        if (bundled is not null && File.Exists(bundled))
        {
            NativeLibrary.TryLoad(bundled, out _);
        }
    }

    private static string? BundledNativeLibraryPath() =>
        OperatingSystem.IsLinux() ? BundledNativeLibrary.Find(NativeFileName, typeof(torch).Assembly) : null;

    /// <summary>The libLibTorchSharp.so this process actually mapped (Linux: /proc/self/maps).</summary>
    private static string? MappedNativeLibrary()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/');
            if (slash >= 0 && line.EndsWith("/" + NativeFileName, StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }

        return null;
    }

    private static string Explain(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        // TorchSharp's message carries a long load trace; its first line says what failed.
        var firstLine = inner.Message.Split('\n', 2)[0].Trim();
        var (host, state) = CompatState(BundledNativeLibraryPath());
        var diagnosis = state == NativeCompatState.Missing
            ? $": the host libstdc++ ({host}) lacks {LibStdCxxCompat.Version} and the libLibTorchSharp.so beside this"
              + " program is unpatched; run `dotnet build` so that build/TorchSharpNativeCompat.targets patches the output"
            : string.Empty;
        return $"TorchSharp cannot load its native library{diagnosis}. TorchSharp said: {firstLine}";
    }
}
