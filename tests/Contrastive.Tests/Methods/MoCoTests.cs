using Contrastive.Methods;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

[TestFixture]
public sealed class MoCoTests
{
    private const double Temperature = 0.5;

    [Test]
    public void The_first_step_sees_an_empty_queue_so_a_key_is_never_its_own_negative()
    {
        using var scope = NewDisposeScope();
        using var moco = TinyMethods.MoCo();
        var result = moco.TrainingStep(TinyMethods.Batch(TinyMethods.Images(4, 1)), TinyMethods.IdentityViews, new Generator(1));

        // With only the positive in the softmax the loss is log 1: had the batch's keys been enqueued
        // first, each query would also meet its own key as a negative and the loss would be log 2 or more.
        Assert.That(result.Loss.item<double>(), Is.EqualTo(0.0).Within(1e-12));
        Assert.That(moco.Queue.Count, Is.EqualTo(4), "the batch's keys are enqueued after the loss");
    }

    [Test]
    public void The_loss_is_InfoNCE_of_each_query_against_its_key_and_the_queue_as_it_was()
    {
        using var scope = NewDisposeScope();
        using var moco = TinyMethods.MoCo(queue: 8);
        moco.TrainingStep(TinyMethods.Batch(TinyMethods.Images(4, 1)), TinyMethods.IdentityViews, new Generator(1));
        var images = TinyMethods.Images(3, 2);
        var negatives = nn.functional.normalize(moco.Queue.Keys().to(ScalarType.Float64), dim: 1);

        var loss = moco.TrainingStep(TinyMethods.Batch(images, 4), TinyMethods.IdentityViews, new Generator(2)).Loss.item<double>();

        var q = nn.functional.normalize(moco.Query(images), dim: 1);
        var k = nn.functional.normalize(moco.Key(images), dim: 1);
        var expected = 0.0;
        for (var b = 0; b < 3; b++)
        {
            var positive = (q[b] * k[b]).sum().item<double>() / Temperature;
            var denominator = Math.Exp(positive);
            for (var j = 0; j < 4; j++)
            {
                denominator += Math.Exp((q[b] * negatives[j]).sum().item<double>() / Temperature);
            }

            expected += (Math.Log(denominator) - positive) / 3;
        }

        // The queue stores float32 keys: agreement to float32 precision.
        Assert.That(loss, Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void The_queue_ends_with_the_batchs_normalised_keys_oldest_first_and_wraps()
    {
        using var scope = NewDisposeScope();
        using var moco = TinyMethods.MoCo(queue: 5);
        var batches = Enumerable.Range(0, 3).Select(i => TinyMethods.Images(2, (ulong)(10 + i))).ToList();
        foreach (var images in batches)
        {
            moco.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, new Generator(1));
        }

        // Six keys through a queue of five: the very first key is gone, the rest are in arrival order.
        var expected = cat(batches.Select(b => nn.functional.normalize(moco.Key(b), dim: 1)).ToList(), 0).narrow(0, 1, 5).to(ScalarType.Float32);
        Assert.That(moco.Queue.Count, Is.EqualTo(5));
        Assert.That(moco.Queue.Enqueued, Is.EqualTo(6));
        Assert.That(moco.Queue.Keys().allclose(expected, rtol: 0, atol: 1e-7), Is.True);
    }

    [Test]
    public void Symmetric_MoCo_scores_both_directions_against_the_old_queue_then_enqueues_both_key_sets()
    {
        using var scope = NewDisposeScope();
        using var moco = TinyMethods.MoCo(queue: 16, symmetric: true);
        moco.TrainingStep(TinyMethods.Batch(TinyMethods.Images(3, 1)), TinyMethods.IdentityViews, new Generator(1));
        var images = TinyMethods.Images(3, 2);
        var before = moco.Queue.Keys();
        var q = moco.Query(images);
        var k = moco.Key(images);
        using var asItWas = new Contrastive.Objectives.NegativeQueue(16, moco.Queue.Dimension);
        asItWas.Enqueue(before);
        var expected = Contrastive.Objectives.Losses.MoCoSymmetric(q, q, k, k, asItWas, Temperature).item<double>();

        var loss = moco.TrainingStep(TinyMethods.Batch(images, 3), TinyMethods.IdentityViews, new Generator(2)).Loss.item<double>();

        // Identity views: both key sets are this batch's keys, so the queue gains them twice, after the loss.
        var key = nn.functional.normalize(k, dim: 1).to(ScalarType.Float32);
        var expectedQueue = cat(new[] { before, key, key }, 0);
        Assert.That(loss, Is.EqualTo(expected).Within(1e-6));
        Assert.That(moco.Queue.Count, Is.EqualTo(12));
        Assert.That(moco.Queue.Keys().allclose(expectedQueue, rtol: 0, atol: 1e-7), Is.True);
    }

    [Test]
    public void No_gradient_reaches_the_key_network()
    {
        using var scope = NewDisposeScope();
        using var moco = TinyMethods.MoCo();
        moco.TrainingStep(TinyMethods.Batch(TinyMethods.Images(4, 1)), TinyMethods.IdentityViews, new Generator(1));
        var loss = moco.TrainingStep(TinyMethods.Batch(TinyMethods.Images(4, 2)), TinyMethods.IdentityViews, new Generator(2)).Loss;
        loss.backward();

        foreach (var (name, parameter) in moco.named_parameters())
        {
            var isTarget = name.StartsWith("target_", StringComparison.Ordinal);
            Assert.That(parameter.grad is null || parameter.grad.abs().max().item<double>() == 0, Is.EqualTo(isTarget), name);
            Assert.That(parameter.requires_grad, Is.EqualTo(!isTarget), name);
        }
    }

    [Test]
    public void After_the_optimizer_step_the_key_network_moves_by_the_scheduled_momentum()
    {
        using var scope = NewDisposeScope();
        using var moco = TinyMethods.MoCo(momentum: 0.9, schedule: MomentumSchedule.Cosine);
        using (no_grad())
        {
            foreach (var parameter in moco.named_parameters().Where(p => !p.name.StartsWith("target_", StringComparison.Ordinal)))
            {
                parameter.parameter.add_(0.25);   // as if the optimizer had moved the query network
            }
        }

        var all = TinyMethods.Snapshot(moco);
        moco.AfterOptimizerStep(step: 5, totalSteps: 11);

        var m = 1 - ((1 - 0.9) * (Math.Cos(Math.PI * 5 / 10) + 1) / 2);
        foreach (var (name, parameter) in moco.named_parameters().Where(p => p.name.StartsWith("target_", StringComparison.Ordinal)))
        {
            var online = all[name["target_".Length..]];
            Assert.That(parameter.allclose((m * all[name]) + ((1 - m) * online), rtol: 0, atol: 1e-15), Is.True, name);
        }
    }

    [Test]
    public void Queue_and_key_network_are_in_the_checkpoint()
    {
        using var scope = NewDisposeScope();
        using var moco = TinyMethods.MoCo(queue: 6);
        moco.TrainingStep(TinyMethods.Batch(TinyMethods.Images(4, 1)), TinyMethods.IdentityViews, new Generator(1));
        var file = Path.Combine(Path.GetTempPath(), $"contrastive-moco-{Guid.NewGuid():N}.bin");
        try
        {
            moco.save(file);
            using var restored = TinyMethods.MoCo(queue: 6);
            restored.load(file);

            Assert.That(moco.state_dict().Keys, Does.Contain("queue.keys").And.Contain("queue.position").And.Contain("target_encoder.linear.weight"));
            Assert.That(restored.Queue.Count, Is.EqualTo(4));
            Assert.That(restored.Queue.Keys().allclose(moco.Queue.Keys(), rtol: 0, atol: 0), Is.True);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
