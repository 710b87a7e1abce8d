namespace Contrastive.FSharp

open TorchSharp

/// Pairs of known mutual information (Contrastive.Data.CorrelatedGaussians): x ~ N(0, I_d),
/// y = rho x + sqrt(1 - rho^2) eps, so I(X; Y) = -(d / 2) log(1 - rho^2) nats.
[<RequireQualifiedAccess>]
module CorrelatedGaussians =

    /// I(X; Y) in nats for correlation rho in each of `dimension` coordinates.
    let mutualInformation (dimension: int) (rho: float) =
        Contrastive.Data.CorrelatedGaussians.MutualInformation(rho, dimension)

    /// The correlation that gives `nats` of mutual information in `dimension` coordinates.
    let rhoFor (dimension: int) (nats: float) = Contrastive.Data.CorrelatedGaussians.RhoFor(nats, dimension)

    /// `batch` pairs drawn from `generator`: x and y, each [batch, dimension], float32.
    let sample (generator: torch.Generator) (batch: int) (dimension: int) (rho: float) =
        let struct (x, y) = Contrastive.Data.CorrelatedGaussians.Sample(batch, dimension, rho, generator)
        x, y

    /// The exact critic log p(x, y) / (p(x) p(y)) for every pair: [K, K] scores, positives on the diagonal.
    let logDensityRatio (rho: float) (x: torch.Tensor) (y: torch.Tensor) =
        Contrastive.Data.CorrelatedGaussians.LogDensityRatio(x, y, rho)
