#!/usr/bin/env bash
# Benchmark: the page model of text PDFs (issue "Foundation"), whole process, on a 100-page PDF
# made from the samples (qpdf), in the same run on the same file:
#   tsuzuri pages          words + tables/cells (the render used to find rulings included)
#   tsuzuri pages --no-words
#   pdftotext -layout      the floor: text without structure
#   PyMuPDF words          python3-fitz page.get_text("words")
#   pdfminer.six           python3-pdfminer extract_pages (layout analysis)
# Reports the median of RUNS runs of each (hyperfine) and the ratios to pdftotext.
#   bench/pages_bench.sh [RUNS]        default 5; needs a built build/app/tsuzuri
#   WRITE_DOC=1 bench/pages_bench.sh   also rewrites the "Text PDFs" section of docs/PERFORMANCE.md
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
scripts/install-deps --bench
bin=build/app/tsuzuri
[[ -x $bin ]] || { echo "pages_bench: build first (scripts/test --quick)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

forms=(samples/r*.pdf samples/h*.pdf)
list=()
pages=0
while ((pages < 100)); do
  for f in "${forms[@]}"; do
    n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    ((pages + n > 100)) && continue
    list+=("$f")
    pages=$((pages + n))
  done
  ((pages >= 97)) && break
done
qpdf --empty --pages "${list[@]}" -- "$tmp/p.pdf"
pages=$(pdfinfo "$tmp/p.pdf" | awk '/^Pages:/ {print $2}')
echo "benchmark file: $pages pages from ${#list[@]} samples ($(du -k "$tmp/p.pdf" | cut -f1) KiB)"

# The peers are Debian packages: run them with Debian's interpreter, whatever python3 is on PATH.
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$tmp/h.json" -N \
  -n "tsuzuri pages" "$bin pages $tmp/p.pdf" \
  -n "tsuzuri pages --no-words" "$bin pages --no-words $tmp/p.pdf" \
  -n "pdftotext -layout" "pdftotext -layout $tmp/p.pdf $tmp/out.txt" \
  -n "PyMuPDF words" "/usr/bin/python3 bench/peers.py pymupdf $tmp/p.pdf" \
  -n "pdfminer.six" "/usr/bin/python3 bench/peers.py pdfminer $tmp/p.pdf" >/dev/null

python3 - "$tmp/h.json" "$pages" "$runs" <<'PY' | tee "$tmp/table.md"
import json, sys
results = json.load(open(sys.argv[1]))["results"]
pages, runs = int(sys.argv[2]), sys.argv[3]
floor = next(r for r in results if r["command"] == "pdftotext -layout")["median"]
print(f"| command ({pages} pages, median of {runs} runs) | seconds | ms/page | × pdftotext |")
print("|---|---:|---:|---:|")
for r in results:
    m = r["median"]
    print(f"| {r['command']} | {m:.3f} | {1000 * m / pages:.1f} | {m / floor:.1f} |")
PY

if [[ "${WRITE_DOC:-0}" == 1 ]]; then
  python3 - "$tmp/table.md" <<'PY'
import re, sys, datetime, os, platform
table = open(sys.argv[1]).read()
path = "docs/PERFORMANCE.md"
doc = open(path).read() if os.path.exists(path) else "# Performance\n\nMeasured by the scripts in bench/; never by timed tests.\n"
section = ("## Text PDFs: `tsuzuri pages`\n\n"
           f"`bench/pages_bench.sh`, {datetime.date.today()}, {os.cpu_count()} cores. "
           "Whole process, same file, same run.\n\n" + table + "\n")
if "## Text PDFs" in doc:
    doc = re.sub(r"## Text PDFs.*?(?=\n## |\Z)", section.rstrip("\n") + "\n", doc, flags=re.S)
else:
    doc = doc.rstrip("\n") + "\n\n" + section
open(path, "w").write(doc)
PY
  echo "wrote docs/PERFORMANCE.md"
fi
