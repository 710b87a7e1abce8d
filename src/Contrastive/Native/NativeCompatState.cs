namespace Contrastive.Native;

/// <summary>Whether libLibTorchSharp.so can load on this host, and why.</summary>
public enum NativeCompatState
{
    /// <summary>Not Linux, or no libstdc++ found: the GLIBCXX question does not arise.</summary>
    NotApplicable,

    /// <summary>The host's libstdc++ provides GLIBCXX_3.4.32: the library loads unmodified.</summary>
    NotNeeded,

    /// <summary>The host lacks GLIBCXX_3.4.32 and the library beside the app carries the weak-requirement patch.</summary>
    Patched,

    /// <summary>The host lacks GLIBCXX_3.4.32 and the library is unpatched: it will not load. Rebuild to apply the patch.</summary>
    Missing,
}
