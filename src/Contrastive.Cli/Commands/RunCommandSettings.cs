using System.ComponentModel;
using Spectre.Console.Cli;

namespace Contrastive.Cli.Commands;

/// <summary>Options of the commands that read a finished run (<c>eval</c>, <c>embed</c>).</summary>
public abstract class RunCommandSettings : TorchCommandSettings
{
    /// <summary>Run folder or checkpoint.</summary>
    [CommandArgument(0, "<RUN>")]
    [Description("A run folder made by 'contrastive train', or one of its checkpoints/step-* folders.")]
    public string Run { get; init; } = string.Empty;

    /// <summary>Device.</summary>
    [CommandOption("--device <DEVICE>")]
    [Description("cpu (default), cuda or cuda:N: where the model runs and the probes fit (cuda needs a CUDA build of TorchSharp, see docs/DEVICES.md).")]
    public string Device { get; init; } = "cpu";
}
