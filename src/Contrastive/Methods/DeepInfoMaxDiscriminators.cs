using Contrastive.Layers;
using Contrastive.Objectives.Critics;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// The local map and the encoding an encoder gives for one batch: what Deep InfoMax compares.
/// </summary>
/// <param name="LocalMap">The feature map of an intermediate layer, [N, C, H, W]: one feature vector per location.</param>
/// <param name="Encoding">The encoder's output E(x), [N, F].</param>
public readonly record struct DeepInfoMaxFeatures(Tensor LocalMap, Tensor Encoding)
{
    /// <summary>
    /// Reads both from one pass of an encoder with taps: generated models pass their encoder's
    /// <c>ForwardWithTaps</c> and which of its taps are the local map and the encoding, so the
    /// runtime needs no knowledge of the generated taps record.
    /// </summary>
    /// <typeparam name="TTaps">The encoder's taps record.</typeparam>
    /// <param name="forwardWithTaps">Runs the encoder once and keeps its named layers' outputs.</param>
    /// <param name="localMap">Picks the local map, [N, C, H, W], from the taps.</param>
    /// <param name="encoding">Picks the encoding, [N, F], from the taps.</param>
    public static Func<Tensor, DeepInfoMaxFeatures> Select<TTaps>(Func<Tensor, TTaps> forwardWithTaps, Func<TTaps, Tensor> localMap, Func<TTaps, Tensor> encoding)
    {
        ArgumentNullException.ThrowIfNull(forwardWithTaps);
        ArgumentNullException.ThrowIfNull(localMap);
        ArgumentNullException.ThrowIfNull(encoding);
        return images =>
        {
            var taps = forwardWithTaps(images);
            return new DeepInfoMaxFeatures(localMap(taps), encoding(taps));
        };
    }
}

/// <summary>The prior Deep InfoMax's prior term matches the encodings to.</summary>
public enum PriorDistribution
{
    /// <summary>Uniform on [0, 1]^F; the discriminator sees sigmoid(E(x)).</summary>
    Uniform,

    /// <summary>Standard normal N(0, I); the discriminator sees E(x) itself.</summary>
    Gaussian,
}

/// <summary>
/// The local discriminator of Deep InfoMax in its encode-and-dot-product form (Hjelm et al. 2019,
/// Appendix A.2): 1x1 convolutions embed every location of the local map, an MLP embeds the encoding,
/// and a location's score against an encoding is the dot product of the two embeddings. Both
/// embeddings are residual (a two-layer net plus a linear shortcut), as in the authors' code.
/// </summary>
/// <remarks>Checkpoint keys: <c>local.*</c> (the 1x1 convolutions) and <c>encoding.*</c>, each <c>body.*</c> and <c>projection.*</c>.</remarks>
public sealed class LocalCritic : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Residual local;
    private readonly Residual encoding;

    /// <summary>Creates the critic for a local map of <paramref name="channels"/> channels and encodings of <paramref name="features"/>.</summary>
    /// <param name="channels">C, channels of the local map.</param>
    /// <param name="features">F, size of the encoding.</param>
    /// <param name="units">Hidden width and embedding size of both embeddings.</param>
    public LocalCritic(int channels, int features, int units)
        : base(nameof(LocalCritic))
    {
        local = DeepInfoMaxDiscriminators.Embedding(channels, units, featureMap: true);
        encoding = DeepInfoMaxDiscriminators.Embedding(features, units, featureMap: false);
        RegisterComponents();
    }

    /// <summary>
    /// Scores every location of every local map against every encoding:
    /// <c>S[i, j, l] = φ(C_l(x_i))ᵀ ψ(E(x_j))</c>. For each location l, <c>S[:, :, l]</c> is a score
    /// matrix in the toolkit's convention (rows: local features, columns: encodings, positives, the
    /// same image, on the diagonal).
    /// </summary>
    /// <param name="localMap">[K, C, H, W].</param>
    /// <param name="encodings">[K, F].</param>
    /// <returns>[K, K, H·W].</returns>
    public override Tensor forward(Tensor localMap, Tensor encodings)
    {
        if (localMap.dim() != 4 || encodings.dim() != 2 || localMap.shape[0] != encodings.shape[0])
        {
            throw new ArgumentException(
                $"the local critic scores K local maps [K, C, H, W] against K encodings [K, F]; got [{string.Join(", ", localMap.shape)}] and [{string.Join(", ", encodings.shape)}].");
        }

        var locations = local.call(localMap).flatten(2);   // [K, C, H, W] -> [K, D, H, W] -> [K, D, L]
        var embedded = encoding.call(encodings);          // [K, F] -> [K, D]
        return embedded.matmul(locations);                // [K_j, D] x [K_i, D, L] -> [K_i, K_j, L]
    }
}

/// <summary>The discriminators of Deep InfoMax, built from the sizes a generated model knows.</summary>
public static class DeepInfoMaxDiscriminators
{
    /// <summary>
    /// The global critic <c>f(C(x), E(y)) = g(C(x))ᵀ h(E(y))</c>: g reads the whole local map with two
    /// 3x3 convolutions (64 and 32 channels) and a residual MLP on the flattened result, h is a residual
    /// MLP on the encoding. The paper also convolves the map, but then concatenates it with the encoding
    /// and scores each pair with an MLP, which costs K² MLP passes per batch where the dot product costs
    /// one matrix product. Each convolution is layer-normalised before its ReLU: without that the
    /// encoder's changing feature scale drove g's ReLUs dead and g to a constant under the encoder's
    /// learning rate (checked on Fashion-MNIST: the Jensen-Shannon global MI stayed at 0).
    /// </summary>
    /// <param name="channels">C, channels of the local map.</param>
    /// <param name="height">H of the local map.</param>
    /// <param name="width">W of the local map.</param>
    /// <param name="features">F, size of the encoding.</param>
    /// <param name="units">Hidden width and embedding size.</param>
    public static SeparableCritic Global(int channels, int height, int width, int features, int units)
    {
        var g = nn.Sequential(
            ("conv1", nn.Conv2d(channels, 64, 3, padding: 1)),
            ("norm1", new ChannelLayerNorm(64)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(64, 32, 3, padding: 1)),
            ("norm2", new ChannelLayerNorm(32)),
            ("relu2", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("embedding", Embedding(32L * height * width, units, featureMap: false)));
        return new SeparableCritic(g, Embedding(features, units, featureMap: false));
    }

    /// <summary>
    /// A residual embedding, <c>W2(ReLU(W1 x)) + S x</c> with a linear shortcut S, where the W are 1x1
    /// convolutions for feature maps [N, C, H, W] (each location embedded on its own) and linear maps
    /// for vectors [N, C]. The shortcut keeps the scores varying with the input from the first step.
    /// </summary>
    /// <param name="input">Channels (or features) of the input.</param>
    /// <param name="units">Hidden width and output size.</param>
    /// <param name="featureMap">True for [N, C, H, W] inputs, false for [N, C].</param>
    public static Residual Embedding(long input, int units, bool featureMap)
    {
        nn.Module<Tensor, Tensor> Map(long from, long to) => featureMap ? nn.Conv2d(from, to, 1) : nn.Linear(from, to);
        return new Residual(nn.Sequential(("map1", Map(input, units)), ("relu", nn.ReLU()), ("map2", Map(units, units))), projection: Map(input, units));
    }

    /// <summary>The prior discriminator: an MLP with two hidden layers from an encoding [N, F] to a logit [N, 1] (positive: a prior sample).</summary>
    /// <param name="features">F, size of the encoding.</param>
    /// <param name="units">Hidden width.</param>
    public static nn.Module<Tensor, Tensor> Prior(int features, int units) => Mlp.Create(features, units, 2, 1);
}
