using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Layers;

/// <summary>
/// A residual block <c>y = body(x) + shortcut(x)</c> (He et al. 2016), where the shortcut is the
/// identity or, when the body changes the shape (channels or stride), a projection such as a strided
/// 1x1 convolution. The shapes must match exactly; the sum does not broadcast.
/// </summary>
public sealed class Residual : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor>? projection;   // null: identity shortcut, not registered

    /// <summary>Creates the block; its checkpoint keys are <c>body.*</c> and, with a projection, <c>projection.*</c>.</summary>
    /// <param name="body">The residual branch.</param>
    /// <param name="projection">Maps x to the body's output shape, or null for the identity.</param>
    public Residual(nn.Module<Tensor, Tensor> body, nn.Module<Tensor, Tensor>? projection = null)
        : base(nameof(Residual))
    {
        ArgumentNullException.ThrowIfNull(body);
        if (ReferenceEquals(body, projection))
        {
            throw new ArgumentException("the projection must be a module of its own, not the body again (that would register and train it twice).", nameof(projection));
        }

        this.body = body;
        this.projection = projection;
        RegisterComponents();
    }

    /// <summary><c>body(x) + x</c>, or <c>body(x) + projection(x)</c>.</summary>
    /// <param name="x">Any shape the body accepts.</param>
    /// <returns>The body's output shape.</returns>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var main = body.call(x);
        var shortcut = projection is null ? x : projection.call(x);
        if (!main.shape.SequenceEqual(shortcut.shape))
        {
            var mainShape = $"[{string.Join(", ", main.shape)}]";
            var shortcutShape = $"[{string.Join(", ", shortcut.shape)}]";
            throw new InvalidOperationException(projection is null
                ? $"Residual: the body maps the input {shortcutShape} to {mainShape}, so they cannot be added; add a projection that maps the input to {mainShape} (e.g. a 1x1 convolution with the body's stride and output channels)."
                : $"Residual: the body's output is {mainShape} but the projection's is {shortcutShape}; make the projection map the input to {mainShape}.");
        }

        return main + shortcut;
    }
}
