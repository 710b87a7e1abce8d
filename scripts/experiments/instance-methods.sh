#!/usr/bin/env bash
# The instance-instance table of docs/RESULTS.md: SimCLR, MoCo v2, BYOL, SimSiam and SimCLR's
# negative-sampling variants, each trained with the same encoder and epoch budget (3 epochs of full
# Fashion-MNIST, the specs' defaults) and scored by the linear probe and kNN (k = 200) beside the
# same encoder at its initial weights. Rows run one after another; each prints its Markdown row.
#
#   scripts/experiments/instance-methods.sh [row-name ...]     # all rows, or the named ones
#
# Needs the full dataset (Debian's dataset-fashion-mnist, or `contrastive data --download`); about
# an hour on 2 cores. Run folders go to runs/instance-methods/<row>.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Contrastive.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Cli.dll)
# Runs may share the machine with builds: NICE=-10 (as root) keeps their wall times close to an idle one.
if [[ -n "${NICE:-}" ]]; then cli=(nice -n "$NICE" "${cli[@]}"); fi

declare -A rows=(
  [simclr]="train SimClrFashion"
  [simclr-batch-64]="train SimClrFashion --batch-size 64"
  [simclr-queue]="train SimClrFashion --set objective.negatives.queue=4096"
  [simclr-memory-bank]="train SimClrFashion --set objective.negatives.memory-bank=4096"
  [simclr-dcl]="train SimClrFashion --set objective.loss=dcl"
  [simclr-dcl-batch-64]="train SimClrFashion --batch-size 64 --set objective.loss=dcl"
  [moco]="train MoCoFashion"
  [byol]="train ByolFashion"
  [simsiam]="train SimSiamFashion"
)
order=(simclr simclr-batch-64 simclr-queue simclr-memory-bank simclr-dcl moco byol simsiam)
if (($#)); then order=("$@"); fi

for row in "${order[@]}"; do
  command=${rows[$row]:?unknown row $row}
  out=runs/instance-methods/$row
  rm -rf "$out"
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s)
  # shellcheck disable=SC2086
  "${cli[@]}" $command --threads 2 --out "$out" > "$out.log" 2>&1 || { echo "$row failed: see $out.log" >&2; continue; }
  seconds=$(( $(date +%s) - start ))
  python3 - "$out/results.json" "$row" "$command" "$seconds" "$load" <<'PY'
import json, sys
path, row, command, seconds, load = sys.argv[1:]
r = json.load(open(path))
e = r["evaluation"]
t, i = e["trained"], e["initial"]
pct = lambda v: f"{100 * v:.2f}%"
print(f"| {row} | `contrastive {command}` | {r['steps']} | {int(seconds) // 60} min {int(seconds) % 60:02d} s (train {r['seconds']:.0f} s; load {load}) | "
      f"{pct(t['linear_probe'])} | {pct(t['knn'])} | {pct(i['linear_probe'])} | {pct(i['knn'])} | {r['final_loss']:.4f} |")
PY
done
