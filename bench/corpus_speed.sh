#!/usr/bin/env bash
# Benchmark (issue 13's speed target): `tsuzuri extract --json` against `pdftotext -layout` on a
# 100-page mix of corpus PDFs (every renderer and font family), whole process, same file, same
# run; wall time (median of RUNS runs) and CPU time (user + system, mean of the runs), hyperfine.
#
#   bench/corpus_speed.sh [--seeds 2000-2011] [--runs 5]   # a check set made on the fly (default)
#   bench/corpus_speed.sh --from DIR [--runs 5]            # the PDFs of a corpus folder
#
# The documents are concatenated in name order (renderers interleaved by seed) up to 100 pages.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=2000-2011
runs=5
from=""
while (($#)); do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "corpus_speed.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
scripts/install-deps --bench
bin=build/app/tsuzuri
[[ -x $bin ]] || { echo "corpus_speed: build first (scripts/test --quick)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ -z "$from" ]]; then
  scripts/install-deps --samples
  python3 samples/corpus.py --split check --seeds "$seeds" --out "$tmp/gen" >&2 || true
  from="$tmp/gen/check"
fi
mapfile -t files < <(ls "$from"/*.pdf | awk -F- '{print $NF "\t" $0}' | sort | cut -f2)
list=()
pages=0
for f in "${files[@]}"; do
  n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  ((pages + n > 100)) && continue
  list+=("$f")
  pages=$((pages + n))
done
qpdf --empty --pages "${list[@]}" -- "$tmp/mix.pdf"
echo "benchmark file: $pages pages from ${#list[@]} documents" >&2
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$tmp/h.json" -N \
  -n "tsuzuri extract --json" "$bin extract --json $tmp/mix.pdf" \
  -n "pdftotext -layout" "pdftotext -layout $tmp/mix.pdf $tmp/out.txt" >/dev/null
python3 - "$tmp/h.json" "$pages" "$runs" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
pages, runs = int(sys.argv[2]), sys.argv[3]
def cpu(r):
    return statistics.median(u + s for u, s in zip(r["user_times"] if "user_times" in r else [r["user"]],
                                                     r["system_times"] if "system_times" in r else [r["system"]]))
floor = next(r for r in results if r["command"] == "pdftotext -layout")
print(f"| command ({pages} pages, {runs} runs) | wall s (median) | CPU s (mean) | CPU × pdftotext |")
print("|---|---:|---:|---:|")
for r in results:
    print(f"| {r['command']} | {r['median']:.3f} | {cpu(r):.3f} | {cpu(r) / cpu(floor):.2f} |")
PY
