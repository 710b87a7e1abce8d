// Makes the bundled Fashion-MNIST subset, data/fashion-mnist-subset/: the first 1,000 training and
// the first 200 test images of each class, in file order, as gzip IDX files with the official names.
//
//   dotnet fsi scripts/data/make-fashion-mnist-subset.fsx [SOURCE_FOLDER] [OUTPUT_FOLDER]
//
// SOURCE_FOLDER holds the four official files (gzip or raw; default /usr/share/datasets/fashion-mnist,
// Debian's dataset-fashion-mnist package). Their decompressed contents are checked against the
// SHA-256 below, so the subset is the same whichever copy it is made from. Deterministic: the same
// source gives byte-identical output (gzip with mtime 0, no file name). Needs nothing built.

open System
open System.IO
open System.IO.Compression
open System.Security.Cryptography

let perClassTrain = 1000
let perClassTest = 200
let classes = 10

// SHA-256 of the decompressed official files (identical in Debian's repacked .gz files).
let contentSha256 =
    dict [
        "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"
        "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"
        "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
        "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34" ]

let args = fsi.CommandLineArgs |> Array.skip 1
let source = if args.Length > 0 then args.[0] else "/usr/share/datasets/fashion-mnist"
let output = if args.Length > 1 then args.[1] else Path.Combine(__SOURCE_DIRECTORY__, "..", "..", "data", "fashion-mnist-subset")

let hex (bytes: byte[]) = Convert.ToHexString(bytes).ToLowerInvariant()

let readContent stem =
    let path =
        [ Path.Combine(source, stem + ".gz"); Path.Combine(source, stem) ]
        |> List.tryFind File.Exists
        |> Option.defaultWith (fun () -> failwithf "%s: neither %s.gz nor %s is there" source stem stem)
    let raw = File.ReadAllBytes path
    let content =
        if raw.Length >= 2 && raw.[0] = 0x1fuy && raw.[1] = 0x8buy then
            use gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress)
            use memory = new MemoryStream()
            gzip.CopyTo memory
            memory.ToArray()
        else raw
    let digest = hex (SHA256.HashData content)
    if digest <> contentSha256.[stem] then
        failwithf "%s: content SHA-256 %s; the official file's is %s" path digest contentSha256.[stem]
    content

let bigEndian (bytes: byte[]) offset =
    (int bytes.[offset] <<< 24) ||| (int bytes.[offset + 1] <<< 16) ||| (int bytes.[offset + 2] <<< 8) ||| int bytes.[offset + 3]

let idx (dimensions: int list) (values: byte[]) =
    let header = Array.zeroCreate<byte> (4 + 4 * dimensions.Length)
    header.[2] <- 0x08uy
    header.[3] <- byte dimensions.Length
    dimensions |> List.iteri (fun i d ->
        header.[4 + 4 * i] <- byte (d >>> 24)
        header.[5 + 4 * i] <- byte (d >>> 16)
        header.[6 + 4 * i] <- byte (d >>> 8)
        header.[7 + 4 * i] <- byte d)
    Array.append header values

let gzip (bytes: byte[]) =
    use memory = new MemoryStream()
    do
        use zip = new GZipStream(memory, CompressionLevel.SmallestSize, true)
        zip.Write(bytes, 0, bytes.Length)
    memory.ToArray()

let subset prefix perClass =
    let images = readContent (prefix + "-images-idx3-ubyte")
    let labels = readContent (prefix + "-labels-idx1-ubyte")
    let count, rows, columns = bigEndian images 4, bigEndian images 8, bigEndian images 12
    let pixels = rows * columns
    // The first perClass indices of each class, kept in file order.
    let taken = Array.zeroCreate<int> classes
    let chosen =
        [| for i in 0 .. count - 1 do
             let label = int labels.[8 + i]
             if taken.[label] < perClass then
                 taken.[label] <- taken.[label] + 1
                 yield i |]
    if taken |> Array.exists (fun n -> n <> perClass) then
        failwithf "%s: fewer than %d images in some class: %A" prefix perClass taken
    let subsetImages = chosen |> Array.collect (fun i -> images.[16 + i * pixels .. 16 + (i + 1) * pixels - 1])
    let subsetLabels = chosen |> Array.map (fun i -> labels.[8 + i])
    [ prefix + "-images-idx3-ubyte.gz", gzip (idx [ chosen.Length; rows; columns ] subsetImages)
      prefix + "-labels-idx1-ubyte.gz", gzip (idx [ chosen.Length ] subsetLabels) ],
    chosen.[chosen.Length - 1]

Directory.CreateDirectory output |> ignore
for prefix, perClass in [ "train", perClassTrain; "t10k", perClassTest ] do
    let files, last = subset prefix perClass
    printfn "%s: %d per class; the last image taken is index %d of the full file" prefix perClass last
    for name, bytes in files do
        File.WriteAllBytes(Path.Combine(output, name), bytes)
        printfn "  %s  %10d bytes  sha256 %s" name bytes.Length (hex (SHA256.HashData bytes))
