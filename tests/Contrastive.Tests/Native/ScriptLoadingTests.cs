using System.Diagnostics;

namespace Contrastive.Tests.Native;

/// <summary>dotnet fsi has no deps.json: the scripts must still get the patched native library.</summary>
[TestFixture]
public sealed class ScriptLoadingTests
{
    [Test]
    public void Doctor_script_runs_under_dotnet_fsi_after_one_build()
    {
        // The script references the Debug output, which is what the README's `dotnet build`/`dotnet test` produce.
        Assume.That(TestPaths.Configuration, Is.EqualTo("Debug"), "scripts reference the Debug build");
        var script = Path.Combine(TestPaths.RepositoryRoot, "scripts", "doctor.fsx");

        var start = new ProcessStartInfo("dotnet", $"fsi --quiet --exec \"{script}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "dotnet fsi did not finish");
        var output = stdout.Result + stderr.Result;

        Assert.That(process.ExitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("libtorch 2.10").And.Contain("randn(3, 4).std() ="));
    }
}
