namespace Contrastive.FSharp

open TorchSharp
open Contrastive.Objectives

/// Contrastive losses to minimise (Contrastive.Objectives.Losses), settings first and tensors last.
[<RequireQualifiedAccess>]
module Losses =

    /// InfoNCE over K x K scores (positives on the diagonal): log K - MutualInformation.infoNce.
    let infoNce (scores: torch.Tensor) = Contrastive.Objectives.Losses.InfoNce(scores, false)

    /// InfoNCE averaged over both directions (rows and columns), as CLIP does.
    let infoNceSymmetric (scores: torch.Tensor) = Contrastive.Objectives.Losses.InfoNce(scores, true)

    /// NT-Xent (SimCLR) between two views' embeddings [N, d] at temperature tau.
    let ntXent (temperature: float) (z1: torch.Tensor) (z2: torch.Tensor) =
        Contrastive.Objectives.Losses.NtXent(z1, z2, temperature)

    /// Noise-contrastive estimation: data scores [B] against noise scores [B, k], with the noise
    /// log-densities at both.
    let nce (positiveNoiseLogDensity: torch.Tensor) (negativeNoiseLogDensity: torch.Tensor)
            (positiveScores: torch.Tensor) (negativeScores: torch.Tensor) =
        Contrastive.Objectives.Losses.Nce(positiveScores, negativeScores, positiveNoiseLogDensity, negativeNoiseLogDensity)

    /// MoCo's InfoNCE of queries against their keys and the queue's negatives. The queue is only
    /// read: enqueue the keys afterwards (`queue.Enqueue`), so a key is never its own negative.
    let moco (temperature: float) (queue: NegativeQueue) (queries: torch.Tensor) (keys: torch.Tensor) =
        Contrastive.Objectives.Losses.MoCo(queries, keys, queue, temperature)
