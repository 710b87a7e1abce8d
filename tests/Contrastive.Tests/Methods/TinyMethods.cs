using Contrastive.Augment;
using Contrastive.Methods;
using Contrastive.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Methods;

/// <summary>
/// Small instances of the view methods for exact checks: images of [1, 2, 2] pixels flattened into
/// four features, float64 linear parts, and views that are the images themselves, so every number a
/// method computes can be recomputed by hand in the test.
/// </summary>
internal static class TinyMethods
{
    public const int Pixels = 4;
    public const int Features = 3;
    public const int Embedding = 2;

    /// <summary>Views equal to the images: a step's inputs are known exactly.</summary>
    public static ViewMaker IdentityViews { get; } = new(ViewPipeline.Identity, 1, 2, 2);

    public static nn.Module<Tensor, Tensor> Encoder(long seed, ScalarType dtype = ScalarType.Float64)
    {
        random.manual_seed(seed);
        return nn.Sequential(("flatten", nn.Flatten()), ("linear", nn.Linear(Pixels, Features, dtype: dtype)));
    }

    public static nn.Module<Tensor, Tensor> Head(int input, int output, long seed, ScalarType dtype = ScalarType.Float64)
    {
        random.manual_seed(seed);
        return nn.Sequential(("linear", nn.Linear(input, output, dtype: dtype)));
    }

    public static Tensor Images(long count, ulong seed) => rand(new[] { count, 1L, 2, 2 }, dtype: ScalarType.Float64, generator: new Generator(seed));

    public static TrainingBatch Batch(Tensor images, long firstIndex = 0) =>
        new(images, arange(firstIndex, firstIndex + images.shape[0], dtype: ScalarType.Int64));

    public static TinyMoCo MoCo(int queue = 8, double momentum = 0.9, MomentumSchedule schedule = MomentumSchedule.Constant, bool symmetric = false, ScalarType dtype = ScalarType.Float64) =>
        new(Encoder(1, dtype), Head(Features, Embedding, 2, dtype), Encoder(3, dtype), Head(Features, Embedding, 4, dtype), queue, new TargetMomentum(momentum, schedule), symmetric);

    public static TinyByol Byol(double momentum = 0.9, ScalarType dtype = ScalarType.Float64) =>
        new(Encoder(1, dtype), Head(Features, Embedding, 2, dtype), Head(Embedding, Embedding, 5, dtype), Encoder(3, dtype), Head(Features, Embedding, 4, dtype), new TargetMomentum(momentum, MomentumSchedule.Constant));

    public static TinySimSiam SimSiam() => new(Encoder(1), Head(Features, Embedding, 2), Head(Embedding, Embedding, 5));

    public static TinySimClr SimClr(NegativeSampling negatives, bool decoupled = false, double temperature = 0.5, ScalarType dtype = ScalarType.Float64) =>
        new(Encoder(1, dtype), Head(Features, Embedding, 2, dtype), temperature, negatives, decoupled);

    internal sealed class TinyMoCo(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> projector, nn.Module<Tensor, Tensor> targetEncoder, nn.Module<Tensor, Tensor> targetProjector, int queue, TargetMomentum momentum, bool symmetric)
        : Contrastive.Methods.MoCo(nameof(TinyMoCo), new MoCoSettings(0.5, queue, momentum, symmetric), encoder, projector, targetEncoder, targetProjector, Embedding);

    internal sealed class TinyByol(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> projector, nn.Module<Tensor, Tensor> predictor, nn.Module<Tensor, Tensor> targetEncoder, nn.Module<Tensor, Tensor> targetProjector, TargetMomentum momentum)
        : Contrastive.Methods.Byol(nameof(TinyByol), new ByolSettings(momentum), encoder, projector, predictor, targetEncoder, targetProjector);

    internal sealed class TinySimSiam(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> projector, nn.Module<Tensor, Tensor> predictor)
        : Contrastive.Methods.SimSiam(nameof(TinySimSiam), new SimSiamSettings(), encoder, projector, predictor);

    internal sealed class TinySimClr(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> projector, double temperature, NegativeSampling negatives, bool decoupled)
        : Contrastive.Methods.SimClr(nameof(TinySimClr), new SimClrSettings(temperature, negatives, decoupled), encoder, projector, Embedding);

    /// <summary>
    /// Deep InfoMax on [1, 2, 2] images: the local map is a 1x1 convolution to 3 channels ([3, 2, 2],
    /// four locations), the encoding a linear map of its ReLU to 3 features; discriminators 8 wide.
    /// </summary>
    public static TinyDim Dim(MiEstimator estimator = MiEstimator.InfoNce, double alpha = 0.5, double beta = 1.0, double gamma = 0.0,
        PriorDistribution prior = PriorDistribution.Uniform, ScalarType dtype = ScalarType.Float64, long seed = 1)
    {
        random.manual_seed(seed);
        var model = new TinyDim(new TinyDimEncoder(), estimator, alpha, beta, gamma, prior);
        model.to(dtype);
        return model;
    }

    internal sealed class TinyDimEncoder : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Conv2d local = nn.Conv2d(1, 3, 1);
        private readonly TorchSharp.Modules.Linear linear = nn.Linear(12, 3);

        public TinyDimEncoder()
            : base(nameof(TinyDimEncoder)) => RegisterComponents();

        public (Tensor Local, Tensor Output) ForwardWithTaps(Tensor x)
        {
            var map = local.call(x);                                          // [N, 3, 2, 2]
            return (map, linear.call(nn.functional.relu(map).flatten(1)));    // [N, 12] -> [N, 3]
        }

        public override Tensor forward(Tensor x) => ForwardWithTaps(x).Output;
    }

    internal sealed class TinyDim(TinyDimEncoder encoder, MiEstimator estimator, double alpha, double beta, double gamma, PriorDistribution prior)
        : DeepInfoMax(nameof(TinyDim), new DeepInfoMaxSettings(estimator, alpha, beta, gamma, prior, PriorLearningRate: 0.01, DiscriminatorUnits: 8),
            encoder, DeepInfoMaxFeatures.Select(encoder.ForwardWithTaps, taps => taps.Local, taps => taps.Output), 3, 2, 2, 3)
    {
        public TinyDimEncoder Encoder { get; } = encoder;
    }

    /// <summary>Parameters by name, detached copies.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
