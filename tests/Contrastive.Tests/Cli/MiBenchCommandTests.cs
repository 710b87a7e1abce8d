using Contrastive.Cli;
using Spectre.Console.Testing;

namespace Contrastive.Tests.Cli;

[TestFixture]
public sealed class MiBenchCommandTests
{
    private string _output = null!;

    [SetUp]
    public void MakeOutputFolder() => _output = Path.Combine(Path.GetTempPath(), "contrastive-mibench-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveOutputFolder()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Test]
    public void A_short_run_prints_the_table_and_writes_csv_and_plot()
    {
        var console = new TestConsole().Width(160);
        var exit = ContrastiveApp.Create(console).Run(new[]
        {
            "mi-bench", "--steps-per-level", "4", "--levels", "1,2", "--estimators", "infonce,tuba",
            "--critic", "separable", "--batch-size", "8", "--device", "cpu", "--output", _output,
        });

        Assert.That(exit, Is.Zero, console.Output);
        var series = File.ReadAllLines(Path.Combine(_output, "mi-bench.csv"));
        var summary = File.ReadAllLines(Path.Combine(_output, "summary.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(series[0], Is.EqualTo("step,true_mi,infonce,tuba"));
            Assert.That(series, Has.Length.EqualTo(1 + 8));
            Assert.That(series[^1], Does.StartWith("8,2,"));
            Assert.That(summary[0], Is.EqualTo("estimator,true_mi,mean,std,bias"));
            Assert.That(summary, Has.Length.EqualTo(1 + 4));
            Assert.That(File.Exists(Path.Combine(_output, "mi-bench.png")), Is.True);
            Assert.That(console.Output, Does.Contain("infonce").And.Contain("true MI").And.Contain("wall time").And.Contain("; cpu; seed 1"));
        });

        // Re-plotting the CSV reproduces the same summary without training.
        var replot = Path.Combine(_output, "replot");
        var again = new TestConsole().Width(160);
        Assert.That(ContrastiveApp.Create(again).Run(new[] { "mi-bench", "--from-csv", Path.Combine(_output, "mi-bench.csv"), "--output", replot }), Is.Zero, again.Output);
        Assert.That(File.ReadAllLines(Path.Combine(replot, "summary.csv")), Is.EqualTo(summary));
        Assert.That(File.ReadAllLines(Path.Combine(replot, "mi-bench.csv")), Is.EqualTo(series));
    }

    [Test]
    public void A_damaged_csv_is_reported_with_its_line()
    {
        Directory.CreateDirectory(_output);
        var csv = Path.Combine(_output, "broken.csv");
        File.WriteAllText(csv, "step,true_mi,infonce\n1,2,0.5\n2,2,oops\n");
        var console = new TestConsole().Width(200);
        Assert.That(ContrastiveApp.Create(console).Run(new[] { "mi-bench", "--from-csv", csv, "--output", _output }), Is.EqualTo(1));
        Assert.That(console.Output, Does.Contain("broken.csv:3: 'oops' is not a number"));
    }

    [TestCase("--estimators", "infonce,bogus", "unknown estimator 'bogus'")]
    [TestCase("--critic", "deep", "--critic: expected concat or separable")]
    [TestCase("--levels", "2,x", "--levels: 'x' is not a positive number")]
    [TestCase("--steps-per-level", "1", "steps per level must be at least 2")]
    public void Bad_flags_are_named_in_the_error(string flag, string value, string message)
    {
        var console = new TestConsole().Width(200);
        var exit = ContrastiveApp.Create(console).Run(new[] { "mi-bench", flag, value, "--output", _output });
        Assert.That(exit, Is.Not.Zero);
        Assert.That(console.Output, Does.Contain(message));
    }

    [TestCase("tpu", "--device must be cpu, cuda or cuda:N (N a GPU index, 0 or more); got 'tpu'")]
    [TestCase("cuda", "--device cuda:0: CUDA is not available to this libtorch")]
    public void A_device_it_cannot_use_is_refused_before_any_training(string device, string message)
    {
        if (device == "cuda" && TorchSharp.torch.cuda.is_available())
        {
            Assert.Ignore("this machine has CUDA: the error cannot happen here.");
        }

        var console = new TestConsole().Width(300);
        var exit = ContrastiveApp.Create(console).Run(new[] { "mi-bench", "--steps-per-level", "2", "--levels", "1", "--device", device, "--output", _output });
        Assert.That(exit, Is.EqualTo(1), console.Output);
        Assert.That(console.Output, Does.Contain(message));
        Assert.That(Directory.Exists(_output), Is.False, "nothing written");
    }
}
