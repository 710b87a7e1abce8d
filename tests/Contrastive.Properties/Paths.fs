module Contrastive.Properties.Paths

open System.IO
open System.Reflection

let private metadata key =
    Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>()
    |> Seq.find (fun a -> a.Key = key)
    |> fun a -> a.Value

/// libLibTorchSharp.so exactly as the TorchSharp package ships it.
let packagedLibTorchSharp =
    Path.Combine(metadata "NuGetPackageRoot", "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so")

/// The example model specs the toolkit ships (models/*.model.yaml).
let exampleSpecs = Path.Combine(metadata "RepositoryRoot", "models")
