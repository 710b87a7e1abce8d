namespace Contrastive.FSharp.Tests

open NUnit.Framework
open Contrastive.FSharp

/// Loads TorchSharp once, on one libtorch thread: the tests compare values run against run, and
/// OpenMP regions with two threads stall on a busy 2-core machine.
[<SetUpFixture>]
type TorchSetup() =
    [<OneTimeSetUp>]
    member _.Load() =
        Torch.ensureLoaded ()
        Torch.setThreads 1
