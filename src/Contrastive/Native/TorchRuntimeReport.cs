namespace Contrastive.Native;

/// <summary>What <c>contrastive doctor</c> prints: the TorchSharp and libtorch this process runs on.</summary>
/// <param name="TorchSharpVersion">The managed TorchSharp assembly's version.</param>
/// <param name="LibTorchVersion">libtorch's own version string, e.g. 2.10.0.</param>
/// <param name="Threads">Intra-op threads libtorch uses.</param>
/// <param name="Device">The device the toolkit picks by default: cuda when available, else cpu.</param>
/// <param name="CudaAvailable">Whether a CUDA device is usable.</param>
/// <param name="NativeLibrary">Full path of the libLibTorchSharp.so this process mapped, when known.</param>
/// <param name="HostLibStdCxx">The host libstdc++ inspected, when found.</param>
/// <param name="Compat">The state of the GLIBCXX_3.4.32 compatibility patch.</param>
public sealed record TorchRuntimeReport(
    string TorchSharpVersion,
    string LibTorchVersion,
    int Threads,
    string Device,
    bool CudaAvailable,
    string? NativeLibrary,
    string? HostLibStdCxx,
    NativeCompatState Compat);
