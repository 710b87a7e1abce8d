using System.Reflection;

namespace Contrastive.Tests;

/// <summary>Paths the build stamped into this assembly, and the files the native tests read.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string Configuration =>
        typeof(TestPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The libLibTorchSharp.so exactly as the TorchSharp package ships it.</summary>
    public static string PackagedLibTorchSharp => Path.Combine(
        Metadata("NuGetPackageRoot"), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>The copy the build put beside this test assembly (patched where the host needs it).</summary>
    public static string OutputLibTorchSharp => Path.Combine(
        AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is empty");
}
