namespace Contrastive.FSharp.Tests

open System.Globalization
open System.Threading
open NUnit.Framework
open Contrastive.Training
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions

[<TestFixture>]
type OptionsTests() =

    let spec = TrainOptions(BatchSize = 32, Epochs = 3, Seed = 5L, Data = "fashion-mnist")

    [<Test>]
    member _.``set copies the record with one key changed``() =
        let changed = spec |> Options.set "batch-size" "64"
        Assert.That(changed.BatchSize, Is.EqualTo(64))
        Assert.That(spec.BatchSize, Is.EqualTo(32), "the original is unchanged")
        Assert.That(changed, Is.EqualTo(TrainOptions(BatchSize = 64, Epochs = 3, Seed = 5L, Data = "fashion-mnist")))

    [<Test>]
    member _.``A bad key or value fails naming the keys or the rule``() =
        (fun () -> spec |> Options.set "batchsize" "64" |> ignore) |> throwsWith<System.ArgumentException> "batch-size"
        (fun () -> spec |> Options.set "batch-size" "1" |> ignore) |> throwsWith<System.ArgumentException> "BatchSize"

    [<Test>]
    member _.``keys lists the nested keys``() =
        Assert.That(Options.keys spec, Does.Contain("optimizer.lr").And.Contain("batch-size"))

    [<Test>]
    member _.``Training.options without changes is the spec itself``() =
        Assert.That(Training.options Training.defaults spec, Is.SameAs(spec))

    [<Test>]
    member _.``Training.options applies every change, whatever the culture``() =
        let saved = Thread.CurrentThread.CurrentCulture
        Thread.CurrentThread.CurrentCulture <- CultureInfo("de-DE")   // writes 0,001
        try
            let settings = { Training.defaults with Epochs = Some 7; BatchSize = Some 16; Seed = Some 9L; LearningRate = Some (1.0 / 3.0) }
            let options = Training.options settings spec
            Assert.That((options.Epochs, options.BatchSize, options.Seed), Is.EqualTo((7, 16, 9L)))
            Assert.That(options.Optimizer.LearningRate, Is.EqualTo(1.0 / 3.0), "exactly: the text round-trips")
            Assert.That(options.Optimizer.Kind, Is.EqualTo(spec.Optimizer.Kind))
            Assert.That(options.Data, Is.EqualTo(spec.Data))
        finally
            Thread.CurrentThread.CurrentCulture <- saved

    [<Test>]
    member _.``Training.defaults are the runtime's``() =
        let runtime = TrainerSettings(RunDirectory = "x")
        let d = Training.defaults
        Assert.That((d.CheckpointEvery, d.LogEvery, d.ClipGradientNorm, d.TensorBoard, d.Resume),
                    Is.EqualTo((runtime.CheckpointEvery, runtime.LogEvery, runtime.ClipGradientNorm, runtime.TensorBoard, runtime.Resume)))
        Assert.That(d.MaxSteps, Is.EqualTo(Option.ofNullable runtime.MaxSteps))
        Assert.That(DeviceChoice.Name(DeviceChoice.Parse d.Device), Is.EqualTo(DeviceChoice.Name runtime.Device))
