namespace Contrastive.FSharp

open System.Globalization
open Contrastive.Augment
open Contrastive.Data
open Contrastive.Methods
open Contrastive.Training

/// How a run is carried out from F#: where it writes, how long it runs, and changes to the spec's
/// training options (None keeps the spec's value). Copy and update `Training.defaults`.
type TrainSettings =
    { /// The run's folder: checkpoints, metrics.jsonl, TensorBoard events. Required.
      RunDirectory: string
      /// Stop after this many steps even if the epochs are not done.
      MaxSteps: int64 option
      /// Passes over the training set, instead of the spec's.
      Epochs: int option
      /// Images per batch, instead of the spec's.
      BatchSize: int option
      /// Seed of the data order and the views (and of evaluation's held-out split), instead of the spec's.
      Seed: int64 option
      /// Base learning rate, instead of the spec's.
      LearningRate: float option
      /// Steps between checkpoints (one is always written at the end).
      CheckpointEvery: int
      /// Steps between lines of metrics.jsonl.
      LogEvery: int
      /// Largest global gradient norm; 0 turns clipping off.
      ClipGradientNorm: float
      /// Write TensorBoard event files.
      TensorBoard: bool
      /// Continue from the newest checkpoint in RunDirectory when there is one.
      Resume: bool
      /// Where the run computes: "cpu", "cuda" or "cuda:N", read by the runtime's DeviceChoice (as --device is).
      Device: string
      /// Told after every step, on the training thread.
      OnProgress: TrainingProgress -> unit }

/// Training runs (Contrastive.Training.Trainer): seeded epochs, one dispose scope per step,
/// checkpoints, metrics.
[<RequireQualifiedAccess>]
module Training =

    // The runtime's own defaults, so this module restates none of them.
    let private runtime = TrainerSettings(RunDirectory = ".")

    /// Every setting at the runtime's default; RunDirectory is empty and must be set.
    let defaults =
        { RunDirectory = ""
          MaxSteps = runtime.MaxSteps |> Option.ofNullable
          Epochs = None
          BatchSize = None
          Seed = None
          LearningRate = None
          CheckpointEvery = runtime.CheckpointEvery
          LogEvery = runtime.LogEvery
          ClipGradientNorm = runtime.ClipGradientNorm
          TensorBoard = runtime.TensorBoard
          Resume = runtime.Resume
          Device = "cpu"   // the runtime's default; not read from it here, which would touch libtorch before it loads
          OnProgress = ignore }

    /// The settings' changes to the spec's training options, as "key=value" assignments with the
    /// spec's keys under `train` ("batch-size=16"), in the invariant culture (doubles round-trip exactly).
    let assignments (settings: TrainSettings) : string list =
        let change key value = value |> Option.map (fun v -> key + "=" + System.Convert.ToString(box v, CultureInfo.InvariantCulture))
        [ change "epochs" settings.Epochs
          change "batch-size" settings.BatchSize
          change "seed" settings.Seed
          change "optimizer.lr" settings.LearningRate ]
        |> List.choose id

    /// The spec's training options with the settings' changes, checked by the runtime.
    let options (settings: TrainSettings) (spec: TrainOptions) : TrainOptions =
        let changes = assignments settings
        if List.isEmpty changes then spec else Options.setAll changes spec

    /// How the runtime carries out a run with these settings (Contrastive.Training.TrainerSettings).
    let trainerSettings (settings: TrainSettings) =
        TrainerSettings(
            RunDirectory = settings.RunDirectory,
            MaxSteps = Option.toNullable settings.MaxSteps,
            CheckpointEvery = settings.CheckpointEvery,
            LogEvery = settings.LogEvery,
            ClipGradientNorm = settings.ClipGradientNorm,
            TensorBoard = settings.TensorBoard,
            Resume = settings.Resume,
            Device = DeviceChoice.Resolve(settings.Device))

    /// The runtime's trainer for `model` on `data`, ready to Run (or to subscribe to first).
    let trainer (settings: TrainSettings) (views: ViewPipeline) (spec: TrainOptions) (model: SelfSupervisedMethod) (data: ImageDataset) =
        let trainer = Trainer(model, data, views, options settings spec, trainerSettings settings)
        trainer.add_Progress(System.Action<TrainingProgress> settings.OnProgress)
        trainer

    /// Trains `model` on `data` with the views and the spec's options changed by `settings`.
    let run (settings: TrainSettings) (views: ViewPipeline) (spec: TrainOptions) (model: SelfSupervisedMethod) (data: ImageDataset) : TrainingSummary =
        (trainer settings views spec model data).Run()

    /// A progress callback that prints a line every `every` steps and at the last one.
    let printEvery (every: int64) (progress: TrainingProgress) =
        if progress.Step % every = 0L || progress.Step = progress.TotalSteps then
            let metrics =
                progress.Metrics
                |> Seq.map (fun m -> sprintf "  %s %.3f" m.Key m.Value)
                |> String.concat ""
            printfn "step %d/%d  loss %.4f  lr %.3g  %.0f img/s%s"
                progress.Step progress.TotalSteps progress.Loss progress.LearningRate progress.InputsPerSecond metrics
