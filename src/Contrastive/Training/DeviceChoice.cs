using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Training;

/// <summary>
/// The one reading of a device name, as <c>--device</c> takes it: <c>cpu</c>, <c>cuda</c> (the first
/// GPU) or <c>cuda:N</c>. Parsing checks only the text; <see cref="EnsureAvailable"/> asks libtorch.
/// </summary>
public static class DeviceChoice
{
    /// <summary>The accepted forms, as error messages name them.</summary>
    public const string AcceptedForms = "cpu, cuda or cuda:N (N a GPU index, 0 or more)";

    /// <summary>The device <paramref name="text"/> names; an <see cref="ArgumentException"/> naming <paramref name="flag"/> and the accepted forms otherwise.</summary>
    /// <param name="text">cpu, cuda or cuda:N (case-insensitive).</param>
    /// <param name="flag">The option the text came from, for the error.</param>
    public static Device Parse(string? text, string flag = "--device")
    {
        var name = text?.Trim().ToLowerInvariant();
        if (name == "cpu")
        {
            return new Device(DeviceType.CPU);
        }

        if (name == "cuda")
        {
            return new Device(DeviceType.CUDA, 0);
        }

        const string prefix = "cuda:";
        if (name is not null && name.StartsWith(prefix, StringComparison.Ordinal)
            && name.Length > prefix.Length && name[prefix.Length..].All(char.IsAsciiDigit)
            && int.TryParse(name[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new Device(DeviceType.CUDA, index);
        }

        throw new ArgumentException($"{flag} must be {AcceptedForms}; got '{text}'.");
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="flag"/> when <paramref name="device"/>
    /// is a GPU this libtorch cannot use (a CPU-only build such as TorchSharp-cpu, no GPU, or no GPU of that index).
    /// </summary>
    public static void EnsureAvailable(Device device, string flag = "--device")
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.type == DeviceType.CPU)
        {
            return;
        }

        if (device.type != DeviceType.CUDA)
        {
            throw new ArgumentException($"{flag} {device}: only {AcceptedForms} are supported.");
        }

        if (!cuda.is_available())
        {
            throw new ArgumentException(
                $"{flag} {Name(device)}: CUDA is not available to this libtorch (the TorchSharp-cpu package has none, or no GPU is visible). "
                + $"Build with a CUDA package (-p:ContrastiveTorchSharpPackage=TorchSharp-cuda-linux, see docs/DEVICES.md), or use {flag} cpu.");
        }

        var count = cuda.device_count();
        if (device.index >= count)
        {
            throw new ArgumentException($"{flag} {Name(device)}: this machine has {count} CUDA device(s), numbered from 0.");
        }
    }

    /// <summary><see cref="Parse"/>, then <see cref="EnsureAvailable"/>: the device a command runs on.</summary>
    public static Device Resolve(string? text, string flag = "--device")
    {
        var device = Parse(text, flag);
        EnsureAvailable(device, flag);
        return device;
    }

    /// <summary>The name <see cref="Parse"/> reads back: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public static string Name(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.type == DeviceType.CPU
            ? "cpu"
            : FormattableString.Invariant($"{device.type.ToString().ToLowerInvariant()}:{Math.Max(0, device.index)}");
    }
}
