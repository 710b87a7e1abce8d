namespace Contrastive.FSharp.Tests

open System
open System.IO
open NUnit.Framework
open Contrastive.Augment
open Contrastive.Training
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions

[<TestFixture>]
type PipelineTests() =

    [<Test>]
    member _.``load, views, train and evaluate chain into one result``() =
        let directory = Path.Combine(Path.GetTempPath(), "contrastive-fsharp-tests", Guid.NewGuid().ToString("N"))
        use data = { Train = Tiny.images 1L 48; Test = Tiny.images 2L 24 }
        use model = Tiny.simClr 1L
        let spec = TrainOptions(BatchSize = 256, Epochs = 1, Seed = 3L, Data = "tiny")
        let settings = { Training.defaults with RunDirectory = directory; BatchSize = Some 8; Seed = Some 11L; TensorBoard = false }

        let result =
            data
            |> Pipeline.withViews (Views.pipeline [ HorizontalFlip() ])
            |> Pipeline.train settings spec model
            |> Pipeline.evaluate

        Directory.Delete(directory, true)
        Assert.That(result.Trained.Options.BatchSize, Is.EqualTo(8), "the settings' changes are the options it trained with")
        Assert.That(result.Trained.Options.Seed, Is.EqualTo(11L))
        Assert.That(result.Trained.Summary.Steps, Is.EqualTo(6L), "one epoch of 48 images in batches of 8")
        Assert.That(result.Trained.Model, Is.SameAs(model))
        // The classes show in the pixels: any encoder's features separate them almost perfectly.
        Assert.That(result.Scores.LinearProbe.TestAccuracy, Is.GreaterThan(0.9))
        Assert.That(result.Scores.Knn, Is.GreaterThan(0.9))

    [<Test>]
    member _.``Evaluation.compare scores the trained and the initial model on the same splits``() =
        use data = { Train = Tiny.images 1L 40; Test = Tiny.images 2L 20 }
        use trained = Tiny.simClr 1L
        use initial = Tiny.simClr 2L
        let report = Evaluation.compare 0L trained initial data
        Assert.That((report.TrainCount, report.TestCount), Is.EqualTo((40L, 20L)))
        let direct = Evaluation.score 0L trained data
        Assert.That(report.Trained.LinearProbe.TestAccuracy, Is.EqualTo(direct.LinearProbe.TestAccuracy))

    [<Test>]
    member _.``features, linearProbe and knn compose like score``() =
        use _ = Torch.scope ()
        use data = { Train = Tiny.images 1L 40; Test = Tiny.images 2L 20 }
        use model = Tiny.simClr 1L
        let train = Evaluation.features model data.Train
        let test = Evaluation.features model data.Test
        train.Features.shape |> equal [| 40L; 16L |]
        let probe = Evaluation.linearProbe 0L 2 train test
        let scores = Evaluation.score 0L model data
        Assert.That(probe.TestAccuracy, Is.EqualTo(scores.LinearProbe.TestAccuracy))
        Assert.That(Evaluation.knn 2 train test, Is.EqualTo(scores.Knn))
