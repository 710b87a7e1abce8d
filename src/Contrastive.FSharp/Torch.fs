namespace Contrastive.FSharp

open TorchSharp
open Contrastive.Native

/// TorchSharp from F#: loading the native library, dispose scopes for `use`, seeds and threads.
[<RequireQualifiedAccess>]
module Torch =

    /// Loads TorchSharp, the patched native library beside Contrastive.dll first (dotnet fsi has no
    /// deps.json to find it). Throws TorchUnavailableException saying why and what to run.
    let ensureLoaded () = TorchRuntime.EnsureLoaded()

    /// A dispose scope: `use _ = Torch.scope ()` frees every tensor made before the end of the block,
    /// except those handed out with `scope.MoveToOuter`.
    let scope () = torch.NewDisposeScope()

    /// Turns gradient tracking off until disposed: `use _ = Torch.noGrad ()`.
    let noGrad () = torch.no_grad ()

    /// A generator seeded with `seed`, the source of every draw that should repeat. Disposable.
    let generator (seed: int64) = new torch.Generator(uint64 seed)

    /// Seeds libtorch's default generator, which module constructors draw initial weights from.
    let manualSeed (seed: int64) = torch.random.manual_seed seed |> ignore

    /// Builds something (a model) right after seeding the default generator, so its initial weights
    /// depend on `seed` alone, as the `train` command's do.
    let seeded (seed: int64) (create: unit -> 'T) : 'T =
        manualSeed seed
        create ()

    /// Threads libtorch uses within one operation.
    let setThreads (count: int) = torch.set_num_threads count

    /// The value of a one-element tensor, whatever its dtype.
    let toFloat (tensor: torch.Tensor) = tensor.ToDouble()
