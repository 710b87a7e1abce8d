namespace Contrastive.FSharp

open System
open TorchSharp
open Contrastive.Data

/// The training and test splits of one labelled dataset; `use` frees both.
type Splits =
    { Train: ImageDataset
      Test: ImageDataset }

    interface IDisposable with
        member this.Dispose() =
            this.Train.Dispose()
            this.Test.Dispose()

/// Datasets by name (Contrastive.Data.Datasets): `$CONTRASTIVE_DATA`, the user cache,
/// /usr/share/datasets, then the subset bundled beside Contrastive.dll (docs/DATA.md).
[<RequireQualifiedAccess>]
module Data =

    /// One split of the dataset called `name` ("fashion-mnist"), from the first of `locations` that has it.
    let loadFrom (locations: DataLocations) (name: string) (split: DataSplit) = Datasets.Load(name, split, locations)

    /// One split of the dataset called `name` ("fashion-mnist"), from the first location that has it.
    let load (name: string) (split: DataSplit) = Datasets.Load(name, split)

    /// Both splits of the dataset called `name`, from the first of `locations` that has them.
    let splitsFrom (locations: DataLocations) (name: string) : Splits =
        let train = loadFrom locations name DataSplit.Train
        try
            { Train = train; Test = loadFrom locations name DataSplit.Test }
        with _ ->
            train.Dispose()
            reraise ()

    /// Both splits of the dataset called `name`.
    let splits (name: string) : Splits = splitsFrom (DataLocations.FromEnvironment()) name

    /// Where the dataset called `name` is looked for and which copy is used (the `data` command's table).
    let resolve (name: string) = Datasets.Resolve(name)

    /// `count` images of `data` drawn without replacement by `generator`; a new dataset to dispose.
    let sample (generator: torch.Generator) (count: int64) (data: ImageDataset) = data.Sample(count, generator)

    /// Smaller splits for quick runs: `trainCount` and `testCount` images drawn by `generator`.
    let sampleSplits (generator: torch.Generator) (trainCount: int64) (testCount: int64) (splits: Splits) : Splits =
        let train = splits.Train.Sample(trainCount, generator)
        try
            { Train = train; Test = splits.Test.Sample(testCount, generator) }
        with _ ->
            train.Dispose()
            reraise ()
