using Contrastive.Layers;
using Contrastive.Methods;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>SimClr: NT-Xent over projector(encoder(view)), with encoder.* and projector.* checkpoint keys.</summary>
[TestFixture]
public sealed class SimClrTests
{
    /// <summary>SimCLR as the paper has it: in-batch negatives, NT-Xent at <paramref name="temperature"/>.</summary>
    private static SimClrSettings InBatch(double temperature) => new(temperature, NegativeSampling.InBatch, Decoupled: false);

    /// <summary>Encoder [N, 6] -> [N, 4], projector [N, 4] -> [N, 3], both float64.</summary>
    private static (SimClr Method, nn.Module<Tensor, Tensor> Encoder, nn.Module<Tensor, Tensor> Projector) Create(double temperature = 0.5)
    {
        random.manual_seed(21);
        var encoder = Mlp.Create(6, 5, 1, 4);
        var projector = Mlp.Create(4, 4, 1, 3);
        var method = new SimClr(InBatch(temperature), encoder, projector, embeddingSize: 3);
        method.to(ScalarType.Float64);
        return (method, encoder, projector);
    }

    [Test]
    public void Loss_is_NtXent_of_the_two_views_embeddings()
    {
        using var scope = NewDisposeScope();
        var (method, encoder, projector) = Create(temperature: 0.3);
        using var _ = method;
        using var generator = new Generator(21);
        var view1 = randn(new long[] { 5, 6 }, dtype: ScalarType.Float64, generator: generator);
        var view2 = randn(new long[] { 5, 6 }, dtype: ScalarType.Float64, generator: generator);

        var z1 = projector.call(encoder.call(view1));
        var z2 = projector.call(encoder.call(view2));

        Assert.Multiple(() =>
        {
            Assert.That(method.Temperature, Is.EqualTo(0.3));
            Assert.That(method.Features(view1).allclose(encoder.call(view1), rtol: 0, atol: 0), Is.True, "features are the encoder's output");
            Assert.That(method.Embed(view1).allclose(z1, rtol: 0, atol: 0), Is.True, "embeddings are projector(encoder(x))");
            Assert.That(method.Loss(view1, view2).item<double>(), Is.EqualTo(Losses.NtXent(z1, z2, 0.3).item<double>()).Within(1e-12));
        });
    }

    [Test]
    public void Gradient_of_the_loss_reaches_encoder_and_projector()
    {
        using var scope = NewDisposeScope();
        var (method, encoder, projector) = Create();
        using var _ = method;
        using var generator = new Generator(22);
        var view1 = randn(new long[] { 4, 6 }, dtype: ScalarType.Float64, generator: generator);
        var view2 = randn(new long[] { 4, 6 }, dtype: ScalarType.Float64, generator: generator);

        method.Loss(view1, view2).backward();

        Assert.That(method.parameters().Count(), Is.EqualTo(encoder.parameters().Count() + projector.parameters().Count()));
        Assert.That(method.parameters().All(p => p.grad is not null && p.grad.abs().sum().item<double>() > 0.0), Is.True);
    }

    [Test]
    public void Checkpoint_keys_are_prefixed_encoder_and_projector()
    {
        var (method, _, _) = Create();
        using var __ = method;
        Assert.That(method.state_dict().Keys, Is.EqualTo(new[]
        {
            "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
            "projector.0.weight", "projector.0.bias", "projector.2.weight", "projector.2.bias",
        }));
    }

    [Test]
    public void Without_a_projector_the_embeddings_are_the_features()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(23);
        var encoder = Mlp.Create(6, 5, 1, 4);
        using var method = new SimClr(InBatch(0.5), encoder, projector: null, embeddingSize: 4);
        method.to(ScalarType.Float64);
        using var generator = new Generator(23);
        var view1 = randn(new long[] { 4, 6 }, dtype: ScalarType.Float64, generator: generator);
        var view2 = randn(new long[] { 4, 6 }, dtype: ScalarType.Float64, generator: generator);

        Assert.Multiple(() =>
        {
            Assert.That(method.Embed(view1).allclose(method.Features(view1), rtol: 0, atol: 0), Is.True);
            Assert.That(method.Loss(view1, view2).item<double>(),
                Is.EqualTo(Losses.NtXent(encoder.call(view1), encoder.call(view2), 0.5).item<double>()).Within(1e-12));
            Assert.That(method.state_dict().Keys.All(k => k.StartsWith("encoder.", StringComparison.Ordinal)), Is.True);
        });
    }

    [TestCase(0.0)]
    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_temperature_that_is_not_positive_and_finite_is_refused(double temperature)
    {
        Assert.That(() => new SimClr(InBatch(temperature), Mlp.Create(2, 2, 0, 2), null, embeddingSize: 2),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("positive finite"));
    }

    [Test]
    public void The_encoder_cannot_double_as_the_projector()
    {
        var encoder = Mlp.Create(2, 2, 0, 2);
        Assert.That(() => new SimClr(InBatch(0.5), encoder, encoder, embeddingSize: 2), Throws.ArgumentException.With.Message.Contains("module of its own"));
    }

    /// <summary>What generated code does: derive, add a module of its own, register it at the end.</summary>
    private sealed class WithPredictor : SimClr
    {
        private readonly nn.Module<Tensor, Tensor> predictor;

        public WithPredictor(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> projector)
            : base(nameof(WithPredictor), InBatch(0.2), encoder, projector, embeddingSize: 3)
        {
            predictor = nn.Linear(3, 3);
            RegisterComponents();
        }

        public Tensor Predict(Tensor x) => predictor.call(Embed(x));
    }

    [Test]
    public void A_subclass_registers_its_own_modules_beside_encoder_and_projector()
    {
        using var method = new WithPredictor(Mlp.Create(6, 5, 0, 4), Mlp.Create(4, 3, 0, 3));
        Assert.That(method.state_dict().Keys, Is.EqualTo(new[]
        {
            "encoder.0.weight", "encoder.0.bias", "projector.0.weight", "projector.0.bias", "predictor.weight", "predictor.bias",
        }));
        Assert.That(method.GetName(), Is.EqualTo(nameof(WithPredictor)));
    }
}
