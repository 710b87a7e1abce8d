#!/usr/bin/env bash
# The CPC rows of docs/RESULTS.md: CPC for vision on Fashion-MNIST as a patch grid (the spec's
# 3-epoch budget, like the instance-instance rows), scored by the linear probe and kNN (k = 200) on
# the pooled patch encodings beside the same encoder at its initial weights; and CPC on the
# synthetic sequences, scored by the probe on the final context, with each predicted step's accuracy
# and bound log N - L_N over training in the run folder's steps.png. Each row prints its Markdown row.
#
#   scripts/experiments/cpc.sh [row-name ...] [-- extra train flags]   # all rows, or the named ones
#   scripts/experiments/cpc.sh fashion -- --max-steps 20                # a quick check of one row
#
# fashion needs the full dataset (Debian's dataset-fashion-mnist, or `contrastive data --download`;
# otherwise it runs on the bundled subset); sequences are generated. Run folders go to runs/cpc/<row>.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Contrastive.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Cli.dll)

declare -A rows=(
  [fashion]="train CpcFashion"
  [sequences]="train CpcSequences"
)
order=(fashion sequences)
extra=()
names=()
while (($#)); do
  if [[ $1 == -- ]]; then shift; extra=("$@"); break; fi
  names+=("$1"); shift
done
if ((${#names[@]})); then order=("${names[@]}"); fi

for row in "${order[@]}"; do
  command=${rows[$row]:?unknown row $row}
  out=runs/cpc/$row
  rm -rf "$out"
  mkdir -p runs/cpc
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s)
  # shellcheck disable=SC2086
  "${cli[@]}" $command "${extra[@]}" --threads 2 --out "$out" > "$out.log" 2>&1 || { echo "$row failed: see $out.log" >&2; continue; }
  seconds=$(( $(date +%s) - start ))
  python3 - "$out" "$row" "$command ${extra[*]}" "$seconds" "$load" <<'PY'
import json, sys
out, row, command, seconds, load = sys.argv[1:]
r = json.load(open(f"{out}/results.json"))
e = r["evaluation"]
t, i = e["trained"], e["initial"]
pct = lambda v: f"{100 * v:.2f}%"
print(f"| {row} | `contrastive {command.strip()}` | {r['steps']} | {int(seconds) // 60} min {int(seconds) % 60:02d} s (train {r['seconds']:.0f} s; load {load}) | "
      f"{pct(t['linear_probe'])} | {pct(t['knn'])} | {pct(i['linear_probe'])} | {pct(i['knn'])} | {r['final_loss']:.4f} |")
# Each step's accuracy and bound, averaged over the last five logged steps.
lines = [json.loads(l) for l in open(f"{out}/metrics.jsonl")]
steps = sorted({int(k[len("accuracy-k"):]) for l in lines for k in l if k.startswith("accuracy-k")})
tail = lines[-5:]
mean = lambda key: sum(l[key] for l in tail) / len(tail)
print("  per step k: " + "; ".join(f"k={k}: accuracy {100 * mean(f'accuracy-k{k}'):.1f}%, bound {mean(f'bound-k{k}'):.2f} nats" for k in steps)
      + f" (last {len(tail)} logged steps, up to step {tail[-1]['step']})")
PY
done
