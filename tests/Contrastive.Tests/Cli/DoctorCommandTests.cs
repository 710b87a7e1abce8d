using System.Diagnostics;
using Contrastive.Cli;
using Spectre.Console.Testing;

namespace Contrastive.Tests.Cli;

[TestFixture]
public sealed class DoctorCommandTests
{
    [Test]
    public void Doctor_reports_libtorch_threads_device_and_patch_state()
    {
        var console = new TestConsole().Width(200);
        var exit = ContrastiveApp.Create(console).Run(new[] { "doctor" });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, console.Output);
            Assert.That(console.Output, Does.Contain("libtorch").And.Contain("2.10"));
            Assert.That(console.Output, Does.Contain("threads"));
            Assert.That(console.Output, Does.Contain("cpu"));
            Assert.That(console.Output, Does.Match("compat patch +│ (in effect|not needed)"));
            Assert.That(console.Output, Does.Contain("ok: TorchSharp loads and computes."));
        });
    }

    [Test]
    public void Doctor_rejects_a_non_positive_thread_count()
    {
        var console = new TestConsole().Width(200);
        var exit = ContrastiveApp.Create(console).Run(new[] { "doctor", "--threads", "0" });

        Assert.That(exit, Is.Not.Zero);
        Assert.That(console.Output, Does.Contain("--threads must be a positive integer, got 0"));
    }

    [Test]
    public void Doctor_fails_with_the_reason_when_the_native_library_is_unpatched()
    {
        var (_, state) = Contrastive.Native.TorchRuntime.CompatState(TestPaths.OutputLibTorchSharp);
        Assume.That(state, Is.EqualTo(Contrastive.Native.NativeCompatState.Patched), "only a host that needs the patch can show its absence");

        // A copy of the CLI's output (hard links: libtorch is 600 MB) with the packaged, unpatched library.
        var cliOutput = Path.Combine(TestPaths.RepositoryRoot, "src", "Contrastive.Cli", "bin", TestPaths.Configuration, "net10.0");
        var copy = Path.Combine(Path.GetTempPath(), "contrastive-doctor-" + Guid.NewGuid().ToString("N"));
        try
        {
            LinkTree(cliOutput, copy);
            var native = Path.Combine(copy, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            File.Delete(native);
            File.Copy(TestPaths.PackagedLibTorchSharp, native);

            var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(copy, "Contrastive.Cli.dll")}\" doctor")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["COLUMNS"] = "400";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "doctor did not finish");
            var output = stdout.Result + stderr.Result;

            Assert.That(process.ExitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("error: TorchSharp cannot load its native library")
                .And.Contain("lacks GLIBCXX_3.4.32").And.Contain("dotnet build"));
        }
        finally
        {
            if (Directory.Exists(copy))
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }

    private static void LinkTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            HardLink.Create(Path.Combine(target, Path.GetFileName(file)), file);
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            LinkTree(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
