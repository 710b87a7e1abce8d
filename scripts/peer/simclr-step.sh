#!/usr/bin/env bash
# One run, two implementations: the SimCLR training step of SimClrFashion (batch 256 of 1 x 28 x 28,
# two views, 3-conv encoder + projector, NT-Xent, Adam) in the toolkit (TorchSharp 0.107, libtorch
# 2.10) and in Debian's PyTorch 1.13 (scripts/peer/simclr_step_pytorch.py). Prints images/s for each
# and the ratio. Usage, from the repository root after `dotnet build -c Release`:
#   scripts/peer/simclr-step.sh [STEPS=60] [THREADS=2]
# Both sides leave out their first 10 steps: the toolkit's images_per_second is logged every 10
# steps, and the first interval (start-up, first allocations) is dropped; the rest are combined as
# total images / total time (the harmonic mean of the logged rates, as the intervals are equal).
# PyTorch runs 10 untimed warm-up steps and then STEPS - 10 timed ones.
set -euo pipefail
steps=${1:-60}
threads=${2:-2}
if (( steps < 20 || steps % 10 != 0 )); then
  echo "STEPS must be a multiple of 10, at least 20 (got $steps)" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
out=$(mktemp -d "${TMPDIR:-/tmp}/simclr-step-peer.XXXXXX")
trap 'rm -rf "$out"' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
dotnet src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Cli.dll train SimClrFashion \
  --max-steps "$steps" --no-eval --checkpoint-every 100000 --threads "$threads" --out "$out/run" >/dev/null
toolkit=$(sed -n 's/.*"step":\([0-9]*\),.*"images_per_second":\([0-9.]*\).*/\1 \2/p' "$out/run/metrics.jsonl" \
  | awk '$1 > 10 { k++; inv += 1 / $2 } END { if (k) printf "%.1f", k / inv }')
echo "toolkit (TorchSharp): ${toolkit} images/s over steps 11-${steps}, ${threads} threads"

peer_line=$(/usr/bin/python3 scripts/peer/simclr_step_pytorch.py "$((steps - 10))" "$threads" 10)
echo "$peer_line"
peer=$(sed -n 's/.*: \([0-9.]*\) images\/s.*/\1/p' <<<"$peer_line")
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v a="$toolkit" -v b="$peer" 'BEGIN { printf "ratio toolkit / pytorch = %.2f (images/s; above 1 means the toolkit is faster)\n", a / b }'
