using Contrastive.Augment;
using Contrastive.Objectives;
using Contrastive.Objectives.Critics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// Deep InfoMax (Hjelm, Fedorov, Lavoie-Marchildon, Grewal, Bachman, Trischler and Bengio, "Learning
/// deep representations by mutual information estimation and maximization", ICLR 2019): an encoder E
/// is trained to maximise, through discriminators, the mutual information between its encoding E(x)
/// and the input: a global term I(C(x); E(x)) with the whole local feature map C(x), a local term,
/// the mean over the map's locations l of I(C_l(x); E(x)), and a prior term that makes the encodings
/// look like samples of a chosen prior. Its authors found the global term alone insufficient for
/// useful representations; the local term is what makes them useful.
/// </summary>
/// <remarks>
/// <para>
/// Each step runs the encoder once on the images (no augmented views), keeping the local map
/// [K, C, H, W] (a named layer of the encoder) and the encoding [K, F]. The discriminators score
/// every image's map against every image's encoding, so positives are the same image and negatives
/// the other images of the batch, in the toolkit's convention <c>S[i, j] = f(x_i, y_j)</c> with x the
/// local side and y the encoding: the global scores are [K, K], the local scores [K, K, H·W] (one
/// matrix per location). Every MI value is the chosen estimator applied to those matrices through
/// <see cref="MutualInformationCritic.FromScores"/>, the toolkit's one mapping from estimator to
/// objective (the local term is the mean of the per-location values). The loss is
/// <c>−α·global − β·local + γ·prior</c> over the objectives of
/// <see cref="MutualInformationCritic.ObjectiveAndEstimate"/>: the estimates themselves, except for JS,
/// which trains on the Jensen-Shannon bound (the same gradient as its NWJ(S + 1) report, a finite value).
/// </para>
/// <para>
/// The prior term is adversarial: a discriminator D learns to tell prior samples (drawn with the step's
/// generator) from encodings with the logistic loss <c>softplus(−D(z)) + softplus(D(E(x)))</c>, stepped
/// inside <see cref="TrainingStep"/> by an Adam optimizer of its own on detached encodings; the encoder
/// then gets the non-saturating loss <c>softplus(−D(E(x)))</c> = −log σ(D(E(x))) from the updated D. The
/// trainer's optimizer leaves D out (<see cref="TrainedParameters"/>) and checkpoints D's optimizer
/// (<see cref="InnerOptimizers"/>). With a uniform prior D sees σ(E(x)), so the encoding itself is
/// unbounded.
/// </para>
/// <para>
/// A term with weight 0 has no discriminator (nothing untrained sits in the checkpoint) and no metric.
/// Checkpoint keys: <c>encoder.*</c>, and with their terms <c>global_discriminator.*</c>,
/// <c>local_discriminator.*</c>, <c>prior_discriminator.*</c>. Logged: <c>global-mi</c>,
/// <c>local-mi</c> (nats, the estimator's value) and <c>prior-accuracy</c> (D on this batch, before its update).
/// </para>
/// </remarks>
public class DeepInfoMax : SelfSupervisedMethod
{
    private const string PriorKey = "prior_discriminator";
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly Func<Tensor, DeepInfoMaxFeatures> maps;
    private readonly SeparableCritic? global_discriminator;    // alpha > 0 only
    private readonly LocalCritic? local_discriminator;         // beta > 0 only
    private readonly nn.Module<Tensor, Tensor>? prior_discriminator;   // gamma > 0 only
    private optim.Optimizer? priorOptimizer;                   // made by Prepare (or the first step)

    /// <summary>Creates Deep InfoMax under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">The estimator, the terms' weights, the prior and the discriminators' learning rate and width.</param>
    /// <param name="encoder">E: images [N, C, H, W] to encodings [N, F]; what evaluation probes.</param>
    /// <param name="maps">One pass of the same encoder keeping the local map and the encoding (see <see cref="DeepInfoMaxFeatures.Select"/>).</param>
    /// <param name="localChannels">Channels of the local map.</param>
    /// <param name="localHeight">Height of the local map.</param>
    /// <param name="localWidth">Width of the local map.</param>
    /// <param name="encodingSize">F, the size of the encoding.</param>
    protected DeepInfoMax(
        string name,
        DeepInfoMaxSettings settings,
        nn.Module<Tensor, Tensor> encoder,
        Func<Tensor, DeepInfoMaxFeatures> maps,
        int localChannels,
        int localHeight,
        int localWidth,
        int encodingSize)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (estimator, alpha, beta, gamma, prior, priorLearningRate, discriminatorUnits) = settings;
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(maps);
        if (!MutualInformationCritic.ScoreOnlyEstimators.Contains(estimator))
        {
            throw new ArgumentOutOfRangeException(nameof(estimator), estimator,
                $"Deep InfoMax estimates MI from its discriminators' scores alone; use one of {string.Join(", ", MutualInformationCritic.ScoreOnlyEstimators)} (Js is the paper's Jensen-Shannon).");
        }

        foreach (var (weight, what) in new[] { (alpha, nameof(alpha)), (beta, nameof(beta)), (gamma, nameof(gamma)) })
        {
            if (!(weight >= 0) || double.IsInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(what, weight, "the weights alpha (global), beta (local) and gamma (prior) must be finite numbers >= 0.");
            }
        }

        if (!(alpha + beta > 0))
        {
            throw new ArgumentException("alpha (global) or beta (local) must be positive: without an MI term there is nothing to maximise (DIM(L): alpha 0, beta 1; DIM(G): alpha 1, beta 0).", nameof(beta));
        }

        if (!Enum.IsDefined(prior))
        {
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "the prior must be Uniform or Gaussian.");
        }

        if (!(priorLearningRate > 0) || double.IsInfinity(priorLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(priorLearningRate), priorLearningRate, "the prior discriminator's learning rate must be a positive finite number (e.g. 1e-3).");
        }

        if (localChannels < 1 || localHeight < 1 || localWidth < 1 || encodingSize < 1 || discriminatorUnits < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(discriminatorUnits),
                $"sizes must be positive; got a local map [{localChannels}, {localHeight}, {localWidth}], encodings of {encodingSize} and {discriminatorUnits} discriminator units.");
        }

        this.encoder = encoder;
        this.maps = maps;
        LocalShape = [localChannels, localHeight, localWidth];
        EncodingSize = encodingSize;
        Settings = settings;

        // Registered by name rather than by RegisterComponents(), which runs once per module (see SimClr).
        register_module(nameof(encoder), encoder);
        if (alpha > 0)
        {
            global_discriminator = DeepInfoMaxDiscriminators.Global(localChannels, localHeight, localWidth, encodingSize, discriminatorUnits);
            register_module(nameof(global_discriminator), global_discriminator);
        }

        if (beta > 0)
        {
            local_discriminator = new LocalCritic(localChannels, encodingSize, discriminatorUnits);
            register_module(nameof(local_discriminator), local_discriminator);
        }

        if (gamma > 0)
        {
            prior_discriminator = DeepInfoMaxDiscriminators.Prior(encodingSize, discriminatorUnits);
            register_module(PriorKey, prior_discriminator);
        }
    }

    /// <summary>What this method was made with: the estimator, the terms' weights, the prior and the discriminators' learning rate and width.</summary>
    public DeepInfoMaxSettings Settings { get; }

    /// <summary>The estimator of the global and local terms.</summary>
    public MiEstimator Estimator => Settings.Estimator;

    /// <summary>α, the weight of the global term.</summary>
    public double Alpha => Settings.Alpha;

    /// <summary>β, the weight of the local term.</summary>
    public double Beta => Settings.Beta;

    /// <summary>γ, the weight of the prior term.</summary>
    public double Gamma => Settings.Gamma;

    /// <summary>The prior of the prior term.</summary>
    public PriorDistribution Prior => Settings.Prior;

    /// <summary>Learning rate of the prior discriminator's optimizer.</summary>
    public double PriorLearningRate => Settings.PriorLearningRate;

    /// <summary>[C, H, W] of one local map.</summary>
    public IReadOnlyList<long> LocalShape { get; }

    /// <summary>F, the size of the encoding.</summary>
    public int EncodingSize { get; }

    /// <summary>The encoding E(x), [N, F]: the representation evaluation probes.</summary>
    public override Tensor Features(Tensor inputs) => encoder.call(inputs);

    /// <summary>The local map [N, C, H, W] and the encoding [N, F] of a batch, from one pass of the encoder.</summary>
    public DeepInfoMaxFeatures Maps(Tensor images)
    {
        var result = maps(images);
        var n = images.shape[0];
        if (!result.LocalMap.shape.SequenceEqual(LocalShape.Prepend(n)) || !result.Encoding.shape.SequenceEqual([n, EncodingSize]))
        {
            throw new InvalidOperationException(
                $"the encoder gave a local map [{string.Join(", ", result.LocalMap.shape)}] and an encoding [{string.Join(", ", result.Encoding.shape)}]; this model was built for [{n}, {string.Join(", ", LocalShape)}] and [{n}, {EncodingSize}].");
        }

        return result;
    }

    /// <summary>The global discriminator's scores, [K, K]: <c>S[i, j] = f(C(x_i), E(x_j))</c>, positives on the diagonal.</summary>
    /// <param name="localMap">[K, C, H, W].</param>
    /// <param name="encoding">[K, F].</param>
    public Tensor GlobalScores(Tensor localMap, Tensor encoding) =>
        (global_discriminator ?? throw new InvalidOperationException("this model has no global term (alpha is 0), so no global discriminator.")).call(localMap, encoding);

    /// <summary>The local discriminator's scores, [K, K, H·W]: <c>S[i, j, l] = f(C_l(x_i), E(x_j))</c>, positives where i = j.</summary>
    /// <param name="localMap">[K, C, H, W].</param>
    /// <param name="encoding">[K, F].</param>
    public Tensor LocalScores(Tensor localMap, Tensor encoding) =>
        (local_discriminator ?? throw new InvalidOperationException("this model has no local term (beta is 0), so no local discriminator.")).call(localMap, encoding);

    /// <summary>The estimator's value of a [K, K] score matrix, in nats, with its training gradient.</summary>
    public Tensor Estimate(Tensor scores) => MutualInformationCritic.FromScores(Estimator, scores);

    /// <summary>The local MI: the mean over locations l of the estimator's value of <c>S[:, :, l]</c>.</summary>
    /// <param name="localScores">[K, K, L].</param>
    public Tensor LocalEstimate(Tensor localScores) => LocalTerm(localScores).Estimate;

    /// <summary>
    /// Samples of the prior, [count, F]: uniform on [0, 1]^F or standard normal, drawn with <paramref name="generator"/>.
    /// </summary>
    public Tensor PriorSamples(long count, Generator generator, ScalarType dtype, Device device) => Prior == PriorDistribution.Uniform
        ? rand([count, EncodingSize], dtype: dtype, device: device, generator: generator)
        : randn([count, EncodingSize], dtype: dtype, device: device, generator: generator);

    /// <summary>The trainer's optimizer updates every trainable parameter except the prior discriminator's.</summary>
    public override IEnumerable<Parameter> TrainedParameters() =>
        named_parameters().Where(p => p.parameter.requires_grad && !p.name.StartsWith(PriorKey + ".", StringComparison.Ordinal)).Select(p => p.parameter);

    /// <summary>The prior discriminator's optimizer, when there is a prior term.</summary>
    public override IReadOnlyList<optim.Optimizer> InnerOptimizers => priorOptimizer is null ? [] : [priorOptimizer];

    /// <summary>A fresh optimizer for the prior discriminator, as the trainer makes its own for each run (a resumed run then restores its state).</summary>
    public override void Prepare(long trainingSetSize)
    {
        if (prior_discriminator is null)
        {
            return;
        }

        priorOptimizer?.Dispose();
        priorOptimizer = optim.Adam(prior_discriminator.parameters(), PriorLearningRate);
    }

    /// <summary>
    /// One batch: the images themselves (the view maker is not used), the MI terms with weight above 0,
    /// and, with a prior term, one update of the prior discriminator before the encoder's adversarial loss.
    /// </summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(generator);
        var (localMap, encoding) = Maps(batch.Inputs);
        var metrics = new List<Metric>();
        var terms = new List<Tensor>();
        if (global_discriminator is not null)
        {
            var (objective, estimate) = MutualInformationCritic.ObjectiveAndEstimate(Estimator, GlobalScores(localMap, encoding));
            metrics.Add(new Metric("global-mi", estimate.detach()));
            terms.Add(objective * -Alpha);
        }

        if (local_discriminator is not null)
        {
            var (objective, estimate) = LocalTerm(LocalScores(localMap, encoding));
            metrics.Add(new Metric("local-mi", estimate.detach()));
            terms.Add(objective * -Beta);
        }

        if (prior_discriminator is not null)
        {
            var (adversarial, accuracy) = PriorStep(encoding, generator);
            metrics.Add(new Metric("prior-accuracy", accuracy));
            terms.Add(adversarial * Gamma);
        }

        var loss = terms[0];
        foreach (var term in terms.Skip(1))
        {
            loss = loss + term;
        }

        return new StepResult(loss, metrics);
    }

    /// <summary>The mean over locations of the objective and the estimate of each [K, K] slice of [K, K, L] scores.</summary>
    private (Tensor Objective, Tensor Estimate) LocalTerm(Tensor localScores)
    {
        if (localScores.dim() != 3 || localScores.shape[0] != localScores.shape[1])
        {
            throw new ArgumentException($"local scores are [K, K, L]; got [{string.Join(", ", localScores.shape)}].", nameof(localScores));
        }

        var perLocation = Enumerable.Range(0, (int)localScores.shape[2])
            .Select(l => MutualInformationCritic.ObjectiveAndEstimate(Estimator, localScores.select(2, l)))   // [K, K] each
            .ToList();
        return (stack(perLocation.Select(t => t.Objective).ToArray()).mean(), stack(perLocation.Select(t => t.Estimate).ToArray()).mean());
    }

    /// <summary>
    /// Steps the prior discriminator once on this batch (prior samples against the detached encodings),
    /// then returns the encoder's non-saturating loss against the updated discriminator and the
    /// discriminator's accuracy before its update.
    /// </summary>
    private (Tensor Adversarial, Tensor Accuracy) PriorStep(Tensor encoding, Generator generator)
    {
        if (priorOptimizer is null)
        {
            Prepare(0);
        }

        var fake = Prior == PriorDistribution.Uniform ? sigmoid(encoding) : encoding;   // [K, F]
        var real = PriorSamples(encoding.shape[0], generator, encoding.dtype, encoding.device);
        priorOptimizer!.zero_grad();
        var realLogits = prior_discriminator!.call(real);            // [K, 1], positive: "a prior sample"
        var fakeLogits = prior_discriminator.call(fake.detach());    // [K, 1]
        var discriminatorLoss = nn.functional.softplus(-realLogits).mean() + nn.functional.softplus(fakeLogits).mean();
        discriminatorLoss.backward();
        priorOptimizer.step();
        var correct = realLogits.detach().gt(0).sum() + fakeLogits.detach().lt(0).sum();
        var accuracy = correct.to(encoding.dtype) / (2.0 * encoding.shape[0]);

        // The generator's side, -log σ(D(E(x))), with the discriminator as it is now.
        var adversarial = nn.functional.softplus(-prior_discriminator.call(fake)).mean();
        return (adversarial, accuracy);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            priorOptimizer?.Dispose();
            priorOptimizer = null;
        }

        base.Dispose(disposing);
    }
}
