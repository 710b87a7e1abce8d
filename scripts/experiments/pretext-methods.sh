#!/usr/bin/env bash
# The context-instance rows of docs/RESULTS.md's method table: rotation prediction, jigsaw puzzles and
# relative patch position, each with SimClrFashion's encoder and the instance rows' budget (3 epochs of
# full Fashion-MNIST, the specs' defaults), scored by the linear probe and kNN (k = 200) beside the
# same encoder at its initial weights. Rows run one after another; each prints its Markdown row: the
# instance-methods.sh columns, then the pretext accuracy (mean of the last five logged values, i.e.
# about the last 50 steps; chance: rotation 25%, jigsaw 1%, relative position 12.5%).
#
#   scripts/experiments/pretext-methods.sh [row-name ...] [-- extra train flags]
#
# Needs the full dataset (Debian's dataset-fashion-mnist, or `contrastive data --download`); about
# an hour on 2 cores. Run folders go to runs/pretext-methods/<row>. A quick check that every row's
# command works, on the bundled subset:
#
#   CONTRASTIVE_DATA=<folder whose fashion-mnist links to data/fashion-mnist-subset> \
#     scripts/experiments/pretext-methods.sh -- --max-steps 20
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Contrastive.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Cli.dll)

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
print(f"| {row} | `contrastive {command}` | {r['steps']} | {int(seconds) // 60} min {int(seconds) % 60:02d} s (train {r['seconds']:.0f} s; load {load}) | "
      f"{pct(t['linear_probe'])} | {pct(t['knn'])} | {pct(i['linear_probe'])} | {pct(i['knn'])} | {r['final_loss']:.4f} | "
      f"{pct(sum(pretext) / len(pretext))} |")
PY
done
