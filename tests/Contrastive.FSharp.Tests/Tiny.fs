/// Small, fast inputs: labelled images whose class shows in the pixels, and a SimCLR small enough
/// to train for a few steps in a test.
module Contrastive.FSharp.Tests.Tiny

open TorchSharp
open Contrastive.Data
open Contrastive.Methods

/// `count` 1 x 8 x 8 images of two classes: class 0 is brighter on the left half, class 1 on the
/// right, with noise from `seed`.
let images (seed: int64) (count: int) =
    use _ = torch.NewDisposeScope()
    use generator = new torch.Generator(uint64 seed)
    let labels = torch.arange(int64 count, dtype = torch.ScalarType.Int64).remainder(torch.tensor 2L)
    let left = torch.cat([| torch.ones(8L, 4L); torch.zeros(8L, 4L) |], 1L).reshape(1L, 8L, 8L)   // [1, 8, 8]
    let pattern = torch.where(labels.reshape(-1L, 1L, 1L, 1L).eq(torch.tensor 0L), left, left.flip(2L))        // [N, 1, 8, 8]
    let noise = torch.rand([| int64 count; 1L; 8L; 8L |], generator = generator)
    let pixels = (pattern * 0.6 + noise * 0.4) * 255.0
    new ImageDataset("tiny", "Tiny.images", pixels.to_type(torch.ScalarType.Byte), labels, [| "left"; "right" |])

/// A SimCLR whose encoder flattens and maps to 16 features, with a linear projector to 8.
let simClr (seed: int64) =
    torch.random.manual_seed seed |> ignore
    let encoder = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64L, 16L), torch.nn.ReLU())
    new SimClr(SimClrSettings(0.5, NegativeSampling.InBatch, false), encoder, torch.nn.Linear(16L, 8L), 8)
