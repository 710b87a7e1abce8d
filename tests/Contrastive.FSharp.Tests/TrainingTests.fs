namespace Contrastive.FSharp.Tests

open System
open System.IO
open NUnit.Framework
open Contrastive.Augment
open Contrastive.Training
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions

[<TestFixture>]
type TrainingTests() =

    let views = Views.pipeline [ RandomResizedCrop(MinScale = 0.5); HorizontalFlip() ]
    let spec = TrainOptions(BatchSize = 8, Epochs = 2, Seed = 3L, Data = "tiny")
    let folder () = Path.Combine(Path.GetTempPath(), "contrastive-fsharp-tests", Guid.NewGuid().ToString("N"))

    [<Test>]
    member _.``run trains for MaxSteps, tells every step and leaves a run folder``() =
        let directory = folder ()
        use data = Tiny.images 1L 40
        use model = Tiny.simClr 1L
        let told = ResizeArray<int64>()
        let settings = { Training.defaults with RunDirectory = directory; MaxSteps = Some 6L; TensorBoard = false; OnProgress = fun p -> told.Add p.Step }
        let summary = Training.run settings views spec model data
        Assert.That(summary.Steps, Is.EqualTo(6L))
        List.ofSeq told |> equal [ 1L .. 6L ]
        Assert.That(summary.Losses |> Seq.forall (fun struct (_, loss) -> Double.IsFinite loss), Is.True)
        Assert.That(File.Exists(Path.Combine(directory, "metrics.jsonl")), Is.True)
        Assert.That(Directory.Exists(summary.LastCheckpoint), Is.True)
        Directory.Delete(directory, true)

    [<Test>]
    member _.``The same seed gives the same losses; the settings' seed changes them``() =
        use data = Tiny.images 1L 40
        let losses seed =
            let directory = folder ()
            use model = Tiny.simClr 1L
            let settings = { Training.defaults with RunDirectory = directory; MaxSteps = Some 4L; TensorBoard = false; Seed = seed }
            let summary = Training.run settings views spec model data
            Directory.Delete(directory, true)
            summary.Losses |> Seq.map (fun struct (_, loss) -> loss) |> Seq.toList
        let first = losses None
        losses None |> equal first
        losses (Some 4L) |> notEqual first

    [<Test>]
    member _.``The loss falls over a short run``() =
        let directory = folder ()
        use data = Tiny.images 1L 64
        use model = Tiny.simClr 2L
        let settings = { Training.defaults with RunDirectory = directory; Epochs = Some 20; BatchSize = Some 16; TensorBoard = false; LearningRate = Some 0.01 }
        let summary = Training.run settings views spec model data
        Directory.Delete(directory, true)
        let losses = summary.Losses |> Seq.map (fun struct (_, loss) -> loss) |> Seq.toArray
        let mean (xs: float[]) = Array.average xs
        Assert.That(losses.Length, Is.EqualTo(80))
        Assert.That(mean losses.[70..], Is.LessThan(mean losses.[..9]))

    [<Test>]
    member _.``A run without a folder fails saying so``() =
        use data = Tiny.images 1L 16
        use model = Tiny.simClr 1L
        (fun () -> Training.run Training.defaults views spec model data |> ignore) |> throwsWith<System.ArgumentException> "run directory"

    [<Test>]
    member _.``The device is read as --device is: a bad name, or CUDA where libtorch has none, fails saying so``() =
        use data = Tiny.images 1L 16
        use model = Tiny.simClr 1L
        let settings = { Training.defaults with RunDirectory = folder (); Device = "gpu" }
        (fun () -> Training.trainer settings views spec model data |> ignore) |> throwsWith<System.ArgumentException> "must be cpu, cuda or cuda:N"
        if not (TorchSharp.torch.cuda.is_available ()) then
            (fun () -> Training.trainer { settings with Device = "cuda" } views spec model data |> ignore)
            |> throwsWith<System.ArgumentException> "CUDA is not available"
