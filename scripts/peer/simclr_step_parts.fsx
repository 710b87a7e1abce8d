// Where the time of one SimClrFashion training step goes (a measurement for docs/BENCHMARKS.md):
// the parts of the step Trainer.Run makes, timed one by one with Stopwatch on a batch of 256 random
// 1 x 28 x 28 images, 2 threads by default. Run from the repository root after `dotnet build -c Release`:
//     dotnet fsi scripts/peer/simclr_step_parts.fsx [REPEATS=10] [THREADS=2]
#r "../../src/Contrastive.Cli/bin/Release/net10.0/TorchSharp.dll"
#r "../../src/Contrastive.Cli/bin/Release/net10.0/Contrastive.dll"
#r "../../src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Models.dll"

open System.Diagnostics
open Contrastive.Augment
open Contrastive.Models
open Contrastive.Native
open Contrastive.Objectives
open Contrastive.Training
open TorchSharp

TorchRuntime.EnsureLoaded()
let args = fsi.CommandLineArgs |> Array.skip 1
let repeats = if args.Length > 0 then int args.[0] else 10
let threads = if args.Length > 1 then int args.[1] else 2
torch.set_num_threads threads

let model = new SimClrFashion()
model.train ()
let options = SimClrFashionOptions()
let views = ViewMaker(options.Augment, 1L, 28L, 28L)
let optimizer = OptimizerFactory.Create(model, options.Train.Optimizer)
let generator = new torch.Generator(1UL)
let images = torch.rand([| 256L; 1L; 28L; 28L |], generator = generator)

let median (xs: float[]) = (Array.sort xs).[xs.Length / 2]

/// Median milliseconds of `part` over `repeats` calls after 2 untimed ones, each in its own dispose scope.
let time name (part: unit -> unit) =
    let run () =
        use _ = torch.NewDisposeScope()
        let clock = Stopwatch.StartNew()
        part ()
        clock.Elapsed.TotalMilliseconds
    run () |> ignore
    run () |> ignore
    let ms = Array.init repeats (fun _ -> run ())
    printfn "%-44s median %8.1f ms   fastest %8.1f ms" name (median ms) (Array.min ms)
    median ms

let first, second =
    let struct (a, b) = views.MakeTwoViews(images, generator)
    a.DetachFromDisposeScope(), b.DetachFromDisposeScope()

printfn "SimClrFashion, batch 256, %d threads, %d repeats; load average %s" threads repeats (System.IO.File.ReadAllText("/proc/loadavg").Trim())
let tViews = time "two views (ViewMaker.MakeTwoViews)" (fun () -> views.MakeTwoViews(images, generator) |> ignore)
let tEncFwd = time "encoder forward, one view (no grad)" (fun () -> use _ = torch.no_grad() in model.Encoder.call(first) |> ignore)
let tEncFwdBwd = time "encoder forward+backward, one view" (fun () -> model.Encoder.call(first).sum().backward())
let tConv1 = time "  conv1 (1->32) forward+backward alone" (fun () ->
    let x = first.clone().requires_grad_(true)
    let conv = model.Encoder.named_modules() |> Seq.find (fun struct (n, _) -> n = "conv1") |> fun struct (_, m) -> m :?> torch.nn.Module<torch.Tensor, torch.Tensor>
    conv.call(x).sum().backward())
let tLoss = time "embed both views + NT-Xent forward+backward" (fun () ->
    Losses.NtXent(model.Embed(first), model.Embed(second), 0.2).backward())
let tStep = time "whole step (zero_grad, TrainingStep, backward, Adam)" (fun () ->
    optimizer.zero_grad ()
    let result = model.TrainingStep(images, views, generator)
    result.Loss.item<float32>() |> ignore
    result.Loss.backward ()
    optimizer.step () |> ignore)
let tAdam = time "Adam step alone" (fun () -> optimizer.step () |> ignore)
printfn "views are %.0f%% of the step; encoder forward+backward x2 is %.0f%%; images/s of the whole step: %.0f"
    (100.0 * tViews / tStep) (100.0 * 2.0 * tEncFwdBwd / tStep) (256.0 * 1000.0 / tStep)
