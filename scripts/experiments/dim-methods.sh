#!/usr/bin/env bash
# The Deep InfoMax table of docs/RESULTS.md: DIM(L) with the Jensen-Shannon and InfoNCE estimators,
# DIM(G) alone, and DIM(L) with the prior term (uniform and Gaussian), each trained with
# SimClrFashion's conv encoder (its 7x7 'local' map, plus DimFashion's linear encoding) and the same
# epoch budget as the instance methods (3 epochs of full Fashion-MNIST, the spec's defaults
# otherwise), then scored by the linear probe and kNN (k = 200) beside the same encoder at its
# initial weights. Rows run one after another; each prints its Markdown row. The paper's finding to
# check: local >> global-only.
#
#   scripts/experiments/dim-methods.sh [row-name ...]     # all rows, or the named ones
#
# Needs the full dataset (Debian's dataset-fashion-mnist, or `contrastive data --download`). Each row
# trains 702 steps of 256 images, then evaluates: about 5 minutes for DIM(G) and 8 to 10 for the
# local rows here, with other jobs on the machine (docs/RESULTS.md has each row's time). Run folders
# go to runs/dim-methods/<row>. Every command was also checked on the bundled subset with --max-steps 20.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Contrastive.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Cli.dll)

declare -A rows=(
  [dim-l-jsd]="train DimFashion"
  [dim-l-infonce]="train DimFashion --set objective.estimator=infonce"
  [dim-g]="train DimFashion --set objective.alpha=1 --set objective.beta=0"
  [dim-l-prior]="train DimFashion --set objective.gamma=0.1"
  [dim-l-prior-gaussian]="train DimFashion --set objective.gamma=0.1 --set objective.prior=gaussian"
)
order=(dim-l-jsd dim-l-infonce dim-g dim-l-prior dim-l-prior-gaussian)
if (($#)); then order=("$@"); fi

mkdir -p runs/dim-methods
for row in "${order[@]}"; do
  command=${rows[$row]:?unknown row $row}
  out=runs/dim-methods/$row
  rm -rf "$out"
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s)
  # shellcheck disable=SC2086
  "${cli[@]}" $command --threads 2 --out "$out" > "$out.log" 2>&1 || { echo "$row failed: see $out.log" >&2; continue; }
  seconds=$(( $(date +%s) - start ))
  python3 - "$out/results.json" "$out/metrics.jsonl" "$row" "$command" "$seconds" "$load" <<'PY'
import json, statistics, sys
path, metrics, row, command, seconds, load = sys.argv[1:]
r = json.load(open(path))
e = r["evaluation"]
t, i = e["trained"], e["initial"]
# The median of the last 20 logged values: under JSD the reported MI is NWJ(S + 1), which a few large
# negative scores can throw far below zero at a single step.
tail = [json.loads(line) for line in open(metrics)][-20:]
median = lambda k: statistics.median(m[k] for m in tail)
terms = ", ".join(f"{k} {median(k):.3f}" for k in ("global-mi", "local-mi", "prior-accuracy") if k in tail[-1])
pct = lambda v: f"{100 * v:.2f}%"
print(f"| {row} | `contrastive {command}` | {r['steps']} | {int(seconds) // 60} min {int(seconds) % 60:02d} s (train {r['seconds']:.0f} s; load {load}) | "
      f"{pct(t['linear_probe'])} | {pct(t['knn'])} | {pct(i['linear_probe'])} | {pct(i['knn'])} | {r['final_loss']:.4f} | {terms} |")
PY
done
