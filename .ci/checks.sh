#!/usr/bin/env bash
# The checks .ci/run makes beside the test projects (docs/PACKAGES.md): the example scripts on tiny
# settings, and the NuGet packages as a user gets them. One check per call; it exits non-zero when it
# fails. Everything it writes goes under $CI_WORK, a scratch folder outside the repository:
#   feed/      the packed packages (a local NuGet feed)     version   their version
#   consumer/  a copy of tests/Consumer with its nuget.config   packages/ its NuGet cache
#   tool/      the installed tool                             runs/     the scripts' run folders
#
#   .ci/checks.sh example-fsx SCRIPT   run scripts/examples/SCRIPT.fsx with tiny settings
#   .ci/checks.sh typecheck-fsx SCRIPT type-check scripts/examples/SCRIPT.fsx without running it
#   .ci/checks.sh example-cs           run scripts/examples/train-probe.cs with tiny settings
#   .ci/checks.sh pack                 pack the four packages and check what is inside
#   .ci/checks.sh consumer CSharp|FSharp   restore, build and run a consumer from the feed
#   .ci/checks.sh tool                 install the tool from the feed and run 'contrastive doctor'
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=${CI_WORK:?"set CI_WORK to a scratch folder"}
feed=$work/feed
tiny=(--steps 5 --batch-size 32 --probe-train 1000 --probe-test 500)
# One libtorch thread: on a busy 2-core machine OpenMP regions with two threads stall for minutes
# (the tests run on one thread for the same reason); libtorch reads this when it starts.
export OMP_NUM_THREADS=1

# Runs a command, shows its output, and fails unless the output has a line matching $1.
expect() {
  local pattern=$1
  shift
  local output
  output=$("$@" 2>&1) || { printf '%s\n' "$output"; echo "checks: the command failed: $*"; return 1; }
  printf '%s\n' "$output"
  grep -Eq "$pattern" <<<"$output" || { echo "checks: no line matches '$pattern'"; return 1; }
}

example_fsx() {
  local script=$1 settings
  case $script in
    train-probe | compare-temperatures) settings=("${tiny[@]}" --out "$work/runs/$script") ;;
    mi-estimators) settings=(--steps-per-level 10 --out "$work/runs/mi-estimators.png") ;;
    *) echo "checks: no tiny settings for $script"; return 1 ;;
  esac
  # Background GC off, as the README says for scripts (TorchSharp's Scalars; docs/ARCHITECTURE.md).
  DOTNET_gcConcurrent=0 expect '^(linear probe|wrote )' dotnet fsi "scripts/examples/$script.fsx" "${settings[@]}"
}

typecheck_fsx() {
  expect '' dotnet fsi --typecheck-only "scripts/examples/$1.fsx"
}

example_cs() {
  expect '^linear probe accuracy [0-9.]+%' dotnet run scripts/examples/train-probe.cs -- "${tiny[@]}" --out "$work/runs/train-probe-cs"
}

# Fails naming the entry when the package $1 has no file $2. (Listings are read whole before grep:
# with pipefail, grep -q closing a pipe early would fail the pipeline.)
has() {
  local listing
  listing=$(unzip -Z1 "$1")
  grep -Fxq "$2" <<<"$listing" || { echo "checks: $(basename "$1") has no $2"; return 1; }
}

# Fails unless the file $2 inside the package $1 has a line matching the extended regex $3.
file_has() {
  local text
  text=$(unzip -p "$1" "$2")
  grep -Eq "$3" <<<"$text" || { echo "checks: $2 in $(basename "$1") has no line matching '$3'"; return 1; }
}

# Fails unless the package $1's nuspec carries the metadata every package must have.
has_metadata() {
  local nuspec
  nuspec=$(unzip -p "$1" '*.nuspec')
  local element
  for element in '<description>.+</description>' '<license type="expression">MIT</license>' '<readme>README.md</readme>' \
    '<tags>.*contrastive-learning.*</tags>' '<repository type="git"[^>]* commit="[0-9a-f]{40}"'; do
    grep -Eq "$element" <<<"$nuspec" || { echo "checks: $(basename "$1") has no $element in its nuspec"; return 1; }
  done
  has "$1" README.md
}

pack() {
  rm -rf "$feed"
  # A version no earlier run used: a stale copy of the packages in any NuGet cache cannot stand in.
  local suffix
  suffix="ci.$(date -u +%Y%m%d%H%M%S).$$"
  dotnet pack build/Packages.slnf -c Release -o "$feed" -p:VersionSuffix="$suffix" -nologo
  local version
  version=$(basename "$(ls "$feed"/Contrastive.[0-9]*.nupkg)" .nupkg)
  version=${version#Contrastive.}
  echo "$version" >"$work/version"
  echo "checks: packed version $version"

  local runtime=$feed/Contrastive.$version.nupkg generators=$feed/Contrastive.Generators.$version.nupkg
  local fsharp=$feed/Contrastive.FSharp.$version.nupkg cli=$feed/Contrastive.Cli.$version.nupkg
  for package in "$runtime" "$generators" "$fsharp" "$cli"; do
    [[ -f $package ]] || { echo "checks: $(basename "$package") was not packed"; return 1; }
    has_metadata "$package"
  done
  has "$runtime" lib/net10.0/Contrastive.dll
  has "$runtime" buildTransitive/Contrastive.targets
  has "$runtime" buildTransitive/TorchSharpNativeCompat.targets
  has "$runtime" buildTransitive/TorchSharpNativeCompat.cs
  has "$runtime" data/fashion-mnist-subset/train-images-idx3-ubyte.gz
  has "$feed/Contrastive.$version.snupkg" lib/net10.0/Contrastive.pdb
  for file in Contrastive.Generators.dll YamlDotNet.dll Scriban.Signed.dll; do
    has "$generators" "analyzers/dotnet/cs/$file"
  done
  for file in Contrastive.Generators.props Contrastive.Generators.targets TorchSharpNativeCompat.targets TorchSharpNativeCompat.cs; do
    has "$generators" "build/$file"
  done
  file_has "$generators" build/Contrastive.Generators.props 'AdditionalFiles Include="\$\(MSBuildProjectDirectory\)/\*\*/\*\.model\.yaml"'
  file_has "$generators" build/Contrastive.Generators.props 'CompilerVisibleProperty Include="RootNamespace"'
  has "$fsharp" lib/net10.0/Contrastive.FSharp.dll
  has "$feed/Contrastive.FSharp.$version.snupkg" lib/net10.0/Contrastive.FSharp.pdb
  file_has "$fsharp" Contrastive.FSharp.nuspec "<dependency id=\"Contrastive\" version=\"${version//./\\.}\""
  has "$cli" tools/net10.0/any/Contrastive.Cli.dll
  file_has "$cli" Contrastive.Cli.nuspec '<packageType name="DotnetTool" />'
  # The tool runs on machines its packer cannot see: its native library is patched whatever this host has.
  local native=tools/net10.0/any/runtimes/linux-x64/native/libLibTorchSharp.so versions
  has "$cli" "$native"
  unzip -p "$cli" "$native" >"$work/libLibTorchSharp.so"
  versions=$(readelf -V "$work/libLibTorchSharp.so")
  grep -Eq 'Name: GLIBCXX_3\.4\.32 +Flags: WEAK' <<<"$versions" \
    || { echo "checks: the tool's libLibTorchSharp.so still requires GLIBCXX_3.4.32 strictly"; return 1; }
  echo "checks: four packages, each with its metadata and contents"
}

# The consumers' NuGet setup: our packages from the feed alone, everything else from the sources this
# machine already uses (found at run time, so none is named here) or from its cache.
consumer_config() {
  [[ -f $work/version ]] || { echo "checks: nothing was packed (run 'pack' first)"; return 1; }
  rm -rf "$work/consumer"
  mkdir -p "$work/consumer"
  cp -r tests/Consumer/. "$work/consumer/"
  local cache=${NUGET_PACKAGES:-$HOME/.nuget/packages} sources mapping=""
  sources=$(cd "$work" && dotnet nuget list source --format detailed | sed -n 's/^ *[0-9][0-9]*\. *\(.*\) \[Enabled\]$/\1/p')
  while IFS= read -r source; do
    [[ -n $source ]] && mapping+="    <packageSource key=\"$source\"><package pattern=\"*\" /></packageSource>"$'\n'
  done <<<"$sources"
  cat >"$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="contrastive-local" value="$feed" />
  </packageSources>
  <!-- Read-only: TorchSharp and the rest come from here when the machine already has them. -->
  <fallbackPackageFolders>
    <add key="machine-cache" value="$cache" />
  </fallbackPackageFolders>
  <packageSourceMapping>
    <packageSource key="contrastive-local">
      <package pattern="Contrastive" />
      <package pattern="Contrastive.*" />
    </packageSource>
$mapping  </packageSourceMapping>
</configuration>
XML
}

consumer() {
  local project=$1
  [[ -f $work/consumer/nuget.config ]] || consumer_config
  cd "$work/consumer"
  # Its own cache: the run's packages land there, never in the machine's.
  NUGET_PACKAGES=$work/packages expect '^consumer: every check holds$' \
    dotnet run --project "$project" -c Release -p:ContrastiveVersion="$(cat "$work/version")"
}

tool() {
  [[ -f $work/version ]] || { echo "checks: nothing was packed (run 'pack' first)"; return 1; }
  rm -rf "$work/tool"
  # No source but the packed folder: a tool package has no dependencies, and the install must not ask
  # a remote source for it (--add-source cannot be combined with the consumers' source mapping).
  mkdir -p "$work/tool-config"
  printf '<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n' >"$work/tool-config/nuget.config"
  NUGET_PACKAGES=$work/packages dotnet tool install Contrastive.Cli --version "$(cat "$work/version")" \
    --tool-path "$work/tool" --add-source "$feed" --configfile "$work/tool-config/nuget.config"
  expect '^ok: TorchSharp loads and computes' "$work/tool/contrastive" doctor
}

case ${1:-} in
  example-fsx) example_fsx "${2:?name a script of scripts/examples}" ;;
  typecheck-fsx) typecheck_fsx "${2:?name a script of scripts/examples}" ;;
  example-cs) example_cs ;;
  pack) pack ;;
  consumer) consumer "${2:?CSharp or FSharp}" ;;
  tool) tool ;;
  *) echo "usage: .ci/checks.sh example-fsx SCRIPT | typecheck-fsx SCRIPT | example-cs | pack | consumer CSharp|FSharp | tool" >&2; exit 2 ;;
esac
