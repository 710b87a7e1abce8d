using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// The slow-moving copy of a network that MoCo and BYOL compute their targets with. It takes no
/// gradient: its parameters are frozen (so the optimizer leaves them alone) and only
/// <see cref="Update"/> moves them, towards the online network.
/// </summary>
public static class TargetNetwork
{
    /// <summary>Makes <paramref name="target"/> an exact, frozen copy of <paramref name="online"/>.</summary>
    /// <param name="online">The trained network.</param>
    /// <param name="target">A network of the same architecture (a second instance of the same class).</param>
    public static void Initialise(nn.Module online, nn.Module target)
    {
        var pairs = Pairs(online, target);
        using var noGrad = no_grad();
        foreach (var (source, destination) in pairs)
        {
            destination.copy_(source);
        }

        foreach (var parameter in target.parameters())
        {
            parameter.requires_grad = false;
        }
    }

    /// <summary>
    /// <c>θ_target ← m θ_target + (1 − m) θ_online</c> for every parameter; buffers (batch-norm
    /// statistics) are copied, since the target runs in training mode and never uses them for its output.
    /// </summary>
    /// <param name="online">The trained network.</param>
    /// <param name="target">Its target copy.</param>
    /// <param name="momentum">m in [0, 1]: 1 freezes the target, 0 copies the online network.</param>
    public static void Update(nn.Module online, nn.Module target, double momentum)
    {
        if (!(momentum >= 0.0 && momentum <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "the target's momentum must be in [0, 1].");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var onlineParameters = online.named_parameters().ToList();
        var targetParameters = target.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, source) in onlineParameters)
        {
            // lerp_(source, w) is target + w (source − target) = m target + (1 − m) source for w = 1 − m.
            targetParameters[name].lerp_(source, 1.0 - momentum);
        }

        var targetBuffers = target.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, source) in online.named_buffers())
        {
            targetBuffers[name].copy_(source);
        }
    }

    private static List<(Tensor Source, Tensor Destination)> Pairs(nn.Module online, nn.Module target)
    {
        var source = online.state_dict();
        var destination = target.state_dict();
        if (source.Count != destination.Count || source.Keys.Any(k => !destination.ContainsKey(k) || !destination[k].shape.SequenceEqual(source[k].shape)))
        {
            throw new ArgumentException(
                $"the target must have the online network's architecture: {online.GetType().Name} has {source.Count} tensors, {target.GetType().Name} {destination.Count} or different shapes.");
        }

        return source.Keys.Select(k => (source[k], destination[k])).ToList();
    }
}
