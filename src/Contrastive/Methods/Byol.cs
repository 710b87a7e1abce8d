using Contrastive.Augment;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// BYOL (Grill et al. 2020, "Bootstrap Your Own Latent"): an online network (encoder, projector,
/// predictor) learns to predict, for one view, a target network's projection of the other view. The
/// target is an EMA of the online encoder and projector and takes no gradient; there are no
/// negatives. The predictor and the slow target are what keep the outputs from collapsing.
/// </summary>
/// <remarks>
/// Loss: <c>(‖p̂(x1) − ẑ'(x2)‖² + ‖p̂(x2) − ẑ'(x1)‖²) / 2</c> with hats for L2 normalisation, i.e. the
/// mean of <see cref="Losses.NormalizedMse"/> both ways (the paper sums the two; the mean keeps the
/// loss in [0, 4]). Logs "output-std" of the online projections and warns on collapse.
/// Checkpoint keys: <c>encoder.*</c>, <c>projector.*</c>, <c>predictor.*</c>, <c>target_encoder.*</c>, <c>target_projector.*</c>.
/// </remarks>
public class Byol : SelfSupervisedMethod
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> projector;
    private readonly nn.Module<Tensor, Tensor> predictor;
    private readonly nn.Module<Tensor, Tensor> target_encoder;
    private readonly nn.Module<Tensor, Tensor> target_projector;
    private readonly CollapseMonitor collapse = new();

    /// <summary>Creates BYOL under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">The target's EMA momentum and schedule.</param>
    /// <param name="encoder">f: views to features, [N, ...] -> [N, F].</param>
    /// <param name="projector">g: features to projections, [N, F] -> [N, d].</param>
    /// <param name="predictor">q: projections to predictions, [N, d] -> [N, d].</param>
    /// <param name="targetEncoder">A second instance of the encoder's class; its weights are replaced by the encoder's.</param>
    /// <param name="targetProjector">A second instance of the projector's class, likewise.</param>
    protected Byol(
        string name,
        ByolSettings settings,
        nn.Module<Tensor, Tensor> encoder,
        nn.Module<Tensor, Tensor> projector,
        nn.Module<Tensor, Tensor> predictor,
        nn.Module<Tensor, Tensor> targetEncoder,
        nn.Module<Tensor, Tensor> targetProjector)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var momentum = settings.Momentum;
        ArgumentNullException.ThrowIfNull(momentum);
        momentum.Validate();
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        this.projector = projector ?? throw new ArgumentNullException(nameof(projector));
        this.predictor = predictor ?? throw new ArgumentNullException(nameof(predictor));
        target_encoder = targetEncoder;
        target_projector = targetProjector;
        Settings = settings;
        TargetNetwork.Initialise(encoder, targetEncoder);
        TargetNetwork.Initialise(projector, targetProjector);
        register_module(nameof(encoder), encoder);
        register_module(nameof(projector), projector);
        register_module(nameof(predictor), predictor);
        register_module(nameof(target_encoder), targetEncoder);
        register_module(nameof(target_projector), targetProjector);
    }

    /// <summary>What this method was made with: the target's momentum.</summary>
    public ByolSettings Settings { get; }

    /// <summary>The target's momentum.</summary>
    public TargetMomentum Momentum => Settings.Momentum;

    /// <summary>The online encoder's output, which evaluation probes.</summary>
    public override Tensor Features(Tensor inputs) => encoder.call(inputs);

    /// <summary>The online projection <c>g(f(x))</c>, [N, d].</summary>
    public Tensor Project(Tensor x) => projector.call(encoder.call(x));

    /// <summary>The online prediction <c>q(g(f(x)))</c>, [N, d].</summary>
    public Tensor Predict(Tensor x) => predictor.call(Project(x));

    /// <summary>The target's projection <c>g'(f'(x))</c>, [N, d], without gradient.</summary>
    public Tensor Target(Tensor x)
    {
        using var noGrad = no_grad();
        return target_projector.call(target_encoder.call(x));
    }

    /// <summary>The symmetrised BYOL loss of one batch of view pairs.</summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(views);
        var (first, second) = views.MakeTwoViews(batch.Inputs, generator);
        var z1 = Project(first);
        var z2 = Project(second);
        var p1 = predictor.call(z1);
        var p2 = predictor.call(z2);
        var t1 = Target(first);
        var t2 = Target(second);
        var loss = 0.5 * (Losses.NormalizedMse(p1, t2) + Losses.NormalizedMse(p2, t1));
        var (std, warning) = collapse.Observe(z1);
        return new StepResult(loss, [std]) { Warning = warning };
    }

    /// <summary>Moves the target towards the online network.</summary>
    public override void AfterOptimizerStep(long step, long totalSteps)
    {
        var m = Momentum.At(step, totalSteps);
        TargetNetwork.Update(encoder, target_encoder, m);
        TargetNetwork.Update(projector, target_projector, m);
    }
}
