// Trains the generated model SimClrFashion (models/simclr-fashion.model.yaml) for a few hundred steps
// on Fashion-MNIST (whichever copy `contrastive data` finds; the bundled subset otherwise), then
// scores its frozen encoder with a linear probe and kNN beside the same model at its initial weights.
//
// Run from the repository root after one `dotnet build`:
//     DOTNET_gcConcurrent=0 dotnet fsi scripts/examples/train-probe.fsx
// Settings (defaults in brackets): --steps [300] --batch-size [the spec's, 256] --seed [the spec's]
//     --probe-train [all] --probe-test [all] images the probes use, --out [runs/examples/train-probe-<time>]
// Tiny, as CI runs it:
//     dotnet fsi scripts/examples/train-probe.fsx --steps 5 --batch-size 32 --probe-train 1000 --probe-test 500
#load "Example.fsx"
#r "../../models/bin/Debug/net10.0/Contrastive.Models.dll"

open Example
open Contrastive.FSharp
open Contrastive.Models

let spec = SimClrFashionOptions()
let steps = Example.long "steps" 300L
let batchSize = Example.int "batch-size" spec.Train.BatchSize
let seed = Example.long "seed" spec.Train.Seed
let probeTrain = Example.long "probe-train" 0L
let probeTest = Example.long "probe-test" 0L
let out = Example.text "out" (sprintf "runs/examples/train-probe-%s" (System.DateTime.Now.ToString "yyyyMMdd-HHmmss"))
Example.checkAllRead ()

let main () =
    Torch.ensureLoaded ()
    let settings =
        { Training.defaults with
            RunDirectory = out
            MaxSteps = Some steps
            BatchSize = Some batchSize
            Seed = Some seed
            OnProgress = Training.printEvery (max 1L (steps / 10L)) }

    // The run builds the model on its seed, loads the data in the model's input shape and trains, as
    // `contrastive train` does; its scores set the model beside the same model at its initial weights.
    use run = Run.start ModelRegistry.All "SimClrFashion" settings
    printfn "%O" run.TrainData
    let summary, problems = Run.train run
    problems |> List.iter (printfn "warning: %s")
    let struct (_, firstLoss) = Seq.head summary.Losses
    printfn "trained %d steps in %.0f s; loss %.4f -> %.4f" summary.Steps summary.Seconds firstLoss summary.FinalLoss

    // The probes fit on all of each split unless told to use fewer images (quicker, a little noisier).
    use data = Data.splits spec.Train.Data
    use probeData = Example.probeSplits seed probeTrain probeTest data
    let report = Run.evaluateOn probeData run
    printfn "linear probe %.2f%% (initial weights %.2f%%), kNN %.2f%% (initial weights %.2f%%), on %d training and %d test images"
        (100.0 * report.Trained.LinearProbe.TestAccuracy) (100.0 * report.RandomInit.LinearProbe.TestAccuracy)
        (100.0 * report.Trained.Knn) (100.0 * report.RandomInit.Knn) report.TrainCount report.TestCount

main ()
