/// The compat patch reads a file the build did not make: whatever its bytes, the reader must
/// answer with a parse or an ElfLayoutException naming the file, never an index or overflow error.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Native.ElfReaderProperties

open System
open Contrastive.Native
open Contrastive.Properties
open FsCheck
open FsCheck.FSharp
open FsCheck.NUnit

let private packaged = lazy (IO.File.ReadAllBytes Paths.packagedLibTorchSharp)

/// Runs the whole read-and-patch path; true when it parsed or refused cleanly.
let private answersCleanly (bytes: byte[]) =
    try
        LibStdCxxCompat.Patch(bytes, "/damaged.so") |> ignore
        true
    with :? ElfLayoutException as e ->
        e.Message.StartsWith("/damaged.so: ", StringComparison.Ordinal)

/// Catches a missing bounds check: a truncated download or a partial copy.
[<Property(MaxTest = 60)>]
let ``a truncated library is parsed or refused, never crashes the reader`` () =
    let length = packaged.Value.Length
    Prop.forAll (Gen.choose (0, length) |> Arb.fromGen) (fun cut ->
        answersCleanly packaged.Value[.. cut - 1])

/// Catches unchecked offsets and counts read from the file: corrupt the ELF header, the section
/// header table or the versioning sections at random and the reader must still answer cleanly.
[<Property(MaxTest = 200)>]
let ``random corruption of header and version tables is parsed or refused`` () =
    let bytes = packaged.Value
    let sectionTable = int (BitConverter.ToUInt64(bytes, 0x28))
    let regions =
        [ 0, 64                                  // ELF header
          sectionTable, bytes.Length - sectionTable // section headers
          0x3f000, 0x1000 ]                      // .gnu.version / .gnu.version_r / .dynstr neighbourhood
    let corruption =
        gen {
            let! (start, size) = Gen.elements regions
            let! count = Gen.choose (1, 8)
            let! offsets = Gen.listOfLength count (Gen.choose (start, start + size - 1))
            let! values = Gen.listOfLength count (Gen.choose (0, 255))
            return List.zip offsets values
        }
    Prop.forAll (Arb.fromGen corruption) (fun edits ->
        let damaged = Array.copy bytes
        for offset, value in edits do
            damaged[offset] <- byte value
        answersCleanly damaged)

/// Catches a patch that moves more than the weak bit: on any library that parses, patching changes
/// at most one byte and a second patch changes nothing.
[<Property(MaxTest = 100)>]
let ``patching touches one byte and is idempotent on every corrupted copy that still parses`` () =
    let bytes = packaged.Value
    Prop.forAll (Arb.fromGen (Gen.choose (0, bytes.Length - 1))) (fun offset ->
        let damaged = Array.copy bytes
        damaged[offset] <- damaged[offset] ^^^ 0x5auy
        match (try Some(LibStdCxxCompat.Patch(damaged, "/damaged.so")) with :? ElfLayoutException -> None) with
        | None | Some null -> true
        | Some patched ->
            let changed = Seq.zip damaged patched |> Seq.filter (fun (a, b) -> a <> b) |> Seq.length
            changed = 1 && isNull (LibStdCxxCompat.Patch(patched, "/patched.so")))
