// What limits the SimClrFashion linear probe? Compares, on the same trained checkpoint, the probe on the
// 128 globally pooled features (what `train` reports) with the probe on the last conv map pooled to
// 3 x 3 (1,152 features, spatial layout kept), for the trained and the initial weights, and raw pixels.
// Run after a Release build, from the repository root:
//   dotnet fsi scripts/experiments/probe-spatial-features.fsx <run-folder>/checkpoints/step-NNNNNNNN
#r "../../src/Contrastive.Cli/bin/Release/net10.0/TorchSharp.dll"
#r "../../src/Contrastive.Cli/bin/Release/net10.0/Contrastive.dll"
#r "../../src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Models.dll"

open TorchSharp
open Contrastive.Data
open Contrastive.Evaluation.Probes
open Contrastive.Models

Contrastive.Native.TorchRuntime.EnsureLoaded()
torch.set_num_threads 2
let checkpoint = fsi.CommandLineArgs.[1]

let train = Datasets.Load("fashion-mnist", DataSplit.Train)
let test = Datasets.Load("fashion-mnist", DataSplit.Test)

/// Features of every image: `pick` maps a batch of images and the encoder's taps to [B, F].
let extract (model: SimClrFashion) (data: ImageDataset) (pick: torch.Tensor -> SimClrFashionEncoderTaps -> torch.Tensor) =
    use _ = torch.no_grad()
    let chunks =
        [ for start in 0L .. 512L .. data.Count - 1L do
            use scope = torch.NewDisposeScope()
            let struct (images, _) = data.Batch(torch.arange(start, min (start + 512L) data.Count))
            let taps = model.Encoder.ForwardWithTaps(images)
            yield scope.MoveToOuter(pick images taps) ]
    FeatureSet(torch.cat(List.toArray chunks, 0L), data.Labels.clone())

let pooled (_: torch.Tensor) (taps: SimClrFashionEncoderTaps) = taps.Output
let spatial (_: torch.Tensor) (taps: SimClrFashionEncoderTaps) = torch.nn.functional.adaptive_avg_pool2d(taps.Local, [| 3L; 3L |]).flatten(1)
let pixels (images: torch.Tensor) (_: SimClrFashionEncoderTaps) = images.flatten(1)

let probe name (model: SimClrFashion) pick =
    let timer = System.Diagnostics.Stopwatch.StartNew()
    let result = LinearProbe.Evaluate(extract model train pick, extract model test pick, 10)
    printfn "%-42s linear probe %.2f%%  (train %.2f%%, L2 %g, %.0f s)" name (100.0 * result.TestAccuracy) (100.0 * result.TrainAccuracy) result.Penalty timer.Elapsed.TotalSeconds

torch.random.manual_seed 1L |> ignore
let initial = new SimClrFashion()
initial.eval()
torch.random.manual_seed 1L |> ignore
let trained = new SimClrFashion()
trained.load(System.IO.Path.Combine(checkpoint, "model.bin")) |> ignore
trained.eval()

probe "raw pixels (784)" initial pixels
probe "initial weights, pooled features (128)" initial pooled
probe "trained, pooled features (128)" trained pooled
probe "initial weights, last conv map at 3x3 (1152)" initial spatial
probe "trained, last conv map at 3x3 (1152)" trained spatial
