/// The losses of the view methods beyond plain NT-Xent: NT-Xent with extra negatives (queue or
/// memory bank), exclusions and the decoupled form (DCL), and the regression losses of BYOL and
/// SimSiam, against plain-loop transcriptions of their definitions.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Objectives.ViewLossProperties

open System
open NUnit.Framework
open FsCheck
open FsCheck.FSharp
open TorchSharp
open Contrastive.Objectives
open Contrastive.Properties.Objectives.Generators

let private value = Tensors.value

[<Literal>]
let Cases = 200

/// Extra negatives for views of dimension d: K rows (0 to 6) of normals, and for each of the 2N
/// anchors and K rows a coin saying whether that row is excluded for that anchor.
type Extras =
    { K: int
      Rows: float[]
      Excluded: bool[] }

let private extrasGen =
    gen {
        let! k = Gen.choose (0, 6)
        let! rows = Gen.arrayOfLength (k * MaxD) normal
        let! excluded = Gen.arrayOfLength (2 * MaxK * k) (Gen.elements [ false; false; false; true ])
        return { K = k; Rows = rows; Excluded = excluded }
    }

let private extras = Arb.fromGen extrasGen

let private dot (a: float[]) (b: float[]) = Array.fold2 (fun s x y -> s + x * y) 0.0 a b
let private unit (a: float[]) = let n = sqrt (dot a a) in a |> Array.map (fun x -> x / n)

/// The loss as written: for anchor a of 2N, -s_pos/τ + log Σ exp(s/τ) over the other views (minus the
/// positive when decoupled) and the extra rows not excluded for a; the mean over anchors.
let private transcription (v: Views) (e: Extras) (excluded: int -> int -> bool) tau decoupled =
    let n, d = v.N, v.D
    let row (z: float[]) i = Array.sub z (i * d) d |> unit
    let views = Array.init (2 * n) (fun a -> if a < n then row v.Z1 a else row v.Z2 (a - n))
    let extra = Array.init e.K (fun k -> Array.sub e.Rows (k * MaxD) d |> unit)
    let perAnchor a =
        let positive = (a + n) % (2 * n)
        let terms =
            [ for j in 0 .. 2 * n - 1 do
                  if j <> a && not (decoupled && j = positive) then yield dot views[a] views[j] / tau
              for k in 0 .. e.K - 1 do
                  if not (excluded a k) then yield dot views[a] extra[k] / tau ]
        let top = List.max terms
        let lse = top + log (terms |> List.sumBy (fun t -> exp (t - top)))
        lse - dot views[a] views[positive] / tau
    List.init (2 * n) perAnchor |> List.average

let private tensorsOf (v: Views) (e: Extras) (excluded: int -> int -> bool) =
    let rows = Tensors.rect e.K v.D (Array.init (e.K * v.D) (fun m -> e.Rows[(m / v.D) * MaxD + m % v.D]))
    let mask = torch.tensor (Array.init (2 * v.N * e.K) (fun m -> excluded (m / e.K) (m % e.K)), dtype = torch.ScalarType.Bool)
    rows, mask.reshape (int64 (2 * v.N), int64 e.K)

/// Catches extra rows left unnormalised, an exclusion mask read by the wrong anchor (z2's rows first,
/// or transposed), a decoupled loss that keeps the positive in its denominator or drops a negative.
let ntXentWithExtraNegativesMatchesItsTranscription =
    forAll3 Arbs.views extras Arbs.temperature (fun v e tau ->
        inScope (fun () ->
            let excluded a k = e.Excluded[a * e.K + k]
            let z1, z2 = v.Tensors()
            let rows, mask = tensorsOf v e excluded
            let cases =
                [ for decoupled in [ false; true ] do
                      if v.N >= 2 || e.K > 0 then
                          // An anchor whose every term is excluded has no denominator: only when decoupled with N = 1.
                          let usable = not decoupled || v.N >= 2 || [ 0 .. 2 * v.N - 1 ] |> List.forall (fun a -> [ 0 .. e.K - 1 ] |> List.exists (fun k -> not (excluded a k)))
                          if usable then
                              let actual = Losses.NtXent(z1, z2, tau, rows, mask, decoupled) |> value
                              yield nearAt (1.0 / tau) 1e-9 (sprintf "decoupled=%b" decoupled) (transcription v e excluded tau decoupled) actual ]
            if cases.IsEmpty then Prop.ofTestable true else allOf cases))

/// Catches an exclusion mask that is ignored: with every extra row excluded the loss is plain NT-Xent.
let excludingEveryExtraNegativeIsPlainNtXent =
    forAll3 Arbs.views extras Arbs.temperature (fun v e tau ->
        inScope (fun () ->
            let z1, z2 = v.Tensors()
            let rows, mask = tensorsOf v e (fun _ _ -> true)
            nearAt (1.0 / tau) 1e-9 "all extras excluded" (Losses.NtXent(z1, z2, tau) |> value) (Losses.NtXent(z1, z2, tau, rows, mask) |> value)))

/// Catches a sign or scale slip in either regression loss: 2 - 2 cos = 2 + 2 D, for any positive
/// rescaling of the predictions (both normalise).
let normalisedMseIsTwoPlusTwiceTheNegativeCosine =
    forAll2 Arbs.views (Arb.fromGen (logUniform 1e-3 1e3)) (fun v c ->
        inScope (fun () ->
            let p, z = v.Tensors()
            let mse = Losses.NormalizedMse(p * c, z) |> value
            let d = Losses.NegativeCosine(p, z) |> value
            allOf
                [ near 1e-9 "2 + 2 D" (2.0 + 2.0 * d) mse
                  holds "within [0, 4]" (mse >= -1e-12 && mse <= 4.0 + 1e-12) ]))

[<Test>]
let ``NT-Xent with extra negatives, exclusions and the decoupled form matches its transcription`` () =
    ntXentWithExtraNegativesMatchesItsTranscription |> Run.check Cases

[<Test>]
let ``NT-Xent with every extra negative excluded is plain NT-Xent`` () =
    excludingEveryExtraNegativeIsPlainNtXent |> Run.check Cases

[<Test>]
let ``BYOL's normalised MSE is 2 plus twice SimSiam's negative cosine`` () =
    normalisedMseIsTwoPlusTwiceTheNegativeCosine |> Run.check Cases
