using Contrastive.Layers;
using Contrastive.Objectives;
using Contrastive.Objectives.Critics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Evaluation.MiBench;

/// <summary>One estimator of the benchmark: its own critic (and baseline), optimiser and training step.</summary>
internal sealed class EstimatorTrack : IDisposable
{
    private readonly MiBenchmarkOptions _options;
    private readonly Critic _critic;
    private readonly Sequential? _baseline;     // log a(y) for TUBA and I_alpha
    private readonly Mine? _mine;
    private readonly optim.Optimizer _optimizer;

    public EstimatorTrack(MiEstimator estimator, MiBenchmarkOptions options, ulong seed)
    {
        Estimator = estimator;
        _options = options;

        // Module initialisation draws from libtorch's default generator: seed it per track so each
        // critic starts the same whatever other estimators run beside it.
        random.manual_seed((long)seed);
        _critic = CreateCritic(options);
        var parameters = _critic.parameters().ToList();
        if (estimator is MiEstimator.Tuba or MiEstimator.Alpha)
        {
            _baseline = Mlp.Create(options.Dimension, options.HiddenWidth, options.HiddenLayers, 1);
            parameters.AddRange(_baseline.parameters());
        }

        if (estimator == MiEstimator.Mine)
        {
            _mine = new Mine(options.MineMomentum);
        }

        _optimizer = optim.Adam(parameters, lr: options.LearningRate);
    }

    public MiEstimator Estimator { get; }

    /// <summary>One Adam step maximising the estimator's objective; returns the estimate (nats).</summary>
    public double Step(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var scores = _critic.call(x, y);                 // [K, K]
        var estimate = Estimate(scores, y);
        (-estimate).backward();
        _optimizer.step();
        return estimate.item<float>();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _critic.Dispose();
        _baseline?.Dispose();
    }

    private Tensor Estimate(Tensor scores, Tensor y) => Estimator switch
    {
        MiEstimator.InfoNce => MutualInformation.InfoNce(scores),
        MiEstimator.Nwj => MutualInformation.Nwj(scores),
        MiEstimator.Dv => MutualInformation.DonskerVaradhan(scores),
        MiEstimator.Mine => _mine!.Estimate(scores),
        MiEstimator.Js => MutualInformation.JensenShannonNwj(scores),
        MiEstimator.Tuba => MutualInformation.Tuba(scores, _baseline!.call(y).squeeze(1)),
        MiEstimator.Alpha => MutualInformation.Interpolated(scores, _baseline!.call(y).squeeze(1), _options.Alpha),
        MiEstimator.Smile => MutualInformation.Smile(scores, _options.SmileTau),
        _ => throw new ArgumentOutOfRangeException(nameof(Estimator), Estimator, "unknown estimator"),
    };

    private static Critic CreateCritic(MiBenchmarkOptions options) => options.Critic switch
    {
        MiCriticKind.Concat => new ConcatCritic(
            Mlp.Create(2 * options.Dimension, options.HiddenWidth, options.HiddenLayers, 1)),
        MiCriticKind.Separable => new SeparableCritic(
            Mlp.Create(options.Dimension, options.HiddenWidth, options.HiddenLayers, options.EmbeddingWidth),
            Mlp.Create(options.Dimension, options.HiddenWidth, options.HiddenLayers, options.EmbeddingWidth)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Critic, "unknown critic"),
    };
}
