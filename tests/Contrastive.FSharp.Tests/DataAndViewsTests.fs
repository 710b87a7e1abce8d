namespace Contrastive.FSharp.Tests

open System
open System.IO
open NUnit.Framework
open TorchSharp
open Contrastive.Augment
open Contrastive.Data
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions

[<TestFixture>]
type DataAndViewsTests() =

    [<Test>]
    member _.``splits loads both splits of the bundled subset, and use frees them``() =
        let splits = Data.splits "fashion-mnist"
        (
            use _ = splits
            Assert.That(splits.Train.Name, Does.Contain("train"))
            Assert.That(splits.Test.Name, Does.Contain("test"))
            Assert.That(splits.Train.ClassCount, Is.EqualTo(10))
        )
        Assert.That(splits.Train.Images.IsInvalid && splits.Test.Images.IsInvalid, Is.True)

    [<Test>]
    member _.``splitsFrom reads only the locations it is given``() =
        let nowhere = Path.Combine(Path.GetTempPath(), "contrastive-no-data-" + Guid.NewGuid().ToString("N"))
        let bundledOnly = DataLocations(null, nowhere, nowhere, DataLocations.BundledRoot)
        use splits = Data.splitsFrom bundledOnly "fashion-mnist"
        (splits.Train.Count, splits.Test.Count) |> equal (10_000L, 2_000L)
        Assert.That(splits.Train.Source, Does.Contain(DataLocations.BundledRoot))
        let noneAtAll = DataLocations(null, nowhere, nowhere, nowhere)
        (fun () -> Data.splitsFrom noneAtAll "fashion-mnist" |> ignore) |> throwsWith<FileNotFoundException> "fashion-mnist"

    [<Test>]
    member _.``An unknown dataset is named in the error``() =
        (fun () -> Data.load "fashion-mnits" DataSplit.Train |> ignore) |> throwsWith<System.ArgumentException> "unknown dataset 'fashion-mnits'"

    [<Test>]
    member _.``sampleSplits draws the asked number of images from each split``() =
        use data = { Train = Tiny.images 1L 40; Test = Tiny.images 2L 20 }
        use generator = Torch.generator 1L
        use small = Data.sampleSplits generator 10L 5L data
        Assert.That((small.Train.Count, small.Test.Count), Is.EqualTo((10L, 5L)))
        small.Train.ClassNames |> equal data.Train.ClassNames

    [<Test>]
    member _.``two makes two different views of each image, the same ones for the same seed``() =
        use _ = Torch.scope ()
        use data = Tiny.images 3L 6
        let maker = Views.maker (Views.pipeline [ RandomResizedCrop(MinScale = 0.3); HorizontalFlip() ]) data
        let struct (images, _) = data.Batch(torch.arange(6L))
        let draw seed =
            use generator = Torch.generator seed
            Views.two generator maker images
        let first, second = draw 4L
        let again, _ = draw 4L
        first.shape |> equal [| 6L; 1L; 8L; 8L |]
        first.data<float32>().ToArray() |> notEqual (second.data<float32>().ToArray())
        again.data<float32>().ToArray() |> equal (first.data<float32>().ToArray())

    [<Test>]
    member _.``none leaves the images as they are``() =
        use _ = Torch.scope ()
        use data = Tiny.images 3L 4
        use generator = Torch.generator 1L
        let struct (images, _) = data.Batch(torch.arange(4L))
        let view = Views.one generator (Views.maker Views.none data) images
        view.data<float32>().ToArray() |> equal (images.data<float32>().ToArray())
