/// Generators, runner and tensor helpers for the property tests of the objectives.
///
/// Seeds and replay. Every property runs through `Run.check`, which hands FsCheck a fixed start seed
/// (`Run.defaultSeed`), so `dotnet test` explores the same cases on every machine. On a failure FsCheck
/// prints a line like
///     Falsifiable, after 17 tests (5 shrinks) (14506237591357413101,9203774129981650235).
///     Replay directly at failing step with (1044021784974900765,9606750844520616349,5).
/// To rerun exactly that run (shrinking included), or jump straight to the failing case, set
///     CONTRASTIVE_PROPS_REPLAY="14506237591357413101,9203774129981650235"          (seed,gamma)
///     CONTRASTIVE_PROPS_REPLAY="1044021784974900765,9606750844520616349,5"         (seed,gamma,size)
/// and run `dotnet test tests/Contrastive.Properties --filter "Name~<one word of the test name>"` (NUnit's
/// filter takes no spaces; e.g. Name~Jensen-Shannon).
/// CONTRASTIVE_PROPS_REPLAY=random starts each property from a fresh random seed (to explore further;
/// a failure prints its seed the same way). The raw numbers of every case are F# float arrays, so FsCheck
/// shrinks them (custom shrinkers cut K first, then simplify entries) and prints the small counter-example.
module Contrastive.Properties.Objectives.Generators

open System
open Contrastive.Native
open FsCheck
open FsCheck.FSharp
open TorchSharp

// ---------------------------------------------------------------------------------------------
// Running properties

module Run =
    /// The start seed of every property when CONTRASTIVE_PROPS_REPLAY is unset (gamma must be odd).
    let defaultSeed = Rnd(0x5EED_C0DE_2024UL, 0x9E37_79B9_7F4A_7C15UL)

    let private parseReplay (text: string) =
        let parts =
            text.Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries ||| StringSplitOptions.RemoveEmptyEntries)
        match parts with
        | [| seed; gamma |] -> Some { Rnd = Rnd(UInt64.Parse seed, UInt64.Parse gamma); Size = None }
        | [| seed; gamma; size |] -> Some { Rnd = Rnd(UInt64.Parse seed, UInt64.Parse gamma); Size = Some(Int32.Parse size) }
        | _ -> failwithf "CONTRASTIVE_PROPS_REPLAY must be 'seed,gamma', 'seed,gamma,size' or 'random'; got '%s'" text

    /// The replay in force: the environment's, or the fixed default seed.
    let replay =
        match Environment.GetEnvironmentVariable "CONTRASTIVE_PROPS_REPLAY" with
        | null | "" -> Some { Rnd = defaultSeed; Size = None }
        | text when text.Trim().Equals("random", StringComparison.OrdinalIgnoreCase) -> None
        | text -> parseReplay text

    let private torchReady =
        lazy
            (TorchRuntime.EnsureLoaded()
             // Small float64 matrices: one intra-op thread is faster and makes every reduction deterministic.
             torch.set_num_threads 1)

    /// Makes sure libtorch is loaded (every property calls this before its first case).
    let ensureTorch () = torchReady.Force()

    let config maxTest =
        Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(replay).WithQuietOnSuccess(true)

    /// Runs a property for maxTest cases; throws (failing the NUnit test) with the seed on the first failure.
    let check maxTest (property: Property) =
        ensureTorch ()
        Check.One(config maxTest, property)

    /// The mutation tests' runner: always the fixed default seed (whatever the environment says), so
    /// "this mutant is caught" is a deterministic claim. Returns FsCheck's failure report, or None if
    /// the property held on every case (the mutant survived).
    let tryFalsify maxTest (property: Property) =
        ensureTorch ()
        let fixedConfig =
            Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(Some { Rnd = defaultSeed; Size = None }).WithQuietOnSuccess(true)
        try
            Check.One(fixedConfig, property)
            None
        with e when e.Message.StartsWith("Falsifiable", StringComparison.Ordinal) ->
            Some e.Message

/// Runs f inside a fresh dispose scope, so every tensor a case makes dies with the case.
let inScope (f: unit -> 'a) : 'a =
    use _ = torch.NewDisposeScope()
    f ()

/// A labelled check: the label is printed by FsCheck when (and only when) the check fails.
let holds (label: string) (ok: bool) = ok |> Prop.label label

/// |a - b| <= tol * max(1, |a|, |b|), with equal infinities counting as equal and NaN never close.
let closeTo (tol: float) (a: float) (b: float) =
    a = b || (abs (a - b) <= tol * (List.max [ 1.0; abs a; abs b ]))

/// closeTo with a label naming both numbers.
let near (tol: float) (what: string) (expected: float) (actual: float) =
    closeTo tol expected actual
    |> holds (sprintf "%s: expected %.17g, got %.17g (difference %.3g, tolerance %.3g relative)" what expected actual (actual - expected) tol)

/// |a - b| <= tol * max(1, scale, |a|, |b|): for identities whose rounding grows with the inputs'
/// magnitude (scale) rather than with the result's.
let nearAt (scale: float) (tol: float) (what: string) (expected: float) (actual: float) =
    (expected = actual || abs (actual - expected) <= tol * (List.max [ 1.0; abs scale; abs expected; abs actual ]))
    |> holds (sprintf "%s: expected %.17g, got %.17g (difference %.3g, tolerance %.3g at scale %.3g)" what expected actual (actual - expected) tol scale)

/// Entrywise closeTo of two arrays; the label names the first entry that differs.
let arraysNear (tol: float) (what: string) (expected: float[]) (actual: float[]) =
    if expected.Length <> actual.Length then
        false |> holds (sprintf "%s: %d entries expected, %d found" what expected.Length actual.Length)
    else
        match Array.tryFindIndex (fun n -> not (closeTo tol expected[n] actual[n])) [| 0 .. expected.Length - 1 |] with
        | None -> true |> holds what
        | Some n ->
            false |> holds (sprintf "%s: entry %d expected %.17g, got %.17g (tolerance %.3g)" what n expected[n] actual[n] tol)

/// All of a list of properties (an empty list holds).
let allOf (properties: Property list) =
    match properties with
    | [] -> Prop.ofTestable true
    | first :: rest -> rest |> List.fold (fun acc p -> acc .&. p) first

// ---------------------------------------------------------------------------------------------
// Tensors

module Tensors =
    let float64 = torch.ScalarType.Float64

    /// A K x K float64 matrix from a row-major array.
    let matrix (k: int) (values: float[]) = torch.tensor(values, dtype = float64).reshape(int64 k, int64 k)

    /// A [rows, cols] float64 matrix from a row-major array.
    let rect (rows: int) (cols: int) (values: float[]) =
        torch.tensor(values, dtype = float64).reshape(int64 rows, int64 cols)

    let vector (values: float[]) = torch.tensor(values, dtype = float64)
    let scalarTensor (value: float) = torch.tensor(value, dtype = float64)

    /// The value of a scalar tensor, as a double.
    let value (t: torch.Tensor) = t.to_type(float64).item<float>()

    /// The entries of a tensor, row-major.
    let toArray (t: torch.Tensor) : float[] =
        if t.numel() = 0L then [||] else t.detach().to_type(float64).contiguous().data<float>().ToArray()

    /// A leaf copy that records gradient.
    let leaf (t: torch.Tensor) = t.detach().clone().requires_grad_(true)

    /// d f(x) / dx by autograd, for a scalar-valued f, as a row-major array.
    let gradientOf (f: torch.Tensor -> torch.Tensor) (x: torch.Tensor) =
        let x = leaf x
        let y = f x
        y.backward()
        toArray x.grad

// ---------------------------------------------------------------------------------------------
// Raw numbers

/// Largest batch the generators make.
[<Literal>]
let MaxK = 128

let private twoTo53 = 9007199254740992.0

/// Uniform on (0, 1), 53 bits.
let uniform = Gen.choose64 (0L, (1L <<< 53) - 1L) |> Gen.map (fun n -> (float n + 0.5) / twoTo53)

/// Uniform on (lo, hi).
let uniformIn lo hi = uniform |> Gen.map (fun u -> lo + (hi - lo) * u)

/// Log-uniform on (lo, hi): every order of magnitude equally likely.
let logUniform lo hi = uniformIn (log lo) (log hi) |> Gen.map exp

/// Standard normal (Box-Muller).
let normal = Gen.map2 (fun u v -> sqrt (-2.0 * log u) * cos (2.0 * Math.PI * v)) uniform uniform

/// Candidates that are "simpler" than x, for shrinking one number: 0, then x rounded.
let private simplerNumbers (x: float) =
    [ if x <> 0.0 then yield 0.0
      let r = Math.Round x
      if r <> x && r <> 0.0 then yield r ]

/// Shrinks entries one at a time (only for small arrays, so shrinking stays quick), then all at once.
let private shrinkEntries (values: float[]) =
    seq {
        let rounded = values |> Array.map Math.Round
        if rounded <> values then yield rounded
        if values.Length <= 16 then
            for n in 0 .. values.Length - 1 do
                for v in simplerNumbers values[n] do
                    let changed = Array.copy values
                    changed[n] <- v
                    yield changed
    }

/// Batch sizes in 2..128, most of them small (small counter-examples, cheap cases), some at 128.
let batchSize =
    Gen.frequency
        [ 6, Gen.choose (2, 6)
          4, Gen.choose (7, 32)
          2, Gen.choose (33, MaxK - 1)
          1, Gen.constant MaxK ]

// ---------------------------------------------------------------------------------------------
// Score matrices

/// The shape of a generated score matrix.
type Structure =
    /// Independent entries: an untrained critic.
    | Iid
    /// Positives lifted above the negatives: a trained critic.
    | DiagonalBoosted
    /// Every entry equal.
    | Constant
    /// Entries drawn from a few levels: many exact ties, positives tied with negatives.
    | Ties
    /// Mostly small entries with a few at the extreme of the range.
    | Spiky

/// Finite inputs the suite promises to handle: |S| <= 1e4.
[<Literal>]
let InputBound = 1e4

/// A K x K score matrix S[i, j] = f(x_i, y_j), row-major, positives on the diagonal.
[<StructuredFormatDisplay("{Display}")>]
type Scores =
    { K: int
      Structure: Structure
      Scale: float
      Values: float[] }

    member s.Item(i: int, j: int) = s.Values[i * s.K + j]
    member s.MaxAbs = s.Values |> Array.fold (fun m x -> max m (abs x)) 0.0

    member s.Display =
        let header = sprintf "%A K=%d scale=%.3g max|S|=%.6g" s.Structure s.K s.Scale s.MaxAbs
        if s.K <= 6 then
            let rows =
                [ for i in 0 .. s.K - 1 -> [ for j in 0 .. s.K - 1 -> sprintf "%.17g" s[i, j] ] |> String.concat "; " ]
            sprintf "%s [ %s ]" header (String.concat " | " rows)
        else
            header

    /// The leading k x k block (the diagonal stays the diagonal).
    member s.Leading(k: int) =
        { s with K = k; Values = Array.init (k * k) (fun n -> s.Values[(n / k) * s.K + n % k]) }

    member s.Tensor() = Tensors.matrix s.K s.Values

let private clampInput x = Math.Clamp(x, -InputBound, InputBound)

let private scoresOf k structure scale =
    let n = k * k
    let values =
        match structure with
        | Iid -> Gen.arrayOfLength n normal |> Gen.map (Array.map (fun z -> scale * z))
        | DiagonalBoosted ->
            gen {
                let! boost = uniformIn 0.5 4.0
                let! z = Gen.arrayOfLength n normal
                return z |> Array.mapi (fun m v -> scale * (if m / k = m % k then v + boost else v))
            }
        | Constant -> normal |> Gen.map (fun z -> Array.create n (scale * z))
        | Ties ->
            gen {
                let! levels = Gen.choose (1, 3) |> Gen.bind (fun m -> Gen.arrayOfLength m normal)
                let! picks = Gen.arrayOfLength n (Gen.choose (0, levels.Length - 1))
                return picks |> Array.map (fun p -> scale * levels[p])
            }
        | Spiky ->
            gen {
                let! z = Gen.arrayOfLength n normal
                let! spikes = Gen.arrayOfLength n (Gen.frequency [ 12, Gen.constant 0.0; 1, Gen.elements [ -1.0; 1.0 ] ])
                return Array.map2 (fun v spike -> if spike = 0.0 then 1e-3 * scale * v else spike * scale) z spikes
            }
    values |> Gen.map (fun v -> { K = k; Structure = structure; Scale = scale; Values = Array.map clampInput v })

/// Score matrices: K in 2..128, scale log-uniform in 1e-3..1e4, every structure.
let scoresGen =
    gen {
        let! k = batchSize
        let! scale = logUniform 1e-3 InputBound
        let! structure = Gen.frequency [ 4, Gen.constant Iid; 4, Gen.constant DiagonalBoosted; 1, Gen.constant Constant; 2, Gen.constant Ties; 2, Gen.constant Spiky ]
        return! scoresOf k structure scale
    }

/// Cut K first (to 2, K/2, K-1), then simplify the entries.
let shrinkScores (s: Scores) =
    seq {
        if s.K > 2 then
            yield s.Leading 2
            if s.K / 2 > 2 then yield s.Leading(s.K / 2)
            if s.K - 1 > 2 then yield s.Leading(s.K - 1)
        for values in shrinkEntries s.Values -> { s with Values = values }
    }

/// Score matrices with a moderate scale (|S| up to about 30): identities that subtract large terms
/// stay well inside float64's precision, and exp(S) never under- or overflows.
let moderateScoresGen =
    gen {
        let! k = batchSize
        let! scale = logUniform 1e-3 10.0
        let! structure = Gen.frequency [ 4, Gen.constant Iid; 4, Gen.constant DiagonalBoosted; 1, Gen.constant Constant; 2, Gen.constant Ties; 1, Gen.constant Spiky ]
        return! scoresOf k structure scale
    }

/// A number per index (row offsets, column baselines...): MaxK of them, a case uses the first K,
/// so they stay valid while the score matrix shrinks.
[<StructuredFormatDisplay("{Display}")>]
type PerIndex =
    { Values: float[] }

    member p.Take(k: int) = p.Values[.. k - 1]
    member p.Display = sprintf "PerIndex [ %s ... ]" (p.Values[.. 5] |> Array.map (sprintf "%.6g") |> String.concat "; ")

let perIndexGen lo hi =
    gen {
        let! scale = logUniform lo hi
        let! z = Gen.arrayOfLength MaxK normal
        return { Values = z |> Array.map (fun v -> clampInput (scale * v)) }
    }

let shrinkPerIndex (p: PerIndex) =
    seq {
        if p.Values |> Array.exists ((<>) 0.0) then yield { Values = Array.zeroCreate MaxK }
        let rounded = p.Values |> Array.map Math.Round
        if rounded <> p.Values then yield { Values = rounded }
    }

/// A shuffle of 0..MaxK-1; restricted to K it is a permutation of 0..K-1 for every K.
[<StructuredFormatDisplay("{Display}")>]
type Shuffle =
    { Order: int[] }

    /// Keeps the entries below k, in their shuffled order.
    member s.Restrict(k: int) = s.Order |> Array.filter (fun i -> i < k)
    member s.Display = sprintf "Shuffle [ %s ... ]" (s.Order[.. 7] |> Array.map string |> String.concat "; ")

let shuffleGen = Gen.shuffle [| 0 .. MaxK - 1 |] |> Gen.map (fun order -> { Order = order })

// ---------------------------------------------------------------------------------------------
// Embeddings for NT-Xent

/// Two views z1, z2 of N samples in d dimensions, row-major [N, d] each.
[<StructuredFormatDisplay("{Display}")>]
type Views =
    { N: int
      D: int
      Z1: float[]
      Z2: float[] }

    member v.Display =
        if v.N * v.D <= 12 then
            let show (z: float[]) = z |> Array.map (sprintf "%.17g") |> String.concat "; "
            sprintf "Views N=%d d=%d z1=[ %s ] z2=[ %s ]" v.N v.D (show v.Z1) (show v.Z2)
        else
            sprintf "Views N=%d d=%d" v.N v.D

    member v.Tensors() = Tensors.rect v.N v.D v.Z1, Tensors.rect v.N v.D v.Z2

    member v.Block(n: int, d: int) =
        let take (z: float[]) = Array.init (n * d) (fun m -> z[(m / d) * v.D + m % d])
        { N = n; D = d; Z1 = take v.Z1; Z2 = take v.Z2 }

let viewsGen =
    gen {
        let! n = Gen.frequency [ 6, Gen.choose (1, 4); 4, Gen.choose (5, 24); 2, Gen.choose (25, 64) ]
        let! d = Gen.frequency [ 4, Gen.choose (1, 4); 4, Gen.choose (5, 32) ]
        // Each row its own length (NT-Xent must not care); view 2 either independent of view 1 or a
        // noisy copy of it (what a trained encoder produces).
        let! rowScales = Gen.arrayOfLength (2 * n) (logUniform 1e-2 1e2)
        let! z1 = Gen.arrayOfLength (n * d) normal
        let! noise = Gen.arrayOfLength (n * d) normal
        let! correlation = Gen.elements [ 0.0; 0.5; 0.9; 0.99 ]
        let z2 = Array.map2 (fun a e -> correlation * a + sqrt (1.0 - correlation * correlation) * e) z1 noise
        let scaleRows offset (z: float[]) = z |> Array.mapi (fun m x -> rowScales[offset + m / d] * x)
        return { N = n; D = d; Z1 = scaleRows 0 z1; Z2 = scaleRows n z2 }
    }

let shrinkViews (v: Views) =
    seq {
        if v.N > 1 then
            yield v.Block(1, v.D)
            if v.N / 2 > 1 then yield v.Block(v.N / 2, v.D)
            if v.N - 1 > 1 then yield v.Block(v.N - 1, v.D)
        if v.D > 1 then
            yield v.Block(v.N, 1)
            if v.D - 1 > 1 then yield v.Block(v.N, v.D - 1)
        let z = Array.append v.Z1 v.Z2
        for values in shrinkEntries z -> { v with Z1 = values[.. v.Z1.Length - 1]; Z2 = values[v.Z1.Length ..] }
    }

/// NT-Xent temperatures, log-uniform over the range people use and well beyond it.
let temperatureGen = logUniform 1e-2 1e2

/// An orthogonal matrix's raw material: MaxD x MaxD normals (a case takes the leading d x d block).
[<Literal>]
let MaxD = 32

let squareNormalsGen = Gen.arrayOfLength (MaxD * MaxD) normal

/// A constant critic: K and the constant.
[<StructuredFormatDisplay("{Display}")>]
type ConstantCritic =
    { K: int
      C: float }

    member c.Display = sprintf "constant critic K=%d c=%.17g" c.K c.C
    member c.Tensor() = torch.full(int64 c.K, int64 c.K, c.C, dtype = Tensors.float64)

let constantCriticGen lo hi =
    Gen.map3 (fun k magnitude sign -> { K = k; C = sign * magnitude }) batchSize (logUniform lo hi) (Gen.elements [ -1.0; 1.0 ])

let shrinkConstantCritic (c: ConstantCritic) =
    seq {
        if c.K > 2 then yield { c with K = 2 }
        if c.K > 3 then yield { c with K = c.K - 1 }
        for v in simplerNumbers c.C -> { c with C = v }
    }

// ---------------------------------------------------------------------------------------------
// Arbitraries

module Arbs =
    let scores = Arb.fromGenShrink (scoresGen, shrinkScores)
    let moderateScores = Arb.fromGenShrink (moderateScoresGen, shrinkScores)
    let perIndex = Arb.fromGenShrink (perIndexGen 1e-3 InputBound, shrinkPerIndex)
    /// Per-index numbers of moderate size (log-baselines, offsets that keep exp finite).
    let moderatePerIndex = Arb.fromGenShrink (perIndexGen 1e-3 10.0, shrinkPerIndex)
    let shuffle = Arb.fromGen shuffleGen
    let views = Arb.fromGenShrink (viewsGen, shrinkViews)
    let temperature = Arb.fromGen temperatureGen
    let unitInterval = Arb.fromGen uniform
    let squareNormals = Arb.fromGen squareNormalsGen
    /// Constant critics anywhere in the input range.
    let constantCritic = Arb.fromGenShrink (constantCriticGen 1e-3 InputBound, shrinkConstantCritic)

/// Prop.forAll over two or three independent arbitraries (each shrinks on its own).
let forAll2 (a: Arbitrary<'a>) (b: Arbitrary<'b>) (property: 'a -> 'b -> Property) =
    Prop.forAll (Arb.zip (a, b)) (fun (x, y) -> property x y)

let forAll3 (a: Arbitrary<'a>) (b: Arbitrary<'b>) (c: Arbitrary<'c>) (property: 'a -> 'b -> 'c -> Property) =
    Prop.forAll (Arb.zip (a, Arb.zip (b, c))) (fun (x, (y, z)) -> property x y z)
