namespace Contrastive.FSharp.Tests

open NUnit.Framework
open TorchSharp
open Contrastive.FSharp
open Contrastive.FSharp.Tests.Assertions
type private RuntimeMi = Contrastive.Objectives.MutualInformation
type private RuntimeLosses = Contrastive.Objectives.Losses

/// Each estimator and loss function reaches the runtime method it names, with the settings and the
/// tensors in their places: inputs are chosen so that a swapped call gives another number.
[<TestFixture>]
type ObjectivesTests() =

    let scores () =
        use generator = Torch.generator 11L
        torch.randn([| 6L; 6L |], dtype = torch.ScalarType.Float64, generator = generator) * 2.0

    let same (expected: torch.Tensor) (actual: torch.Tensor) =
        Assert.That(Torch.toFloat actual, Is.EqualTo(Torch.toFloat expected).Within(1e-12))

    [<Test>]
    member _.``Every estimator is the runtime's of the same name``() =
        use _ = Torch.scope ()
        let s = scores ()
        let baseline = torch.linspace(-1.0, 1.0, 6L, dtype = torch.ScalarType.Float64)
        same (RuntimeMi.InfoNce s) (MutualInformation.infoNce s)
        same (RuntimeMi.Nwj s) (MutualInformation.nwj s)
        same (RuntimeMi.DonskerVaradhan s) (MutualInformation.donskerVaradhan s)
        same (RuntimeMi.JensenShannon s) (MutualInformation.jensenShannon s)
        same (RuntimeMi.JensenShannonNwj s) (MutualInformation.jensenShannonNwj s)
        same (RuntimeMi.Tuba(s, baseline)) (MutualInformation.tuba baseline s)
        same (RuntimeMi.Interpolated(s, baseline, 0.3)) (MutualInformation.interpolated 0.3 baseline s)
        same (RuntimeMi.Smile(s, 1.5)) (s |> MutualInformation.smile 1.5)

    [<Test>]
    member _.``The estimators differ on these scores, so the test above tells them apart``() =
        use _ = Torch.scope ()
        let s = scores ()
        let values =
            [ MutualInformation.infoNce; MutualInformation.nwj; MutualInformation.donskerVaradhan
              MutualInformation.jensenShannon; MutualInformation.jensenShannonNwj; MutualInformation.smile 1.5 ]
            |> List.map (fun estimator -> Torch.toFloat (estimator s))
        Assert.That(values, Is.Unique)

    [<Test>]
    member _.``Every loss is the runtime's, settings first and tensors last``() =
        use _ = Torch.scope ()
        use generator = Torch.generator 5L
        let s = scores ()
        let z1 = torch.randn([| 4L; 3L |], dtype = torch.ScalarType.Float64, generator = generator)
        let z2 = torch.randn([| 4L; 3L |], dtype = torch.ScalarType.Float64, generator = generator)
        same (RuntimeLosses.InfoNce(s, false)) (Losses.infoNce s)
        same (RuntimeLosses.InfoNce(s, true)) (Losses.infoNceSymmetric s)
        same (RuntimeLosses.NtXent(z1, z2, 0.3)) (Losses.ntXent 0.3 z1 z2)
        Assert.That(Torch.toFloat (Losses.infoNce s), Is.Not.EqualTo(Torch.toFloat (Losses.infoNceSymmetric s)).Within(1e-6))
        Assert.That(Torch.toFloat (Losses.ntXent 0.3 z1 z2), Is.Not.EqualTo(Torch.toFloat (Losses.ntXent 0.6 z1 z2)).Within(1e-6))

    [<Test>]
    member _.``NCE keeps the noise densities apart from the scores``() =
        use _ = Torch.scope ()
        use generator = Torch.generator 9L
        let positive = torch.randn([| 5L |], dtype = torch.ScalarType.Float64, generator = generator)
        let negative = torch.randn([| 5L; 3L |], dtype = torch.ScalarType.Float64, generator = generator)
        let positiveNoise = torch.ones([| 5L |], dtype = torch.ScalarType.Float64) * -1.0
        let negativeNoise = torch.ones([| 5L; 3L |], dtype = torch.ScalarType.Float64) * -2.0
        same (RuntimeLosses.Nce(positive, negative, positiveNoise, negativeNoise)) (Losses.nce positiveNoise negativeNoise positive negative)

    [<Test>]
    member _.``Correlated Gaussians: the MI formula, its inverse and the exact critic``() =
        use _ = Torch.scope ()
        use generator = Torch.generator 3L
        let rho = CorrelatedGaussians.rhoFor 4 2.0
        Assert.That(CorrelatedGaussians.mutualInformation 4 rho, Is.EqualTo(2.0).Within(1e-12))
        let x, y = CorrelatedGaussians.sample generator 8 4 rho
        x.shape |> equal [| 8L; 4L |]
        let expected = Contrastive.Data.CorrelatedGaussians.LogDensityRatio(x, y, rho)
        let actual = CorrelatedGaussians.logDensityRatio rho x y
        // Rows are x and columns y: the transpose (x and y swapped) would differ off the diagonal.
        actual.data<float32>().ToArray() |> equal (expected.data<float32>().ToArray())
        actual.data<float32>().ToArray() |> notEqual (expected.t().contiguous().data<float32>().ToArray())
