namespace Contrastive.FSharp.Tests

open NUnit.Framework
open TorchSharp
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions

[<TestFixture>]
type TorchTests() =

    [<Test>]
    member _.``A scope frees what was made in it, except what is moved out``() =
        let kept, freed =
            use scope = Torch.scope ()
            let kept = scope.MoveToOuter(torch.ones(3L))
            kept, torch.zeros(3L)
        Assert.That(freed.IsInvalid, Is.True)
        Assert.That(kept.IsInvalid, Is.False)
        kept.Dispose()

    [<Test>]
    member _.``Generators with one seed draw the same numbers``() =
        use _ = Torch.scope ()
        use a = Torch.generator 42L
        use b = Torch.generator 42L
        use c = Torch.generator 43L
        let draw g = torch.rand([| 5L |], generator = g).data<float32>().ToArray()
        let first = draw a
        draw b |> equal first
        draw c |> notEqual first

    [<Test>]
    member _.``seeded builds a model whose initial weights depend on the seed alone``() =
        use _ = Torch.scope ()
        let weights seed =
            use layer = Torch.seeded seed (fun () -> torch.nn.Linear(4L, 2L))
            layer.weight.data<float32>().ToArray()
        let first = weights 1L
        torch.rand(10L) |> ignore   // draws from the default generator in between change nothing
        weights 1L |> equal first
        weights 2L |> notEqual first

    [<Test>]
    member _.``noGrad turns gradient tracking off until disposed``() =
        use _ = Torch.scope ()
        let x = torch.ones([| 2L |], requires_grad = true)
        let inside =
            use _ = Torch.noGrad ()
            (x * 2.0).requires_grad
        Assert.That(inside, Is.False)
        Assert.That((x * 2.0).requires_grad, Is.True)

    [<Test>]
    member _.``toFloat reads a one-element tensor of any dtype``() =
        use _ = Torch.scope ()
        Assert.That(Torch.toFloat (torch.tensor(2.5f)), Is.EqualTo(2.5))
        Assert.That(Torch.toFloat (torch.tensor(7L)), Is.EqualTo(7.0))
