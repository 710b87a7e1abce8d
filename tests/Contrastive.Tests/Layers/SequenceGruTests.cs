using Contrastive.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Layers;

/// <summary>SequenceGru: channel-first [N, C, T] -> [N, H, T], causal, with PyTorch's GRU keys.</summary>
[TestFixture]
public sealed class SequenceGruTests
{
    [Test]
    public void Maps_N_C_T_to_N_H_T_with_stacked_layers()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        using var gru = new SequenceGru(inputChannels: 3, hidden: 4, layers: 2);
        Assert.That(gru.call(randn(2, 3, 6)).shape, Is.EqualTo(new long[] { 2, 4, 6 }));
    }

    [Test]
    public void Output_at_step_t_ignores_every_later_step()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(6);
        using var gru = new SequenceGru(3, 4, layers: 2);
        gru.to(ScalarType.Float64);
        using var generator = new Generator(6);
        var x = randn(new long[] { 2, 3, 7 }, dtype: ScalarType.Float64, generator: generator);
        var changed = x.clone();
        changed[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(4)] = randn(new long[] { 2, 3, 3 }, dtype: ScalarType.Float64, generator: generator);

        var before = gru.call(x);
        var after = gru.call(changed);

        Assert.Multiple(() =>
        {
            Assert.That(after[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 4)]
                .allclose(before[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 4)], rtol: 0, atol: 0), Is.True, "steps 0..3 unchanged");
            Assert.That(after[TensorIndex.Colon, TensorIndex.Colon, 4]
                .allclose(before[TensorIndex.Colon, TensorIndex.Colon, 4], rtol: 0, atol: 0), Is.False, "step 4 sees its own input");
        });
    }

    [Test]
    public void Is_the_batch_first_GRU_on_the_transposed_sequence()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(7);
        using var gru = new SequenceGru(2, 3);
        gru.to(ScalarType.Float64);
        using var reference = nn.GRU(2, 3, batchFirst: true, dtype: ScalarType.Float64);
        reference.load_state_dict(gru.state_dict().ToDictionary(kv => kv.Key["gru.".Length..], kv => kv.Value));
        using var generator = new Generator(7);
        var x = randn(new long[] { 2, 2, 5 }, dtype: ScalarType.Float64, generator: generator);

        var (expected, _) = reference.call(x.transpose(1, 2), null);

        Assert.That(gru.call(x).allclose(expected.transpose(1, 2), rtol: 0, atol: 0), Is.True);
    }

    [Test]
    public void Checkpoint_keys_are_those_of_PyTorchs_GRU_under_gru()
    {
        using var gru = new SequenceGru(3, 4, layers: 2);
        Assert.That(gru.state_dict().Keys, Is.EquivalentTo(new[]
        {
            "gru.weight_ih_l0", "gru.weight_hh_l0", "gru.bias_ih_l0", "gru.bias_hh_l0",
            "gru.weight_ih_l1", "gru.weight_hh_l1", "gru.bias_ih_l1", "gru.bias_hh_l1",
        }));
        Assert.That(gru.state_dict()["gru.weight_ih_l0"].shape, Is.EqualTo(new long[] { 3 * 4, 3 }));
    }

    [Test]
    public void Bad_arguments_are_refused_with_the_fix_named()
    {
        using var scope = NewDisposeScope();
        using var gru = new SequenceGru(3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(() => new SequenceGru(0, 4), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("inputChannels"));
            Assert.That(() => new SequenceGru(3, 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("hidden"));
            Assert.That(() => new SequenceGru(3, 4, layers: 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("layers"));
            Assert.That(() => gru.call(zeros(2, 5, 3)), Throws.ArgumentException.With.Message.Contains("[N, 3, T]"));
            Assert.That(() => gru.call(zeros(2, 3)), Throws.ArgumentException.With.Message.Contains("[2, 3]"));
        });
    }
}
