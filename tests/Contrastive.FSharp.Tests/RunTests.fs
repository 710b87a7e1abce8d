namespace Contrastive.FSharp.Tests

open System
open System.IO
open NUnit.Framework
open TorchSharp
open Contrastive.Methods
open Contrastive.Training
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions

/// The options of the one model in RunTests' registry: what every generated options record offers a run.
type TinyFashionOptions =
    { Train: TrainOptions }

    /// Its --set keys: the training section's, as a generated record's table lists them.
    static member Settings: System.Collections.Generic.IReadOnlyList<IOptionSetting> =
        OptionSettings.Table<TinyFashionOptions>(
            OptionSettings.Train<TinyFashionOptions>((fun o -> o.Train), (fun o t -> { o with Train = t })))
        |> Seq.cast<IOptionSetting>
        |> Array.ofSeq
        :> _

    interface IModelOptions with
        member this.Train = this.Train
        member this.Settings = TinyFashionOptions.Settings

[<TestFixture>]
type RunTests() =

    // A registry of one model, as a project's generated ModelRegistry.All lists them: a SimCLR small
    // enough for a test, reading Fashion-MNIST's [1, 28, 28] images (whichever copy is found).
    let build (_: IModelOptions) : torch.nn.Module =
        let encoder = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784L, 16L), torch.nn.ReLU())
        new SimClr(SimClrSettings(0.5, NegativeSampling.InBatch, false), encoder, torch.nn.Linear(16L, 8L), 8)
    let options = { Train = TrainOptions(BatchSize = 16, Epochs = 1, Seed = 5L, Data = "fashion-mnist") }
    let registry =
        [ ModelInfo("TinyFashion", "simclr", "A tiny SimCLR", "tiny-fashion.model.yaml", typeof<SimClr>,
                    (fun () -> build options), (fun () -> options :> IModelOptions), (fun o -> build o), [| 1L; 28L; 28L |]) ]
    let folder () = Path.Combine(Path.GetTempPath(), "contrastive-fsharp-tests", Guid.NewGuid().ToString("N"))

    [<Test>]
    member _.``start, train, resume and read run through the runtime's TrainingRun``() =
        let directory = folder ()
        let told = ResizeArray<int64>()
        let settings = { Training.defaults with RunDirectory = directory; MaxSteps = Some 3L; CheckpointEvery = 1; TensorBoard = false; OnProgress = fun p -> told.Add p.Step }
        do
            use run = Run.start registry "tinyfashion" settings
            let summary, problems = Run.train run
            Assert.That(summary.Steps, Is.EqualTo(3L))
            problems |> equal []
            List.ofSeq told |> equal [ 1L .. 3L ]
            Assert.That(run.Folder.Model, Is.EqualTo("TinyFashion"), "the registry's name")
            Assert.That(File.Exists(Path.Combine(directory, "run.json")), Is.True)
            Assert.That(File.Exists(Path.Combine(directory, "loss.png")), Is.True)

        // As if the run had been started for 5 steps and killed after its step-3 checkpoint: a resume
        // continues the run as run.json says it was started.
        let runJson = Path.Combine(directory, "run.json")
        let recorded = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText runJson)
        recorded["Settings"]["MaxSteps"] <- System.Text.Json.Nodes.JsonValue.Create 5L
        File.WriteAllText(runJson, recorded.ToJsonString())
        do
            use resumed = Run.resume registry { settings with MaxSteps = None }
            let summary, _ = Run.train resumed
            summary.Losses |> Seq.map (fun struct (step, _) -> step) |> List.ofSeq |> equal [ 4L; 5L ]   // continued from step 3

        use opened = Run.read registry (Path.Combine(directory, "checkpoints", "step-00000004"))
        Assert.That(opened.Checkpoint, Does.EndWith("step-00000004"))
        use generator = Torch.generator 0L
        use data = Data.splits "fashion-mnist"
        use sample = Data.sampleSplits generator 100L 50L data
        let report = Run.evaluateOn sample opened
        Assert.That((report.TrainCount, report.TestCount), Is.EqualTo((100L, 50L)))
        Directory.Delete(directory, true)

    [<Test>]
    member _.``The settings' changes to the training options are the spec's keys``() =
        { Training.defaults with Epochs = Some 3; BatchSize = Some 8; Seed = Some 2L; LearningRate = Some 0.01 }
        |> Training.assignments
        |> equal [ "epochs=3"; "batch-size=8"; "seed=2"; "optimizer.lr=0.01" ]
        Training.assignments Training.defaults |> equal []
