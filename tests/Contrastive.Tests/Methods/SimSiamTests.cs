using Contrastive.Methods;
using Contrastive.Objectives;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

[TestFixture]
public sealed class SimSiamTests
{
    [TestCase(new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, 0.0)]
    [TestCase(new[] { 1.0, 0.0 }, new[] { 2.0, 0.0 }, -1.0)]
    [TestCase(new[] { 3.0, 4.0 }, new[] { 4.0, 3.0 }, -0.96)]
    public void D_is_the_negative_cosine(double[] p, double[] z, double expected)
    {
        using var scope = NewDisposeScope();
        Assert.That(Losses.NegativeCosine(tensor(p).reshape(1, 2), tensor(z).reshape(1, 2)).item<double>(), Is.EqualTo(expected).Within(1e-12));
    }

    // Fails if either branch's target is not detached: the gradient then has the extra terms of the
    // target side, and the no-stop-gradient reference below is what the method would match.
    [Test]
    public void Stop_gradient_really_stops_the_target_branch()
    {
        using var scope = NewDisposeScope();
        // Identical views keep the check about the gradient alone: the target side still carries a
        // graph, and only the stop-gradient removes it.
        var images = TinyMethods.Images(6, 4);

        Dictionary<string, Tensor> Gradients(Func<TinyMethods.TinySimSiam, Tensor> loss)
        {
            using var model = TinyMethods.SimSiam();
            loss(model).backward();
            return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        }

        var method = Gradients(m => m.TrainingStep(TinyMethods.Batch(images), TinyMethods.IdentityViews, new Generator(1)).Loss);
        var stopped = Gradients(m => Reference(m, images, images, stopGradient: true));
        var flowing = Gradients(m => Reference(m, images, images, stopGradient: false));

        foreach (var (name, gradient) in method)
        {
            Assert.That(gradient.allclose(stopped[name], rtol: 1e-10, atol: 1e-12), Is.True, $"{name}: the method's gradient is the stop-gradient one");
        }

        Assert.That(method.Any(g => !g.Value.allclose(flowing[g.Key], rtol: 1e-6, atol: 1e-9)), Is.True, "without the stop-gradient the gradient differs");
    }

    [Test]
    public void Collapsed_outputs_are_reported_and_warned_about_once()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.SimSiam();
        using (no_grad())
        {
            foreach (var parameter in model.parameters().Where(p => p.dim() == 2))
            {
                parameter.zero_();   // every image maps to the biases: a collapsed representation
            }
        }

        var warnings = new List<string>();
        double lastStd = double.NaN;
        for (var step = 0; step < 30; step++)
        {
            var result = model.TrainingStep(TinyMethods.Batch(TinyMethods.Images(8, (ulong)step)), TinyMethods.IdentityViews, new Generator(1));
            lastStd = result.Metrics.Single(m => m.Name == "output-std").Value.item<float>();
            if (result.Warning is not null)
            {
                warnings.Add(result.Warning);
            }
        }

        Assert.That(lastStd, Is.EqualTo(0.0).Within(1e-6));
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.StartWith("the representation is collapsing: output-std"));
    }

    [Test]
    public void Healthy_outputs_raise_no_warning()
    {
        using var scope = NewDisposeScope();
        using var model = TinyMethods.SimSiam();
        for (var step = 0; step < 30; step++)
        {
            var result = model.TrainingStep(TinyMethods.Batch(TinyMethods.Images(16, (ulong)step)), TinyMethods.IdentityViews, new Generator(1));
            Assert.That(result.Warning, Is.Null);
        }
    }

    private static Tensor Reference(TinyMethods.TinySimSiam model, Tensor x1, Tensor x2, bool stopGradient)
    {
        var z1 = model.Project(x1);
        var z2 = model.Project(x2);
        var p1 = model.Predict(x1);
        var p2 = model.Predict(x2);
        Tensor Target(Tensor z) => stopGradient ? z.detach() : z;
        return 0.5 * (Losses.NegativeCosine(p1, Target(z2)) + Losses.NegativeCosine(p2, Target(z1)));
    }
}
