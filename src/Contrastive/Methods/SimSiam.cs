using Contrastive.Augment;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// SimSiam (Chen and He 2021, "Exploring Simple Siamese Representation Learning"): one network
/// (encoder and projector) embeds both views, a predictor maps one view's embedding towards the
/// other's, and the stop-gradient on the target side, not negatives or a momentum copy, is what keeps
/// it from collapsing. Without the stop-gradient it collapses within a few steps (the paper's
/// Figure 2); <see cref="CollapseMonitor"/> watches for that and warns.
/// </summary>
/// <remarks>
/// Loss: <c>D(p1, sg(z2)) / 2 + D(p2, sg(z1)) / 2</c> with D the negative cosine
/// (<see cref="Losses.NegativeCosine"/>), in [−1, 1]. Logs "output-std", the per-dimension standard
/// deviation of the normalised projections, about <c>1/√d</c> when healthy and 0 when collapsed.
/// Checkpoint keys: <c>encoder.*</c>, <c>projector.*</c>, <c>predictor.*</c>.
/// </remarks>
public class SimSiam : SelfSupervisedMethod
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> projector;
    private readonly nn.Module<Tensor, Tensor> predictor;
    private readonly CollapseMonitor collapse = new();

    /// <summary>Creates SimSiam under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">SimSiam's settings (it has none to change).</param>
    /// <param name="encoder">f: views to features, [N, ...] -> [N, F].</param>
    /// <param name="projector">g: features to projections, [N, F] -> [N, d].</param>
    /// <param name="predictor">h: projections to predictions, [N, d] -> [N, d].</param>
    protected SimSiam(string name, SimSiamSettings settings, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> projector, nn.Module<Tensor, Tensor> predictor)
        : base(name)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        this.projector = projector ?? throw new ArgumentNullException(nameof(projector));
        this.predictor = predictor ?? throw new ArgumentNullException(nameof(predictor));
        register_module(nameof(encoder), encoder);
        register_module(nameof(projector), projector);
        register_module(nameof(predictor), predictor);
    }

    /// <summary>What this method was made with (nothing to change).</summary>
    public SimSiamSettings Settings { get; }

    /// <summary>The encoder's output, which evaluation probes.</summary>
    public override Tensor Features(Tensor inputs) => encoder.call(inputs);

    /// <summary>The projection <c>g(f(x))</c>, [N, d].</summary>
    public Tensor Project(Tensor x) => projector.call(encoder.call(x));

    /// <summary>The prediction <c>h(g(f(x)))</c>, [N, d].</summary>
    public Tensor Predict(Tensor x) => predictor.call(Project(x));

    /// <summary>The symmetrised SimSiam loss of one batch of view pairs.</summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(views);
        var (first, second) = views.MakeTwoViews(batch.Inputs, generator);
        var z1 = Project(first);
        var z2 = Project(second);
        var p1 = predictor.call(z1);
        var p2 = predictor.call(z2);
        var loss = 0.5 * (Losses.NegativeCosine(p1, z2.detach()) + Losses.NegativeCosine(p2, z1.detach()));
        var (std, warning) = collapse.Observe(z1);
        return new StepResult(loss, [std]) { Warning = warning };
    }
}
