using System.ComponentModel;
using Spectre.Console.Cli;

namespace Contrastive.Cli.Commands;

/// <summary>Options of the commands that compute on a device (<c>train</c>, <c>eval</c>, <c>embed</c>, <c>mi-bench</c>): <c>--device</c>, defined once.</summary>
public abstract class DeviceCommandSettings : TorchCommandSettings
{
    /// <summary>Device, read by <see cref="Training.DeviceChoice"/> once libtorch is loaded.</summary>
    [CommandOption("--device <DEVICE>")]
    [Description("cpu (default), cuda or cuda:N: where models, optimizer state and data live (cuda needs a CUDA build of TorchSharp, see docs/DEVICES.md).")]
    public string Device { get; init; } = "cpu";
}
