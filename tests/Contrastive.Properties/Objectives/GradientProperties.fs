/// Property 4 of shared/reference/objectives.md (the InfoNCE gradient) and the analytic gradient of
/// NT-Xent, DV, NWJ and JS, each against autograd in float64. The analytic formulas live in Naive.fs.
/// Replaying a failure: see Generators.fs.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Objectives.GradientProperties

open System
open NUnit.Framework
open FsCheck
open FsCheck.FSharp
open Contrastive.Properties.Objectives.Generators
open Contrastive.Properties.Objectives.Implementations

[<Literal>]
let Cases = 200

/// Analytic and autograd gradients agree to this, relative to max(1, |entry|), in float64.
[<Literal>]
let GradientTol = 1e-8

/// Property 4: d(InfoNCE loss)/dS[i, j] = (softmax_j(S[i, :]) - delta_ij) / K; rows sum to 0, the
/// diagonal is <= 0, the rest >= 0; the estimate's gradient is its negative. Catches a detached or
/// misplaced partition term, a softmax over the wrong axis, a sum where the mean belongs.
let infoNceGradientIsSoftmaxMinusIdentityOverK (o: Objectives) =
    Prop.forAll Arbs.scores (fun s ->
        inScope (fun () ->
            let k = s.K
            let autograd = Tensors.gradientOf (fun t -> o.InfoNceLoss t false) (s.Tensor())
            let estimate = Tensors.gradientOf o.InfoNce (s.Tensor())
            let rowSums = Array.init k (fun i -> Array.sum autograd[i * k .. i * k + k - 1])
            let signsHold =
                autograd |> Array.mapi (fun n g -> if n / k = n % k then g <= 0.0 else g >= 0.0) |> Array.forall id
            arraysNear GradientTol "InfoNCE loss gradient" (Naive.infoNceLossGradient k s.Values) autograd
            .&. arraysNear GradientTol "InfoNCE estimate gradient" (autograd |> Array.map (fun g -> -g)) estimate
            .&. (rowSums |> Array.forall (fun r -> abs r <= 1e-12) |> holds (sprintf "row sums %A" rowSums))
            .&. (signsHold |> holds "a diagonal entry > 0 or an off-diagonal entry < 0")))

/// The symmetric loss's gradient is the mean of G(S) and G(S^T)^T. Catches a symmetric loss that
/// transposes only the value, or weights the two directions unequally.
let symmetricInfoNceGradientIsTheMeanOfBothDirections (o: Objectives) =
    Prop.forAll Arbs.scores (fun s ->
        inScope (fun () ->
            let k = s.K
            let forward = Naive.infoNceLossGradient k s.Values
            let backward = Naive.infoNceLossGradient k (Naive.transpose k s.Values) |> Naive.transpose k
            let expected = Array.map2 (fun a b -> 0.5 * (a + b)) forward backward
            arraysNear GradientTol "symmetric InfoNCE gradient" expected (Tensors.gradientOf (fun t -> o.InfoNceLoss t true) (s.Tensor()))))

/// DV, NWJ and JS against their analytic gradients: 1/K (DV, NWJ) or sigmoid(-S[i,i])/K (JS) on the
/// diagonal; -softmax over the negatives (DV), -e^{S[i,j]-1}/(K(K-1)) (NWJ), -sigmoid(S[i,j])/(K(K-1))
/// (JS) elsewhere. Catches a gradient into the masked diagonal, the wrong normalisation, a detached term.
let dvNwjAndJsGradientsMatchTheirAnalyticForms (o: Objectives) =
    Prop.forAll Arbs.scores (fun s ->
        inScope (fun () ->
            let k, v = s.K, s.Values
            allOf
                [ arraysNear GradientTol "DV gradient" (Naive.donskerVaradhanGradient k v) (Tensors.gradientOf o.DonskerVaradhan (s.Tensor()))
                  arraysNear GradientTol "NWJ gradient" (Naive.nwjGradient k v) (Tensors.gradientOf o.Nwj (s.Tensor()))
                  arraysNear GradientTol "JS gradient" (Naive.jensenShannonGradient k v) (Tensors.gradientOf o.JensenShannon (s.Tensor())) ]))

/// d(NT-Xent)/dz by the chain rule through the logits and the normalisation (Naive.ntXentGradient)
/// against autograd. Catches a detached normalisation, a similarity gradient taken one way only
/// (G instead of G + G^T), the self-similarity left in the softmax.
let ntXentGradientMatchesTheChainRuleThroughLogitsAndNormalisation (o: Objectives) =
    forAll2 Arbs.views Arbs.temperature (fun v tau ->
        inScope (fun () ->
            let z1, z2 = v.Tensors()
            let z1, z2 = Tensors.leaf z1, Tensors.leaf z2
            let loss = o.NtXent z1 z2 tau
            loss.backward()
            let autograd = Array.append (Tensors.toArray z1.grad) (Tensors.toArray z2.grad)
            arraysNear GradientTol "NT-Xent gradient" (Naive.ntXentGradient v.N v.D v.Z1 v.Z2 tau) autograd))

/// NT-Xent depends on each z only through its direction, so each row's gradient is orthogonal to the
/// row. Catches a similarity that is not scale-free (dot products, normalisation with a large epsilon).
let ntXentGradientIsOrthogonalToEachEmbedding (o: Objectives) =
    forAll2 Arbs.views Arbs.temperature (fun v tau ->
        inScope (fun () ->
            let z1, z2 = v.Tensors()
            let z1, z2 = Tensors.leaf z1, Tensors.leaf z2
            (o.NtXent z1 z2 tau).backward()
            let g = Array.append (Tensors.toArray z1.grad) (Tensors.toArray z2.grad)
            let z = Array.append v.Z1 v.Z2
            let d = v.D
            let row a (x: float[]) = x[a * d .. a * d + d - 1]
            let norm (x: float[]) = sqrt (Array.sumBy (fun e -> e * e) x)
            [ 0 .. 2 * v.N - 1 ]
            |> List.map (fun a ->
                let za, ga = row a z, row a g
                let dot = Array.fold2 (fun acc x y -> acc + x * y) 0.0 za ga
                abs dot <= 1e-10 * (1.0 + norm za * norm ga) |> holds (sprintf "row %d: z . grad = %g" a dot))
            |> allOf))

[<Test>]
let ``4 the InfoNCE gradient is softmax minus identity over K`` () =
    infoNceGradientIsSoftmaxMinusIdentityOverK real |> Run.check Cases

[<Test>]
let ``4 the symmetric InfoNCE gradient is the mean of both directions`` () =
    symmetricInfoNceGradientIsTheMeanOfBothDirections real |> Run.check Cases

[<Test>]
let ``DV NWJ and JS gradients match their analytic forms`` () =
    dvNwjAndJsGradientsMatchTheirAnalyticForms real |> Run.check Cases

[<Test>]
let ``13 the NT-Xent gradient matches the chain rule through logits and normalisation`` () =
    ntXentGradientMatchesTheChainRuleThroughLogitsAndNormalisation real |> Run.check Cases

[<Test>]
let ``13 the NT-Xent gradient is orthogonal to each embedding`` () =
    ntXentGradientIsOrthogonalToEachEmbedding real |> Run.check Cases
