using Contrastive.Native;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive doctor</c>: is TorchSharp usable here, and on what.</summary>
public sealed class DoctorCommand : Command<DoctorCommand.Settings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Created by the command app with its console.</summary>
    public DoctorCommand(IAnsiConsole console) => _console = console;

    /// <summary>Options of <c>doctor</c>.</summary>
    public sealed class Settings : TorchCommandSettings
    {
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TorchRuntimeReport report;
        try
        {
            settings.ApplyToTorch();
            report = TorchRuntime.Inspect();
        }
        catch (TorchUnavailableException e)
        {
            _console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }

        var table = new Table().AddColumn("check").AddColumn("value");
        table.AddRow("TorchSharp", Markup.Escape(report.TorchSharpVersion));
        table.AddRow("libtorch", Markup.Escape(report.LibTorchVersion));
        table.AddRow("threads", report.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("device", report.CudaAvailable ? "cuda (available)" : "cpu (no CUDA device)");
        table.AddRow("native library", Markup.Escape(report.NativeLibrary ?? "(not mapped)"));
        table.AddRow("host libstdc++", Markup.Escape(report.HostLibStdCxx ?? "(not found)"));
        table.AddRow("compat patch", Markup.Escape(Describe(report.Compat)));
        _console.Write(table);

        // A smoke computation: a report is worth little if the first real op would still fail.
        using (torch.NewDisposeScope())
        {
            var product = torch.ones(2, 3).matmul(torch.ones(3, 2)).sum().item<float>();
            if (product != 12f)
            {
                _console.MarkupLine($"[red]error:[/] libtorch computed {product} for a 2x3 by 3x2 matmul of ones; expected 12.");
                return 1;
            }
        }

        _console.MarkupLine("[green]ok:[/] TorchSharp loads and computes.");
        return 0;
    }

    private static string Describe(NativeCompatState state) => state switch
    {
        NativeCompatState.Patched => $"in effect (host libstdc++ lacks {LibStdCxxVersion}; requirement marked weak)",
        NativeCompatState.NotNeeded => $"not needed (host libstdc++ provides {LibStdCxxVersion})",
        NativeCompatState.Missing => $"MISSING: host lacks {LibStdCxxVersion} and the library is unpatched",
        _ => "not applicable on this platform",
    };

    private const string LibStdCxxVersion = "GLIBCXX_3.4.32";
}
