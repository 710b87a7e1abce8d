using Contrastive.Training;

namespace Contrastive.Tests.Training;

/// <summary>The training configuration records: defaults, and every out-of-range value refused with its name and range.</summary>
[TestFixture]
public sealed class TrainOptionsTests
{
    [Test]
    public void Defaults_are_valid_and_as_documented()
    {
        var options = new TrainOptions();
        options.Validate();
        Assert.Multiple(() =>
        {
            Assert.That(options.BatchSize, Is.EqualTo(256));
            Assert.That(options.Epochs, Is.EqualTo(10));
            Assert.That(options.Seed, Is.Zero);
            Assert.That(options.Data, Is.EqualTo("fashion-mnist"));
            Assert.That(options.Optimizer, Is.EqualTo(new OptimizerOptions(OptimizerKind.Adam, 1e-3, 0.0, 0.9)));
            Assert.That(options.Schedule, Is.EqualTo(new ScheduleOptions(ScheduleKind.Constant, 0.0)));
        });
    }

    [Test]
    public void Records_compare_by_value()
    {
        var a = new TrainOptions { BatchSize = 64, Optimizer = new(OptimizerKind.Sgd, Momentum: 0.5), Schedule = new(ScheduleKind.WarmupCosine, 2) };
        var b = new TrainOptions { BatchSize = 64, Optimizer = new(OptimizerKind.Sgd, Momentum: 0.5), Schedule = new(ScheduleKind.WarmupCosine, 2) };
        Assert.That(b, Is.EqualTo(a));
        Assert.That(b with { Seed = 1 }, Is.Not.EqualTo(a));
    }

    private static IEnumerable<TestCaseData> OutOfRange()
    {
        static TestCaseData Case(string name, Func<object> create, string setting, string range)
            => new TestCaseData(new Action(() => create()), setting, range).SetName($"{{m}}({name})");

        yield return Case("learning rate 0", () => new OptimizerOptions(LearningRate: 0.0), "LearningRate", "(0, 100]");
        yield return Case("learning rate NaN", () => new OptimizerOptions(LearningRate: double.NaN), "LearningRate", "(0, 100]");
        yield return Case("weight decay", () => new OptimizerOptions(WeightDecay: -1e-4), "WeightDecay", "[0, 1)");
        yield return Case("momentum 1", () => new OptimizerOptions(Momentum: 1.0), "Momentum", "[0, 1)");
        yield return Case("learning rate 150 (a spec's limit too)", () => new OptimizerOptions(LearningRate: 150), "LearningRate", "(0, 100]");
        yield return Case("weight decay 1 (a spec's limit too)", () => new OptimizerOptions(WeightDecay: 1), "WeightDecay", "[0, 1)");
        yield return Case("optimizer kind", () => new OptimizerOptions((OptimizerKind)7), "Kind", "Adam, AdamW, Sgd");
        yield return Case("learning rate by with", () => new OptimizerOptions() with { LearningRate = -1 }, "LearningRate", "(0, 100]");
        yield return Case("momentum by initializer", () => new OptimizerOptions { Momentum = -0.1 }, "Momentum", "[0, 1)");
        yield return Case("warmup epochs", () => new ScheduleOptions(WarmupEpochs: -1), "WarmupEpochs", "[0, inf)");
        yield return Case("schedule kind", () => new ScheduleOptions((ScheduleKind)9), "Kind", "Constant, Cosine, WarmupCosine");
        yield return Case("batch size 1", () => new TrainOptions { BatchSize = 1 }, "BatchSize", "[2, 1048576]");
        yield return Case("epochs 0", () => new TrainOptions { Epochs = 0 }, "Epochs", "[1, 1000000]");
        yield return Case("epochs by with", () => new TrainOptions() with { Epochs = -3 }, "Epochs", "[1, 1000000]");
    }

    [TestCaseSource(nameof(OutOfRange))]
    public void Out_of_range_values_are_refused_wherever_they_are_set(Action create, string setting, string range)
    {
        Assert.That(create, Throws.InstanceOf<ArgumentOutOfRangeException>()
            .With.Property(nameof(ArgumentException.ParamName)).EqualTo(setting)
            .And.Message.Contains(setting).And.Message.Contains(range));
    }

    [Test]
    public void Missing_nested_options_and_data_names_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new TrainOptions { Optimizer = null! }, Throws.ArgumentNullException.With.Message.Contains("Optimizer"));
            Assert.That(() => new TrainOptions { Schedule = null! }, Throws.ArgumentNullException.With.Message.Contains("Schedule"));
            Assert.That(() => new TrainOptions { Data = " " }, Throws.ArgumentException.With.Message.Contains("must name a data set"));
        });
    }

    [Test]
    public void Only_the_warmup_schedule_takes_warmup_epochs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ScheduleOptions(ScheduleKind.Cosine, 5), Throws.ArgumentException
                .With.Property(nameof(ArgumentException.ParamName)).EqualTo("WarmupEpochs").And.Message.Contains("WarmupCosine"));
            Assert.That(() => new ScheduleOptions(ScheduleKind.WarmupCosine, 2.5), Throws.Nothing);
            Assert.That(() => new ScheduleOptions(ScheduleKind.Cosine), Throws.Nothing);

            // A with expression can change the kind after the warm-up was checked: Validate catches it.
            var changed = new ScheduleOptions(ScheduleKind.WarmupCosine, 2) with { Kind = ScheduleKind.Constant };
            Assert.That(changed.Validate, Throws.ArgumentException.With.Message.Contains("does not warm up"));
        });
    }

    [Test]
    public void Validate_checks_that_the_warmup_fits_in_the_run()
    {
        var options = new TrainOptions { Epochs = 3, Schedule = new ScheduleOptions(ScheduleKind.WarmupCosine, 4) };
        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("WarmupEpochs (4) must be less than 'train.epochs' (3)"));

        // A warm-up as long as the run leaves no cosine phase: refused, as a spec's 'train' is.
        Assert.That((options with { Epochs = 4 }).Validate, Throws.ArgumentException.With.Message.Contains("WarmupEpochs (4) must be less than 'train.epochs' (4)"));
        Assert.That((options with { Epochs = 5 }).Validate, Throws.Nothing);
    }
}
