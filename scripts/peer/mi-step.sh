#!/usr/bin/env bash
# One run, two implementations: the MI benchmark's concat-critic InfoNCE step in the toolkit
# (TorchSharp 0.107, libtorch 2.10) and in Debian's PyTorch 1.13. Prints ms/step for each and the
# ratio. Usage, from the repository root after `dotnet build -c Release`:
#   scripts/peer/mi-step.sh [STEPS=1000] [THREADS=2]
set -euo pipefail
steps=${1:-1000}
threads=${2:-2}
cd "$(dirname "$0")/../.."

toolkit=$(dotnet src/Contrastive.Cli/bin/Release/net10.0/Contrastive.Cli.dll mi-bench \
  --estimators infonce --levels 2 --steps-per-level "$steps" --threads "$threads" \
  --output "${TMPDIR:-/tmp}/mi-step-peer" | tr '\n' ' ' | sed -n 's/.*wall time \([0-9.]*\) s.*/\1/p')
toolkit_ms=$(awk -v s="$toolkit" -v n="$steps" 'BEGIN { printf "%.2f", 1000 * s / n }')
echo "toolkit (TorchSharp): ${toolkit_ms} ms/step over ${steps} steps, ${threads} threads"

peer_line=$(/usr/bin/python3 scripts/peer/mi_step_pytorch.py "$steps" "$threads")
echo "$peer_line"
peer_ms=$(sed -n 's/.*: \([0-9.]*\) ms\/step.*/\1/p' <<<"$peer_line")
awk -v a="$toolkit_ms" -v b="$peer_ms" 'BEGIN { printf "ratio toolkit / pytorch = %.2f\n", a / b }'
