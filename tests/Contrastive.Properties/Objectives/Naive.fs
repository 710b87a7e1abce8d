/// Plain-loop transcriptions of the reference sheet's definitions, over F# floats (no tensors):
/// the oracle the tensor implementations are compared with, and the analytic gradients.
/// Written straight from the formulas, stable (max-shifted log-sum-exp) but otherwise unoptimised.
module Contrastive.Properties.Objectives.Naive

open System

/// S[i, j] of a row-major K x K array.
let inline private at (k: int) (s: float[]) i j = s[i * k + j]

/// log sum exp, shifted by the maximum; -infinity for an empty or all -infinity input.
let logSumExp (xs: float seq) =
    let xs = match xs with :? (float[]) as a -> a | _ -> Seq.toArray xs
    let mutable m = Double.NegativeInfinity
    for x in xs do
        if x > m then m <- x
    if Double.IsNegativeInfinity m || Double.IsPositiveInfinity m then
        m
    else
        let mutable total = 0.0
        for x in xs do
            total <- total + exp (x - m)
        m + log total

let mean (xs: float seq) =
    let mutable total = 0.0
    let mutable n = 0
    for x in xs do
        total <- total + x
        n <- n + 1
    total / float n

/// log(1 + e^x) without overflow.
let softplus (x: float) = max x 0.0 + Math.Log(1.0 + exp (-(abs x)))

let sigmoid (x: float) = if x >= 0.0 then 1.0 / (1.0 + exp (-x)) else exp x / (1.0 + exp x)

let diagonal (k: int) (s: float[]) = seq { for i in 0 .. k - 1 -> at k s i i }

let offDiagonal (k: int) (s: float[]) =
    seq {
        for i in 0 .. k - 1 do
            for j in 0 .. k - 1 do
                if i <> j then yield at k s i j
    }

/// log offmean(e^S) = log of the mean over i != j of exp(S[i, j]).
let logMeanExpOff (k: int) (s: float[]) = logSumExp (offDiagonal k s) - log (float k * float (k - 1))

let transpose (k: int) (s: float[]) = Array.init (k * k) (fun n -> at k s (n % k) (n / k))

// ---------------------------------------------------------------------------------------------
// Estimators

let infoNce (k: int) (s: float[]) =
    log (float k) + mean (seq { for i in 0 .. k - 1 -> at k s i i - logSumExp (seq { for j in 0 .. k - 1 -> at k s i j }) })

let nwj (k: int) (s: float[]) = mean (diagonal k s) - exp (logMeanExpOff k s - 1.0)

let donskerVaradhan (k: int) (s: float[]) = mean (diagonal k s) - logMeanExpOff k s

let jensenShannon (k: int) (s: float[]) =
    mean (diagonal k s |> Seq.map (fun x -> -(softplus -x))) - mean (offDiagonal k s |> Seq.map softplus)

/// TUBA with log a(y_j) = logBaseline[j].
let tuba (k: int) (s: float[]) (logBaseline: float[]) =
    let joint = mean (seq { for j in 0 .. k - 1 -> at k s j j - logBaseline[j] })
    let shifted = Array.init (k * k) (fun n -> s[n] - logBaseline[n % k])
    1.0 + joint - exp (logMeanExpOff k shifted)

/// log of I_alpha's baseline for column c when row r is left out:
/// log(alpha * mean_{m != r} e^{S[m, c]} + (1 - alpha) * e^{logQ[c]}).
let interpolatedLogBaseline (k: int) (s: float[]) (logQ: float[]) alpha r c =
    let mutable top = Double.NegativeInfinity
    for m in 0 .. k - 1 do
        if m <> r && at k s m c > top then top <- at k s m c
    let mutable total = 0.0
    for m in 0 .. k - 1 do
        if m <> r then total <- total + exp (at k s m c - top)
    let leaveOneOut = top + log total - log (float (k - 1))
    if alpha = 1.0 then leaveOneOut
    elif alpha = 0.0 then logQ[c]
    else logSumExp [ log alpha + leaveOneOut; log (1.0 - alpha) + logQ[c] ]

/// I_alpha: the positive of column c against each baseline that leaves out a negative r != c; the
/// negatives of column c against the baseline that leaves out the positive (r = c).
let interpolated (k: int) (s: float[]) (logQ: float[]) alpha =
    let b = Array2D.init k k (fun r c -> interpolatedLogBaseline k s logQ alpha r c)
    let joint = mean (seq { for r in 0 .. k - 1 do for c in 0 .. k - 1 do if r <> c then yield at k s c c - b[r, c] })
    let shifted = Array.init (k * k) (fun n -> s[n] - b[n % k, n % k])
    1.0 + joint - exp (logMeanExpOff k shifted)

let smile (k: int) (s: float[]) tau =
    mean (diagonal k s) - logMeanExpOff k (s |> Array.map (fun x -> Math.Clamp(x, -tau, tau)))

// ---------------------------------------------------------------------------------------------
// Losses

/// mean_i (LSE_j S[i, j] - S[i, i]); symmetric: the average with the same on S transposed.
let infoNceLoss (k: int) (s: float[]) (symmetric: bool) =
    let oneWay (m: float[]) =
        mean (seq { for i in 0 .. k - 1 -> logSumExp (seq { for j in 0 .. k - 1 -> at k m i j }) - at k m i i })
    if symmetric then 0.5 * (oneWay s + oneWay (transpose k s)) else oneWay s

/// Rows scaled to unit length as F.normalize does: x / max(|x|, 1e-12).
let normalizeRows (d: int) (z: float[]) =
    Array.init z.Length (fun m ->
        let r = m / d
        let norm = sqrt (Seq.sum (seq { for c in 0 .. d - 1 -> z[r * d + c] * z[r * d + c] }))
        z[m] / max norm 1e-12)

/// Cosine similarities of the 2N stacked views [z1; z2], row-major 2N x 2N.
let cosineSimilarities (n: int) (d: int) (z1: float[]) (z2: float[]) =
    let u = normalizeRows d (Array.append z1 z2)
    let m = 2 * n
    Array.init (m * m) (fun idx ->
        let a, b = idx / m, idx % m
        Seq.sum (seq { for c in 0 .. d - 1 -> u[a * d + c] * u[b * d + c] }))

/// The positive of anchor a among the 2N stacked views.
let positiveOf (n: int) (a: int) = (a + n) % (2 * n)

/// NT-Xent per anchor: -log( exp(s_pos / tau) / sum_{b != a} exp(s_ab / tau) ).
let ntXentPerAnchor (n: int) (d: int) (z1: float[]) (z2: float[]) (tau: float) =
    let m = 2 * n
    let s = cosineSimilarities n d z1 z2
    Array.init m (fun a ->
        let others = seq { for b in 0 .. m - 1 do if b <> a then yield s[a * m + b] / tau }
        logSumExp others - s[a * m + positiveOf n a] / tau)

let ntXent n d z1 z2 tau = mean (ntXentPerAnchor n d z1 z2 tau)

/// NCE with the noise-ratio logit s - log(k q): softplus(-logit) for the datum, softplus(logit) per noise sample.
let nce (b: int) (kNoise: int) (positive: float[]) (negative: float[]) (positiveLogQ: float[]) (negativeLogQ: float[]) =
    let logK = log (float kNoise)
    mean (
        seq {
            for i in 0 .. b - 1 ->
                softplus (-(positive[i] - positiveLogQ[i] - logK))
                + Seq.sum (seq { for j in 0 .. kNoise - 1 -> softplus (negative[i * kNoise + j] - negativeLogQ[i * kNoise + j] - logK) })
        }
    )

/// MoCo: cross-entropy of [q.k+, q.n_1..q.n_Q] / tau with target 0, everything L2-normalised.
let moco (b: int) (d: int) (queries: float[]) (keys: float[]) (queue: float[]) (tau: float) =
    let q = normalizeRows d queries
    let k = normalizeRows d keys
    let negatives = if queue.Length = 0 then [||] else normalizeRows d queue
    let dot (x: float[]) i (y: float[]) j = Seq.sum (seq { for c in 0 .. d - 1 -> x[i * d + c] * y[j * d + c] })
    mean (
        seq {
            for i in 0 .. b - 1 ->
                let positive = dot q i k i / tau
                let logits = seq { yield positive; for j in 0 .. negatives.Length / d - 1 -> dot q i negatives j / tau }
                logSumExp logits - positive
        }
    )

// ---------------------------------------------------------------------------------------------
// Analytic gradients (row-major, same layout as the input)

/// d(InfoNCE loss)/dS[i, j] = (softmax_j(S[i, :]) - delta_ij) / K.
let infoNceLossGradient (k: int) (s: float[]) =
    let rowLse = Array.init k (fun i -> logSumExp (seq { for m in 0 .. k - 1 -> at k s i m }))
    Array.init (k * k) (fun idx ->
        let i, j = idx / k, idx % k
        (exp (at k s i j - rowLse[i]) - (if i = j then 1.0 else 0.0)) / float k)

/// d DV / dS: 1/K on the diagonal, minus the softmax over the off-diagonal entries elsewhere.
let donskerVaradhanGradient (k: int) (s: float[]) =
    let lse = logSumExp (offDiagonal k s)
    Array.init (k * k) (fun idx ->
        let i, j = idx / k, idx % k
        if i = j then 1.0 / float k else -(exp (s[idx] - lse)))

/// d NWJ / dS: 1/K on the diagonal, -e^{S[i, j] - 1} / (K(K-1)) elsewhere.
let nwjGradient (k: int) (s: float[]) =
    Array.init (k * k) (fun idx ->
        let i, j = idx / k, idx % k
        if i = j then 1.0 / float k else -(exp (s[idx] - 1.0 - log (float k * float (k - 1)))))

/// d JS / dS: sigmoid(-S[i, i]) / K on the diagonal, -sigmoid(S[i, j]) / (K(K-1)) elsewhere.
let jensenShannonGradient (k: int) (s: float[]) =
    Array.init (k * k) (fun idx ->
        let i, j = idx / k, idx % k
        if i = j then sigmoid (-s[idx]) / float k else -(sigmoid s[idx]) / (float k * float (k - 1)))

/// d(NT-Xent)/dz for z = [z1; z2] (2N x d, row-major). With u = z/|z|, logits L = U U^T / tau
/// (diagonal excluded) and G[a, b] = (P[a, b] - [b = pos(a)]) / 2N, P the softmax of row a over b != a:
///   dLoss/dU = (G + G^T) U / tau,   dLoss/dz_a = (dLoss/du_a - (u_a . dLoss/du_a) u_a) / |z_a|.
let ntXentGradient (n: int) (d: int) (z1: float[]) (z2: float[]) (tau: float) =
    let m = 2 * n
    let z = Array.append z1 z2
    let u = normalizeRows d z
    let s = cosineSimilarities n d z1 z2
    let rowLse = Array.init m (fun a -> logSumExp (seq { for c in 0 .. m - 1 do if c <> a then yield s[a * m + c] / tau }))
    let g =
        Array.init (m * m) (fun idx ->
            let a, b = idx / m, idx % m
            if a = b then 0.0
            else (exp (s[idx] / tau - rowLse[a]) - (if b = positiveOf n a then 1.0 else 0.0)) / float m)
    let du =
        Array.init (m * d) (fun idx ->
            let a, c = idx / d, idx % d
            Seq.sum (seq { for b in 0 .. m - 1 -> (g[a * m + b] + g[b * m + a]) * u[b * d + c] }) / tau)
    Array.init (m * d) (fun idx ->
        let a, c = idx / d, idx % d
        let norm = sqrt (Seq.sum (seq { for e in 0 .. d - 1 -> z[a * d + e] * z[a * d + e] }))
        let radial = Seq.sum (seq { for e in 0 .. d - 1 -> u[a * d + e] * du[a * d + e] })
        (du[idx] - radial * u[idx]) / norm)
