using Contrastive.Models;
using Contrastive.Training;

namespace Contrastive.Tests.Training;

[TestFixture]
public sealed class OptionOverridesTests
{
    [Test]
    public void SpecKeysReachNestedRecordsWithoutTouchingTheOriginal()
    {
        var original = new SimClrFashionOptions();
        var changed = (SimClrFashionOptions)OptionOverrides.ApplyAll(original,
            ["temperature=0.5", "train.batch-size=128", "train.optimizer.lr=0.01", "train.optimizer.name=sgd", "train.schedule.name=cosine", "train.schedule.warmup-epochs=0"]);

        Assert.That(changed.Temperature, Is.EqualTo(0.5));
        Assert.That(changed.Train.BatchSize, Is.EqualTo(128));
        Assert.That(changed.Train.Optimizer, Is.EqualTo(original.Train.Optimizer with { Kind = OptimizerKind.Sgd, LearningRate = 0.01 }));
        Assert.That(changed.Train.Schedule, Is.EqualTo(new ScheduleOptions(ScheduleKind.Cosine)));
        Assert.That(original, Is.EqualTo(new SimClrFashionOptions()), "records are copied, not changed");
    }

    [Test]
    public void AnUnknownKeyListsTheKeysThatExist()
    {
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "temprature", "0.5"),
            Throws.ArgumentException.With.Message.Contains("--set temprature: 'temprature' is not an option here").And.Message.Contains("temperature, ").And.Message.Contains("train.batch-size"));
    }

    [Test]
    public void ABadValueSaysWhatTheKeyTakes()
    {
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.batch-size", "lots"),
            Throws.ArgumentException.With.Message.EqualTo("--set train.batch-size=lots: expected a whole number."));
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.optimizer.name", "lamb"),
            Throws.ArgumentException.With.Message.EqualTo("--set train.optimizer.name=lamb: expected one of adam, adamw, sgd."));
    }

    [Test]
    public void RecordValidationStillApplies()
    {
        // A value the record's own setter refuses is an ArgumentException naming the key and the rule
        // (not the reflection wrapper, which the command line would not catch).
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.batch-size", "1"),
            Throws.ArgumentException.With.Message.StartsWith("--set train.batch-size=1: ").And.Message.Contains("BatchSize"));
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.optimizer.lr", "-1"),
            Throws.ArgumentException.With.Message.StartsWith("--set train.optimizer.lr=-1: ").And.Message.Contains("LearningRate"));
    }

    [Test]
    public void MalformedAssignmentsNameTheFix()
    {
        Assert.That(() => OptionOverrides.ApplyAll(new SimClrFashionOptions(), ["temperature"]),
            Throws.ArgumentException.With.Message.Contains("expected key=value, e.g. --set train.batch-size=128"));
    }

    [Test]
    public void AWarmupAsLongAsTheRunIsRefusedAsInASpec()
    {
        // The spec's rule (CTK011 at 'train.schedule.warmup-epochs'): the warm-up ends before the last epoch.
        Assert.That(() => OptionOverrides.ApplyAll(new SimClrFashionOptions(), ["train.epochs=4", "train.schedule.name=warmup-cosine", "train.schedule.warmup-epochs=4"]),
            Throws.InstanceOf<Exception>().With.Message.Contains("less than 'train.epochs' (4)")
                .Or.InnerException.Message.Contains("less than 'train.epochs' (4)"));
        Assert.That(() => OptionOverrides.ApplyAll(new SimClrFashionOptions(), ["train.epochs=4", "train.schedule.name=warmup-cosine", "train.schedule.warmup-epochs=3.5"]),
            Throws.Nothing);
    }
}
