/// Property 13 (NT-Xent) of shared/reference/objectives.md in full, property 14 for the losses, and
/// every loss (InfoNCE, NT-Xent, NCE, MoCo, symmetric MoCo) against a plain-loop transcription of its
/// definition, plus MoCo's queue discipline. Each property is a function of the implementation under
/// test, so MutationTests can run it against a broken variant. Replaying a failure: see Generators.fs.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Objectives.LossProperties

open System
open NUnit.Framework
open FsCheck
open FsCheck.FSharp
open TorchSharp
open Contrastive.Objectives
open Contrastive.Properties.Objectives.Generators
open Contrastive.Properties.Objectives.Implementations

let private value = Tensors.value

[<Literal>]
let Cases = 200

/// float64 identities: see EstimatorProperties.Tol.
[<Literal>]
let Tol = 1e-9

/// Positive factors, one per row of [z1; z2] (2N <= 128), spanning four orders of magnitude.
let private rowFactors = Arb.fromGen (Gen.arrayOfLength MaxK (logUniform 1e-2 1e2))

/// Rows of a row-major [rows, d] array times per-row factors.
let private scaleRows (d: int) (factors: float[]) (z: float[]) = z |> Array.mapi (fun m x -> factors[m / d] * x)

/// A d x d orthogonal matrix from the leading block of the normals (QR of a Gaussian matrix).
let private orthogonal (d: int) (normals: float[]) =
    let a = Tensors.rect d d (Array.init (d * d) (fun m -> normals[(m / d) * MaxD + m % d]))
    let struct (q, _) = torch.linalg.qr(a)
    q

let private ntXentOf (o: Objectives) (v: Views) tau =
    let z1, z2 = v.Tensors()
    o.NtXent z1 z2 tau |> value

// ---------------------------------------------------------------------------------------------
// Property 13: NT-Xent

/// Catches a dot product where the cosine belongs (no normalisation, or normalised along dim 0).
let ntXentIsInvariantToPositiveRescalingOfEachEmbedding (o: Objectives) =
    forAll3 Arbs.views rowFactors Arbs.temperature (fun v factors tau ->
        inScope (fun () ->
            let rescaled =
                { v with
                    Z1 = scaleRows v.D factors[.. v.N - 1] v.Z1
                    Z2 = scaleRows v.D factors[v.N ..] v.Z2 }
            nearAt (1.0 / tau) Tol "NT-Xent after rescaling rows" (ntXentOf o v tau) (ntXentOf o rescaled tau)))

/// Catches a normalisation along the wrong axis (columns), a similarity that is not an inner product.
let ntXentIsInvariantToASharedRotation (o: Objectives) =
    forAll3 Arbs.views Arbs.squareNormals Arbs.temperature (fun v normals tau ->
        inScope (fun () ->
            let q = orthogonal v.D normals
            let z1, z2 = v.Tensors()
            let before = o.NtXent z1 z2 tau |> value
            let after = o.NtXent (z1.matmul(q.t())) (z2.matmul(q.t())) tau |> value
            nearAt (1.0 / tau) Tol "NT-Xent after a shared rotation" before after))

/// Catches anchors taken from one view only (N anchors instead of 2N), positives looked up one way only.
let ntXentIsSymmetricInTheTwoViews (o: Objectives) =
    forAll2 Arbs.views Arbs.temperature (fun v tau ->
        inScope (fun () ->
            let swapped = { v with Z1 = v.Z2; Z2 = v.Z1 }
            nearAt (1.0 / tau) Tol "NT-Xent with the views swapped" (ntXentOf o v tau) (ntXentOf o swapped tau)))

/// Reordering the samples (the same order in both views) changes nothing. Catches positives paired
/// by anything but the sample index (k with k + 1, with 2N - 1 - k).
let ntXentIgnoresTheOrderOfTheSamples (o: Objectives) =
    forAll3 Arbs.views Arbs.shuffle Arbs.temperature (fun v shuffle tau ->
        inScope (fun () ->
            let order = shuffle.Restrict v.N
            let reorder (z: float[]) = Array.init z.Length (fun m -> z[order[m / v.D] * v.D + m % v.D])
            let shuffled = { v with Z1 = reorder v.Z1; Z2 = reorder v.Z2 }
            nearAt (1.0 / tau) Tol "NT-Xent with the samples reordered" (ntXentOf o v tau) (ntXentOf o shuffled tau)))

/// At tau -> infinity every logit is 0 and each anchor is one of 2N - 1 equals: log(2N - 1) (tau = 1e8
/// leaves a deviation below 2/tau). Catches self-similarity left in (log 2N), the positive counted twice,
/// SimCLR's doubled report.
let ntXentTendsToLogOfTwoNMinusOneAsTauGrows (o: Objectives) =
    Prop.forAll Arbs.views (fun v ->
        inScope (fun () -> nearAt 1.0 1e-7 "NT-Xent at tau = 1e8" (log (float (2 * v.N - 1))) (ntXentOf o v 1e8)))

/// Each anchor's loss, computed by the plain loops, lies in [log(1 + (2N-2) e^{-2/tau}), log(1 + (2N-2) e^{2/tau})]
/// (cosines lie in [-1, 1]) and their mean is NT-Xent (to 1e-9). Catches a sum for the mean, the
/// doubled SimCLR report, the self-similarity left in, a temperature applied twice or not at all.
let everyAnchorsLossLiesWithinItsBoundsAndTheirMeanIsNtXent (o: Objectives) =
    forAll2 Arbs.views Arbs.temperature (fun v tau ->
        inScope (fun () ->
            let perAnchor = Naive.ntXentPerAnchor v.N v.D v.Z1 v.Z2 tau
            let others = float (2 * v.N - 2)
            let lower, upper = log (1.0 + others * exp (-2.0 / tau)), log (1.0 + others * exp (2.0 / tau))
            let slack = 1e-9 * (1.0 + upper)
            let outside = perAnchor |> Array.tryFindIndex (fun l -> l < lower - slack || l > upper + slack)
            (outside.IsNone
             |> holds (sprintf "anchor %A's loss %g outside [%g, %g]" outside (perAnchor[defaultArg outside 0]) lower upper))
            .&. nearAt (1.0 / tau) Tol "NT-Xent vs the mean of the plain-loop anchors" (Naive.mean perAnchor) (ntXentOf o v tau)))

// ---------------------------------------------------------------------------------------------
// Every loss against its plain-loop transcription

/// Catches a wrong axis, a missing diagonal, a symmetric loss that is not the average of both ways.
let infoNceLossMatchesItsPlainLoopTranscription (o: Objectives) =
    Prop.forAll Arbs.scores (fun s ->
        inScope (fun () ->
            [ false; true ]
            |> List.map (fun symmetric ->
                nearAt s.MaxAbs Tol (sprintf "InfoNCE loss (symmetric = %b)" symmetric)
                    (Naive.infoNceLoss s.K s.Values symmetric) (o.InfoNceLoss (s.Tensor()) symmetric |> value))
            |> allOf))

/// NCE case: B data points with k noise samples each, their scores and noise log-densities.
[<StructuredFormatDisplay("{Display}")>]
type NceCase =
    { B: int
      Noise: int
      Positive: float[]
      Negative: float[]
      PositiveLogQ: float[]
      NegativeLogQ: float[] }

    member c.Display = sprintf "NCE B=%d k=%d positive=%A negative=%A" c.B c.Noise c.Positive c.Negative

let private nceCases =
    gen {
        let! b = Gen.choose (1, 32)
        let! noise = Gen.frequency [ 2, Gen.constant 1; 3, Gen.choose (2, 16) ]
        let! scale = logUniform 1e-3 InputBound
        let scores n = Gen.arrayOfLength n normal |> Gen.map (Array.map (fun z -> Math.Clamp(scale * z, -InputBound, InputBound)))
        let! positive = scores b
        let! negative = scores (b * noise)
        let! positiveLogQ = Gen.arrayOfLength b (uniformIn -20.0 5.0)
        let! negativeLogQ = Gen.arrayOfLength (b * noise) (uniformIn -20.0 5.0)
        return { B = b; Noise = noise; Positive = positive; Negative = negative; PositiveLogQ = positiveLogQ; NegativeLogQ = negativeLogQ }
    }
    |> Arb.fromGen

let private nceOf (o: Objectives) (c: NceCase) =
    o.Nce (Tensors.vector c.Positive) (Tensors.rect c.B c.Noise c.Negative) (Tensors.vector c.PositiveLogQ) (Tensors.rect c.B c.Noise c.NegativeLogQ)

/// NCE against the loops; a scalar noise log-density means the same as that value broadcast; the loss
/// is finite and never negative for scores up to 1e4. Catches log k dropped from the logit, the noise
/// terms averaged instead of summed, a sign slip in either softplus, an unstable log(sigmoid).
let nceMatchesItsPlainLoopTranscription (o: Objectives) =
    Prop.forAll nceCases (fun c ->
        inScope (fun () ->
            let loss = nceOf o c |> value
            let expected = Naive.nce c.B c.Noise c.Positive c.Negative c.PositiveLogQ c.NegativeLogQ
            let constantQ = -3.5
            let withScalarQ =
                o.Nce (Tensors.vector c.Positive) (Tensors.rect c.B c.Noise c.Negative) (Tensors.scalarTensor constantQ) (Tensors.scalarTensor constantQ)
                |> value
            let expectedScalarQ =
                Naive.nce c.B c.Noise c.Positive c.Negative (Array.create c.B constantQ) (Array.create (c.B * c.Noise) constantQ)
            nearAt 1.0 Tol "NCE" expected loss
            .&. nearAt 1.0 Tol "NCE with scalar log q" expectedScalarQ withScalarQ
            .&. ((Double.IsFinite loss && loss >= 0.0) |> holds (sprintf "NCE = %g" loss))))

/// MoCo case: B queries and keys in d dimensions, a queue of the given capacity already fed `Fed` keys
/// (so the ring may have wrapped), a temperature.
[<StructuredFormatDisplay("{Display}")>]
type MoCoCase =
    { B: int
      D: int
      Capacity: int
      Queries: float[]
      Queries2: float[]
      Keys: float[]
      Keys2: float[]
      Fed: float[]
      Tau: float }

    member c.Display = sprintf "MoCo B=%d d=%d capacity=%d fed=%d tau=%g" c.B c.D c.Capacity (c.Fed.Length / c.D) c.Tau

let private mocoCases =
    gen {
        let! b = Gen.choose (1, 16)
        let! d = Gen.choose (1, 16)
        let! capacity = Gen.choose (1, 64)
        let! fed = Gen.choose (0, 100)
        let embeddings n = Gen.arrayOfLength (n * d) normal |> Gen.map (Array.map (fun z -> 10.0 * z))
        let! queries = embeddings b
        let! queries2 = embeddings b
        let! keys = embeddings b
        let! keys2 = embeddings b
        let! old = embeddings fed
        let! tau = logUniform 0.05 2.0
        return { B = b; D = d; Capacity = capacity; Queries = queries; Queries2 = queries2; Keys = keys; Keys2 = keys2; Fed = old; Tau = tau }
    }
    |> Arb.fromGen

/// A float64 queue fed the case's old keys in two batches (the ring wraps when they overflow it).
let private queueFor (c: MoCoCase) =
    let queue = new NegativeQueue(c.Capacity, c.D, torch.ScalarType.Float64)
    let fed = c.Fed.Length / c.D
    let first = fed / 2
    if first > 0 then queue.Enqueue(Tensors.rect first c.D c.Fed[.. first * c.D - 1])
    if fed - first > 0 then queue.Enqueue(Tensors.rect (fed - first) c.D c.Fed[first * c.D ..])
    queue

/// The newest `capacity` of the rows, oldest first: what a FIFO queue of that capacity holds.
let private newest (capacity: int) (d: int) (rows: float[]) =
    let n = rows.Length / d
    rows[(max 0 (n - capacity)) * d ..]

/// MoCo against the loops over the queue as it is, which the loss only reads (its owner enqueues the
/// keys afterwards, so a key is never its own negative). Catches enqueue-before-use, a positive at the
/// wrong index, un-normalised queries or negatives, a loss that changes the queue.
let mocoMatchesItsPlainLoopTranscriptionAndLeavesTheQueueAlone (o: Objectives) =
    Prop.forAll mocoCases (fun c ->
        inScope (fun () ->
            use queue = queueFor c
            let before = Tensors.toArray (queue.Keys())
            let loss = o.MoCo (Tensors.rect c.B c.D c.Queries) (Tensors.rect c.B c.D c.Keys) queue c.Tau |> value
            let after = Tensors.toArray (queue.Keys())
            let expected = Naive.moco c.B c.D c.Queries c.Keys before c.Tau
            nearAt (1.0 / c.Tau) Tol "MoCo loss" expected loss
            .&. arraysNear 0.0 "queue after MoCo" before after))

/// Symmetric MoCo = (loss(q1, k2) + loss(q2, k1)) / 2 against the queue, which it leaves as it was.
let symmetricMocoMatchesItsPlainLoopTranscription (o: Objectives) =
    Prop.forAll mocoCases (fun c ->
        inScope (fun () ->
            use queue = queueFor c
            let before = Tensors.toArray (queue.Keys())
            let t = Tensors.rect c.B c.D
            let loss = o.MoCoSymmetric (t c.Queries) (t c.Queries2) (t c.Keys) (t c.Keys2) queue c.Tau |> value
            let expected = 0.5 * (Naive.moco c.B c.D c.Queries c.Keys2 before c.Tau + Naive.moco c.B c.D c.Queries2 c.Keys before c.Tau)
            nearAt (1.0 / c.Tau) Tol "symmetric MoCo loss" expected loss
            .&. arraysNear 0.0 "queue after symmetric MoCo" before (Tensors.toArray (queue.Keys()))))

/// The queue is a FIFO of the newest Capacity keys against a list model, over random batch sizes
/// (batches larger than the queue included). Catches an off-by-one at the wrap, oldest-first order lost,
/// Count or Enqueued miscounted.
let theNegativeQueueKeepsTheNewestKeysInArrivalOrder =
    let batches = Gen.listOf (Gen.choose (1, 20)) |> Gen.zip (Gen.choose (1, 24)) |> Arb.fromGen
    Prop.forAll batches (fun (capacity, sizes) ->
        inScope (fun () ->
            let d = 3
            use queue = new NegativeQueue(capacity, d, torch.ScalarType.Float64)
            let mutable model = [||]
            let mutable serial = 0.0
            sizes
            |> List.map (fun size ->
                let rows = Array.init (size * d) (fun m -> serial + float (m / d) + 0.25 * float (m % d))
                serial <- serial + float size
                queue.Enqueue(Tensors.rect size d rows)
                model <- newest capacity d (Array.append model rows)
                arraysNear 0.0 "queue contents" model (Tensors.toArray (queue.Keys()))
                .&. (queue.Count = model.Length / d |> holds (sprintf "Count %d, model %d" queue.Count (model.Length / d)))
                .&. (queue.Enqueued = int64 serial |> holds (sprintf "Enqueued %d, fed %g" queue.Enqueued serial)))
            |> allOf))

// ---------------------------------------------------------------------------------------------
// Property 14 for the losses

/// Embeddings scaled to 1e4 at temperatures down to 1e-3 (logits up to 1e3): NT-Xent, and MoCo on
/// the same embeddings, stay finite with NaN-free gradients. Catches an exp outside log-sum-exp, a
/// self-similarity masked by multiplying (0 * inf), a normalisation that divides by a zero norm.
let lossesStayFiniteWithNaNFreeGradientsOnLargeEmbeddings (o: Objectives) =
    forAll2 Arbs.views Arbs.unitInterval (fun v u ->
        inScope (fun () ->
            let tau = exp (log 1e-3 + u * (log 1e2 - log 1e-3))
            let largest = Array.append v.Z1 v.Z2 |> Array.map abs |> Array.max |> max 1e-300
            let big (z: float[]) = z |> Array.map (fun x -> x / largest * InputBound)
            let z1 = Tensors.leaf (Tensors.rect v.N v.D (big v.Z1))
            let z2 = Tensors.leaf (Tensors.rect v.N v.D (big v.Z2))
            let loss = o.NtXent z1 z2 tau
            loss.backward()
            use queue = new NegativeQueue(2 * v.N, v.D, torch.ScalarType.Float64)
            queue.Enqueue(z2.detach())
            let moco = o.MoCo z1 (z1.detach()) queue tau |> value
            let noNaN (g: Tensor) = Tensors.toArray g |> Array.forall (Double.IsNaN >> not)
            (Double.IsFinite(value loss) |> holds (sprintf "NT-Xent = %g at tau %g" (value loss) tau))
            .&. (Double.IsFinite moco |> holds (sprintf "MoCo = %g at tau %g" moco tau))
            .&. ((noNaN z1.grad && noNaN z2.grad) |> holds "NaN in the NT-Xent gradient")))

// ---------------------------------------------------------------------------------------------
// The tests

[<Test>]
let ``13 NT-Xent is invariant to positive rescaling of each embedding`` () =
    ntXentIsInvariantToPositiveRescalingOfEachEmbedding real |> Run.check Cases

[<Test>]
let ``13 NT-Xent is invariant to a shared rotation`` () =
    ntXentIsInvariantToASharedRotation real |> Run.check Cases

[<Test>]
let ``13 NT-Xent is symmetric in the two views`` () =
    ntXentIsSymmetricInTheTwoViews real |> Run.check Cases

[<Test>]
let ``13 NT-Xent ignores the order of the samples`` () =
    ntXentIgnoresTheOrderOfTheSamples real |> Run.check Cases

[<Test>]
let ``13 NT-Xent tends to log(2N - 1) as tau grows`` () =
    ntXentTendsToLogOfTwoNMinusOneAsTauGrows real |> Run.check Cases

[<Test>]
let ``13 every anchor's loss lies within its bounds and their mean is NT-Xent`` () =
    everyAnchorsLossLiesWithinItsBoundsAndTheirMeanIsNtXent real |> Run.check Cases

[<Test>]
let ``the InfoNCE loss matches its plain-loop transcription`` () =
    infoNceLossMatchesItsPlainLoopTranscription real |> Run.check Cases

[<Test>]
let ``NCE matches its plain-loop transcription and is never negative`` () =
    nceMatchesItsPlainLoopTranscription real |> Run.check Cases

[<Test>]
let ``MoCo matches its plain-loop transcription and leaves the queue alone`` () =
    mocoMatchesItsPlainLoopTranscriptionAndLeavesTheQueueAlone real |> Run.check Cases

[<Test>]
let ``symmetric MoCo matches its plain-loop transcription`` () =
    symmetricMocoMatchesItsPlainLoopTranscription real |> Run.check Cases

[<Test>]
let ``the negative queue keeps the newest keys in arrival order`` () =
    theNegativeQueueKeepsTheNewestKeysInArrivalOrder |> Run.check Cases

[<Test>]
let ``14 NT-Xent and MoCo stay finite with NaN-free gradients on large embeddings`` () =
    lossesStayFiniteWithNaNFreeGradientsOnLargeEmbeddings real |> Run.check Cases
