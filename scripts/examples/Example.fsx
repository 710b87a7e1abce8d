// What every example script loads: the toolkit's build output and a reader for its settings.
// The paths are those of `dotnet build` (Debug) from the repository root.
#r "../../src/Contrastive.FSharp/bin/Debug/net10.0/TorchSharp.dll"
#r "../../src/Contrastive.FSharp/bin/Debug/net10.0/Contrastive.dll"
#r "../../src/Contrastive.FSharp/bin/Debug/net10.0/Contrastive.FSharp.dll"

open System
open System.Globalization
open Contrastive.FSharp

/// Settings given after the script as `--name value` (e.g. `--steps 20`); anything else is an error,
/// so a mistyped name does not silently leave a long default in place.
module Example =
    let private args = fsi.CommandLineArgs |> Array.skip 1

    let private given =
        let rec pairs acc = function
            | (name: string) :: value :: rest when name.StartsWith "--" -> pairs (Map.add (name.Substring 2) value acc) rest
            | [] -> acc
            | other :: _ -> failwithf "expected settings as '--name value'; cannot read '%s' (in: %s)" other (String.Join(" ", args))
        pairs Map.empty (List.ofArray args)

    let mutable private known : string list = []

    let private read name (parse: string -> 'T option) (fallback: 'T) : 'T =
        known <- name :: known
        match Map.tryFind name given with
        | None -> fallback
        | Some text ->
            match parse text with
            | Some value -> value
            | None -> failwithf "--%s %s: not a valid %s" name text (typeof<'T>.Name)

    let private number (parse: string * NumberStyles * IFormatProvider -> bool * 'T) styles (text: string) =
        match parse (text, styles, CultureInfo.InvariantCulture) with
        | true, value -> Some value
        | _ -> None

    /// A whole-number setting.
    let int name (fallback: int) = read name (number Int32.TryParse NumberStyles.Integer) fallback

    /// A whole-number setting of 64 bits.
    let long name (fallback: int64) = read name (number Int64.TryParse NumberStyles.Integer) fallback

    /// A fractional setting.
    let float name (fallback: float) = read name (number Double.TryParse NumberStyles.Float) fallback

    /// A text setting.
    let text name fallback = read name Some fallback

    /// Fails naming any setting given that the script never read (call after reading them all).
    let checkAllRead () =
        let unknown = given |> Map.toList |> List.map fst |> List.filter (fun n -> not (List.contains n known))
        if not unknown.IsEmpty then
            failwithf "unknown setting(s): %s; this script reads: %s"
                (unknown |> List.map ((+) "--") |> String.concat ", ")
                (known |> List.rev |> List.map ((+) "--") |> String.concat ", ")

    /// The splits the probes fit on: at most `trainCount` and `testCount` images of `data`, drawn by a
    /// generator seeded with `seed` (0 keeps a whole split). Fewer images make quicker, noisier scores.
    let probeSplits (seed: int64) (trainCount: int64) (testCount: int64) (data: Splits) =
        let size requested (split: Contrastive.Data.ImageDataset) = if requested > 0L then min requested split.Count else split.Count
        use generator = Torch.generator seed
        Data.sampleSplits generator (size trainCount data.Train) (size testCount data.Test) data
