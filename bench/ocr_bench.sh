#!/usr/bin/env bash
# Speed of the OCR path, whole process, one run each (docs/PERFORMANCE.md, "Scans (OCR)").
#
# Scenarios:
#   page    tsuzuri extract --json on one 300 dpi page (samples/scans/*-clean300.png) against
#           `tesseract PAGE.png - -l jpn` on the same page (target: <= 0.8 x)
#   jobs    a multi-page scan with --jobs 2 against --jobs 1 (target: >= 1.8 x; needs 2 idle
#           cores). Default: a 6-page TIFF made of the 3-page G4 sample twice (an even page count,
#           so two workers can share the pages evenly; 3 pages on 2 workers cap it near 1.5 x).
#
#   bench/ocr_bench.sh [BIN] [PAGE.png] [DOC]     # BIN default build/app/tsuzuri
# Prints wall and user seconds and the ratios. OMP_THREAD_LIMIT=1 for both programs.
set -euo pipefail
bin="${1:-build/app/tsuzuri}"
page="${2:-samples/scans/r4-three-pages-p2-clean300.png}"
scripts/install-deps --bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ -n "${3:-}" ]]; then
  doc=$3
else
  doc=$tmp/six-pages.tif
  tiffcp samples/scans/r4-three-pages-g4.tif samples/scans/r4-three-pages-g4.tif "$doc"
fi
export OMP_THREAD_LIMIT=1

# secs CMD... -> "wall user"
secs() {
  local t
  t="$(mktemp)"
  /usr/bin/time -o "$t" -f "%e %U" "$@" >/dev/null 2>&1
  tail -1 "$t"
  rm -f "$t"
}

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
read -r ours_w ours_u < <(secs "$bin" extract --json "$page")
read -r cli_w cli_u < <(secs tesseract "$page" - -l jpn)
echo "page   tsuzuri ${ours_w}s (user ${ours_u}s)   tesseract CLI ${cli_w}s (user ${cli_u}s)   ratio $(python3 -c "print(round($ours_w/$cli_w, 2))") wall, $(python3 -c "print(round($ours_u/$cli_u, 2))") user"
read -r one_w _ < <(secs "$bin" extract --json --jobs 1 "$doc")
read -r two_w _ < <(secs "$bin" extract --json --jobs 2 "$doc")
echo "jobs   --jobs 1 ${one_w}s   --jobs 2 ${two_w}s   speed-up $(python3 -c "print(round($one_w/$two_w, 2))") x"
