// Estimates mutual information with the F# functions and runs load → views → train → evaluate on the
// Fashion-MNIST subset that the Contrastive package copies into this output, with a SimCLR built from
// TorchSharp modules. Prints each check and exits with 1 when one fails.
open System
open System.IO
open TorchSharp
open Contrastive.Augment
open Contrastive.Data
open Contrastive.Methods
open Contrastive.Training
open Contrastive.FSharp

let mutable failures = 0

let check holds (what: string) =
    printfn "%s: %s" (if holds then "ok" else "FAILED") what
    if not holds then failures <- failures + 1

let estimates () =
    // The exact critic on 2 nats of correlated Gaussians: InfoNCE lands a little below the truth (its
    // bound is log K = 5.5 nats for K = 256); NWJ is unbiased but noisier.
    use _ = Torch.scope ()
    use generator = Torch.generator 3L
    let rho = CorrelatedGaussians.rhoFor 4 2.0
    let x, y = CorrelatedGaussians.sample generator 256 4 rho
    let scores = CorrelatedGaussians.logDensityRatio rho x y
    Torch.toFloat (MutualInformation.infoNce scores), Torch.toFloat (MutualInformation.nwj scores)

let pipeline () =
    // Only the subset shipped in the package: the checks must not depend on what else this machine has.
    let missing = Path.Combine(AppContext.BaseDirectory, "no-such-folder")
    use full = Data.splitsFrom (DataLocations(null, missing, missing, DataLocations.BundledRoot)) "fashion-mnist"
    check (full.Train.Count = 10_000L && full.Test.Count = 2_000L)
        (sprintf "the package's Fashion-MNIST subset is in the output (%d + %d images)" full.Train.Count full.Test.Count)
    use generator = Torch.generator 5L
    use data = Data.sampleSplits generator 1_000L 500L full
    use model =
        Torch.seeded 5L (fun () ->
            let encoder =
                torch.nn.Sequential(
                    torch.nn.Conv2d(1L, 16L, 3L, stride = 2L, padding = 1L), torch.nn.ReLU(),
                    torch.nn.Conv2d(16L, 32L, 3L, stride = 2L, padding = 1L), torch.nn.ReLU(),
                    torch.nn.AdaptiveAvgPool2d(1L), torch.nn.Flatten())
            new SimClr(SimClrSettings(0.3, NegativeSampling.InBatch, false), encoder, torch.nn.Linear(32L, 16L), 16))
    let run = Path.Combine(Path.GetTempPath(), "contrastive-consumer-fs-" + Guid.NewGuid().ToString("N"))
    let settings = { Training.defaults with RunDirectory = run; MaxSteps = Some 5L; TensorBoard = false }
    let result =
        data
        |> Pipeline.withViews (Views.pipeline [ RandomResizedCrop(MinScale = 0.5); HorizontalFlip() ])
        |> Pipeline.train settings (TrainOptions(BatchSize = 64, Epochs = 1, Seed = 5L)) model
        |> Pipeline.evaluate
    Directory.Delete(run, true)
    let summary = result.Trained.Summary
    check (summary.Steps = 5L && Double.IsFinite summary.FinalLoss) (sprintf "trained 5 steps (final loss %.3f)" summary.FinalLoss)
    // Ten classes: chance is 10%; untrained convolutional features already give far more.
    check (result.Scores.LinearProbe.TestAccuracy > 0.3)
        (sprintf "linear probe %.1f%%, kNN %.1f%% on %d test images"
            (100.0 * result.Scores.LinearProbe.TestAccuracy) (100.0 * result.Scores.Knn) data.Test.Count)

[<EntryPoint>]
let main _ =
    Torch.ensureLoaded ()
    let infoNce, nwj = estimates ()
    check (infoNce > 1.5 && infoNce < 2.2) (sprintf "InfoNCE with the exact critic: %.3f nats of 2" infoNce)
    check (nwj > 1.0 && nwj < 3.0) (sprintf "NWJ with the exact critic: %.3f nats of 2" nwj)
    pipeline ()
    printfn "%s" (if failures = 0 then "consumer: every check holds" else sprintf "consumer: %d check(s) failed" failures)
    if failures = 0 then 0 else 1
