namespace Contrastive.FSharp

open Contrastive.Data
open Contrastive.Evaluation.Probes
open Contrastive.Methods

/// Scores of a frozen encoder (Contrastive.Evaluation.Probes): features, linear probe, weighted kNN.
[<RequireQualifiedAccess>]
module Evaluation =

    /// The features `model` gives every image of `data` (eval mode, no gradients); the tensors
    /// belong to the caller's dispose scope.
    let features (model: SelfSupervisedMethod) (data: ImageDataset) = RepresentationEvaluation.Extract(model, data)

    /// A linear probe (standardised features, L-BFGS, L2 penalty chosen on held-out training points)
    /// fitted on `train`, scored on `test`; `seed` draws the held-out points.
    let linearProbe (seed: int64) (classes: int) (train: FeatureSet) (test: FeatureSet) =
        LinearProbe.Evaluate(train, test, classes, seed)

    /// Weighted kNN accuracy (k = 200, tau = 0.1) of `test` against `train`.
    let knn (classes: int) (train: FeatureSet) (test: FeatureSet) = KnnClassifier.Accuracy(train, test, classes)

    /// Linear probe and kNN of `model`'s features, fitted on the training split, scored on the test split.
    let score (seed: int64) (model: SelfSupervisedMethod) (splits: Splits) =
        RepresentationEvaluation.Score(model, splits.Train, splits.Test, seed)

    /// The trained model's scores beside those of the same model at its initial weights.
    let compare (seed: int64) (trained: SelfSupervisedMethod) (initial: SelfSupervisedMethod) (splits: Splits) =
        RepresentationEvaluation.Compare(trained, initial, splits.Train, splits.Test, seed)
