using System.Diagnostics;

namespace Contrastive.Tests.Native;

/// <summary>dotnet fsi has no deps.json: the scripts must still get the patched native libraries.</summary>
[TestFixture]
public sealed class ScriptLoadingTests
{
    [Test]
    public void Doctor_script_runs_under_dotnet_fsi_after_one_build()
    {
        // The script references the Debug output, which is what the README's `dotnet build`/`dotnet test` produce.
        Assume.That(TestPaths.Configuration, Is.EqualTo("Debug"), "scripts reference the Debug build");
        var script = Path.Combine(TestPaths.RepositoryRoot, "scripts", "doctor.fsx");

        var output = RunFsi(script, TestPaths.RepositoryRoot);

        Assert.That(output, Does.Contain("libtorch 2.10").And.Contain("randn(3, 4).std() ="));
    }

    [Test]
    public void A_script_draws_figures_whatever_its_working_directory()
    {
        // Scripts reference the build output by paths relative to themselves. fsi's own native-library
        // probing resolves such paths against the working directory, so SkiaSharp's DllImport would miss
        // runtimes/<rid>/native when a script runs from elsewhere (the README runs them from the root).
        Assume.That(TestPaths.Configuration, Is.EqualTo("Debug"), "the script references the Debug build");
        var folder = TemporaryFolder();
        try
        {
            var png = Path.Combine(folder, "figure.png");
            var output = Path.GetRelativePath(folder, AppContext.BaseDirectory);
            var script = Path.Combine(folder, "plot.fsx");
            File.WriteAllText(script, $$"""
                #r @"{{Path.Combine(output, "TorchSharp.dll")}}"
                #r @"{{Path.Combine(output, "Contrastive.dll")}}"
                open Contrastive.Reporting
                PanelPlot.SavePng(@"{{png}}", [| PlotPanel("t", [| PlotSeries("a", [| 0.0; 1.0 |], [| 0.0; 1.0 |]) |]) |], 1)
                printfn "plotted"
                """);

            // Run from a folder where the script's relative paths lead nowhere (as from the repository
            // root they would not either, had the script been one level deeper).
            var elsewhere = Directory.CreateDirectory(Path.Combine(folder, "a", "b", "c", "d")).FullName;
            var text = RunFsi(script, elsewhere);

            Assert.That(text, Does.Contain("plotted"));
            Assert.That(File.ReadAllBytes(png)[1..4], Is.EqualTo("PNG"u8.ToArray()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Torch_loads_from_beside_TorchSharp_when_Contrastive_dll_sits_elsewhere()
    {
        // fsi may take Contrastive.dll from any folder a script references, including one without native
        // libraries; the patched libLibTorchSharp.so is still found beside TorchSharp.dll.
        var folder = TemporaryFolder();
        try
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Contrastive.dll"), Path.Combine(folder, "Contrastive.dll"));
            var script = Path.Combine(folder, "load.fsx");
            File.WriteAllText(script, $$"""
                #r @"{{Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")}}"
                #r @"{{Path.Combine(folder, "Contrastive.dll")}}"
                Contrastive.Native.TorchRuntime.EnsureLoaded()
                printfn "sum %g" (TorchSharp.torch.ones(3L).sum().item<float32>())
                """);

            Assert.That(RunFsi(script, folder), Does.Contain("sum 3"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string TemporaryFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "contrastive-fsi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string RunFsi(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet", $"fsi --quiet --exec \"{script}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "dotnet fsi did not finish");
        var output = stdout.Result + stderr.Result;
        Assert.That(process.ExitCode, Is.Zero, output);
        return output;
    }
}
