#!/usr/bin/env bash
# Accuracy on the bench set of scans: makes every variant of every sample with effect tables
# (samples/make_scans.sh --bench, in a temporary folder) and writes docs/ACCURACY-bench.md with
# bench/accuracy.py. About 4 minutes on 2 cores; run from the repository root after building.
#
#   bench/scan_accuracy.sh [BIN]        # BIN default build/app/tsuzuri
set -euo pipefail
bin=()
if [[ -n "${1:-}" ]]; then bin=(--bin "$1"); fi
scripts/install-deps --samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "making the bench scans in $tmp" >&2
samples/make_scans.sh --bench "$tmp" >/dev/null
python3 bench/accuracy.py "${bin[@]}" --scans "$tmp" --no-text --out docs/ACCURACY-bench.md
