/// CPC's objective pieces against plain-loop transcriptions: InfoNCE and its accuracy over a stack
/// of score matrices (the layout CPC scores each step in) are the means over the matrices, and the
/// scores CPC builds for every kind of negatives are z_candidateᵀ W_k c_anchor entry by entry.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Objectives.CpcProperties

open System
open NUnit.Framework
open FsCheck
open FsCheck.FSharp
open TorchSharp
open Contrastive.Methods
open Contrastive.Objectives
open Contrastive.Properties.Objectives.Generators

let private value = Tensors.value

[<Literal>]
let Cases = 200

/// G (1 to 4) score matrices of one K: generated independently, then cut to the smallest K.
let private stackGen =
    gen {
        let! g = Gen.choose (1, 4)
        let! matrices = Gen.listOfLength g scoresGen
        let k = matrices |> List.map (fun s -> s.K) |> List.min
        return matrices |> List.map (fun s -> s.Leading k)
    }

let private stacks = Arb.fromGen stackGen

let private stackOf (matrices: Scores list) = torch.stack(matrices |> List.map (fun s -> s.Tensor()) |> List.toArray, 0L)

/// The share of rows whose largest entry is on the diagonal (ties: the first largest, as argmax).
let private top1 (s: Scores) =
    [ for i in 0 .. s.K - 1 ->
          let row = Array.init s.K (fun j -> s[i, j])
          if Array.IndexOf(row, Array.max row) = i then 1.0 else 0.0 ]
    |> List.average

/// Catches a reduction over the wrong axis of a stack (rows of another matrix as candidates), a
/// diagonal taken across matrices, or a mean over matrices weighted wrongly.
let infoNceOfAStackIsTheMeanOverItsMatrices =
    Prop.forAll stacks (fun matrices ->
        inScope (fun () ->
            let k = matrices.Head.K
            let scale = matrices |> List.map (fun s -> s.MaxAbs) |> List.max
            let each = matrices |> List.map (fun s -> Losses.InfoNce(s.Tensor()) |> value)
            let eachSymmetric = matrices |> List.map (fun s -> Losses.InfoNce(s.Tensor(), true) |> value)
            let stack = stackOf matrices
            allOf
                [ nearAt scale 1e-9 "loss" (List.average each) (Losses.InfoNce(stack) |> value)
                  nearAt scale 1e-9 "symmetric loss" (List.average eachSymmetric) (Losses.InfoNce(stack, true) |> value)
                  nearAt scale 1e-9 "estimate" (log (float k) - List.average each) (MutualInformation.InfoNce(stack) |> value)
                  holds "estimate <= log K" ((MutualInformation.InfoNce(stack) |> value) <= log (float k) + 1e-12)
                  near 1e-6 "accuracy (float32)" (matrices |> List.averageBy top1) (ContrastiveMetrics.ScoreTop1(stack) |> value) ]))

/// Sizes of one CPC scoring case: n samples, an L x W grid of positions, D-dim encodings, H-dim
/// contexts, steps first .. first + steps - 1, and the kind of negatives.
type CpcCase =
    { N: int; L: int; W: int; D: int; H: int; First: int; Steps: int; Negatives: CpcNegatives; Z: float[]; C: float[]; Weights: float[] }

let private cpcCaseGen =
    gen {
        let! negatives = Gen.elements [ CpcNegatives.Batch; CpcNegatives.SameSequence; CpcNegatives.Both ]
        let! n = Gen.choose (2, 4)
        let! w = Gen.choose (1, 3)
        let! first = Gen.choose (1, 2)
        let! steps = Gen.choose (1, 3)
        let! extra = Gen.choose ((if w = 1 then 2 else 1), 3)      // anchor rows: same-sequence needs 2 positions
        let l = first + steps - 1 + extra
        let! d = Gen.choose (1, 4)
        let! h = Gen.choose (1, 4)
        let! z = Gen.arrayOfLength (n * d * l * w) normal
        let! c = Gen.arrayOfLength (n * h * l * w) normal
        let! weights = Gen.arrayOfLength (steps * d * h) normal
        return { N = n; L = l; W = w; D = d; H = h; First = first; Steps = steps; Negatives = negatives; Z = z; C = c; Weights = weights }
    }

/// Catches targets taken at the wrong offset (z_(t+k-1), which the context has seen), W_k of another
/// step, anchors past L - k_max, and candidates grouped by the wrong axis for any kind of negatives.
let cpcScoresAreTheDotProductsOfEachPredictionWithItsCandidates =
    Prop.forAll (Arb.fromGen cpcCaseGen) (fun case ->
        inScope (fun () ->
            use model = new Cpc(CpcSettings(case.Steps, case.First, case.Negatives), torch.nn.Identity(), torch.nn.Identity(), null, case.D, case.H)
            model.``to``(torch.ScalarType.Float64) |> ignore
            use _ = torch.no_grad()
            for i in 0 .. case.Steps - 1 do
                model.PredictionWeight(i).copy_(torch.tensor(Array.sub case.Weights (i * case.D * case.H) (case.D * case.H), dtype = Tensors.float64).reshape(int64 case.D, int64 case.H)) |> ignore
            let z = torch.tensor(case.Z, dtype = Tensors.float64).reshape(int64 case.N, int64 case.D, int64 case.L, int64 case.W)
            let c = torch.tensor(case.C, dtype = Tensors.float64).reshape(int64 case.N, int64 case.H, int64 case.L, int64 case.W)
            let scores = model.Score(z, c)
            let zAt b dd r col = case.Z[((b * case.D + dd) * case.L + r) * case.W + col]
            let cAt b hh r col = case.C[((b * case.H + hh) * case.L + r) * case.W + col]
            let wAt i dd hh = case.Weights[(i * case.D + dd) * case.H + hh]
            let rows = case.L - (case.First + case.Steps - 1)
            let positions = rows * case.W
            // score of anchor (b, p) against the target of (b2, p2) at step index i
            let naive i b p b2 p2 =
                let k = case.First + i
                let (r, col), (r2, col2) = (p / case.W, p % case.W), (p2 / case.W, p2 % case.W)
                Seq.sum (seq { for dd in 0 .. case.D - 1 -> zAt b2 dd (r2 + k) col2 * Seq.sum (seq { for hh in 0 .. case.H - 1 -> wAt i dd hh * cAt b hh r col }) })
            let expected =
                [| for i in 0 .. case.Steps - 1 do
                       match case.Negatives with
                       | CpcNegatives.Batch ->
                           for p in 0 .. positions - 1 do
                               for b in 0 .. case.N - 1 do
                                   for b2 in 0 .. case.N - 1 -> naive i b p b2 p
                       | CpcNegatives.SameSequence ->
                           for b in 0 .. case.N - 1 do
                               for p in 0 .. positions - 1 do
                                   for p2 in 0 .. positions - 1 -> naive i b p b p2
                       | _ ->
                           for a in 0 .. case.N * positions - 1 do
                               for a2 in 0 .. case.N * positions - 1 -> naive i (a / positions) (a % positions) (a2 / positions) (a2 % positions) |]
            let groups, size =
                match case.Negatives with
                | CpcNegatives.Batch -> positions, case.N
                | CpcNegatives.SameSequence -> case.N, positions
                | _ -> 1, case.N * positions
            allOf
                [ holds (sprintf "shape [%s]" (String.Join(", ", scores.shape))) (scores.shape = [| int64 case.Steps; int64 groups; int64 size; int64 size |])
                  arraysNear 1e-10 "scores" expected (Tensors.toArray scores) ]))

[<Test>]
let ``InfoNCE, its estimate and its accuracy over a stack of score matrices are the means over the matrices`` () =
    infoNceOfAStackIsTheMeanOverItsMatrices |> Run.check Cases

[<Test>]
let ``CPC's scores are each prediction W_k c against its candidates' encodings, for every kind of negatives`` () =
    cpcScoresAreTheDotProductsOfEachPredictionWithItsCandidates |> Run.check Cases
