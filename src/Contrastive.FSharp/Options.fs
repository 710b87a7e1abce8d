namespace Contrastive.FSharp

open Contrastive.Training

/// Changes to the C# option records (a generated model's options, TrainOptions, ...) by the spec's
/// key names, as `contrastive train --set` does. F# cannot copy-and-update a C# record; this copies
/// it through the runtime's OptionOverrides, which checks the result and names a bad key or value.
[<RequireQualifiedAccess>]
module Options =

    /// A copy of `options` with `key`, a spec key path (e.g. "objective.temperature", "train.batch-size"; "batch-size" for a TrainOptions), set to `value`.
    let set (key: string) (value: string) (options: 'Options) : 'Options =
        OptionOverrides.Apply(box options, key, value) :?> 'Options

    /// A copy of `options` with every "key=value" applied in order, checked once at the end.
    let setAll (assignments: string list) (options: 'Options) : 'Options =
        OptionOverrides.ApplyAll(box options, List.toArray assignments) :?> 'Options

    /// The keys `set` accepts for `options`.
    let keys (options: 'Options) = OptionOverrides.Keys(box options) |> List.ofSeq
