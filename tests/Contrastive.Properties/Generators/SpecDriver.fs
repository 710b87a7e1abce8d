/// Runs Contrastive's spec generator in memory, as the compiler runs it on a project: the specs are
/// AdditionalFiles under /repo/models/, build_property.RootNamespace and ProjectDir come from an
/// options provider, and the generated code is compiled against the .NET 10 reference assemblies,
/// Contrastive.dll and TorchSharp.dll (as tests/Contrastive.Generators.Tests/GeneratorHarness.cs
/// does), with the settings of models/Contrastive.Models.csproj: documentation comments checked,
/// nullable on, every warning wave.
module Contrastive.Properties.Generators.SpecDriver

open System.Collections.Immutable
open System.Text
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open Microsoft.CodeAnalysis.Diagnostics
open Microsoft.CodeAnalysis.Text
open Contrastive.Generators

/// The project directory the specs live in (diagnostics name /repo/models/<file>).
[<Literal>]
let ProjectDirectory = "/repo/models/"

/// The namespace generated code goes to when a spec names none.
[<Literal>]
let RootNamespace = "Contrastive.Models"

/// A spec file's full path.
let specPath (fileName: string) = ProjectDirectory + fileName

type private SpecText(path: string, text: string) =
    inherit AdditionalText()
    override _.Path = path
    override _.GetText(_) = SourceText.From(text, Encoding.UTF8)

type private Properties(values: Map<string, string>) =
    inherit AnalyzerConfigOptions()

    override _.TryGetValue(key: string, value: byref<string>) =
        match values.TryFind key with
        | Some v ->
            value <- v
            true
        | None ->
            value <- null
            false

type private Options() =
    inherit AnalyzerConfigOptionsProvider()

    static let none = Properties(Map.empty)

    static let global' =
        Properties(Map [ "build_property.RootNamespace", RootNamespace; "build_property.ProjectDir", ProjectDirectory ])

    override _.GlobalOptions: AnalyzerConfigOptions = global'
    override _.GetOptions(_tree: SyntaxTree) : AnalyzerConfigOptions = none
    override _.GetOptions(_text: AdditionalText) : AnalyzerConfigOptions = none

/// As the models project parses: latest C#, documentation comments diagnosed (GenerateDocumentationFile).
let parseOptions =
    CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose)

let private references =
    lazy
        (Seq.append
            (Basic.Reference.Assemblies.Net100.References.All |> Seq.cast<MetadataReference>)
            [ MetadataReference.CreateFromFile(typeof<Contrastive.Methods.ModelInfo>.Assembly.Location) :> MetadataReference
              MetadataReference.CreateFromFile(typeof<TorchSharp.torch>.Assembly.Location) ]
         |> ImmutableArray.CreateRange)

let private compilationOptions =
    CSharpCompilationOptions(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions = NullableContextOptions.Enable,
        warningLevel = 9999)
        // As MSBuild does: TorchSharp targets an older System.Runtime, which unifies silently.
        .WithSpecificDiagnosticOptions(dict [ "CS1701", ReportDiagnostic.Suppress; "CS1702", ReportDiagnostic.Suppress ])

/// What one run of the generator gave.
type Outcome =
    { /// The specs, as (full path, text).
      Specs: (string * string) list
      /// The generator's diagnostics (CTK...).
      Diagnostics: Diagnostic list
      /// The driver's own diagnostics: CS8785 when the generator threw.
      DriverDiagnostics: Diagnostic list
      /// Exceptions the generator threw (the driver catches them).
      Exceptions: exn list
      /// The generated files, parsed.
      Generated: SyntaxTree list
      /// The generated files in a compilation with their references (binding happens on demand).
      Compilation: Compilation }

    member o.HasErrors = o.Diagnostics |> List.exists (fun d -> d.Severity = DiagnosticSeverity.Error)

    /// Errors and warnings of compiling the generated code (the expensive part: binds everything).
    member o.CompileProblems =
        o.Compilation.GetDiagnostics()
        |> Seq.filter (fun d -> d.Severity >= DiagnosticSeverity.Warning)
        |> Seq.toList

/// Runs the generator once over specs given as (file name, text).
let run (specs: (string * string) list) =
    let files = specs |> List.map (fun (name, text) -> specPath name, text)
    let texts = files |> List.map (fun (path, text) -> SpecText(path, text) :> AdditionalText)
    let driver =
        CSharpGeneratorDriver.Create(
            [| (ModelGenerator() :> IIncrementalGenerator).AsSourceGenerator() |],
            texts,
            parseOptions,
            Options())
    let empty = CSharpCompilation.Create("Generated", [], references.Value, compilationOptions)
    let mutable output: Compilation = null
    let mutable driverDiagnostics = ImmutableArray<Diagnostic>.Empty
    let result = driver.RunGeneratorsAndUpdateCompilation(empty, &output, &driverDiagnostics).GetRunResult()
    { Specs = files
      Diagnostics = List.ofSeq result.Diagnostics
      DriverDiagnostics = List.ofSeq driverDiagnostics
      Exceptions = result.Results |> Seq.choose (fun r -> Option.ofObj r.Exception) |> List.ofSeq
      Generated = List.ofSeq output.SyntaxTrees
      Compilation = output }
