using Contrastive.Augment;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// SimCLR (Chen, Kornblith, Norouzi and Hinton, "A Simple Framework for Contrastive Learning of Visual
/// Representations", ICML 2020): an encoder f and a projector g embed two augmented views of each
/// image, and NT-Xent pulls each pair of views together against every other embedding of the batch.
/// Training uses <c>g(f(x))</c>; evaluation probes <c>f(x)</c>, since the features before the
/// projector transfer better than the embeddings the loss shapes.
/// </summary>
/// <remarks>
/// Checkpoint keys are <c>encoder.*</c> and <c>projector.*</c>. Generated models derive from this
/// class through the protected constructor, which registers the encoder and projector itself; a
/// subclass with modules of its own registers them by calling <c>RegisterComponents()</c> at the end
/// of its constructor (already registered names are skipped).
/// </remarks>
public class SimClr : SelfSupervisedMethod
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor>? projector;   // null: identity, not registered

    /// <summary>Creates SimCLR named "SimClr".</summary>
    /// <param name="encoder">f: a batch of views to features, [N, ...] -> [N, F].</param>
    /// <param name="projector">g: features to embeddings, [N, F] -> [N, d]; null uses the features themselves.</param>
    /// <param name="temperature">NT-Xent's tau, positive and finite (SimCLR uses 0.1 to 0.5).</param>
    public SimClr(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor>? projector, double temperature)
        : this(nameof(SimClr), encoder, projector, temperature)
    {
    }

    /// <summary>Creates SimCLR under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="encoder">f: a batch of views to features, [N, ...] -> [N, F].</param>
    /// <param name="projector">g: features to embeddings, [N, F] -> [N, d]; null uses the features themselves.</param>
    /// <param name="temperature">NT-Xent's tau, positive and finite (SimCLR uses 0.1 to 0.5).</param>
    protected SimClr(string name, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor>? projector, double temperature)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (!(temperature > 0.0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be a positive finite number (SimCLR uses 0.1 to 0.5).");
        }

        if (ReferenceEquals(encoder, projector))
        {
            throw new ArgumentException("the projector must be a module of its own, not the encoder again; pass null for no projector.", nameof(projector));
        }

        this.encoder = encoder;
        this.projector = projector;
        Temperature = temperature;

        // Registered by name rather than by RegisterComponents(): that runs once per module, so calling
        // it here would leave a subclass's own fields (still unassigned now) unregistered for good.
        register_module(nameof(encoder), encoder);
        if (projector is not null)
        {
            register_module(nameof(projector), projector);
        }
    }

    /// <summary>NT-Xent's temperature tau.</summary>
    public double Temperature { get; }

    /// <summary>The representation evaluation probes: the encoder's output.</summary>
    /// <param name="x">A batch of inputs, [N, ...].</param>
    /// <returns><c>f(x)</c>, [N, F].</returns>
    public override Tensor Features(Tensor x) => encoder.call(x);

    /// <summary>The embedding the loss compares: the projector applied to the features.</summary>
    /// <param name="x">A batch of inputs, [N, ...].</param>
    /// <returns><c>g(f(x))</c>, [N, d] (the features themselves without a projector).</returns>
    public Tensor Embed(Tensor x)
    {
        var features = Features(x);
        return projector is null ? features : projector.call(features);
    }

    /// <summary>
    /// The SimCLR loss of a batch of view pairs: <see cref="Losses.NtXent"/> over their embeddings
    /// (which L2-normalises them, so the projector need not), averaged over all 2N anchors.
    /// </summary>
    /// <param name="view1">First views, [N, ...].</param>
    /// <param name="view2">Second views, [N, ...]; row n is another view of the sample in row n of <paramref name="view1"/>.</param>
    /// <returns>A scalar to minimise.</returns>
    public Tensor Loss(Tensor view1, Tensor view2) => Losses.NtXent(Embed(view1), Embed(view2), Temperature);

    /// <summary>
    /// Two views of each image, NT-Xent between their embeddings, and the share of views whose most
    /// similar other view is their positive ("positive-top1", the contrastive task's accuracy).
    /// </summary>
    public override StepResult TrainingStep(Tensor images, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(views);
        var (first, second) = views.MakeTwoViews(images, generator);
        var z1 = Embed(first);
        var z2 = Embed(second);
        var loss = Losses.NtXent(z1, z2, Temperature);
        return new StepResult(loss, [new Metric("positive-top1", ContrastiveMetrics.PositiveTop1(z1.detach(), z2.detach()))]);
    }
}
