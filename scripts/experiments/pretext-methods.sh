#!/usr/bin/env bash
# The context-instance rows of docs/RESULTS.md: rotation prediction, jigsaw puzzles and relative patch
# position, each with SimClrFashion's encoder and the instance rows' budget (3 epochs of full
# Fashion-MNIST, the specs' defaults), scored by the linear probe and kNN (k = 200) beside the same
# encoder at its initial weights. Rows run one after another; each prints its Markdown row:
#
#   | row | command | steps | wall time (training) | linear probe | kNN | initial: probe / kNN | pretext accuracy | final loss |
#
# The initial encoder gets its own column because the tile methods (jigsaw, relative position) probe
# the trunk on images standardised as their tiles are, so their initial scores differ from the
# instance rows' 78.94% / 65.85% (rotation probes raw images like those rows). The pretext accuracy
# is the mean of the last five logged values (about the last 50 steps); chance is 25% (rotation),
# 1% (jigsaw), 12.5% (relative position).
#
#   scripts/experiments/pretext-methods.sh [row-name ...] [-- extra train flags]
#
# Needs the full dataset (Debian's dataset-fashion-mnist, or `contrastive data --download`); about
# 25 minutes on 2 idle cores (rotation, four turns of every image, about 15 of them: 20 steps took
# 23 s here). Run folders go to runs/pretext-methods/<row>. A quick check that every row's
# command works, on the bundled subset:
#
#   CONTRASTIVE_DATA=<folder whose fashion-mnist links to data/fashion-mnist-subset> \
#     scripts/experiments/pretext-methods.sh -- --max-steps 20
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Contrastive.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Cli.dll)
# Runs may share the machine with builds: NICE=-10 (as root) keeps their wall times close to an idle one.
if [[ -n "${NICE:-}" ]]; then cli=(nice -n "$NICE" "${cli[@]}"); fi

declare -A rows=(
  [rotation]="train RotationFashion"
  [jigsaw]="train JigsawFashion"
  [relative-position]="train RelativePositionFashion"
)
order=(rotation jigsaw relative-position)
extra=()
picked=()
while (($#)); do
  if [[ $1 == -- ]]; then shift; extra=("$@"); break; fi
  picked+=("$1"); shift
done
if ((${#picked[@]})); then order=("${picked[@]}"); fi

for row in "${order[@]}"; do
  command=${rows[$row]:?unknown row $row}
  out=runs/pretext-methods/$row
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s)
  # shellcheck disable=SC2086
  "${cli[@]}" $command "${extra[@]}" --threads 2 --out "$out" > "$out.log" 2>&1 || { echo "$row failed: see $out.log" >&2; continue; }
  seconds=$(( $(date +%s) - start ))
  python3 - "$out" "$row" "$command" "$seconds" "$load" <<'PY'
import json, sys
out, row, command, seconds, load = sys.argv[1:]
r = json.load(open(f"{out}/results.json"))
e = r["evaluation"]
t, i = e["trained"], e["initial"]
logged = [json.loads(line) for line in open(f"{out}/metrics.jsonl")]
pretext = [m["pretext-accuracy"] for m in logged if "pretext-accuracy" in m][-5:]
pct = lambda v: f"{100 * v:.2f}%"
print(f"| {row} | `contrastive {command}` | {r['steps']:,} | {int(seconds) // 60} min {int(seconds) % 60:02d} s ({r['seconds']:.0f} s; load {load}) | "
      f"{pct(t['linear_probe'])} | {pct(t['knn'])} | {pct(i['linear_probe'])} / {pct(i['knn'])} | "
      f"{pct(sum(pretext) / len(pretext))} | {r['final_loss']:.3f} (cross-entropy) |")
PY
done
