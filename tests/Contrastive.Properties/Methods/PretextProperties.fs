/// Properties of the context-instance pretext tasks: the jigsaw's shuffle and its inverse, the greedy
/// max-min permutation set against a brute-force check of every choice, rotating all four ways and
/// back, and the tile grid's gaps and bounds on random geometries. Replaying a failure: see
/// Objectives/Generators.fs.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Methods.PretextProperties

open NUnit.Framework
open FsCheck
open FsCheck.FSharp
open TorchSharp
open Contrastive.Augment
open Contrastive.Methods
open Contrastive.Properties.Objectives.Generators

let private int64s (t: torch.Tensor) : int64[] = t.contiguous().data<int64>().ToArray()

/// Exact equality of two tensors (shape and every value).
let private same (a: torch.Tensor) (b: torch.Tensor) : bool = a.Equals(b)

// ---------------------------------------------------------------------------------------------
// Shuffle and unshuffle

/// N puzzles of K tiles of D values, each puzzle with its own order.
type Puzzles = { N: int; K: int; D: int; Orders: int[][]; Seed: int }

let private puzzlesGen =
    gen {
        let! n = Gen.choose (1, 6)
        let! k = Gen.choose (1, 9)
        let! d = Gen.choose (1, 4)
        let! orders = Gen.arrayOfLength n (Gen.shuffle [| 0 .. k - 1 |])
        let! seed = Gen.choose (0, 10000)
        return { N = n; K = k; D = d; Orders = orders; Seed = seed }
    }

/// Catches an unshuffle that applies the order again instead of its inverse (equal only for
/// involutions), and a shuffle along the wrong dimension or with the inverse's convention.
let shufflingThenUnshufflingRestoresTheTiles () =
    Prop.forAll (Arb.fromGen puzzlesGen) (fun p ->
        inScope (fun () ->
            use generator = new torch.Generator(uint64 p.Seed)
            let tiles = torch.rand([| int64 p.N; int64 p.K; int64 p.D |], dtype = torch.ScalarType.Float64, generator = generator)
            let flat: int64[] = p.Orders |> Array.concat |> Array.map int64
            let order = torch.tensor(flat).view(int64 p.N, int64 p.K)
            let shuffled = TileGrid.Shuffle(tiles, order)
            let placedAsNamed =
                [ for n in 0 .. p.N - 1 do
                    for i in 0 .. p.K - 1 do
                        let named = int64 p.Orders.[n].[i]
                        yield same (shuffled[int64 n, int64 i]) (tiles[int64 n, named]) ]
                |> List.forall id
            (placedAsNamed |> holds "place i holds tile order[i]")
            .&. (same (TileGrid.Unshuffle(shuffled, order)) tiles |> holds "unshuffling restores the tiles")))

// ---------------------------------------------------------------------------------------------
// The permutation set

type SetCase = { Elements: int; Count: int; Seed: int64 }

let private factorial n = List.fold (*) 1 [ 1 .. n ]

let private setCaseGen =
    gen {
        let! n = Gen.choose (3, 6)
        let! count = Gen.choose (2, min (factorial n) 30)
        let! seed = Gen.choose64 (0L, 1_000_000L)
        return { Elements = n; Count = count; Seed = seed }
    }

/// Every permutation of 0..n-1, by insertion (independent of the class's lexicographic table).
let rec private permutations (n: int) : int[] list =
    if n = 0 then [ [||] ]
    else
        [ for p in permutations (n - 1) do
            for at in 0 .. n - 1 do
                yield Array.concat [ p[.. at - 1]; [| n - 1 |]; p[at ..] ] ]

let private hamming (a: int[]) (b: int[]) = Array.fold2 (fun d x y -> if x = y then d else d + 1) 0 a b

/// Each choice after the first is at the largest distance any candidate has from the ones chosen
/// before it (brute force over all n! candidates), so the set's minimum distance is what the greedy
/// rule promises; the rows are distinct permutations and the same seed gives the same set. Catches a
/// max-mean rule, a random choice, a distance update that forgets earlier choices.
let everyChoiceIsAsFarFromTheChosenAsAnyCandidate () =
    Prop.forAll (Arb.fromGen setCaseGen) (fun c ->
        inScope (fun () ->
            let set = PermutationSet.MaxMinHamming(c.Count, c.Elements, c.Seed)
            let rows = int64s set |> Array.map int |> Array.chunkBySize c.Elements
            let all = permutations c.Elements
            let nearestTo (chosen: int[][]) (p: int[]) = chosen |> Array.map (hamming p) |> Array.min
            let greedy =
                [ for k in 1 .. c.Count - 1 do
                    let before = rows[.. k - 1]
                    let best = all |> List.map (nearestTo before) |> List.max
                    yield nearestTo before rows[k] = best ]
                |> List.forall id
            let distinct = (rows |> Array.map (fun r -> System.String.Join(",", r)) |> Array.distinct).Length = c.Count
            let minimum = [ for i in 0 .. c.Count - 1 do for j in i + 1 .. c.Count - 1 do yield hamming rows[i] rows[j] ] |> List.min
            (greedy |> holds "each choice maximises the distance to the nearest earlier choice")
            .&. (PermutationSet.AreValid(set) |> holds "every row is a permutation")
            .&. (distinct |> holds "no permutation twice")
            .&. ((PermutationSet.MinimumDistance(set) = minimum) |> holds "MinimumDistance is the closest pair")
            .&. (same (PermutationSet.MaxMinHamming(c.Count, c.Elements, c.Seed)) set |> holds "the seed gives the same set again")))

// ---------------------------------------------------------------------------------------------
// Rotation

type RotationCase = { N: int; C: int; Side: int; Seed: int }

let private rotationCaseGen =
    gen {
        let! n = Gen.choose (1, 5)
        let! c = Gen.choose (1, 3)
        let! side = Gen.choose (1, 7)
        let! seed = Gen.choose (0, 10000)
        return { N = n; C = c; Side = side; Seed = seed }
    }

/// Each block of AllFour turned back by its label is the batch itself. Catches labels that do not
/// match the turns (clockwise read as counter-clockwise, labels interleaved over blocked images).
let rotatingFourWaysAndBackGivesTheOriginal () =
    Prop.forAll (Arb.fromGen rotationCaseGen) (fun r ->
        inScope (fun () ->
            use generator = new torch.Generator(uint64 r.Seed)
            let images = torch.rand([| int64 r.N; int64 r.C; int64 r.Side; int64 r.Side |], generator = generator)
            let struct (turned, labels) = Rotations.AllFour(images)
            let n = int64 r.N
            let checks =
                [ for block in 0L .. 3L do
                    let rows = turned.narrow(0L, block * n, n)
                    let label = labels.narrow(0L, block * n, n)
                    yield (int64s label |> Array.forall ((=) block)) && same (Rotations.Rotate(rows, -block)) images ]
            (List.forall id checks) |> holds "block k turned back k times is the batch, and its labels are k"))

// ---------------------------------------------------------------------------------------------
// Tile grid geometry

type GridCase = { Height: int; Width: int; Tile: int; Gap: int; N: int; Seed: int }

let private gridCaseGen =
    gen {
        let! height = Gen.choose (3, 40)
        let! width = Gen.choose (3, 40)
        let cell = min height width / 3
        let! tile = Gen.choose (1, cell)
        let! gap = Gen.choose (0, cell - tile)
        let! n = Gen.choose (1, 8)
        let! seed = Gen.choose (0, 10000)
        return { Height = height; Width = width; Tile = tile; Gap = gap; N = n; Seed = seed }
    }

/// Corners keep every tile inside the image and neighbours at least the gap apart, and a tile cut
/// from an image of its own coordinates starts at its corner. Catches jitter or block offsets drawn
/// one too large, cells measured on the wrong axis, and a gather with the wrong row stride.
let tilesStayInsideTheImageAndKeepTheGap () =
    Prop.forAll (Arb.fromGen gridCaseGen) (fun g ->
        inScope (fun () ->
            let grid = TileGrid(int64 g.Height, int64 g.Width, g.Tile, g.Gap)
            use generator = new torch.Generator(uint64 g.Seed)
            let struct (rows, columns) = grid.DrawCorners(int64 g.N, generator)
            let r, c = int64s rows, int64s columns
            let at n k = r[n * 9 + k], c[n * 9 + k]
            let t = int64 g.Tile
            let inside = Array.forall (fun v -> v >= 0L && v + t <= int64 g.Height) r && Array.forall (fun v -> v >= 0L && v + t <= int64 g.Width) c
            let gaps =
                [ for n in 0 .. g.N - 1 do
                    for k in 0 .. 8 do
                        let (r0, c0) = at n k
                        if k % 3 < 2 then
                            let (_, c1) = at n (k + 1)
                            yield c1 - c0 - t
                        if k < 6 then
                            let (r1, _) = at n (k + 3)
                            yield r1 - r0 - t ]
            let coordinates = torch.arange(int64 (g.Height * g.Width), dtype = torch.ScalarType.Float64).view(1L, 1L, int64 g.Height, int64 g.Width).expand(int64 g.N, 1L, int64 g.Height, int64 g.Width)
            let firstPixels = grid.CutAt(coordinates, rows, columns).select(2L, 0L).select(2L, 0L).select(2L, 0L)    // [N, 9]
            let expectedFirst = (rows * int64 g.Width + columns).to_type(torch.ScalarType.Float64)
            (inside |> holds "every tile inside the image")
            .&. ((List.min gaps >= int64 g.Gap) |> holds (sprintf "neighbours at least %d apart; closest %d" g.Gap (List.min gaps)))
            .&. (same firstPixels expectedFirst |> holds "each tile starts at its corner")))

// ---------------------------------------------------------------------------------------------
// The tests

[<Test>]
let ``shuffling a puzzle and unshuffling it restores the tiles`` () =
    shufflingThenUnshufflingRestoresTheTiles () |> Run.check 200

[<Test>]
let ``every greedy choice of the permutation set is as far from the chosen as any candidate`` () =
    everyChoiceIsAsFarFromTheChosenAsAnyCandidate () |> Run.check 60

[<Test>]
let ``rotating a batch four ways and back gives the original`` () =
    rotatingFourWaysAndBackGivesTheOriginal () |> Run.check 200

[<Test>]
let ``tiles stay inside the image and neighbours keep the gap`` () =
    tilesStayInsideTheImageAndKeepTheGap () |> Run.check 200
