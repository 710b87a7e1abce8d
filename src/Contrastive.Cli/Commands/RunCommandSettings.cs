using System.ComponentModel;
using Spectre.Console.Cli;

namespace Contrastive.Cli.Commands;

/// <summary>Options of the commands that read a finished run (<c>eval</c>, <c>embed</c>).</summary>
public abstract class RunCommandSettings : DeviceCommandSettings
{
    /// <summary>Run folder or checkpoint.</summary>
    [CommandArgument(0, "<RUN>")]
    [Description("A run folder made by 'contrastive train', or one of its checkpoints/step-* folders.")]
    public string Run { get; init; } = string.Empty;
}
