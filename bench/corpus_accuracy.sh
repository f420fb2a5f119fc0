#!/usr/bin/env bash
# Accuracy on a check set of the corpus (docs/samples.md, "Corpus"): generates the documents of
# the given seeds with samples/corpus.py into a temporary folder (never committed, never looked
# at one by one), runs `tsuzuri extract --json` on every one and writes the report with
# bench/corpus_accuracy.py. Run from the repository root after building.
#
#   bench/corpus_accuracy.sh [--seeds 1000-1029] [--renderers html,writer,calc]
#                            [--scans-per-font 3] [--split check] [--bin build/app/tsuzuri]
#                            [--out docs/ACCURACY.md]
#
# Scans (issue 14): every variant of samples/make_corpus_scans.py, whole documents, of the first
# --scans-per-font documents with effect tables in a Mincho and in a Gothic print (0: no scans);
# read two at a time with --jobs 1 (OMP_THREAD_LIMIT=1). The default takes about 15 minutes
# on 2 idle cores.
#
# The seeds and the command are written into the report. Before claiming a gain, run it again
# with seeds never used before and report both.
set -euo pipefail
seeds=1000-1029
scans_per_font=3
renderers=""
split=check
bin=build/app/tsuzuri
out=docs/ACCURACY.md
while (($#)); do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --renderers) renderers="$2"; shift 2 ;;
    --split) split="$2"; shift 2 ;;
    --scans-per-font) scans_per_font="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "corpus_accuracy.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
scripts/install-deps --samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=()
if [[ -n "$renderers" ]]; then r=(--renderers "$renderers"); fi
echo "generating the $split set (seeds $seeds) in a temporary folder" >&2
# a document the generator cannot lay out is reported and left out; the others are measured
python3 samples/corpus.py --split "$split" --seeds "$seeds" "${r[@]}" --out "$tmp" >"$tmp/gen.log" || true
made=$(find "$tmp/$split" -name '*.pdf' | wc -l)
failed=$(grep -c FAILED "$tmp/gen.log" || true)
echo "$made documents generated, $failed failed to generate" >&2
scan_args=()
if ((scans_per_font > 0)); then
  echo "making the scans" >&2
  python3 samples/make_corpus_scans.py "$tmp/$split" "$tmp/scans" --per-font "$scans_per_font" >&2
  scan_args=(--scans "$tmp/scans")
fi
cmd="bench/corpus_accuracy.sh --split $split --seeds $seeds${renderers:+ --renderers $renderers} --scans-per-font $scans_per_font"
intro="Written by \`$cmd\` on $(date -u +%Y-%m-%d) (tsuzuri $(git rev-parse --short HEAD 2>/dev/null || echo '?')): \
the **$split** split, seeds $seeds, $made documents drawn and rendered by \`samples/corpus.py\` \
(${failed} seed/renderer pairs the generator could not lay out are left out). \
The text PDFs should be read from their text layer; the scans (made by \`samples/make_corpus_scans.py\` \
from the first $scans_per_font documents with effect tables of each print font) by OCR."
OMP_THREAD_LIMIT=1 python3 bench/corpus_accuracy.py --bin "$bin" --corpus "$tmp/$split" "${scan_args[@]}" \
  --parallel 2 --jobs 1 --out "$out" --title "Accuracy on the corpus check set" --intro "$intro"
