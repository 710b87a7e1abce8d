using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Objectives;

[TestFixture]
public sealed class NegativeQueueTests
{
    private static Tensor Rows(params double[] firstCoordinates)
        => stack(firstCoordinates.Select(v => tensor(new[] { v, 0.0 }, ScalarType.Float64)).ToArray());

    private static double[] FirstColumn(Tensor keys) => keys.select(1, 0).data<double>().ToArray();

    [Test]
    public void Keys_come_back_oldest_first_and_the_oldest_are_overwritten_when_full()
    {
        using var scope = NewDisposeScope();
        using var queue = new NegativeQueue(capacity: 4, dimension: 2, ScalarType.Float64);
        queue.Enqueue(Rows(1, 2, 3));
        Assert.That(FirstColumn(queue.Keys()), Is.EqualTo(new double[] { 1, 2, 3 }));

        queue.Enqueue(Rows(4, 5));            // wraps: 1 is dropped
        Assert.That(FirstColumn(queue.Keys()), Is.EqualTo(new double[] { 2, 3, 4, 5 }));

        queue.Enqueue(Rows(6, 7, 8, 9, 10));  // larger than the queue: only the newest four survive
        Assert.Multiple(() =>
        {
            Assert.That(FirstColumn(queue.Keys()), Is.EqualTo(new double[] { 7, 8, 9, 10 }));
            Assert.That(queue.Count, Is.EqualTo(4));
            Assert.That(queue.Enqueued, Is.EqualTo(10));
        });
    }

    [Test]
    public void Stored_keys_are_detached_copies()
    {
        using var scope = NewDisposeScope();
        using var queue = new NegativeQueue(3, 2, ScalarType.Float64);
        var keys = Rows(1, 2).requires_grad_();
        queue.Enqueue(keys);
        using (no_grad())
        {
            keys.mul_(10);
        }

        Assert.Multiple(() =>
        {
            Assert.That(queue.Keys().requires_grad, Is.False);
            Assert.That(FirstColumn(queue.Keys()), Is.EqualTo(new double[] { 1, 2 }), "later edits of the caller's tensor do not leak in");
        });
    }

    [Test]
    public void MoCo_only_reads_the_queue()
    {
        using var scope = NewDisposeScope();
        using var queue = new NegativeQueue(8, 2, ScalarType.Float64);
        var q = tensor(new double[] { 1, 0, 0, 1 }, new long[] { 2, 2 }, ScalarType.Float64);

        // Empty queue: each query has only its positive, so the loss is exactly 0.
        var first = Losses.MoCo(q, q, queue, temperature: 0.5);
        Assert.That(first.item<double>(), Is.EqualTo(0).Within(1e-12));
        Assert.That(queue.Count, Is.EqualTo(0), "the loss leaves the queue to its owner");

        // With the queue holding [e0, e1]: query e0 sees its key (1), then e0 (1) and e1 (0) as negatives.
        queue.Enqueue(q);
        var second = Losses.MoCo(q, q, queue, temperature: 0.5);
        var perQuery = Math.Log(Math.Exp(2) + Math.Exp(2) + Math.Exp(0)) - 2;
        Assert.Multiple(() =>
        {
            Assert.That(second.item<double>(), Is.EqualTo(perQuery).Within(1e-12));
            Assert.That(queue.Count, Is.EqualTo(2), "still only the keys enqueued by hand");
        });
    }

    [Test]
    public void Symmetric_MoCo_scores_both_directions_against_the_same_queue_and_leaves_it_alone()
    {
        using var scope = NewDisposeScope();
        using var queue = new NegativeQueue(16, 2, ScalarType.Float64);
        queue.Enqueue(Rows(-1, 3));
        var q1 = randn(4, 2, dtype: ScalarType.Float64);
        var q2 = randn(4, 2, dtype: ScalarType.Float64);
        var k1 = randn(4, 2, dtype: ScalarType.Float64);
        var k2 = randn(4, 2, dtype: ScalarType.Float64);

        var expected = 0.5 * (Losses.MoCo(q1, k2, queue, 0.2) + Losses.MoCo(q2, k1, queue, 0.2));
        var symmetric = Losses.MoCoSymmetric(q1, q2, k1, k2, queue, 0.2);
        Assert.That(symmetric.item<double>(), Is.EqualTo(expected.item<double>()).Within(1e-12));
        Assert.That(queue.Count, Is.EqualTo(2));
    }

    [Test]
    public void Wrong_key_width_is_rejected_with_the_expected_shape()
    {
        using var scope = NewDisposeScope();
        using var queue = new NegativeQueue(4, 3);
        Assert.That(() => queue.Enqueue(zeros(2, 5)), Throws.ArgumentException.With.Message.Contains("[B, 3]"));
        Assert.That(() => new NegativeQueue(0, 3), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
