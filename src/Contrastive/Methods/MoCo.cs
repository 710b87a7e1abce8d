using Contrastive.Augment;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// MoCo v2 (He et al. 2020, "Momentum Contrast for Unsupervised Visual Representation Learning"; Chen et
/// al. 2020, "Improved Baselines with Momentum Contrastive Learning"): a query network (encoder and MLP
/// projector) is trained with InfoNCE to pick its key among a queue of keys from earlier batches; the
/// keys come from a momentum copy of the query network that takes no gradient and follows it by EMA.
/// The slow key network keeps the queue's keys consistent with each other, which a queue filled by the
/// trained network itself lacks.
/// </summary>
/// <remarks>
/// <para>
/// Each step: views x1, x2; q = g(f(x1)); k = g'(f'(x2)) without gradient; loss against the queue as
/// it was before this batch (a key is never its own negative); then the keys are enqueued. With
/// <c>symmetric</c>, the roles are also swapped and the two losses averaged (MoCo v3's form).
/// After the optimizer step, <c>θ' ← m θ' + (1 − m) θ</c> with m from <see cref="TargetMomentum"/>.
/// </para>
/// <para>
/// MoCo's shuffled batch norm (which stops the query and key batches from sharing statistics across
/// GPUs) has no single-device counterpart and is not done.
/// Checkpoint keys: <c>encoder.*</c>, <c>projector.*</c>, <c>target_encoder.*</c>, <c>target_projector.*</c>, <c>queue.*</c>.
/// </para>
/// </remarks>
public class MoCo : SelfSupervisedMethod
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> projector;
    private readonly nn.Module<Tensor, Tensor> target_encoder;
    private readonly nn.Module<Tensor, Tensor> target_projector;
    private readonly NegativeQueue queue;

    /// <summary>Creates MoCo under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">Temperature, queue size, momentum and symmetry.</param>
    /// <param name="encoder">f: views to features, [N, ...] -> [N, F].</param>
    /// <param name="projector">g: features to embeddings, [N, F] -> [N, d].</param>
    /// <param name="targetEncoder">A second instance of the encoder's class; its weights are replaced by the encoder's.</param>
    /// <param name="targetProjector">A second instance of the projector's class, likewise.</param>
    /// <param name="embeddingSize">d, the size of the keys in the queue.</param>
    protected MoCo(
        string name,
        MoCoSettings settings,
        nn.Module<Tensor, Tensor> encoder,
        nn.Module<Tensor, Tensor> projector,
        nn.Module<Tensor, Tensor> targetEncoder,
        nn.Module<Tensor, Tensor> targetProjector,
        int embeddingSize)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (temperature, queueSize, momentum, _) = settings;
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(projector);
        ArgumentNullException.ThrowIfNull(momentum);
        momentum.Validate();
        if (!(temperature > 0.0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), temperature, "temperature must be a positive finite number (MoCo v2 uses 0.2).");
        }

        this.encoder = encoder;
        this.projector = projector;
        target_encoder = targetEncoder;
        target_projector = targetProjector;
        queue = new NegativeQueue(queueSize, embeddingSize);
        Settings = settings;
        TargetNetwork.Initialise(encoder, targetEncoder);
        TargetNetwork.Initialise(projector, targetProjector);
        register_module(nameof(encoder), encoder);
        register_module(nameof(projector), projector);
        register_module(nameof(target_encoder), targetEncoder);
        register_module(nameof(target_projector), targetProjector);
        register_module(nameof(queue), queue);
    }

    /// <summary>What this method was made with: temperature, queue size, momentum and symmetry.</summary>
    public MoCoSettings Settings { get; }

    /// <summary>The InfoNCE temperature.</summary>
    public double Temperature => Settings.Temperature;

    /// <summary>The key network's momentum.</summary>
    public TargetMomentum Momentum => Settings.Momentum;

    /// <summary>Whether the loss is symmetrised.</summary>
    public bool Symmetric => Settings.Symmetric;

    /// <summary>The queue of negative keys.</summary>
    public NegativeQueue Queue => queue;

    /// <summary>The query encoder's output, which evaluation probes.</summary>
    public override Tensor Features(Tensor inputs) => encoder.call(inputs);

    /// <summary>Queries: <c>g(f(x))</c>, [N, d].</summary>
    public Tensor Query(Tensor x) => projector.call(encoder.call(x));

    /// <summary>Keys: the momentum network's <c>g'(f'(x))</c>, [N, d], computed without gradient.</summary>
    public Tensor Key(Tensor x)
    {
        using var noGrad = no_grad();
        return target_projector.call(target_encoder.call(x));
    }

    /// <summary>InfoNCE of queries against their keys and the queue; logs the task accuracy and the momentum.</summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(views);
        var (first, second) = views.MakeTwoViews(batch.Inputs, generator);
        var q1 = Query(first);
        var k2 = Key(second);
        var negatives = queue.Keys();
        var top1 = ContrastiveMetrics.PositiveTop1AgainstNegatives(q1, k2, negatives);
        Tensor loss;
        if (Symmetric)
        {
            var q2 = Query(second);
            var k1 = Key(first);
            loss = Losses.MoCoSymmetric(q1, q2, k1, k2, queue, Temperature);
            queue.Enqueue(nn.functional.normalize(k1.detach(), p: 2, dim: 1));
            queue.Enqueue(nn.functional.normalize(k2.detach(), p: 2, dim: 1));
        }
        else
        {
            // The loss has read the queue as it was; only now do this batch's keys go in.
            loss = Losses.MoCo(q1, k2, queue, Temperature);
            queue.Enqueue(nn.functional.normalize(k2.detach(), p: 2, dim: 1));
        }

        return new StepResult(loss, [new Metric("positive-top1", top1), new Metric("queue-fill", tensor(queue.Count / (float)queue.Capacity, device: loss.device))]);
    }

    /// <summary>Moves the key network towards the query network.</summary>
    public override void AfterOptimizerStep(long step, long totalSteps)
    {
        var m = Momentum.At(step, totalSteps);
        TargetNetwork.Update(encoder, target_encoder, m);
        TargetNetwork.Update(projector, target_projector, m);
    }
}
