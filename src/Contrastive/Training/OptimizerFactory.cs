using Contrastive.Methods;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Training;

/// <summary>
/// Builds the optimizer a spec names, with weight decay on weights only: biases and the scales and
/// shifts of normalisation layers (every parameter of rank 1 or 0) are excluded, as in SimCLR and
/// most SSL recipes, because decaying them only fights the normalisation.
/// </summary>
public static class OptimizerFactory
{
    /// <summary>
    /// The optimizer over the trainable parameters of <paramref name="model"/>: for a
    /// <see cref="SelfSupervisedMethod"/> its <see cref="SelfSupervisedMethod.TrainedParameters"/>
    /// (which leave out networks the method steps itself), otherwise every parameter that takes gradient.
    /// </summary>
    public static optim.Optimizer Create(nn.Module model, OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (decayed, exempt) = Split(model);
        var rate = options.LearningRate;
        var decay = options.WeightDecay;
        return options.Kind switch
        {
            OptimizerKind.Adam => optim.Adam(new[]
            {
                new Adam.ParamGroup(decayed, rate, 0.9, 0.999, 1e-8, decay, false, false),
                new Adam.ParamGroup(exempt, rate, 0.9, 0.999, 1e-8, 0.0, false, false),
            }, rate),
            OptimizerKind.AdamW => optim.AdamW(new[]
            {
                new AdamW.ParamGroup(decayed, rate, 0.9, 0.999, 1e-8, decay, false, false),
                new AdamW.ParamGroup(exempt, rate, 0.9, 0.999, 1e-8, 0.0, false, false),
            }, rate),
            OptimizerKind.Sgd => optim.SGD(new[]
            {
                new SGD.ParamGroup(decayed, rate, options.Momentum, 0.0, decay, false, false),
                new SGD.ParamGroup(exempt, rate, options.Momentum, 0.0, 0.0, false, false),
            }, rate),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown optimizer"),
        };
    }

    /// <summary>Trainable parameters split into those that get weight decay and those that do not.</summary>
    public static (IReadOnlyList<Parameter> Decayed, IReadOnlyList<Parameter> Exempt) Split(nn.Module model)
    {
        var trainable = Trainable(model).ToList();
        return (trainable.Where(p => p.dim() >= 2).ToList(), trainable.Where(p => p.dim() < 2).ToList());
    }

    /// <summary>What the trainer's optimizer updates and clipping measures in <paramref name="model"/>.</summary>
    public static IEnumerable<Parameter> Trainable(nn.Module model) => model is SelfSupervisedMethod method
        ? method.TrainedParameters()
        : model.parameters().Where(p => p.requires_grad);

    /// <summary>Sets every group's learning rate (the schedule's value for this step).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }
}
