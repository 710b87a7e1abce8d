using Contrastive.Layers;
using Contrastive.Objectives.Critics;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Objectives;

/// <summary>Every critic returns S[i, j] = f(x_i, y_j): checked against a loop over pairs.</summary>
[TestFixture]
public sealed class CriticTests
{
    private static void AssertMatchesPairLoop(Critic critic, Func<Tensor, Tensor, double> pair)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var x = randn(new long[] { 5, 3 }, dtype: ScalarType.Float64, generator: generator);
        var y = randn(new long[] { 5, 3 }, dtype: ScalarType.Float64, generator: generator);
        var scores = critic.call(x, y);
        Assert.That(scores.shape, Is.EqualTo(new long[] { 5, 5 }));
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                Assert.That(scores[i, j].item<double>(), Is.EqualTo(pair(x[i], y[j])).Within(1e-10), $"S[{i}, {j}]");
            }
        }
    }

    [Test]
    public void Concat_critic_scores_x_i_with_y_j_in_row_i_column_j()
    {
        random.manual_seed(1);
        var mlp = Mlp.Create(6, 8, 2, 1).to(ScalarType.Float64);
        using var critic = new ConcatCritic(mlp);
        AssertMatchesPairLoop(critic, (xi, yj) => mlp.call(cat(new[] { xi, yj }).unsqueeze(0)).item<double>());
    }

    [Test]
    public void Separable_critic_is_g_of_x_dot_h_of_y()
    {
        random.manual_seed(2);
        var g = Mlp.Create(3, 4, 1, 2).to(ScalarType.Float64);
        var h = Mlp.Create(3, 4, 1, 2).to(ScalarType.Float64);
        using var critic = new SeparableCritic(g, h);
        AssertMatchesPairLoop(critic, (xi, yj) => g.call(xi.unsqueeze(0)).matmul(h.call(yj.unsqueeze(0)).t()).item<double>());
    }

    [Test]
    public void Bilinear_critic_is_g_of_x_W_h_of_y()
    {
        random.manual_seed(3);
        var g = Mlp.Create(3, 4, 1, 2).to(ScalarType.Float64);
        var h = Mlp.Create(3, 4, 1, 5).to(ScalarType.Float64);
        using var critic = new BilinearCritic(g, h, 2, 5);
        critic.to(ScalarType.Float64);
        var w = critic.parameters().Single(p => p.shape.SequenceEqual(new long[] { 2, 5 }));
        AssertMatchesPairLoop(critic, (xi, yj) => g.call(xi.unsqueeze(0)).matmul(w).matmul(h.call(yj.unsqueeze(0)).t()).item<double>());
    }

    [Test]
    public void Cosine_critic_is_cosine_over_temperature()
    {
        random.manual_seed(4);
        var g = Mlp.Create(3, 4, 1, 2).to(ScalarType.Float64);
        using var critic = new CosineCritic(g, g, temperature: 0.25);
        AssertMatchesPairLoop(critic, (xi, yj) =>
        {
            var a = g.call(xi.unsqueeze(0)).squeeze(0);
            var b = g.call(yj.unsqueeze(0)).squeeze(0);
            return (a.dot(b) / (a.norm() * b.norm())).item<double>() / 0.25;
        });
    }

    [Test]
    public void A_shared_embedding_is_registered_once_so_it_is_not_trained_twice()
    {
        var g = Mlp.Create(3, 4, 1, 2);
        using var shared = new SeparableCritic(g, g);
        using var separate = new SeparableCritic(g, Mlp.Create(3, 4, 1, 2));
        Assert.That(shared.parameters().Count(), Is.EqualTo(g.parameters().Count()));
        Assert.That(separate.parameters().Count(), Is.EqualTo(2 * g.parameters().Count()));
    }

    [Test]
    public void Critics_reject_batches_of_different_sizes()
    {
        using var scope = NewDisposeScope();
        using var critic = new SeparableCritic(Mlp.Create(3, 4, 1, 2), Mlp.Create(3, 4, 1, 2));
        Assert.That(() => critic.call(zeros(4, 3), zeros(5, 3)), Throws.ArgumentException.With.Message.Contains("same K"));
    }
}
