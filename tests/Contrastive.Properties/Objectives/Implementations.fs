/// The code under test as a record of functions, so that every property takes the implementation as
/// a parameter: the real one in the property tests, a deliberately broken one in the mutation tests.
module Contrastive.Properties.Objectives.Implementations

open Contrastive.Objectives
open TorchSharp

type Tensor = torch.Tensor

type Objectives =
    { InfoNce: Tensor -> Tensor
      Nwj: Tensor -> Tensor
      DonskerVaradhan: Tensor -> Tensor
      JensenShannon: Tensor -> Tensor
      JensenShannonNwj: Tensor -> Tensor
      /// scores, log a(y_j) ([K] or a scalar)
      Tuba: Tensor -> Tensor -> Tensor
      /// scores, log q(y_j), alpha
      Interpolated: Tensor -> Tensor -> float -> Tensor
      /// scores, tau
      Smile: Tensor -> float -> Tensor
      /// A fresh MINE estimator with this momentum (stateful: one per sequence of batches).
      NewMine: float -> Mine
      /// scores, symmetric
      InfoNceLoss: Tensor -> bool -> Tensor
      /// z1, z2, temperature
      NtXent: Tensor -> Tensor -> float -> Tensor
      /// positive scores, negative scores, log q at the positives, log q at the negatives
      Nce: Tensor -> Tensor -> Tensor -> Tensor -> Tensor
      /// queries, keys, queue (read only), temperature
      MoCo: Tensor -> Tensor -> NegativeQueue -> float -> Tensor
      /// queries 1, queries 2, keys 1, keys 2, queue, temperature
      MoCoSymmetric: Tensor -> Tensor -> Tensor -> Tensor -> NegativeQueue -> float -> Tensor }

/// src/Contrastive/Objectives, as shipped.
let real =
    { InfoNce = MutualInformation.InfoNce
      Nwj = MutualInformation.Nwj
      DonskerVaradhan = MutualInformation.DonskerVaradhan
      JensenShannon = MutualInformation.JensenShannon
      JensenShannonNwj = MutualInformation.JensenShannonNwj
      Tuba = fun s b -> MutualInformation.Tuba(s, b)
      Interpolated = fun s q alpha -> MutualInformation.Interpolated(s, q, alpha)
      Smile = fun s tau -> MutualInformation.Smile(s, tau)
      NewMine = fun momentum -> Mine(momentum)
      InfoNceLoss = fun s symmetric -> Losses.InfoNce(s, symmetric)
      NtXent = fun z1 z2 tau -> Losses.NtXent(z1, z2, tau)
      Nce = fun p n pq nq -> Losses.Nce(p, n, pq, nq)
      MoCo = fun q k queue tau -> Losses.MoCo(q, k, queue, tau)
      MoCoSymmetric = fun q1 q2 k1 k2 queue tau -> Losses.MoCoSymmetric(q1, q2, k1, k2, queue, tau) }

/// Every estimator of I(X; Y) (and the InfoNCE losses), as a function of the scores and a
/// per-column log-baseline [K] (ignored by those that take none).
let everyScoreObjective (o: Objectives) : (string * (Tensor -> Tensor -> Tensor)) list =
    [ "InfoNCE", (fun s _ -> o.InfoNce s)
      "NWJ", (fun s _ -> o.Nwj s)
      "DV", (fun s _ -> o.DonskerVaradhan s)
      "JS", (fun s _ -> o.JensenShannon s)
      "JS-NWJ", (fun s _ -> o.JensenShannonNwj s)
      "TUBA", (fun s b -> o.Tuba s b)
      "I_alpha(0.3)", (fun s b -> o.Interpolated s b 0.3)
      "I_alpha(1)", (fun s b -> o.Interpolated s b 1.0)
      "SMILE(5)", (fun s _ -> o.Smile s 5.0)
      "MINE", (fun s _ -> (o.NewMine 0.9).Estimate s)
      "InfoNCE loss", (fun s _ -> o.InfoNceLoss s false)
      "symmetric InfoNCE loss", (fun s _ -> o.InfoNceLoss s true) ]

/// The estimators whose definition is symmetric under S -> S^T (constant baseline for TUBA).
let transposeInvariantObjectives (o: Objectives) : (string * (Tensor -> Tensor)) list =
    [ "NWJ", o.Nwj
      "DV", o.DonskerVaradhan
      "JS", o.JensenShannon
      "JS-NWJ", o.JensenShannonNwj
      "TUBA(log a = 0.7)", (fun s -> o.Tuba s (torch.tensor(0.7, dtype = torch.ScalarType.Float64)))
      "SMILE(5)", (fun s -> o.Smile s 5.0)
      "MINE", (fun s -> (o.NewMine 0.9).Estimate s)
      "symmetric InfoNCE loss", (fun s -> o.InfoNceLoss s true) ]
