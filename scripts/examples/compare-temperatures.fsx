// Compares two temperatures of NT-Xent on the generated model SimClrFashion: both runs start from the
// same initial weights and see the same batches and views, so the temperature is the only difference.
// Prints each run's final loss, its positive top-1 (the share of views whose nearest other view is
// their positive) and its linear-probe and kNN accuracy, and draws the training curves as a PNG.
// Losses at different temperatures are on different scales; positive top-1 is comparable.
//
// Run from the repository root after one `dotnet build`:
//     DOTNET_gcConcurrent=0 dotnet fsi scripts/examples/compare-temperatures.fsx
// Settings (defaults in brackets): --low [0.1] --high [0.5] temperatures, --steps [200] per run,
//     --batch-size [the spec's, 256] --seed [the spec's] --probe-train [all] --probe-test [all]
//     --out [runs/examples/temperatures-<time>] (run folders and temperatures.png)
// Tiny: dotnet fsi scripts/examples/compare-temperatures.fsx --steps 5 --batch-size 32 --probe-train 1000 --probe-test 500
#load "Example.fsx"
#r "../../models/bin/Debug/net10.0/Contrastive.Models.dll"

open System.IO
open Example
open Contrastive.FSharp
open Contrastive.Models

let spec = SimClrFashionOptions()
let temperatures = [ Example.float "low" 0.1; Example.float "high" 0.5 ]
let steps = Example.long "steps" 200L
let batchSize = Example.int "batch-size" spec.Train.BatchSize
let seed = Example.long "seed" spec.Train.Seed
let probeTrain = Example.long "probe-train" 0L
let probeTest = Example.long "probe-test" 0L
let out = Example.text "out" (sprintf "runs/examples/temperatures-%s" (System.DateTime.Now.ToString "yyyyMMdd-HHmmss"))
Example.checkAllRead ()

/// One temperature's run: its curves and scores.
type Outcome =
    { Temperature: float
      Losses: (float * float) list
      Top1: (float * float) list
      Probe: float
      Knn: float }

let main () =
    Torch.ensureLoaded ()
    use data = Data.splits spec.Train.Data
    use probeData = Example.probeSplits seed probeTrain probeTest data
    printfn "%O" data.Train

    // Each run builds the model on the same seed (the same initial weights) and trains it through the
    // runtime's TrainingRun, with the temperature as the one override.
    let train (temperature: float) =
        let top1 = ResizeArray<float * float>()
        let settings =
            { Training.defaults with
                RunDirectory = Path.Combine(out, sprintf "tau-%g" temperature)
                MaxSteps = Some steps
                BatchSize = Some batchSize
                Seed = Some seed
                TensorBoard = false
                OnProgress = fun p -> top1.Add(float p.Step, p.Metrics.["positive-top1"]) }
        printfn "temperature %g: training %d steps" temperature steps
        use run = Run.startWith ModelRegistry.All "SimClrFashion" [ sprintf "objective.temperature=%s" (System.Convert.ToString(temperature, System.Globalization.CultureInfo.InvariantCulture)) ] settings
        let summary, _ = Run.train run
        let scores = Evaluation.score seed run.Model probeData
        { Temperature = temperature
          Losses = summary.Losses |> Seq.map (fun struct (step, loss) -> float step, loss) |> List.ofSeq
          Top1 = List.ofSeq top1
          Probe = scores.LinearProbe.TestAccuracy
          Knn = scores.Knn }

    let runs = temperatures |> List.map train
    printfn "%-12s %12s %16s %14s %10s" "temperature" "final loss" "positive top-1" "linear probe" "kNN"
    for run in runs do
        // Positive top-1 over the last tenth of the run: one batch's value is noisy.
        let tail = run.Top1 |> List.skip (run.Top1.Length - max 1 (run.Top1.Length / 10)) |> List.averageBy snd
        printfn "%-12g %12.4f %15.1f%% %13.2f%% %9.2f%%"
            run.Temperature (snd (List.last run.Losses)) (100.0 * tail) (100.0 * run.Probe) (100.0 * run.Knn)

    let curve (pick: Outcome -> (float * float) list) (run: Outcome) =
        Plot.line (sprintf "tau = %g" run.Temperature) (pick run |> List.map fst) (pick run |> List.map snd)
    let figure = Path.Combine(out, "temperatures.png")
    [ Plot.panel "NT-Xent loss" "step" "loss" (runs |> List.map (curve (fun r -> r.Losses)))
      Plot.panel "positive top-1" "step" "share of views" (runs |> List.map (curve (fun r -> r.Top1))) ]
    |> Plot.save figure 2
    printfn "wrote %s" figure

main ()
