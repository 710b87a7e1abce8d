using System.Diagnostics;
using Contrastive.Augment;
using Contrastive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Augment;

/// <summary>
/// How long views take (a measurement, not a check; run it by name with
/// <c>--filter "FullyQualifiedName~ViewMakerTimingTests" --logger "console;verbosity=detailed"</c>).
/// The training loop needs augmentation to cost well under a training step (about 270 ms for
/// SimClrFashion at batch 256). Prints the median and the fastest of the timed calls, and the load
/// average, since other work on the machine inflates the median.
/// </summary>
[TestFixture]
[Explicit("a timing measurement, not a check")]
[NonParallelizable] // changes libtorch's global thread count
public sealed class ViewMakerTimingTests
{
    private const int Repeats = 30;

    private int _threads;

    [OneTimeSetUp]
    public void UseTwoThreads()
    {
        _threads = get_num_threads();
        set_num_threads(2);
    }

    [OneTimeTearDown]
    public void RestoreThreads() => set_num_threads(_threads);

    [TestCase(2)]
    [TestCase(1)]
    public void Two_views_of_a_SimClrFashion_batch(int threads)
    {
        set_num_threads(threads);
        var pipeline = new SimClrFashionOptions().Augment;
        var time = Measure(pipeline, new long[] { 256, 1, 28, 28 }, ScalarType.Float32);
        set_num_threads(2);
        TestContext.Out.WriteLine($"SimClrFashion pipeline, 256 x 1 x 28 x 28, {threads} thread(s): {time} per MakeTwoViews; {LoadAverage()}");
    }

    [Test]
    public void Two_views_per_step()
    {
        AugmentStep[] steps =
        {
            new RandomResizedCrop(MinScale: 0.5), new HorizontalFlip(), new ColorJitter(), new GaussianBlur(),
            new GaussianNoise(), new RandomErasing(), new Rotate90(),
        };
        foreach (var step in steps)
        {
            var time = Measure(new ViewPipeline(new[] { step }), new long[] { 256, 1, 28, 28 }, ScalarType.Float32);
            TestContext.Out.WriteLine($"{step.GetType().Name,-18} float32 256 x 1 x 28 x 28: {time}");
        }

        var blur = new ViewPipeline(new AugmentStep[] { new GaussianBlur() });
        TestContext.Out.WriteLine($"GaussianBlur       float32 256 x 3 x 32 x 32: {Measure(blur, new long[] { 256, 3, 32, 32 }, ScalarType.Float32)}");
        TestContext.Out.WriteLine($"GaussianBlur       float64 256 x 3 x 32 x 32: {Measure(blur, new long[] { 256, 3, 32, 32 }, ScalarType.Float64)}");
        TestContext.Out.WriteLine(LoadAverage());
    }

    private sealed record Timing(double Median, double Fastest)
    {
        public override string ToString() => $"median {Median,7:F2} ms, fastest {Fastest,7:F2} ms";
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? $"load average {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores" : "load average unknown";

    private static Timing Measure(ViewPipeline pipeline, long[] shape, ScalarType dtype)
    {
        using var generator = new Generator(1);
        using var scope = NewDisposeScope();
        var images = rand(shape, dtype: dtype, generator: generator);
        var maker = new ViewMaker(pipeline, shape[1], shape[2], shape[3]);
        for (var call = 0; call < 3; call++)
        {
            using (NewDisposeScope())
            {
                maker.MakeTwoViews(images, generator);
            }
        }

        var milliseconds = new double[Repeats];
        for (var call = 0; call < Repeats; call++)
        {
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                maker.MakeTwoViews(images, generator);
            }

            milliseconds[call] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        return new Timing(milliseconds[Repeats / 2], milliseconds[0]);
    }
}
