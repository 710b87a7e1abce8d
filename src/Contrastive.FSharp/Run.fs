namespace Contrastive.FSharp

open Contrastive.Data
open Contrastive.Methods
open Contrastive.Training.Runs

/// Runs of a generated model by name (Contrastive.Training.Runs.TrainingRun), the workflow the
/// `contrastive` command runs: seed → build → data in the model's shape → train → plots → scores
/// beside the initial weights → results.json, in one run folder:
///
///     use run = Run.start ModelRegistry.All "SimClrFashion" settings
///     let summary = Run.train run
///     let report = Run.evaluate run
///     Run.writeResults summary report run
///
/// A run owns its model and its training data: `use` it.
[<RequireQualifiedAccess>]
module Run =

    let private told (settings: TrainSettings) (run: TrainingRun) =
        run.add_Progress(System.Action<Contrastive.Training.TrainingProgress> settings.OnProgress)
        run

    /// Starts a run like `start`, with `overrides` of the spec's other options first, as `--set` takes
    /// them ("objective.temperature=0.1"); the settings' changes to the training options come after.
    let startWith (models: ModelInfo seq) (name: string) (overrides: string list) (settings: TrainSettings) : TrainingRun =
        let all = overrides @ (Training.assignments settings |> List.map (fun a -> "train." + a))
        TrainingRun.Start(Seq.toArray models, name, all, Training.trainerSettings settings) |> told settings

    /// Starts a run of the model called `name` in `models` (a generated `ModelRegistry.All`) in
    /// `settings.RunDirectory`, with the settings' changes to its training options; `settings.OnProgress`
    /// is told every step.
    let start (models: ModelInfo seq) (name: string) (settings: TrainSettings) : TrainingRun = startWith models name [] settings

    /// Continues the run in `settings.RunDirectory` from its newest checkpoint, with the options it was
    /// started with (the settings' changes to the training options are not applied).
    let resume (models: ModelInfo seq) (settings: TrainSettings) : TrainingRun =
        TrainingRun.Resume(Seq.toArray models, Training.trainerSettings settings) |> told settings

    /// A finished run (a run folder, or one of its checkpoints/step-* folders) at its checkpoint's weights.
    let read (models: ModelInfo seq) (path: string) : TrainingRun = TrainingRun.Open(Seq.toArray models, path)

    /// Trains until the epochs or the step cap end, then draws loss.png and the method's own plots;
    /// returns how the run ended and the plots it could not draw (no font), each saying why.
    let train (run: TrainingRun) =
        let summary = run.Train()
        summary, List.ofSeq (run.DrawPlots summary)

    /// Linear probe and kNN of the run's model beside the same model at its initial weights, on the
    /// run's dataset (fitted on the training split, scored on the test split).
    let evaluate (run: TrainingRun) = run.Evaluate()

    /// The same scores on splits of the caller's, e.g. a sample of each (Data.sampleSplits).
    let evaluateOn (splits: Splits) (run: TrainingRun) = run.Evaluate(splits.Train, splits.Test)

    /// Writes results.json into the run folder.
    let writeResults summary report (run: TrainingRun) = run.WriteResults(summary, report)

    /// One split of the run's dataset in the model's input shape; the caller disposes it.
    let load (split: DataSplit) (run: TrainingRun) : IDataset = run.Load split
