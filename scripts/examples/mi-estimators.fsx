// Estimates the mutual information of correlated Gaussians, whose true value is known, with two
// estimators: InfoNCE (low variance, capped at log K) and NWJ (unbiased, high variance). Each trains
// its own critic while the true MI steps up a staircase; the exact critic log p(x,y)/(p(x)p(y)),
// which needs no training, shows what each bound can reach at best. Prints a table and draws
// both as a PNG.
//
// Run from the repository root after one `dotnet build`:
//     DOTNET_gcConcurrent=0 dotnet fsi scripts/examples/mi-estimators.fsx
// Settings (defaults in brackets): --steps-per-level [500] --levels [2,4,6,8] nats --batch [64]
//     --dimension [20] --seed [1] --out [runs/examples/mi-estimators.png]
// Tiny: dotnet fsi scripts/examples/mi-estimators.fsx --steps-per-level 20
#load "Example.fsx"

open TorchSharp
open Example
open Contrastive.FSharp
open Contrastive.Layers
open Contrastive.Objectives.Critics

let stepsPerLevel = Example.int "steps-per-level" 500
let levels = Example.text "levels" "2,4,6,8" |> fun t -> t.Split ',' |> Array.map (fun l -> System.Double.Parse(l, System.Globalization.CultureInfo.InvariantCulture))
let batch = Example.int "batch" 64
let dimension = Example.int "dimension" 20
let seed = Example.long "seed" 1L
let out = Example.text "out" "runs/examples/mi-estimators.png"
Example.checkAllRead ()
if stepsPerLevel < 2 then failwithf "--steps-per-level must be at least 2 (the table averages each level's second half); got %d" stepsPerLevel

Torch.ensureLoaded ()

/// An estimator with its own critic g(x)ᵀh(y) and optimiser.
type Track =
    { Name: string
      Bound: torch.Tensor -> torch.Tensor
      Critic: SeparableCritic
      Optimizer: torch.optim.Optimizer }

let track name bound index =
    // Each critic's initial weights depend on its own seed, not on the other estimator.
    let critic =
        Torch.seeded (seed * 100L + int64 index) (fun () ->
            new SeparableCritic(Mlp.Create(dimension, 256, 2, 32), Mlp.Create(dimension, 256, 2, 32)))
    { Name = name; Bound = bound; Critic = critic; Optimizer = torch.optim.Adam(critic.parameters(), lr = 5e-4) }

let tracks = [ track "InfoNCE" MutualInformation.infoNce 0; track "NWJ" MutualInformation.nwj 1 ]

/// One Adam step that raises the bound; returns the estimate before the step (nats).
let step (track: Track) (x: torch.Tensor) (y: torch.Tensor) =
    use _ = Torch.scope ()
    track.Optimizer.zero_grad ()
    let estimate = track.Bound (track.Critic.call (x, y))
    (-estimate).backward ()
    track.Optimizer.step () |> ignore
    Torch.toFloat estimate

let main () =
    use data = Torch.generator seed
    let truth = ResizeArray<float>()
    let trained = tracks |> List.map (fun t -> t.Name, ResizeArray<float>()) |> Map.ofList
    let exact = tracks |> List.map (fun t -> t.Name, ResizeArray<float>()) |> Map.ofList
    for level in levels do
        let rho = CorrelatedGaussians.rhoFor dimension level
        for _ in 1 .. stepsPerLevel do
            use _ = Torch.scope ()
            let x, y = CorrelatedGaussians.sample data batch dimension rho
            let best = CorrelatedGaussians.logDensityRatio rho x y
            truth.Add level
            for t in tracks do
                trained.[t.Name].Add(step t x y)
                exact.[t.Name].Add(Torch.toFloat (t.Bound best))
        printfn "true MI %4.1f nats: %s" level
            (tracks
             |> List.map (fun t ->
                 // The second half of each level: the critic has had time to follow the new level.
                 let last = trained.[t.Name] |> Seq.skip (truth.Count - stepsPerLevel / 2) |> Seq.average
                 let best = exact.[t.Name] |> Seq.skip (truth.Count - stepsPerLevel / 2) |> Seq.average
                 sprintf "%s %6.2f (exact critic %6.2f)" t.Name last best)
             |> String.concat "   ")
    printfn "InfoNCE cannot exceed log K = log %d = %.2f nats." batch (log (float batch))

    let xs = [ 1.0 .. float truth.Count ]
    let panel title (series: Map<string, ResizeArray<float>>) =
        Plot.panel title "step" "nats"
            (Plot.steps "true MI" xs truth
             :: (tracks |> List.map (fun t -> Plot.line t.Name xs series.[t.Name])))
    [ panel "trained critics" trained; panel "exact critic" exact ] |> Plot.save out 2
    printfn "wrote %s" out

try
    main ()
finally
    for t in tracks do
        t.Optimizer.Dispose()
        t.Critic.Dispose()
