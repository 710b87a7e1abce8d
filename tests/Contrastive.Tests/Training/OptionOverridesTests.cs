using Contrastive.Methods;
using Contrastive.Models;
using Contrastive.Objectives;
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
            ["objective.temperature=0.5", "train.batch-size=128", "train.optimizer.lr=0.01", "train.optimizer=sgd", "train.schedule=cosine", "train.schedule.warmup-epochs=0"]);

        Assert.That(changed.Objective, Is.EqualTo(original.Objective with { Temperature = 0.5 }));
        Assert.That(changed.Train.BatchSize, Is.EqualTo(128));
        Assert.That(changed.Train.Optimizer, Is.EqualTo(original.Train.Optimizer with { Kind = OptimizerKind.Sgd, LearningRate = 0.01 }));
        Assert.That(changed.Train.Schedule, Is.EqualTo(new ScheduleOptions(ScheduleKind.Cosine)));
        Assert.That(original, Is.EqualTo(new SimClrFashionOptions()), "records are copied, not changed");
    }

    // The spec's own examples (docs/spec.md): negatives as the spec nests them, the loss by its name.
    [TestCase("objective.negatives.queue=4096", NegativeSource.Queue, 4096, 0.5)]
    [TestCase("objective.negatives.memory-bank=1024", NegativeSource.MemoryBank, 1024, 0.5)]
    [TestCase("objective.negatives.memory-bank=1024 objective.negatives.momentum=0.3", NegativeSource.MemoryBank, 1024, 0.3)]
    [TestCase("objective.negatives.queue=512 objective.negatives=in-batch", NegativeSource.InBatch, 512, 0.5)]
    public void SimClrNegativesTakeTheSpecsPaths(string assignments, NegativeSource source, int size, double momentum)
    {
        var changed = (SimClrFashionOptions)OptionOverrides.ApplyAll(new SimClrFashionOptions(), assignments.Split(' '));
        Assert.That(changed.Objective.Negatives, Is.EqualTo(new NegativeSampling(source, size, momentum)));
    }

    [Test]
    public void SimClrLossNamesDcl()
    {
        var options = new SimClrFashionOptions();
        Assert.That(((SimClrFashionOptions)OptionOverrides.Apply(options, "objective.loss", "dcl")).Objective.Decoupled, Is.True);
        var dcl = options with { Objective = options.Objective with { Decoupled = true } };
        Assert.That(((SimClrFashionOptions)OptionOverrides.Apply(dcl, "objective.loss", "nt-xent")).Objective.Decoupled, Is.False);
        Assert.That(() => OptionOverrides.Apply(dcl, "objective.loss", "infonce"),
            Throws.ArgumentException.With.Message.EqualTo("--set objective.loss=infonce: expected nt-xent or dcl."));
    }

    [Test]
    public void MoCoKeysAreItsSpecsPaths()
    {
        var changed = (MoCoFashionOptions)OptionOverrides.ApplyAll(new MoCoFashionOptions(),
            ["objective.temperature=0.1", "objective.negatives.queue=1024", "objective.momentum.base=0.9", "objective.momentum.schedule=constant", "objective.symmetric=true"]);
        Assert.That(changed.Objective, Is.EqualTo(new MoCoSettings(0.1, 1024, new TargetMomentum(0.9, MomentumSchedule.Constant), Symmetric: true)));
        Assert.That(((MoCoFashionOptions)OptionOverrides.Apply(changed, "objective.momentum", "0.95")).Objective.Momentum, Is.EqualTo(new TargetMomentum(0.95, MomentumSchedule.Constant)),
            "a bare number is the base, as in the spec");
    }

    [Test]
    public void DimKeysAreItsSpecsPaths()
    {
        var changed = (DimFashionOptions)OptionOverrides.ApplyAll(new DimFashionOptions(),
            ["objective.estimator=infonce", "objective.alpha=1", "objective.beta=0", "objective.gamma=0.1", "objective.prior=gaussian", "objective.prior-learning-rate=0.01", "objective.discriminator-units=64"]);
        Assert.That(changed, Is.EqualTo(new DimFashionOptions
        {
            Objective = new(MiEstimator.InfoNce, Alpha: 1, Beta: 0, Gamma: 0.1, PriorDistribution.Gaussian, PriorLearningRate: 0.01, DiscriminatorUnits: 64),
        }));
    }

    // Run folders and commands written before --set took the spec's paths keep working.
    [Test]
    public void OldKeysAreStillRead()
    {
        var old = (SimClrFashionOptions)OptionOverrides.ApplyAll(new SimClrFashionOptions(),
            ["temperature=0.5", "negatives.source=queue", "negatives.size=4096", "decoupled=true", "train.optimizer.name=sgd", "train.schedule.name=cosine", "train.schedule.warmup-epochs=0", "train.data=fashion-mnist"]);
        var current = (SimClrFashionOptions)OptionOverrides.ApplyAll(new SimClrFashionOptions(),
            ["objective.temperature=0.5", "objective.negatives.queue=4096", "objective.loss=dcl", "train.optimizer=sgd", "train.schedule=cosine", "train.schedule.warmup-epochs=0", "data=fashion-mnist"]);
        Assert.That(old, Is.EqualTo(current));

        var dim = (DimFashionOptions)OptionOverrides.ApplyAll(new DimFashionOptions(), ["estimator=infonce", "gamma=0.1", "prior=gaussian"]);
        Assert.That((dim.Objective.Estimator, dim.Objective.Gamma, dim.Objective.Prior), Is.EqualTo((MiEstimator.InfoNce, 0.1, PriorDistribution.Gaussian)));
        var moco = (MoCoFashionOptions)OptionOverrides.ApplyAll(new MoCoFashionOptions(), ["queue-size=128", "momentum.base=0.9"]);
        Assert.That((moco.Objective.QueueSize, moco.Objective.Momentum.Base), Is.EqualTo((128, 0.9)));
        Assert.That(OptionOverrides.Keys(new SimClrFashionOptions()), Does.Not.Contain("temperature").And.Not.Contain("negatives.source"), "help lists only the spec's paths");
    }

    [Test]
    public void AnUnknownKeyListsTheKeysThatExistAndTheClosest()
    {
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "objective.temprature", "0.5"),
            Throws.ArgumentException.With.Message.StartsWith("--set objective.temprature: 'objective.temprature' is not an option of this model. Did you mean 'objective.temperature'?")
                .And.Message.Contains("The keys are: objective.temperature, objective.negatives, objective.negatives.queue, ")
                .And.Message.Contains("train.batch-size"));
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "zzz", "1"),
            Throws.ArgumentException.With.Message.Not.Contains("Did you mean"), "no suggestion when nothing is close");
    }

    [Test]
    public void ABadValueSaysWhatTheKeyTakes()
    {
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.batch-size", "lots"),
            Throws.ArgumentException.With.Message.EqualTo("--set train.batch-size=lots: expected a whole number."));
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.optimizer", "lamb"),
            Throws.ArgumentException.With.Message.EqualTo("--set train.optimizer=lamb: expected one of adam, adamw, sgd."));
        Assert.That(() => OptionOverrides.Apply(new DimFashionOptions(), "objective.estimator", "js"),
            Throws.ArgumentException.With.Message.StartsWith("--set objective.estimator=js: expected one of ").And.Message.Contains("jsd"));
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "objective.negatives", "queue"),
            Throws.ArgumentException.With.Message.Contains("objective.negatives.queue=4096"), "a queue is given by its length");
    }

    [Test]
    public void RecordValidationStillApplies()
    {
        // A value the record's own checks refuse is an ArgumentException naming the key and the rule.
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.batch-size", "1"),
            Throws.ArgumentException.With.Message.StartsWith("--set train.batch-size=1: ").And.Message.Contains("BatchSize"));
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "train.optimizer.lr", "-1"),
            Throws.ArgumentException.With.Message.StartsWith("--set train.optimizer.lr=-1: ").And.Message.Contains("LearningRate"));
        Assert.That(() => OptionOverrides.Apply(new SimClrFashionOptions(), "objective.negatives.queue", "0"),
            Throws.ArgumentException.With.Message.StartsWith("--set objective.negatives.queue=0: ").And.Message.Contains("at least 1"));
        Assert.That(() => OptionOverrides.Apply(new MoCoFashionOptions(), "objective.momentum.base", "2"),
            Throws.ArgumentException.With.Message.StartsWith("--set objective.momentum.base=2: "));
        Assert.That(() => OptionOverrides.ApplyAll(new SimClrFashionOptions(), ["train.epochs=1", "train.schedule.warmup-epochs=2"]),
            Throws.ArgumentException.With.Message.Contains("WarmupEpochs"), "relations are checked once all keys are set");
    }

    [Test]
    public void MalformedAssignmentsNameTheFix()
    {
        Assert.That(() => OptionOverrides.ApplyAll(new SimClrFashionOptions(), ["objective.temperature"]),
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
