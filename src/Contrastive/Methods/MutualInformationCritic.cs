using Contrastive.Objectives;
using Contrastive.Objectives.Critics;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// Trains a critic to estimate the mutual information I(X; Y) with one of the variational bounds of
/// <see cref="MutualInformation"/> (or <see cref="Mine"/>): maximising the bound over a batch of joint
/// pairs (x_i, y_i) tightens it, and its value is the estimate in nats. This is the one mapping from
/// <see cref="MiEstimator"/> to objective; the MI benchmark trains through it.
/// </summary>
/// <remarks>
/// Checkpoint keys are <c>critic.*</c> and, for TUBA and I_alpha, <c>baseline.*</c>. MINE's moving
/// average is state of this object (not a parameter), updated by every <see cref="Estimate"/> and
/// <see cref="Loss"/> call. Subclasses with modules of their own register them by calling
/// <c>RegisterComponents()</c> at the end of their constructor.
/// </remarks>
public class MutualInformationCritic : nn.Module
{
    private readonly Critic critic;
    private readonly nn.Module<Tensor, Tensor>? baseline;   // log a(y) for TUBA and I_alpha; otherwise null, not registered
    private readonly Mine? _mine;                            // MINE only
    private readonly double _alpha;
    private readonly double _smileTau;

    /// <summary>Creates the objective named "MutualInformationCritic".</summary>
    /// <param name="settings">The bound to train and report, and its estimator's settings.</param>
    /// <param name="critic">f, scoring every pair of a batch: K x K scores.</param>
    /// <param name="baseline">log a(y), mapping y [K, D] to [K, 1]: required by <see cref="MiEstimator.Tuba"/> and <see cref="MiEstimator.Alpha"/>, refused by the others.</param>
    public MutualInformationCritic(MutualInformationCriticSettings settings, Critic critic, nn.Module<Tensor, Tensor>? baseline = null)
        : this(nameof(MutualInformationCritic), settings, critic, baseline)
    {
    }

    /// <summary>Creates the objective under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">The bound to train and report, its estimator's settings and a cosine critic's temperature.</param>
    /// <param name="critic">Makes f, scoring every pair of a batch (K x K scores), from the settings (a cosine critic reads its temperature); called once, before <paramref name="baseline"/>.</param>
    /// <param name="baseline">Makes log a(y), mapping y [K, D] to [K, 1]: required by <see cref="MiEstimator.Tuba"/> and <see cref="MiEstimator.Alpha"/>, refused by the others.</param>
    protected MutualInformationCritic(
        string name, MutualInformationCriticSettings settings, Func<MutualInformationCriticSettings, Critic> critic, Func<nn.Module<Tensor, Tensor>>? baseline)
        : this(name, settings, Made(critic, settings), baseline?.Invoke())
    {
    }

    private MutualInformationCritic(string name, MutualInformationCriticSettings settings, Critic critic, nn.Module<Tensor, Tensor>? baseline)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (estimator, alpha, smileTau, mineMomentum, _) = settings;
        ArgumentNullException.ThrowIfNull(critic);
        if (!Enum.IsDefined(estimator))
        {
            throw new ArgumentOutOfRangeException(nameof(estimator), estimator, $"unknown estimator; use one of {string.Join(", ", Enum.GetNames<MiEstimator>())}.");
        }

        var usesBaseline = estimator is MiEstimator.Tuba or MiEstimator.Alpha;
        if (usesBaseline && baseline is null)
        {
            throw new ArgumentException(
                $"{estimator} needs a learned baseline log a(y): pass a module mapping y [K, D] to [K, 1] (e.g. Mlp.Create(D, hidden, layers, 1)).",
                nameof(baseline));
        }

        if (!usesBaseline && baseline is not null)
        {
            throw new ArgumentException(
                $"{estimator} uses no baseline (only Tuba and Alpha do); pass none, or it would sit in the checkpoint untrained.",
                nameof(baseline));
        }

        if (!(alpha >= 0.0 && alpha <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in [0, 1] (1: InfoNCE-like, 0: TUBA; 0.01 is common).");
        }

        if (!(smileTau > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(smileTau), smileTau, "smileTau must be positive (5 is a common choice).");
        }

        if (!(mineMomentum >= 0.0 && mineMomentum < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(mineMomentum), mineMomentum, "mineMomentum must lie in [0, 1), the weight of the old average (e.g. 0.99).");
        }

        this.critic = critic;
        this.baseline = baseline;
        Settings = settings;
        _alpha = alpha;
        _smileTau = smileTau;
        _mine = estimator == MiEstimator.Mine ? new Mine(mineMomentum) : null;

        // Registered by name rather than by RegisterComponents(): that runs once per module, so calling
        // it here would leave a subclass's own fields (still unassigned now) unregistered for good.
        register_module(nameof(critic), critic);
        if (baseline is not null)
        {
            register_module(nameof(baseline), baseline);
        }
    }

    /// <summary>What this objective was made with: the bound, its estimator's settings and a cosine critic's temperature.</summary>
    public MutualInformationCriticSettings Settings { get; }

    /// <summary>The bound this objective trains and reports.</summary>
    public MiEstimator Estimator => Settings.Estimator;

    // The critic of the generated constructor, made from the settings it is given.
    private static Critic Made(Func<MutualInformationCriticSettings, Critic> critic, MutualInformationCriticSettings settings)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(settings);
        return critic(settings);
    }

    /// <summary>The critic's scores of every pair of the batch.</summary>
    /// <param name="x">K samples of X, [K, ...].</param>
    /// <param name="y">The K paired samples of Y, [K, ...]; (x_i, y_i) is a joint pair.</param>
    /// <returns>[K, K], <c>S[i, j] = f(x_i, y_j)</c>, positives on the diagonal.</returns>
    public Tensor Scores(Tensor x, Tensor y) => critic.call(x, y);

    /// <summary>
    /// The estimator's lower bound on I(X; Y) over this batch, in nats, carrying the gradient the
    /// estimator trains with (for JS, SMILE and MINE not the gradient of the value itself). For MINE
    /// every call also updates the moving average: call it once per training step.
    /// </summary>
    /// <param name="x">K samples of X, [K, ...].</param>
    /// <param name="y">The K paired samples of Y, [K, D].</param>
    /// <returns>A scalar tensor.</returns>
    public Tensor Estimate(Tensor x, Tensor y)
    {
        var scores = Scores(x, y);   // [K, K]
        return Estimator switch
        {
            MiEstimator.InfoNce or MiEstimator.Nwj or MiEstimator.Dv or MiEstimator.Jsd => FromScores(Estimator, scores),
            MiEstimator.Mine => _mine!.Estimate(scores),
            MiEstimator.Tuba => MutualInformation.Tuba(scores, LogBaseline(y)),
            MiEstimator.Alpha => MutualInformation.Interpolated(scores, LogBaseline(y), _alpha),
            MiEstimator.Smile => MutualInformation.Smile(scores, _smileTau),
            _ => throw new InvalidOperationException($"unknown estimator {Estimator}"),
        };
    }

    /// <summary>
    /// The estimators that need nothing but the scores, for methods that build their own score
    /// matrices (Deep InfoMax): InfoNCE, NWJ, Donsker-Varadhan, and JS (trained with Jensen-Shannon,
    /// reported as NWJ(S + 1)), each exactly the <see cref="MutualInformation"/> function that
    /// <see cref="Estimate"/> applies for it. The others need state (MINE's average), a baseline
    /// (TUBA, I_alpha) or a setting (SMILE's tau), and are refused.
    /// </summary>
    /// <param name="estimator">One of <see cref="ScoreOnlyEstimators"/>.</param>
    /// <param name="scores">K x K scores, <c>S[i, j] = f(x_i, y_j)</c>, positives on the diagonal.</param>
    /// <returns>A scalar tensor in nats, carrying the estimator's training gradient.</returns>
    public static Tensor FromScores(MiEstimator estimator, Tensor scores) => estimator switch
    {
        MiEstimator.InfoNce => MutualInformation.InfoNce(scores),
        MiEstimator.Nwj => MutualInformation.Nwj(scores),
        MiEstimator.Dv => MutualInformation.DonskerVaradhan(scores),
        MiEstimator.Jsd => MutualInformation.JensenShannonNwj(scores),
        _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator,
            $"{estimator} needs more than the scores; estimators of scores alone: {string.Join(", ", ScoreOnlyEstimators.Select(e => e.Word()))}."),
    };

    /// <summary>
    /// What a method that builds its own scores maximises (<c>Objective</c>) and reports
    /// (<c>Estimate</c>, the value of <see cref="FromScores"/>) for <paramref name="estimator"/>. They
    /// are one tensor except for JS, whose objective is the Jensen-Shannon bound itself: the same
    /// gradient as its NWJ(S + 1) report, but a value that stays finite wherever the scores are, where
    /// the report overflows to −∞ once offmean(e^S) does (a loss of +∞ would stop a training run).
    /// </summary>
    /// <param name="estimator">One of <see cref="ScoreOnlyEstimators"/>.</param>
    /// <param name="scores">K x K scores, positives on the diagonal.</param>
    public static (Tensor Objective, Tensor Estimate) ObjectiveAndEstimate(MiEstimator estimator, Tensor scores)
    {
        var estimate = FromScores(estimator, scores);
        return (estimator == MiEstimator.Jsd ? MutualInformation.JensenShannon(scores) : estimate, estimate);
    }

    /// <summary>The estimators <see cref="FromScores"/> computes.</summary>
    public static IReadOnlyList<MiEstimator> ScoreOnlyEstimators { get; } = [MiEstimator.InfoNce, MiEstimator.Nwj, MiEstimator.Dv, MiEstimator.Jsd];

    /// <summary>The loss to minimise: the negated <see cref="Estimate"/> (same MINE caveat).</summary>
    /// <param name="x">K samples of X, [K, ...].</param>
    /// <param name="y">The K paired samples of Y, [K, D].</param>
    /// <returns>A scalar tensor.</returns>
    public Tensor Loss(Tensor x, Tensor y) => -Estimate(x, y);

    /// <summary>log a(y_j) for each column, [K].</summary>
    private Tensor LogBaseline(Tensor y)
    {
        var logA = baseline!.call(y);   // [K, 1]
        if (logA.dim() != 2 || logA.shape[1] != 1 || logA.shape[0] != y.shape[0])
        {
            throw new InvalidOperationException(
                $"the baseline must map y [K, D] to log a(y) [K, 1]; it mapped [{string.Join(", ", y.shape)}] to [{string.Join(", ", logA.shape)}].");
        }

        return logA.squeeze(1);   // [K, 1] -> [K]
    }
}
