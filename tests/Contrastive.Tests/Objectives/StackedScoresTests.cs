using Contrastive.Objectives;
using static TorchSharp.torch;

namespace Contrastive.Tests.Objectives;

/// <summary>
/// InfoNCE over a stack [G, K, K] of score matrices (how CPC scores each prediction against its own
/// group of candidates), by hand; the properties in Contrastive.Properties check it at random.
/// </summary>
[TestFixture]
public sealed class StackedScoresTests
{
    [Test]
    public void A_stack_gives_the_mean_over_every_row_of_every_matrix()
    {
        // Rows (loss = LSE - diagonal): [0, ln 3] -> ln(1 + 3) - 0; [0, 0] -> ln 2; [ln 3, 0] -> ln 4 - ln 3; [1, 1] -> ln(2e) - 1.
        using var scope = NewDisposeScope();
        var ln3 = Math.Log(3);
        var stack = tensor(new[] { 0, ln3, 0, 0, ln3, 0, 1, 1 }, new long[] { 2, 2, 2 }, dtype: ScalarType.Float64);
        var expected = (Math.Log(4) + Math.Log(2) + (Math.Log(4) - ln3) + Math.Log(2)) / 4;
        Assert.Multiple(() =>
        {
            Assert.That(Losses.InfoNce(stack).item<double>(), Is.EqualTo(expected).Within(1e-12));
            Assert.That(MutualInformation.InfoNce(stack).item<double>(), Is.EqualTo(Math.Log(2) - expected).Within(1e-12));
            Assert.That(ContrastiveMetrics.ScoreTop1(stack).item<float>(), Is.EqualTo(0.25f), "only row 0 of matrix 1 picks its diagonal (a tie goes to the first column)");
        });
    }

    [Test]
    public void The_accuracy_counts_rows_whose_largest_score_is_on_the_diagonal()
    {
        using var scope = NewDisposeScope();
        // Matrix 0: row 0 picks 0 (right), row 1 picks 0 (wrong). Matrix 1: row 0 picks 1 (wrong), row 1 picks 1 (right).
        var stack = tensor(new[] { 5.0, 1, 3, 2, 0, 1, -1, 4 }, new long[] { 2, 2, 2 });
        Assert.That(ContrastiveMetrics.ScoreTop1(stack).item<float>(), Is.EqualTo(0.5f));
    }

    [Test]
    public void A_stack_of_matrices_that_are_not_square_is_refused_with_its_shape()
    {
        using var scope = NewDisposeScope();
        Assert.Multiple(() =>
        {
            Assert.That(() => Losses.InfoNce(zeros(2, 3, 4)), Throws.ArgumentException.With.Message.Contains("stack [G, K, K]").And.Message.Contains("[2, 3, 4]"));
            Assert.That(() => MutualInformation.InfoNce(zeros(2, 1, 1)), Throws.ArgumentException.With.Message.Contains("K >= 2"));
            Assert.That(() => Losses.InfoNce(zeros(2, 2, 2, 2)), Throws.ArgumentException.With.Message.Contains("K x K"));
        });
    }
}
