namespace Contrastive.FSharp

open Contrastive.Augment
open Contrastive.Evaluation.Probes
open Contrastive.Methods
open Contrastive.Training

/// Data with the views a method will train on: the pipeline's first stage.
type Prepared = { Data: Splits; Views: ViewPipeline }

/// A trained model, the options it trained with (the spec's with the settings' changes) and how
/// the run ended.
type Trained =
    { Data: Splits
      Views: ViewPipeline
      Model: SelfSupervisedMethod
      Options: TrainOptions
      Summary: TrainingSummary }

/// A trained model and its scores on the test split.
type Evaluated = { Trained: Trained; Scores: EncoderScores }

/// "load data → make views → train → evaluate" as one chain of functions:
///
///     use data = Data.splits "fashion-mnist"
///     let result =
///         data
///         |> Pipeline.withViews options.Augment
///         |> Pipeline.train settings options.Train model
///         |> Pipeline.evaluate
///
/// Each stage calls one part of the runtime and keeps what the next needs.
[<RequireQualifiedAccess>]
module Pipeline =

    /// The views each training image gets.
    let withViews (views: ViewPipeline) (data: Splits) : Prepared = { Data = data; Views = views }

    /// Trains `model` on the training split (Training.run).
    let train (settings: TrainSettings) (spec: TrainOptions) (model: SelfSupervisedMethod) (prepared: Prepared) : Trained =
        let summary = Training.run settings prepared.Views spec model prepared.Data.Train
        { Data = prepared.Data
          Views = prepared.Views
          Model = model
          Options = Training.options settings spec
          Summary = summary }

    /// Scores the trained encoder on the test split, with the run's seed.
    let evaluate (trained: Trained) : Evaluated =
        { Trained = trained
          Scores = Evaluation.score trained.Options.Seed trained.Model trained.Data }
