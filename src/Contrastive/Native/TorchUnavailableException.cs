namespace Contrastive.Native;

/// <summary>TorchSharp's native library could not be loaded; the message says why and what to do.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the exception with the reason and the loader's own error.</summary>
    public TorchUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
