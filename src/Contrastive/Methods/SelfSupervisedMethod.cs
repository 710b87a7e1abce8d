using Contrastive.Augment;
using Contrastive.Reporting;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// A self-supervised method as the trainer sees it: it owns its training step (which views, which
/// networks, any target or queue updates) and says which features evaluation probes. Generated
/// models derive from a method class (for example <see cref="SimClr"/>), never from this directly.
/// </summary>
public abstract class SelfSupervisedMethod : nn.Module
{
    /// <param name="name">Module name.</param>
    protected SelfSupervisedMethod(string name)
        : base(name)
    {
    }

    /// <summary>The device of the model's parameters (the CPU for a model without any): where its inputs go.</summary>
    public Device Device => parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>The representation evaluation probes: a batch of inputs ([N, C, H, W] images, or [N, C, T] sequences) → [N, F] features.</summary>
    public abstract Tensor Features(Tensor inputs);

    /// <summary>
    /// Called once before training starts or resumes (before a checkpoint is restored), with the size
    /// of the training set: state sized by the data, such as a memory bank with one entry per sample,
    /// is made here so that it is part of every checkpoint.
    /// </summary>
    /// <param name="trainingSetSize">Samples in the training set; batch indices are below it.</param>
    public virtual void Prepare(long trainingSetSize)
    {
    }

    /// <summary>
    /// The loss of one batch (to be minimised) and metrics to log. The trainer calls it inside a
    /// dispose scope, after <c>zero_grad</c>, and runs <c>backward</c> and the optimizer step itself.
    /// </summary>
    /// <param name="batch">The images [N, C, H, W] (floats in [0, 1]), or sequences [N, C, T], and their indices in the training set.</param>
    /// <param name="views">Makes augmented views as the spec's <c>augment</c> section says (<see cref="ViewMaker.None"/> for data that are not images).</param>
    /// <param name="generator">Source of every random draw of the step (views included).</param>
    public abstract StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator);

    /// <summary>
    /// The parameters the trainer's optimizer updates (and gradient clipping measures): by default every
    /// parameter that takes gradient. A method that steps some of its networks with an optimizer of its
    /// own (see <see cref="InnerOptimizers"/>) leaves their parameters out, so nothing is updated twice.
    /// </summary>
    public virtual IEnumerable<TorchSharp.Modules.Parameter> TrainedParameters() => parameters().Where(p => p.requires_grad);

    /// <summary>
    /// Optimizers the method steps itself inside <see cref="TrainingStep"/> (Deep InfoMax's prior
    /// discriminator). The trainer never steps them, but saves and restores their state with every
    /// checkpoint so that a resumed run continues exactly; they must exist once <see cref="Prepare"/>
    /// has run. Empty by default.
    /// </summary>
    public virtual IReadOnlyList<optim.Optimizer> InnerOptimizers => [];

    /// <summary>
    /// Figures of this method's own metrics that a run draws from its <c>metrics.jsonl</c> after
    /// training, beside the loss plot (CPC: accuracy and bound per predicted step). None by default.
    /// </summary>
    public virtual IReadOnlyList<MetricPlot> Plots => [];

    /// <summary>Called after every optimizer step, for updates outside the gradient (EMA targets).</summary>
    /// <param name="step">Zero-based step just completed.</param>
    /// <param name="totalSteps">Steps in the run.</param>
    public virtual void AfterOptimizerStep(long step, long totalSteps)
    {
    }
}

/// <summary>One training batch.</summary>
/// <param name="Inputs">[N, C, H, W] float images in [0, 1], or [N, C, T] float sequences for a method that reads sequences.</param>
/// <param name="Indices">[N] int64 positions of the samples in the training set (memory banks key on them).</param>
public sealed record TrainingBatch(Tensor Inputs, Tensor Indices);

/// <summary>What one training step produced.</summary>
/// <param name="Loss">Scalar loss with its graph.</param>
/// <param name="Metrics">Scalars to log beside the loss (detached).</param>
public sealed record StepResult(Tensor Loss, IReadOnlyList<Metric> Metrics)
{
    /// <summary>Something the user should know now (a collapsing representation), or null.</summary>
    public string? Warning { get; init; }
}

/// <summary>A named scalar of a training step.</summary>
/// <param name="Name">Name in logs and plots, lower-case with '-' (e.g. "positive-top1").</param>
/// <param name="Value">Scalar tensor (read once, when logged).</param>
public sealed record Metric(string Name, Tensor Value);
