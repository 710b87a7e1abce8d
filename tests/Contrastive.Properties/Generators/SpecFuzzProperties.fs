/// Fuzzing the spec generator (generators/Contrastive.Generators): whatever a *.model.yaml holds,
/// the generator must answer with diagnostics that point into the spec, or with code that compiles
/// cleanly; it must never throw into the compiler (CS8785, a build error with no position) and never
/// fall back to its internal-error diagnostic CTK099.
///
/// Three families of specs: (a) arbitrary text (random bytes read as UTF-8, random Unicode, YAML
/// punctuation soup), (b) the example specs of models/ mutated (lines dropped, duplicated, swapped,
/// values retyped, text truncated, deep nesting, extreme numbers, indentation and line-ending
/// changes), (c) specs built from the spec vocabulary with random layers and settings, shapes
/// mostly consistent so that many of them are valid.
///
/// The two compile properties compile the generated code against Contrastive.dll, so they need the
/// runtime types it uses (SimClr, MutualInformationCritic, the layers, Contrastive.Training,
/// Contrastive.Augment); while any is missing they report themselves skipped and name it.
///
/// Replaying a failure: every property starts from the suite's fixed seed unless
/// CONTRASTIVE_PROPS_REPLAY says otherwise, exactly as described at the top of
/// Objectives/Generators.fs; e.g.
///     CONTRASTIVE_PROPS_REPLAY="1044021784974900765,9606750844520616349,5" dotnet test tests/Contrastive.Properties --filter "Name~mutated"
/// The failing case prints the spec text (non-printable characters escaped) and how it was made.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Generators.SpecFuzzProperties

open System
open System.IO
open System.Text
open System.Text.RegularExpressions
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open Microsoft.CodeAnalysis.CSharp.Syntax
open Microsoft.CodeAnalysis.Text
open NUnit.Framework
open FsCheck
open FsCheck.FSharp
open FsCheck.NUnit
open Contrastive.Properties
open Contrastive.Properties.Generators.SpecDriver

/// FsCheck.NUnit's [<Property>] with this suite's replay: the fixed default seed of
/// Objectives/Generators.fs, or what CONTRASTIVE_PROPS_REPLAY says ('seed,gamma', 'seed,gamma,size'
/// or 'random').
type SpecPropertyAttribute() as this =
    inherit PropertyAttribute()

    do
        match Environment.GetEnvironmentVariable "CONTRASTIVE_PROPS_REPLAY" with
        | null
        | "" ->
            let seed = Contrastive.Properties.Objectives.Generators.Run.defaultSeed
            this.Replay <- sprintf "%d,%d" seed.Seed seed.Gamma
        | text when text.Trim().Equals("random", StringComparison.OrdinalIgnoreCase) -> ()
        | text -> this.Replay <- text.Trim()

// ---------------------------------------------------------------------------------------------
// Cases

/// Shows text with every character outside printable ASCII escaped, so a failure report is readable.
let visible (text: string) =
    let builder = StringBuilder()
    for c in text do
        match c with
        | '\n' -> builder.Append("\\n\n") |> ignore
        | '\\' -> builder.Append("\\\\") |> ignore
        | c when c >= ' ' && c <= '~' -> builder.Append(c) |> ignore
        | c -> builder.AppendFormat("\\u{0:X4}", int c) |> ignore
    builder.ToString()

/// One or more spec files and how they were made.
[<StructuredFormatDisplay("{Display}")>]
type SpecCase =
    { Files: (string * string) list
      Story: string }

    member c.Display =
        let files = c.Files |> List.map (fun (name, text) -> sprintf "---- %s (%d chars)\n%s" name text.Length (visible text))
        sprintf "%s\n%s" c.Story (String.concat "\n" files)

let private single story text = { Files = [ "fuzz.model.yaml", text ]; Story = story }

// ---------------------------------------------------------------------------------------------
// Checks

/// A check whose label (what failed) is written only when it fails: formatting every label of
/// every case would cost more than running the generator.
let private holds (label: unit -> string) ok =
    if ok then Prop.ofTestable true else false |> Prop.label (label ())

let private allOf (properties: Property list) =
    match properties with
    | [] -> Prop.ofTestable true
    | first :: rest -> rest |> List.fold (fun acc p -> acc .&. p) first

let private describe (d: Diagnostic) = d.ToString()

/// Catches an exception escaping the generator (the compiler reports CS8785 with no position and
/// the generator contributes nothing), any case that reaches the CTK099 fallback, and a mistake
/// reported twice.
let private neverCrashes (o: Outcome) =
    let thrown = o.DriverDiagnostics |> List.filter (fun d -> d.Id = "CS8785")
    let internalErrors = o.Diagnostics |> List.filter (fun d -> d.Id = "CTK099")
    let repeated = o.Diagnostics |> List.countBy describe |> List.filter (fun (_, n) -> n > 1)
    allOf
        [ repeated.IsEmpty |> holds (fun () -> sprintf "the same diagnostic more than once: %A" repeated)
          (o.Exceptions.IsEmpty && thrown.IsEmpty)
          |> holds (fun () -> sprintf "the generator threw: %s" (String.concat "; " (List.map string o.Exceptions @ List.map describe thrown)))
          internalErrors.IsEmpty |> holds (fun () -> sprintf "internal error: %s" (String.concat "; " (List.map describe internalErrors))) ]

/// Catches a diagnostic pointing outside its spec: another path, a line past the end, a line and
/// column that disagree with the span (the terminal and the editor would show different places).
let private everyDiagnosticPointsIntoItsSpec (o: Outcome) =
    let specs = dict o.Specs
    o.Diagnostics
    |> List.map (fun d ->
        let where = d.Location.GetLineSpan()
        match specs.TryGetValue where.Path with
        | false, _ -> false |> holds (fun () -> sprintf "%s: not in any spec file (%s)" (describe d) (String.concat ", " specs.Keys))
        | true, text ->
            let source = SourceText.From(text)
            let span = d.Location.SourceSpan
            let start = where.StartLinePosition
            let finish = where.EndLinePosition
            let spanInside = span.Start >= 0 && span.End <= text.Length
            let lineInside = start.Line >= 0 && start.Line < source.Lines.Count && finish.CompareTo(start) >= 0 && finish.Line < source.Lines.Count
            let columnInside = lineInside && start.Character <= source.Lines[start.Line].Span.Length
            let agrees = spanInside && source.Lines.GetLinePosition(span.Start) = start
            allOf
                [ d.Id.StartsWith("CTK", StringComparison.Ordinal) |> holds (fun () -> sprintf "%s: not a CTK diagnostic" (describe d))
                  (d.Location.Kind = LocationKind.ExternalFile) |> holds (fun () -> sprintf "%s: location kind %A" (describe d) d.Location.Kind)
                  spanInside |> holds (fun () -> sprintf "%s: span %O outside the %d characters of the spec" (describe d) span text.Length)
                  (lineInside && columnInside)
                  |> holds (fun () -> sprintf "%s: line/column %O outside the spec's %d lines" (describe d) where.Span source.Lines.Count)
                  agrees
                  |> holds (fun () -> sprintf "%s: line/column %O but its span starts at %O" (describe d) start (if spanInside then source.Lines.GetLinePosition(span.Start) else LinePosition.Zero)) ])
    |> allOf

/// Catches spec text that became code: a generated file that does not parse, a preprocessor
/// directive other than '#nullable enable', or a type that is not the file's own (X.g.cs declares
/// X, and a part's file also its XTaps record; ModelRegistry.g.cs only ModelRegistry).
let private generatedCodeIsOnlyWhatTheTemplatesWrite (o: Outcome) =
    o.Generated
    |> List.map (fun tree ->
        let file = Path.GetFileName tree.FilePath
        let hint = file.Substring(0, file.Length - ".g.cs".Length)
        let root = tree.GetRoot()
        let syntaxProblems = tree.GetDiagnostics() |> Seq.filter (fun d -> d.Severity >= DiagnosticSeverity.Warning) |> Seq.toList
        let directives =
            root.DescendantTrivia(descendIntoTrivia = true)
            |> Seq.filter (fun t -> t.IsDirective && not (t.IsKind SyntaxKind.NullableDirectiveTrivia))
            |> Seq.map string
            |> Seq.toList
        let types =
            root.DescendantNodes()
            |> Seq.choose (function
                | :? BaseTypeDeclarationSyntax as t -> Some t.Identifier.ValueText
                | :? DelegateDeclarationSyntax as t -> Some t.Identifier.ValueText
                | _ -> None)
            |> Seq.toList
        let unexpected = types |> List.filter (fun t -> t <> hint && t <> hint + "Taps")
        allOf
            [ syntaxProblems.IsEmpty |> holds (fun () -> sprintf "%s does not parse: %s" file (String.concat "; " (List.map describe syntaxProblems)))
              directives.IsEmpty |> holds (fun () -> sprintf "%s has directives %A" file directives)
              (unexpected.IsEmpty && not types.IsEmpty) |> holds (fun () -> sprintf "%s declares %A" file types) ])
    |> allOf

/// All the checks that need no compilation.
let private answersWell (o: Outcome) =
    neverCrashes o .&. everyDiagnosticPointsIntoItsSpec o .&. generatedCodeIsOnlyWhatTheTemplatesWrite o

/// The runtime types generated code uses; compiling it is meaningful only once they exist.
let private runtimeTypes =
    [ "Contrastive.Methods.SimClr"; "Contrastive.Methods.MutualInformationCritic"
      "Contrastive.Layers.GlobalAvgPool"; "Contrastive.Layers.ChannelLayerNorm"
      "Contrastive.Layers.SequenceGru"; "Contrastive.Layers.Residual"
      "Contrastive.Training.TrainOptions"; "Contrastive.Training.OptimizerOptions"
      "Contrastive.Training.OptimizerKind"; "Contrastive.Training.ScheduleOptions"
      "Contrastive.Training.ScheduleKind"; "Contrastive.Augment.ViewPipeline"
      "Contrastive.Augment.AugmentStep"; "Contrastive.Augment.RandomResizedCrop"
      "Contrastive.Augment.HorizontalFlip"; "Contrastive.Augment.ColorJitter"
      "Contrastive.Augment.GaussianBlur"; "Contrastive.Augment.GaussianNoise"
      "Contrastive.Augment.RandomErasing"; "Contrastive.Augment.Rotate90" ]

/// The compile properties run once every runtime type exists in Contrastive.dll; until then
/// they report themselves ignored, naming what is missing.
let private requireRuntimeTypes () =
    let assembly = typeof<Contrastive.Methods.ModelInfo>.Assembly
    match runtimeTypes |> List.filter (fun name -> isNull (assembly.GetType name)) with
    | [] -> ()
    | missing ->
        Assert.Ignore(
            sprintf "generated code needs runtime types that Contrastive.dll does not have yet: %s" (String.concat ", " missing))

/// Catches generated code that does not build although no diagnostic said why: compile errors or
/// warnings (the models project treats warnings as errors and documents every public member).
let private compilesCleanlyUnlessRejected (o: Outcome) =
    if o.HasErrors then
        true |> Prop.classify true "rejected with a diagnostic"
    else
        let problems = o.CompileProblems
        let sources () =
            o.Generated |> List.map (fun t -> sprintf "==== %s\n%s" (Path.GetFileName t.FilePath) (t.ToString())) |> String.concat "\n"
        problems.IsEmpty
        |> holds (fun () -> sprintf "no diagnostic, but the generated code has %d compile problems:\n%s\n%s" problems.Length (String.concat "\n" (List.map describe problems)) (sources ()))
        |> Prop.classify true "compiled"

let private checkOn (check: Outcome -> Property) (case: SpecCase) = check (run case.Files)

// ---------------------------------------------------------------------------------------------
// (a) Arbitrary text

module private Text =
    let yamlPunctuation = ":-[]{},#&*!|>'\"%@`?~ \t\n\r\\"

    let character =
        Gen.frequency
            [ 30, Gen.elements ([ 'a' .. 'z' ] @ [ '0' .. '9' ])
              25, Gen.elements (List.ofSeq yamlPunctuation)
              10, Gen.choose (0x20, 0x7e) |> Gen.map char
              4, Gen.elements [ '\u0085'; '\u2028'; '\u2029'; '\uFEFF'; '\u0000'; '\uFFFE'; '\uFFFF'; '\u00A0'; '\u200B' ]
              4, Gen.choose (0xA0, 0xD7FF) |> Gen.map char
              2, Gen.choose (0xD800, 0xDFFF) |> Gen.map char
              3, Gen.choose (0, 0x1F) |> Gen.map char ]

    let sized (item: Gen<'a>) = Gen.sized (fun size -> Gen.choose (0, 4 * size + 10) |> Gen.bind (fun n -> Gen.arrayOfLength n item))

    let randomUnicode = sized character |> Gen.map String

    let randomUtf8 = sized (Gen.choose (0, 255) |> Gen.map byte) |> Gen.map Encoding.UTF8.GetString

    let words =
        [ "model:"; "method:"; "simclr"; "critic"; "input:"; "encoder:"; "projector:"; "head:"; "augment:"; "train:"
          "objective:"; "data:"; "description:"; "namespace:"; "- conv:"; "- relu"; "- linear:"; "- residual:"
          "{ out: 8, kernel: 3 }"; "[1, 28, 28]"; "[4]"; "Tiny"; "&a"; "*a"; "!!str"; "---"; "..."; "? "; "|"; ">-"
          "\"x\""; "'y'"; "#"; "1e308"; "-1"; ".nan"; "~"; "null"; "true"; "[[[["; "]]"; "{"; "}"; ","; "  "; "\t"; "\n"; "\r\n" ]

    let tokenSoup =
        sized (Gen.frequency [ 8, Gen.elements words; 2, Gen.elements [ " "; "\n"; "  "; "\n  " ] ]) |> Gen.map String.Concat

    let arbitrary =
        Gen.frequency
            [ 3, randomUnicode |> Gen.map (single "random Unicode text")
              2, randomUtf8 |> Gen.map (single "random bytes as UTF-8")
              4, tokenSoup |> Gen.map (single "YAML token soup") ]
        |> Arb.fromGen

// ---------------------------------------------------------------------------------------------
// (b) Mutations of the example specs

module private Mutations =
    let examples =
        lazy
            (Directory.GetFiles(Paths.exampleSpecs, "*.model.yaml")
             |> Array.sort
             |> Array.map (fun path -> Path.GetFileName path, File.ReadAllText path)
             |> List.ofArray)

    let private lines (text: string) = text.Split('\n') |> List.ofArray
    let private removeAt i (xs: 'a list) = xs |> List.indexed |> List.filter (fun (k, _) -> k <> i) |> List.map snd
    let private insertAt i x (xs: 'a list) = List.take i xs @ [ x ] @ List.skip i xs
    let private updateAt i x (xs: 'a list) = xs |> List.mapi (fun k y -> if k = i then x else y)
    let private unlines (lines: string list) = String.Join("\n", lines)

    /// A mutation: new text and what was done.
    type Mutation = string -> Gen<string * string>

    let private onLine (f: int -> string list -> Gen<string list * string>) : Mutation =
        fun text ->
            let ls = lines text
            gen {
                let! i = Gen.choose (0, ls.Length - 1)
                let! changed, story = f i ls
                return unlines changed, story
            }

    let dropLine: Mutation =
        onLine (fun i ls -> Gen.constant (removeAt i ls, sprintf "dropped line %d" (i + 1)))

    let duplicateLine: Mutation =
        onLine (fun i ls -> Gen.constant (insertAt i ls[i] ls, sprintf "duplicated line %d" (i + 1)))

    let swapLines: Mutation =
        onLine (fun i ls ->
            gen {
                let! j = Gen.choose (0, ls.Length - 1)
                let swapped = ls |> List.mapi (fun k l -> if k = i then ls[j] elif k = j then ls[i] else l)
                return swapped, sprintf "swapped lines %d and %d" (i + 1) (j + 1)
            })

    let extremeNumbers =
        [ "1e308"; "-1e308"; "99999999999999999999"; "-1"; "0"; "-0"; ".nan"; ".NaN"; ".inf"; "-.inf"; "+.inf"; "1e-320"
          "4.9e-324"; "0x10"; "0o17"; "1_000"; "2147483648"; "9223372036854775807"; "-9223372036854775808"
          "9223372036854775808"; "1000000"; "1000001"; "+3"; "3.0"; "1e6"; "1.5"; "00"; "1e"; "--1" ]

    let private otherValues =
        [ "\"text\""; "'single'"; "plain words"; "[]"; "[1, 2]"; "[a, [b, [c]]]"; "{}"; "{ a: 1 }"; "{ out: 3, kernel: 2 }"
          "~"; "null"; "true"; "false"; "\"\""; "relu"; "[relu]"; "[{ linear: 2 }]"; "simclr"; "critic"; "Tiny" ]

    let private value = Gen.frequency [ 1, Gen.elements extremeNumbers; 1, Gen.elements otherValues ]

    // "key: value" anywhere (block or flow), and "- value" list items.
    let private keyValue = Regex(@"(?<key>[A-Za-z][\w-]*):[ ]+(?<value>[^,{}\[\]\n#]+|\{[^{}\n]*\}|\[[^\[\]\n]*\])")
    let private number = Regex(@"(?<![\w.])-?\d+(\.\d+)?([eE]-?\d+)?(?![\w.])")

    let private replaceOne (regex: Regex) (group: string) (replacement: Gen<string>) (what: string) : Mutation =
        fun text ->
            let matches = regex.Matches(text) |> Seq.toArray
            if matches.Length = 0 then
                Gen.constant (text, sprintf "no %s to change" what)
            else
                gen {
                    let! m = Gen.elements matches
                    let! r = replacement
                    let g = if group = "" then m.Groups[0] else m.Groups[group]
                    return text.Substring(0, g.Index) + r + text.Substring(g.Index + g.Length), sprintf "%s '%s' -> '%s'" what g.Value r
                }

    let retypeValue: Mutation = replaceOne keyValue "value" value "value"
    let extremeNumber: Mutation = replaceOne number "" (Gen.elements extremeNumbers) "number"

    let misspellKey: Mutation =
        replaceOne keyValue "key" (Gen.elements [ "modle"; "encoders"; "kernal"; "out_"; "Input"; "strides"; "layer"; "p2"; "" ]) "key"

    let truncate: Mutation =
        fun text -> Gen.choose (0, text.Length) |> Gen.map (fun n -> text.Substring(0, n), sprintf "truncated at %d" n)

    let deepNesting: Mutation =
        fun text ->
            gen {
                let! depth = Gen.elements [ 31; 32; 33; 100; 1000; 10000 ]
                let! closed = Gen.elements [ true; false ]
                let! flowMapping = Gen.elements [ false; false; true ]
                let opening, closing = if flowMapping then "{a: ", "}" else "[", "]"
                let nest = String.replicate depth opening + "1" + (if closed then String.replicate depth closing else "")
                let! asValue = Gen.elements [ true; false ]
                if asValue then
                    let! changed, _ = replaceOne keyValue "value" (Gen.constant nest) "value" text
                    return changed, sprintf "a value nested %d deep (%s, closed %b)" depth opening closed
                else
                    let! at = Gen.choose (0, text.Length)
                    return text.Insert(at, nest), sprintf "%d x '%s' inserted at %d (closed %b)" depth opening at closed
            }

    let indentation: Mutation =
        onLine (fun i ls ->
            let line = ls[i]
            let indent = line.Length - line.TrimStart(' ').Length
            gen {
                let! change = Gen.choose (0, 4)
                let changed, story =
                    match change with
                    | 0 -> "  " + line, "indented by 2 more"
                    | 1 -> " " + line, "indented by 1 more"
                    | 2 -> line.Substring(min indent 2), "indented by 2 less"
                    | 3 -> "\t" + line.TrimStart(' '), "indentation replaced by a tab"
                    | _ -> line.Substring(0, indent) + "\t" + line.Substring(indent), "a tab after the indentation"
                return updateAt i changed ls, sprintf "line %d %s" (i + 1) story
            })

    let wholeFile: Mutation =
        fun text ->
            Gen.elements
                [ text.Replace("\n", "\r\n"), "CRLF line endings"
                  text.Replace("\n", "\r"), "CR line endings"
                  text.Replace("\n", "\u2028"), "U+2028 line endings"
                  text.Replace("\n  ", "\n    ").Replace("\n      ", "\n        "), "wider indentation"
                  "\uFEFF" + text, "a byte order mark"
                  text.TrimEnd('\n'), "no final line break"
                  text + "\n---\n" + text, "a second document"
                  text.Replace(": ", ":"), "no space after colons" ]

    let insertCharacter: Mutation =
        fun text ->
            gen {
                let! at = Gen.choose (0, text.Length)
                let! c = Text.character
                return text.Insert(at, string c), sprintf "U+%04X inserted at %d" (int c) at
            }

    let mutation: Gen<Mutation> =
        Gen.frequency
            [ 3, Gen.constant dropLine; 2, Gen.constant duplicateLine; 2, Gen.constant swapLines
              5, Gen.constant retypeValue; 4, Gen.constant extremeNumber; 2, Gen.constant misspellKey
              2, Gen.constant truncate; 2, Gen.constant deepNesting; 3, Gen.constant indentation
              2, Gen.constant wholeFile; 2, Gen.constant insertCharacter ]

    let rec private applyAll (text: string) (story: string list) (count: int) =
        if count = 0 then
            Gen.constant (text, List.rev story)
        else
            gen {
                let! m = mutation
                let! changed, what = m text
                return! applyAll changed (what :: story) (count - 1)
            }

    let mutated =
        gen {
            let! name, text = Gen.elements examples.Value
            let! count = Gen.frequency [ 5, Gen.constant 1; 3, Gen.constant 2; 2, Gen.constant 3 ]
            let! changed, story = applyAll text [] count
            let! twoFiles = Gen.frequency [ 9, Gen.constant false; 1, Gen.constant true ]
            let files = if twoFiles then [ name, text; "mutated-" + name, changed ] else [ name, changed ]
            return { Files = files; Story = sprintf "%s: %s%s" name (String.concat "; " story) (if twoFiles then " (beside the original)" else "") }
        }
        |> Arb.fromGen

// ---------------------------------------------------------------------------------------------
// (c) Specs built from the vocabulary

module private Structured =
    /// A YAML node, rendered in flow style unless it is a top-level layer list.
    type Node =
        | Scalar of string
        | Seq of Node list
        | Map of (string * Node) list

    let rec flow node =
        match node with
        | Scalar s -> s
        | Seq items -> "[" + String.Join(", ", items |> List.map flow) + "]"
        | Map [] -> "{}"
        | Map entries -> "{ " + String.Join(", ", entries |> List.map (fun (k, v) -> k + ": " + flow v)) + " }"

    // The runtime's definitions: the words a spec can use for estimators and datasets.
    let private estimatorWords = [ for e in Contrastive.Vocabularies.Definitions.Estimators -> e.Key ]
    let private datasetNames = [ for d in Contrastive.Vocabularies.Definitions.Datasets -> d.Key ]

    let private datasetsFitting (dims: int list) =
        let shape = dims |> List.map int64 |> Array.ofList
        [ for d in Contrastive.Vocabularies.Definitions.Datasets do
              if d.Fits shape then d.Key ]

    // The generator's layer definitions: which kinds each family of layers below draws from.
    let layerKinds = List.ofSeq Contrastive.Generators.Spec.Layers.LayerKinds.All
    let private kindsWhere (pick: Contrastive.Generators.Spec.Layers.LayerKind -> bool) = [ for k in layerKinds do if pick k then k.Key ]
    let private convolutionsOf (fieldType: string) =
        kindsWhere (fun k -> k :? Contrastive.Generators.Spec.Layers.Convolution && Seq.contains fieldType k.FieldTypes)
    let private sequenceConvolutions = convolutionsOf Contrastive.Generators.Rendering.TypeNames.Conv1d
    let private imageConvolutions = convolutionsOf Contrastive.Generators.Rendering.TypeNames.Conv2d
    let private poolKinds = kindsWhere (fun k -> k :? Contrastive.Generators.Spec.Layers.Pool)
    let private activationKinds =
        kindsWhere (fun k -> k :? Contrastive.Generators.Spec.Layers.Activation || k :? Contrastive.Generators.Spec.Layers.LeakyReLU)
    let private normKinds =
        kindsWhere (fun k -> k :? Contrastive.Generators.Spec.Layers.BatchNorm || k :? Contrastive.Generators.Spec.Layers.LayerNorm)
    let private toVectorKinds =
        kindsWhere (fun k -> k :? Contrastive.Generators.Spec.Layers.GlobalAvgPool || k :? Contrastive.Generators.Spec.Layers.Flatten)
    let private hasSetting (kind: string) (key: string) =
        layerKinds |> List.exists (fun k -> k.Key = kind && Seq.contains key k.Keys)

    let private num (n: int) = Scalar(string n)
    let private real (x: float) = Scalar(x.ToString("R", Globalization.CultureInfo.InvariantCulture))

    /// A YAML double-quoted scalar: every character a YAML reader could mistake escaped.
    let quoted (s: string) =
        let b = StringBuilder("\"")
        for c in s do
            match c with
            | '"' -> b.Append("\\\"") |> ignore
            | '\\' -> b.Append("\\\\") |> ignore
            | '\n' -> b.Append("\\n") |> ignore
            | '\r' -> b.Append("\\r") |> ignore
            | '\t' -> b.Append("\\t") |> ignore
            | '\u0085' -> b.Append("\\N") |> ignore
            | '\u2028' -> b.Append("\\L") |> ignore
            | '\u2029' -> b.Append("\\P") |> ignore
            | c when Char.IsControl c || c = '\uFEFF' || c = '\uFFFE' || c = '\uFFFF' -> b.AppendFormat("\\u{0:X4}", int c) |> ignore
            | c -> b.Append(c) |> ignore
        b.Append('"').ToString()

    let private plainSafe = Regex(@"^[A-Za-z][A-Za-z0-9_.-]*$")
    let private text (s: string) = if plainSafe.IsMatch s then Scalar s else Scalar(quoted s)

    let private often p (g: Gen<'a>) (otherwise: Gen<'a>) =
        Gen.frequency [ int (p * 100.0), g; 100 - int (p * 100.0), otherwise ]

    let private maybe p (g: Gen<'a>) = often p (Gen.map Some g) (Gen.constant None)

    let modelNames =
        [ "Tiny"; "Net"; "SimClrToy"; "Crit"; "A"; "Foo2Bar"; "Model1"; "TinyEncoder"; "TinyOptions"; "TinyEncoderTaps" ]

    let trickyModelNames =
        [ "Tensor"; "Encoder"; "Options"; "Train"; "System"; "Contrastive"; "TorchSharp"; "ModelRegistry"; "Linear"
          "SimClr"; "FeatureSize"; "tiny"; "Ünïcode"; "Foo; class X"; "a.b"; "@class"; "class"; "Foo Bar"; "1Net"
          String.replicate 101 "A"; ""; "Schedule"; "Optimizer"; "Mi"; "Residual" ]

    let layerNames = [ "local"; "features"; "conv_out"; "a1"; "stem"; "block_2"; "deep_features" ]

    let trickyLayerNames =
        [ "nn"; "to_string"; "output_"; "x"; "input"; "forward"; "class"; "Local"; "a-b"; "ü"; "tensor"; "get_hash_code"
          "output"; "_a"; "a__b"; "conv1"; "relu1"; "tiny_encoder_taps"; "var"; "padding"; "linear"; String.replicate 65 "a" ]

    let namespaces = [ "My.Models"; "A.B.C"; "Lab"; "Contrastive.Models.Extra" ]

    let trickyNamespaces =
        [ "My.nn"; "My.Tensor"; "global"; "a..b"; "1a"; "My.Class.class"; "Ünï.Code"; "My Models"; "A.System"
          "TorchSharp.torch"; "Contrastive.Layers.Residual"; "Contrastive.Layers"; "Contrastive.Training"; "TorchSharp" ]

    let descriptionPieces =
        [ "A small model"; "\"; class Injected { } //"; "*/ class Injected { } /*"; "\"\"\" class Injected"
          "#pragma warning disable"; "#error injected"; "</summary><summary>"; "\\u0022"; "<see cref=\"Injected\"/>"
          "&amp; &lt;"; "]]>"; "{{ model }}"; "{{ 1 + 1 }}"; "{% raw %}"; "$\"{x}\""; "\r\n#error x"; "\n#error x"
          "\u2028#error x"; "\u2029class X {}"; "\u0085#line 1"; "// comment"; "/* comment"; "\\"; "'"; "\t"; "\u0000"
          "😀"; "\uFFFF"; "\uFFFE"; "é"; "\u200B"; "\u001B[31m" ]

    let description =
        gen {
            let! pieces = Gen.listOf (Gen.elements descriptionPieces) |> Gen.resize 6
            let! style = Gen.choose (0, 9)
            let body = String.concat " " pieces
            return
                if style = 0 && not (body |> Seq.exists (fun c -> Char.IsControl c || c = '\'' || c > '\u007f')) then
                    Scalar("'" + body + "'")
                else
                    Scalar(quoted body)
        }

    let private nameSetting =
        maybe 0.2 (often 0.8 (Gen.elements layerNames) (Gen.elements trickyLayerNames))

    let private withName (entries: (string * Node) list) =
        gen {
            let! name = nameSetting
            return
                match name with
                | Some n -> entries @ [ "name", text n ]
                | None -> entries
        }

    let private layer kind (entries: (string * Node) list) =
        if entries.IsEmpty then Scalar kind else Map [ kind, Map entries ]

    /// A rarely valid setting: out of range, wrong type, unknown key.
    let private badSetting =
        Gen.elements
            [ "kernel", num 0; "out", Scalar "many"; "stride", num -1; "padding", Scalar "valid"; "p", real 1.5
              "eps", num 0; "bias", Scalar "yes"; "unknown", num 1; "out", Scalar "1e308"; "kernel", Seq [ num 3; num 3 ] ]

    let private spatial (dims: int list) = List.tail dims

    let private convolved (dims: int list) outChannels kernel stride padding dilation same =
        outChannels
        :: (spatial dims |> List.map (fun s -> if same then s else max 1 ((s + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1)))

    /// One layer for an input of shape dims: (the layer, its output shape).
    let rec layerFor (depth: int) (dims: int list) : Gen<Node * int list> =
        let rank = dims.Length
        let smallest = if rank > 1 then List.min (spatial dims) else 1
        let conv =
            gen {
                let! kind = Gen.elements (if rank = 2 then sequenceConvolutions else imageConvolutions)
                let! outChannels = Gen.choose (1, 16)
                let! same = Gen.frequency [ 1, Gen.constant true; 4, Gen.constant false ]
                let! kernel = Gen.choose (1, max 1 (min 5 smallest))
                let! stride = if same then Gen.constant 1 else Gen.choose (1, 3)
                let! padding = if same then Gen.constant 0 else Gen.choose (0, kernel / 2)
                let! dilation = Gen.frequency [ 5, Gen.constant 1; 1, Gen.constant 2 ]
                let dilation = if dilation * (kernel - 1) + 1 > smallest + 2 * padding then 1 else dilation
                let! groups = Gen.frequency [ 5, Gen.constant 1; 1, Gen.constant (if dims.Head % 2 = 0 && outChannels % 2 = 0 then 2 else 1) ]
                let! bias = maybe 0.2 (Gen.elements [ "true"; "false" ])
                let entries =
                    [ "out", num outChannels; "kernel", num kernel ]
                    @ (if stride <> 1 then [ "stride", num stride ] else [])
                    @ (if same then [ "padding", Scalar "same" ] elif padding > 0 then [ "padding", num padding ] else [])
                    @ (if dilation <> 1 then [ "dilation", num dilation ] else [])
                    @ (if groups <> 1 then [ "groups", num groups ] else [])
                    @ (match bias with Some b -> [ "bias", Scalar b ] | None -> [])
                let! entries = withName entries
                return layer kind entries, convolved dims outChannels kernel stride padding dilation same
            }
        let pool =
            gen {
                let! kind = Gen.elements poolKinds
                let! kernel = Gen.choose (1, max 1 (min 3 smallest))
                let! stride = maybe 0.4 (Gen.choose (1, 3))
                let! padding = maybe 0.2 (Gen.choose (0, kernel / 2))
                let entries =
                    [ "kernel", num kernel ]
                    @ (stride |> Option.map (fun s -> [ "stride", num s ]) |> Option.defaultValue [])
                    @ (padding |> Option.map (fun p -> [ "padding", num p ]) |> Option.defaultValue [])
                let! entries = withName entries
                return layer kind entries, convolved dims dims.Head kernel (defaultArg stride kernel) (defaultArg padding 0) 1 false
            }
        let simple kind settings (output: int list) =
            gen {
                let! entries = withName settings
                return layer kind entries, output
            }
        let activation =
            gen {
                let! kind = Gen.elements activationKinds
                let! slope = if hasSetting kind "slope" then maybe 0.5 (Gen.elements [ 0.0; 0.2; 0.01 ]) else Gen.constant None
                return! simple kind (slope |> Option.map (fun s -> [ "slope", real s ]) |> Option.defaultValue []) dims
            }
        let norm =
            gen {
                let! kind = Gen.elements normKinds
                let! eps = maybe 0.2 (Gen.elements [ 1e-5; 1e-3; 0.1 ])
                let! momentum = if hasSetting kind "momentum" then maybe 0.2 (Gen.elements [ 0.1; 0.5; 1.0 ]) else Gen.constant None
                let settings =
                    (eps |> Option.map (fun e -> [ "eps", real e ]) |> Option.defaultValue [])
                    @ (momentum |> Option.map (fun m -> [ "momentum", real m ]) |> Option.defaultValue [])
                return! simple kind settings dims
            }
        let dropout =
            gen {
                let! p = maybe 0.5 (Gen.elements [ 0.0; 0.1; 0.5; 0.9 ])
                match p with
                | Some p when p <> 0.5 ->
                    let! shorthand = Gen.elements [ true; false ]
                    if shorthand then return Map [ "dropout", real p ], dims else return! simple "dropout" [ "p", real p ] dims
                | _ -> return! simple "dropout" [] dims
            }
        let linear =
            gen {
                let! out = Gen.choose (1, 64)
                let! bias = maybe 0.2 (Gen.elements [ "true"; "false" ])
                let! name = nameSetting
                if bias.IsNone && name.IsNone then
                    return Map [ "linear", num out ], [ out ]
                else
                    let entries =
                        [ "out", num out ]
                        @ (bias |> Option.map (fun b -> [ "bias", Scalar b ]) |> Option.defaultValue [])
                        @ (name |> Option.map (fun n -> [ "name", text n ]) |> Option.defaultValue [])
                    return layer "linear" entries, [ out ]
            }
        let toVector =
            gen {
                let! kind = Gen.elements toVectorKinds
                return! simple kind [] (if kind = "flatten" then [ List.fold (*) 1 dims ] else [ dims.Head ])
            }
        let gru =
            gen {
                let! hidden = Gen.choose (1, 16)
                let! layers = maybe 0.3 (Gen.choose (1, 3))
                let length = if rank > 1 then dims[1] else 1
                match layers with
                | None -> return Map [ "gru", num hidden ], [ hidden; length ]
                | Some l -> return! simple "gru" [ "hidden", num hidden; "layers", num l ] [ hidden; length ]
            }
        let residual =
            gen {
                let! count = Gen.choose (1, 3)
                let! body = layers (depth + 1) count dims
                let items, output = body
                let! projection = Gen.frequency [ 3, Gen.constant None; 1, Gen.constant (Some true); 1, Gen.constant (Some false) ]
                let! short = Gen.elements [ true; false ]
                if projection.IsNone && short then
                    return Map [ "residual", Seq items ], output
                else
                    let entries = [ "layers", Seq items ] @ (projection |> Option.map (fun p -> [ "projection", Scalar(if p then "true" else "false") ]) |> Option.defaultValue [])
                    return! simple "residual" entries output
            }
        let valid =
            match rank with
            | 1 -> [ 6, linear; 3, activation; 2, norm; 1, dropout ] @ (if depth < 2 then [ 1, residual ] else [])
            | 2 -> [ 5, conv; 2, pool; 3, activation; 2, norm; 1, dropout; 2, gru; 1, toVector ] @ (if depth < 2 then [ 1, residual ] else [])
            | _ -> [ 6, conv; 2, pool; 3, activation; 2, norm; 1, dropout; 1, toVector ] @ (if depth < 2 then [ 1, residual ] else [])
        let anything = [ conv; pool; activation; norm; dropout; linear; toVector; gru ]
        let broken =
            gen {
                let! node, output = Gen.oneof anything
                let! bad = badSetting
                match node with
                | Map [ kind, Map entries ] -> return Map [ kind, Map(entries @ [ bad ]) ], output
                | Scalar kind -> return Map [ kind, Map [ bad ] ], output
                | other -> return other, output
            }
        let unknown = Gen.elements [ "convv"; "Conv"; "relu6"; "lstm"; "" ] |> Gen.map (fun k -> Scalar k, dims)
        Gen.frequency [ 90, Gen.frequency valid; 6, Gen.oneof anything; 3, broken; 1, unknown ]

    /// count layers from dims: (the layers, the final shape).
    and layers (depth: int) (count: int) (dims: int list) : Gen<Node list * int list> =
        if count = 0 then
            Gen.constant ([], dims)
        else
            gen {
                let! node, output = layerFor depth dims
                let! rest, final = layers depth (count - 1) output
                return node :: rest, final
            }

    /// Layers from dims that end in a vector, then linear layers.
    let private encoderToVector (dims: int list) =
        gen {
            let! count = Gen.choose (1, 5)
            let! body, shape = layers 0 count dims
            let! ending =
                if shape.Length = 1 then Gen.constant [] else Gen.elements [ [ Scalar "global-avg-pool" ]; [ Scalar "flatten" ]; [] ]
            return body @ ending
        }

    let private linears (finalOut: int option) =
        gen {
            let! count = Gen.choose (1, 3)
            let! sizes = Gen.listOfLength count (Gen.choose (1, 32))
            let sizes = match finalOut with Some o -> sizes @ [ o ] | None -> sizes
            let! activation = Gen.elements [ "relu"; "gelu"; "tanh" ]
            return sizes |> List.mapi (fun i s -> if i = 0 then [ Map [ "linear", num s ] ] else [ Scalar activation; Map [ "linear", num s ] ]) |> List.concat
        }

    let private augmentStep =
        Gen.oneof
            [ Gen.constant (Scalar "horizontal-flip")
              Gen.constant (Map [ "horizontal-flip", real 0.3 ])
              Gen.elements [ [ 0.5; 1.0 ]; [ 0.08; 1.0 ]; [ 1.0; 0.5 ] ] |> Gen.map (fun s -> Map [ "random-resized-crop", Map [ "scale", Seq(List.map real s) ] ])
              Gen.elements [ 0.0; 0.4; 1.0 ] |> Gen.map (fun b -> Map [ "color-jitter", Map [ "brightness", real b; "contrast", real 0.4; "p", real 0.8 ] ])
              Gen.elements [ [ 0.1; 2.0 ]; [ 0.5; 0.5 ] ] |> Gen.map (fun s -> Map [ "gaussian-blur", Map [ "sigma", Seq(List.map real s) ] ])
              Gen.elements [ 0.0; 0.05; 100.0 ] |> Gen.map (fun s -> Map [ "gaussian-noise", Map [ "std", real s ] ])
              Gen.constant (Map [ "random-erasing", Map [ "p", real 0.25; "scale", Seq [ real 0.02; real 0.33 ] ] ])
              Gen.constant (Scalar "rotate90")
              Gen.elements [ "blur"; "flip" ] |> Gen.map Scalar ]

    let private train =
        gen {
            let! batch = maybe 0.7 (Gen.frequency [ 9, Gen.elements [ 2; 64; 256 ]; 1, Gen.elements [ 1; 1048577 ] ])
            let! epochs = maybe 0.7 (Gen.choose (1, 20))
            let! optimizer =
                maybe 0.6 (
                    Gen.oneof
                        [ Gen.elements [ "adam"; "adamw"; "sgd"; "rmsprop" ] |> Gen.map Scalar
                          gen {
                              let! name = Gen.elements [ "adam"; "adamw"; "sgd" ]
                              let! lr = Gen.elements [ 1e-3; 0.1; 5e-4; 100.0 ]
                              let! decay = maybe 0.5 (Gen.elements [ 0.0; 1e-4; 0.5 ])
                              let! momentum = maybe 0.3 (Gen.elements [ 0.0; 0.9 ])
                              return
                                  Map(
                                      [ "name", Scalar name; "lr", real lr ]
                                      @ (decay |> Option.map (fun d -> [ "weight-decay", real d ]) |> Option.defaultValue [])
                                      @ (momentum |> Option.map (fun m -> [ "momentum", real m ]) |> Option.defaultValue [])
                                  )
                          } ])
            let! schedule =
                maybe 0.5 (
                    Gen.oneof
                        [ Gen.elements [ "constant"; "cosine"; "warmup-cosine" ] |> Gen.map Scalar
                          Gen.elements [ 0.0; 1.0; 2.5 ] |> Gen.map (fun w -> Map [ "name", Scalar "warmup-cosine"; "warmup-epochs", real w ]) ])
            let! seed = maybe 0.5 (Gen.elements [ 0L; 1L; 7L; Int64.MaxValue ])
            let entries =
                [ batch |> Option.map (fun b -> "batch-size", num b)
                  epochs |> Option.map (fun e -> "epochs", num e)
                  optimizer |> Option.map (fun o -> "optimizer", o)
                  schedule |> Option.map (fun s -> "schedule", s)
                  seed |> Option.map (fun s -> "seed", Scalar(string s)) ]
                |> List.choose id
            return Map entries
        }

    /// The top-level entries of one spec named name.
    let spec (name: string) =
        gen {
            let! method = Gen.frequency [ 8, Gen.constant "simclr"; 6, Gen.constant "critic"; 1, Gen.elements [ "byol"; "moco"; "simclrr"; "" ] ]
            let! descriptionNode = maybe 0.7 description
            let! ns = maybe 0.2 (often 0.6 (Gen.elements namespaces) (Gen.elements trickyNamespaces))
            let! train = maybe 0.5 train
            let common =
                [ Some("model", text name)
                  descriptionNode |> Option.map (fun d -> "description", d)
                  ns |> Option.map (fun n -> "namespace", text n)
                  Some("method", Scalar method) ]
            if method = "critic" then
                let! features = Gen.choose (1, 24)
                let! estimator = Gen.elements estimatorWords
                let! critic = Gen.frequency [ 3, Gen.constant "separable"; 1, Gen.elements [ "bilinear"; "cosine"; "concat" ] ]
                let! encoderBody, _ = layers 0 2 [ (if critic = "concat" then 2 * features else features) ]
                let! tail = linears (if critic = "concat" then Some 1 else None)
                let extras =
                    [ (if critic = "cosine" then Some("temperature", real 0.1) else None)
                      (if estimator = "alpha" then Some("alpha", real 0.5) else None)
                      (if estimator = "smile" then Some("tau", real 5.0) else None)
                      (if estimator = "mine" then Some("momentum", real 0.01) else None) ]
                    |> List.choose id
                let! criticKey = Gen.elements [ true; false ]
                let objective =
                    Map([ "estimator", Scalar estimator ] @ (if criticKey || critic <> "separable" then [ "critic", Scalar critic ] else []) @ extras)
                let! headLayers = linears (Some 1)
                let! data = maybe 0.3 (Gen.elements datasetNames)
                return
                    common
                    @ [ Some("input", Seq [ num features ])
                        Some("encoder", Seq(encoderBody @ tail))
                        Some("objective", objective)
                        (if estimator = "tuba" || estimator = "alpha" then Some("head", Seq headLayers) else None)
                        data |> Option.map (fun d -> "data", Scalar d)
                        train |> Option.map (fun t -> "train", t) ]
                    |> List.choose id
            else
                let! channels = Gen.frequency [ 3, Gen.constant 1; 1, Gen.constant 3 ]
                let! size = Gen.frequency [ 3, Gen.constant 28; 2, Gen.choose (4, 32) ]
                let! rank = Gen.frequency [ 12, Gen.constant 3; 1, Gen.constant 2; 1, Gen.constant 1 ]
                let dims = [ channels; size; size ] |> List.take rank
                let! encoder = encoderToVector dims
                let! projector = maybe 0.6 (linears None)
                let! objective =
                    maybe 0.5 (
                        gen {
                            let! t = Gen.frequency [ 9, Gen.elements [ 0.1; 0.5; 1.0 ]; 1, Gen.elements [ 0.0; 101.0 ] ]
                            let! full = Gen.elements [ true; false ]
                            return
                                Map(
                                    [ "temperature", real t ]
                                    @ (if full then [ "loss", Scalar "nt-xent"; "negatives", Scalar "in-batch" ] else [])
                                )
                        })
                let! steps = Gen.listOf augmentStep |> Gen.resize 4
                let! augment = often 0.95 (Gen.constant (Some(Seq steps))) (Gen.constant None)
                let fits = datasetsFitting dims
                let! data =
                    maybe 0.3 (Gen.frequency [ 4 * fits.Length, Gen.elements ("" :: fits); 1, Gen.elements ("imagenet" :: datasetNames) ])
                let data = data |> Option.filter (fun d -> d <> "")
                return
                    common
                    @ [ Some("input", Seq(List.map num dims))
                        Some("encoder", Seq encoder)
                        projector |> Option.map (fun p -> "projector", Seq p)
                        objective |> Option.map (fun o -> "objective", o)
                        augment |> Option.map (fun a -> "augment", a)
                        data |> Option.map (fun d -> "data", Scalar d)
                        train |> Option.map (fun t -> "train", t) ]
                    |> List.choose id
        }

    /// Top-level mapping in block style; layer lists one item per line.
    let render (entries: (string * Node) list) =
        let lines =
            entries
            |> List.collect (fun (key, value) ->
                match value with
                | Seq items when not items.IsEmpty && (key = "encoder" || key = "projector" || key = "head" || key = "augment") ->
                    (key + ":") :: (items |> List.map (fun item -> "  - " + flow item))
                | Map entries when key = "train" && not entries.IsEmpty ->
                    (key + ":") :: (entries |> List.map (fun (k, v) -> "  " + k + ": " + flow v))
                | _ -> [ key + ": " + flow value ])
        String.Join("\n", lines) + "\n"

    let case =
        gen {
            let! name = often 0.9 (Gen.elements modelNames) (Gen.elements trickyModelNames)
            let! first = spec name
            let! shuffled = Gen.frequency [ 4, Gen.constant first; 1, Gen.shuffle first |> Gen.map List.ofArray ]
            let! second =
                maybe 0.15 (
                    gen {
                        let! other = Gen.elements [ name; name + "Encoder"; name + "Options"; name + "ProjectorTaps"; "Other" ]
                        return! spec other
                    })
            let files =
                [ "a.model.yaml", render shuffled ] @ (second |> Option.map (fun s -> [ "b.model.yaml", render s ]) |> Option.defaultValue [])
            return { Files = files; Story = sprintf "structured spec(s) for %s" (String.concat ", " (files |> List.map fst)) }
        }
        |> Arb.fromGen

// ---------------------------------------------------------------------------------------------
// Properties

/// Catches an exception or CTK099 on text that is not a spec at all (YamlDotNet throwing something
/// other than YamlException, a reader that assumes a mapping), and diagnostics without a place.
[<SpecProperty(MaxTest = 2000)>]
let ``arbitrary text gets located diagnostics, never an exception or an internal error`` () =
    Prop.forAll Text.arbitrary (checkOn answersWell)

/// Catches readers that assume what the example specs happen to contain: a key present, a value
/// of one type, a number in range, a line order, an indentation.
[<SpecProperty(MaxTest = 1500)>]
let ``mutated example specs get located diagnostics, never an exception or an internal error`` () =
    Prop.forAll Mutations.mutated (checkOn answersWell)

/// Catches rules that miss a combination of layers and settings (shape arithmetic, names, method
/// options) and spec text that leaks into generated code.
[<SpecProperty(MaxTest = 1000)>]
let ``structured specs get located diagnostics, never an exception or an internal error`` () =
    Prop.forAll Structured.case (checkOn answersWell)

/// Catches a mutation the generator accepts but whose generated code does not build: a missing
/// diagnostic.
[<SpecProperty(MaxTest = 300)>]
let ``a mutated example spec without diagnostics generates code that compiles cleanly`` () =
    requireRuntimeTypes ()
    Prop.forAll Mutations.mutated (checkOn (fun o -> answersWell o .&. compilesCleanlyUnlessRejected o))

/// Catches a combination of layers, names and options the generator accepts but whose generated
/// code does not build (a name that hides a type, a wrong TorchSharp argument, a doc comment
/// warning): a missing diagnostic.
[<SpecProperty(MaxTest = 500)>]
let ``a structured spec without diagnostics generates code that compiles cleanly`` () =
    requireRuntimeTypes ()
    Prop.forAll Structured.case (checkOn (fun o -> answersWell o .&. compilesCleanlyUnlessRejected o))

/// Catches a layer kind added to the generator's definitions that the structured specs never write
/// (the fuzzer draws each family's kinds from the definitions, so a new conv, pool, activation or
/// norm kind is written without an edit; a kind of a new family needs its own generator).
[<Test>]
let ``the structured specs write every layer kind of the generator's definitions`` () =
    let rec kinds node =
        match node with
        | Structured.Scalar kind -> [ kind ]
        | Structured.Map [ kind, Structured.Seq body ] -> kind :: List.collect kinds body
        | Structured.Map [ kind, Structured.Map entries ] ->
            kind :: (entries |> List.collect (fun (key, value) -> match key, value with "layers", Structured.Seq body -> List.collect kinds body | _ -> []))
        | Structured.Map [ kind, _ ] -> [ kind ]
        | _ -> []
    let seed = Contrastive.Properties.Objectives.Generators.Run.defaultSeed
    let written =
        [ for dims in [ [ 16 ]; [ 4; 12 ]; [ 3; 12; 12 ] ] do
              for node, _ in Gen.sampleWithSeed seed 20 2000 (Structured.layerFor 0 dims) do
                  yield! kinds node ]
        |> Set.ofList
    let defined = Structured.layerKinds |> List.map (fun k -> k.Key) |> Set.ofList
    Assert.That(Set.intersect written defined, Is.EquivalentTo defined, "kinds the structured specs never write")
