namespace Contrastive.FSharp.Tests

open System
open System.IO
open NUnit.Framework
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions

[<TestFixture>]
type PlotTests() =

    [<Test>]
    member _.``save writes a PNG with the panels in a grid``() =
        let path = Path.Combine(Path.GetTempPath(), "contrastive-fsharp-tests", Guid.NewGuid().ToString("N") + ".png")
        let xs = [ 0.0 .. 1.0 .. 9.0 ]
        [ Plot.panel "lines" "x" "y" [ Plot.line "square" xs (xs |> List.map (fun x -> x * x)); Plot.steps "truth" xs xs ]
          Plot.panel "points" "x" "y" [ Plot.scatter "noise" xs (xs |> List.map sin) ] ]
        |> Plot.save path 2
        let bytes = File.ReadAllBytes path
        File.Delete path
        // PNG signature, then the IHDR chunk: big-endian width and height at bytes 16 and 20.
        bytes.[1..3] |> equal "PNG"B
        let bigEndian offset = (int bytes.[offset] <<< 24) ||| (int bytes.[offset + 1] <<< 16) ||| (int bytes.[offset + 2] <<< 8) ||| int bytes.[offset + 3]
        Assert.That((bigEndian 16, bigEndian 20), Is.EqualTo((2 * 480, 320)))
