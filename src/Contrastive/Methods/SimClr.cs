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
/// <para>
/// Negatives are a choice (<see cref="NegativeSampling"/>): the batch alone; the batch plus a queue of
/// embeddings from earlier batches (made by the same, changing encoder: the "no momentum" ablation of
/// MoCo); or the batch plus draws from a per-sample memory bank. The decoupled loss (DCL) leaves the
/// positive out of the denominator.
/// </para>
/// <para>
/// Checkpoint keys are <c>encoder.*</c>, <c>projector.*</c> and, with those negatives,
/// <c>queue.*</c> or <c>bank.*</c>. Generated models derive from this class through the protected
/// constructor, which registers the encoder and projector itself.
/// </para>
/// </remarks>
public class SimClr : SelfSupervisedMethod
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor>? projector;   // null: identity, not registered
    private readonly NegativeQueue? queue;                  // Queue negatives only
    private MemoryBank? bank;                               // MemoryBank negatives, made by Prepare

    /// <summary>Creates SimCLR named "SimClr".</summary>
    /// <param name="settings">Temperature, negatives and loss.</param>
    /// <param name="encoder">f: a batch of views to features, [N, ...] -> [N, F].</param>
    /// <param name="projector">g: features to embeddings, [N, F] -> [N, d]; null uses the features themselves.</param>
    /// <param name="embeddingSize">d, the size of the embeddings (queue and bank entries).</param>
    public SimClr(SimClrSettings settings, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor>? projector, int embeddingSize)
        : this(nameof(SimClr), settings, encoder, projector, embeddingSize)
    {
    }

    /// <summary>Creates SimCLR under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">Temperature, negatives and loss.</param>
    /// <param name="encoder">f: a batch of views to features, [N, ...] -> [N, F].</param>
    /// <param name="projector">g: features to embeddings, [N, F] -> [N, d]; null uses the features themselves.</param>
    /// <param name="embeddingSize">d, the size of the embeddings (queue and bank entries).</param>
    protected SimClr(string name, SimClrSettings settings, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor>? projector, int embeddingSize)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(encoder);
        var (temperature, negatives, _) = settings;
        ArgumentNullException.ThrowIfNull(negatives);
        negatives.Validate();
        if (!(temperature > 0.0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), temperature, "temperature must be a positive finite number (SimCLR uses 0.1 to 0.5).");
        }

        if (ReferenceEquals(encoder, projector))
        {
            throw new ArgumentException("the projector must be a module of its own, not the encoder again; pass null for no projector.", nameof(projector));
        }

        if (embeddingSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(embeddingSize), embeddingSize, "the embedding size must be positive.");
        }

        this.encoder = encoder;
        this.projector = projector;
        Settings = settings;
        EmbeddingDimension = embeddingSize;

        // Registered by name rather than by RegisterComponents(): that runs once per module, so calling
        // it here would leave a subclass's own fields (still unassigned now) unregistered for good.
        register_module(nameof(encoder), encoder);
        if (projector is not null)
        {
            register_module(nameof(projector), projector);
        }

        if (negatives.Source == NegativeSource.Queue)
        {
            queue = new NegativeQueue(negatives.Size, embeddingSize);
            register_module(nameof(queue), queue);
        }
    }

    /// <summary>What this method was made with: temperature, negatives and loss.</summary>
    public SimClrSettings Settings { get; }

    /// <summary>NT-Xent's temperature tau.</summary>
    public double Temperature => Settings.Temperature;

    /// <summary>Where negatives come from.</summary>
    public NegativeSampling Negatives => Settings.Negatives;

    /// <summary>Whether the loss is the decoupled one (DCL).</summary>
    public bool Decoupled => Settings.Decoupled;

    /// <summary>Size of the embeddings the loss compares.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>The representation evaluation probes: the encoder's output.</summary>
    /// <param name="inputs">A batch of inputs, [N, ...].</param>
    /// <returns><c>f(x)</c>, [N, F].</returns>
    public override Tensor Features(Tensor inputs) => encoder.call(inputs);

    /// <summary>The embedding the loss compares: the projector applied to the features.</summary>
    /// <param name="x">A batch of inputs, [N, ...].</param>
    /// <returns><c>g(f(x))</c>, [N, d] (the features themselves without a projector).</returns>
    public Tensor Embed(Tensor x)
    {
        var features = Features(x);
        return projector is null ? features : projector.call(features);
    }

    /// <summary>A memory bank needs one entry per training sample, so it is made here.</summary>
    public override void Prepare(long trainingSetSize)
    {
        if (Negatives.Source != NegativeSource.MemoryBank || bank?.Size == trainingSetSize)
        {
            return;
        }

        if (bank is not null)
        {
            throw new InvalidOperationException($"this model's memory bank holds {bank.Size} samples, but the training set has {trainingSetSize}: a bank belongs to one training set.");
        }

        // On the model's device: the trainer moves the model before it calls Prepare.
        var device = Device;
        bank = new MemoryBank(trainingSetSize, EmbeddingDimension, new Generator(0x8A4Cul, device), device);
        register_module(nameof(bank), bank);
    }

    /// <summary>
    /// The SimCLR loss of a batch of view pairs with in-batch negatives: <see cref="Losses.NtXent(Tensor, Tensor, double)"/>
    /// over their embeddings (which L2-normalises them, so the projector need not), averaged over all 2N anchors.
    /// </summary>
    /// <param name="view1">First views, [N, ...].</param>
    /// <param name="view2">Second views, [N, ...]; row n is another view of the sample in row n of <paramref name="view1"/>.</param>
    /// <returns>A scalar to minimise.</returns>
    public Tensor Loss(Tensor view1, Tensor view2) => Losses.NtXent(Embed(view1), Embed(view2), Temperature, extraNegatives: null, decoupled: Decoupled);

    /// <summary>
    /// Two views of each image, NT-Xent (or DCL) between their embeddings against the configured
    /// negatives, then the queue or bank takes this batch's embeddings; logs the share of views whose
    /// most similar other view in the batch is their positive ("positive-top1").
    /// </summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(views);
        var (first, second) = views.MakeTwoViews(batch.Inputs, generator);
        var z1 = Embed(first);
        var z2 = Embed(second);
        Tensor loss;
        switch (Negatives.Source)
        {
            case NegativeSource.Queue:
                // Read before this batch is added, so no view is ever its own negative.
                loss = Losses.NtXent(z1, z2, Temperature, queue!.Keys(), decoupled: Decoupled);
                queue.Enqueue(nn.functional.normalize(cat(new[] { z1, z2 }, 0).detach(), p: 2, dim: 1));
                break;
            case NegativeSource.MemoryBank:
                loss = BankLoss(batch.Indices, z1, z2, generator);
                break;
            default:
                loss = Losses.NtXent(z1, z2, Temperature, extraNegatives: null, decoupled: Decoupled);
                break;
        }

        return new StepResult(loss, [new Metric("positive-top1", ContrastiveMetrics.PositiveTop1(z1.detach(), z2.detach()))]);
    }

    private Tensor BankLoss(Tensor indices, Tensor z1, Tensor z2, Generator generator)
    {
        if (bank is null)
        {
            throw new InvalidOperationException("memory-bank negatives need the training-set size: call Prepare(trainingSetSize) before the first step (the Trainer does).");
        }

        var (drawn, negatives) = bank.Sample(Negatives.Size, generator);
        // A draw of the anchor's own sample is its (stale) positive, not a negative.
        var own = indices.to(drawn.device).repeat(2);                                  // anchors: z1's rows, then z2's
        var excluded = own.unsqueeze(1).eq(drawn.unsqueeze(0));                       // [2N, K]
        var loss = Losses.NtXent(z1, z2, Temperature, negatives, excluded, Decoupled);
        bank.Update(indices, (nn.functional.normalize(z1.detach(), p: 2, dim: 1) + nn.functional.normalize(z2.detach(), p: 2, dim: 1)) / 2, Negatives.Momentum);
        return loss;
    }
}
