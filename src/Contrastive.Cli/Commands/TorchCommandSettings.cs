using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Contrastive.Cli.Commands;

/// <summary>Options every command that runs libtorch shares.</summary>
public abstract class TorchCommandSettings : CommandSettings
{
    /// <summary>Intra-op thread count to set before running.</summary>
    [CommandOption("--threads <N>")]
    [Description("libtorch intra-op threads (default: libtorch's choice, usually one per core).")]
    public int? Threads { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
        => Threads is <= 0
            ? ValidationResult.Error($"--threads must be a positive integer, got {Threads}.")
            : ValidationResult.Success();

    /// <summary>Loads TorchSharp and applies <see cref="Threads"/>.</summary>
    public void ApplyToTorch()
    {
        Native.TorchRuntime.EnsureLoaded();
        if (Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }
    }
}
