// Checks that TorchSharp works from F# Interactive, through the toolkit's runtime.
// Run from the repository root, after one `dotnet build`:
//     dotnet fsi scripts/doctor.fsx
#r "../src/Contrastive/bin/Debug/net10.0/TorchSharp.dll"
#r "../src/Contrastive/bin/Debug/net10.0/Contrastive.dll"

open Contrastive.Native
open TorchSharp

// fsi has no deps.json: this loads the (patched) native library beside Contrastive.dll first.
let report = TorchRuntime.Inspect()
printfn "libtorch %s, TorchSharp %s, %d threads, %s, compat patch: %A"
    report.LibTorchVersion report.TorchSharpVersion report.Threads report.Device report.Compat

let std =
    use _ = torch.NewDisposeScope()
    use generator = new torch.Generator(1UL)
    torch.randn([| 3L; 4L |], generator = generator).std().item<float32>()

printfn "randn(3, 4).std() = %.4f" std
