using Contrastive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Training;

[TestFixture]
public sealed class ScheduleAndOptimizerTests
{
    [Test]
    public void ConstantScheduleNeverChanges()
    {
        var schedule = new LearningRateSchedule(new ScheduleOptions(), 0.1, totalSteps: 100, stepsPerEpoch: 10);
        Assert.That(Enumerable.Range(0, 100).Select(s => schedule.At(s)), Is.All.EqualTo(0.1));
    }

    [Test]
    public void CosineStartsAtTheBaseAndDecaysMonotonicallyTowardsZero()
    {
        var schedule = new LearningRateSchedule(new ScheduleOptions(ScheduleKind.Cosine), 0.1, totalSteps: 100, stepsPerEpoch: 10);
        var rates = Enumerable.Range(0, 100).Select(s => schedule.At(s)).ToList();
        Assert.That(rates[0], Is.EqualTo(0.1));
        Assert.That(rates, Is.Ordered.Descending);
        Assert.That(rates[^1], Is.LessThan(0.001));
        Assert.That(rates[50], Is.EqualTo(0.05).Within(1e-12), "half way, half the rate");
    }

    [Test]
    public void WarmupRisesLinearlyToTheBaseThenFollowsTheCosine()
    {
        var schedule = new LearningRateSchedule(new ScheduleOptions(ScheduleKind.WarmupCosine, WarmupEpochs: 2), 0.1, totalSteps: 100, stepsPerEpoch: 10);
        var rates = Enumerable.Range(0, 100).Select(s => schedule.At(s)).ToList();
        Assert.That(rates[0], Is.EqualTo(0.1 / 20).Within(1e-15), "no step at rate zero");
        Assert.That(rates.Take(20), Is.Ordered.Ascending);
        Assert.That(rates[19], Is.EqualTo(0.1).Within(1e-15));
        Assert.That(rates[20], Is.EqualTo(0.1).Within(1e-15), "the cosine starts at the peak");
        Assert.That(rates.Skip(20), Is.Ordered.Descending);
    }

    [Test]
    public void WeightDecaySkipsBiasesAndNormalisationParameters()
    {
        using var model = nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("bn", nn.BatchNorm2d(4)), ("fc", nn.Linear(4, 2)));
        var (decayed, exempt) = OptimizerFactory.Split(model);
        Assert.That(decayed.Select(p => p.dim()), Is.All.GreaterThanOrEqualTo(2));
        Assert.That(decayed, Has.Count.EqualTo(2), "conv.weight and fc.weight");
        Assert.That(exempt, Has.Count.EqualTo(4), "conv.bias, bn.weight, bn.bias, fc.bias");
    }

    [Test]
    public void AdamWDecaysWeightsButNotBiases()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Linear(3, 2);
        var weight = model.weight!.detach().clone();
        var bias = model.bias!.detach().clone();
        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions(OptimizerKind.AdamW, LearningRate: 0.1, WeightDecay: 0.5));
        foreach (var p in model.parameters())
        {
            p.grad = zeros_like(p);   // no loss gradient: only the decoupled decay moves anything
        }

        optimizer.step();
        Assert.That(model.weight!.allclose(weight * (1 - (0.1 * 0.5))), Is.True, "w <- w - lr * wd * w");
        Assert.That(model.bias!.allclose(bias, rtol: 0, atol: 0), Is.True);
    }

    [Test]
    public void SetLearningRateReachesEveryGroup()
    {
        using var model = nn.Linear(3, 2);
        using var optimizer = OptimizerFactory.Create(model, new OptimizerOptions(OptimizerKind.Sgd, 0.1));
        OptimizerFactory.SetLearningRate(optimizer, 0.025);
        Assert.That(optimizer.ParamGroups.Select(g => g.LearningRate), Is.All.EqualTo(0.025));
    }
}
