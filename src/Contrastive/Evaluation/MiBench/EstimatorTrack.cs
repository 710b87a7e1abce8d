using Contrastive.Layers;
using Contrastive.Methods;
using Contrastive.Objectives;
using Contrastive.Objectives.Critics;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Evaluation.MiBench;

/// <summary>One estimator of the benchmark: its own critic (and baseline), optimiser and training step.</summary>
internal sealed class EstimatorTrack : IDisposable
{
    private readonly MutualInformationCritic _objective;
    private readonly optim.Optimizer _optimizer;

    public EstimatorTrack(MiEstimator estimator, MiBenchmarkOptions options, ulong seed, Device device)
    {
        Estimator = estimator;

        // Module initialisation draws from libtorch's default generator: seed it per track so each
        // critic starts the same whatever other estimators run beside it. The critic is drawn before
        // the baseline.
        random.manual_seed((long)seed);
        var critic = CreateCritic(options);
        var baseline = estimator is MiEstimator.Tuba or MiEstimator.Alpha
            ? Mlp.Create(options.Dimension, options.HiddenWidth, options.HiddenLayers, 1)   // log a(y)
            : null;
        var settings = new MutualInformationCriticSettings(estimator, options.Alpha, options.SmileTau, options.MineMomentum, Temperature: null);
        _objective = new MutualInformationCritic(settings, critic, baseline);
        _objective.to(device);   // drawn on the CPU from the seed, so every device starts from the same weights; moved before the optimizer sees them
        _optimizer = optim.Adam(_objective.parameters(), lr: options.LearningRate);
    }

    public MiEstimator Estimator { get; }

    /// <summary>The critic (and baseline) this track trains.</summary>
    public nn.Module Objective => _objective;

    /// <summary>The track's optimizer.</summary>
    public optim.Optimizer Optimizer => _optimizer;

    /// <summary>One Adam step maximising the estimator's objective; returns the estimate (nats).</summary>
    public double Step(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var estimate = _objective.Estimate(x, y);
        (-estimate).backward();
        _optimizer.step();
        return estimate.item<float>();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _objective.Dispose();
    }

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
