#!/usr/bin/env bash
# Benchmark: a nightly re-run over an unchanged Maildir (issue 15: 10,000 messages < 2 s).
# Scenario: a Maildir of N messages (default 10,000) in new/: one in ten carries a small PDF
# attachment (one of a few distinct PDFs, so most are already-loaded documents), the rest are plain
# text. The first `tsuzuri ingest` reads every message (timed, for reference) and moves them to
# cur/; the re-runs (timed: the target) find every message already read by its Maildir name and
# read none. Reports wall-clock seconds of the first run and the median of RUNS re-runs.
#   bench/maildir_bench.sh [N] [RUNS]      default 10000 5; needs a built build/app/tsuzuri
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-5}
bin=build/app/tsuzuri
[[ -x $bin ]] || { echo "maildir_bench: build first (scripts/test --quick)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
md=$tmp/Maildir
mkdir -p "$md/cur" "$md/new" "$md/tmp"
pdfs=(samples/r2-single-institution.pdf samples/r4-initiatives-only.pdf samples/other-notice.pdf)
b64=()
for p in "${pdfs[@]}"; do b64+=("$(base64 -w 76 "$p")"); done
for ((i = 0; i < n; i++)); do
  f=$md/new/$((1764547200 + i)).M${i}P1.bench
  {
    printf 'From: sender%d@example.jp\r\nTo: inbox@example.jp\r\nSubject: report %d\r\n' "$i" "$i"
    printf 'Date: Tue, 01 Dec 2026 09:30:00 +0900\r\nMessage-ID: <%d@bench>\r\nMIME-Version: 1.0\r\n' "$i"
    if ((i % 10 == 0)); then
      printf 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody %d\r\n' "$i"
      printf -- '--b\r\nContent-Type: application/pdf; name="r%d.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' "$i"
      printf '%s\r\n--b--\r\n' "${b64[$((i / 10 % 3))]}"
    else
      printf 'Content-Type: text/plain; charset=UTF-8\r\n\r\nbody of message %d\r\n' "$i"
    fi
  } >"$f"
done
db=$tmp/bench.db
t0=$(date +%s.%N)
OMP_THREAD_LIMIT=1 "$bin" ingest "$md" --db "$db" --progress none >/dev/null
t1=$(date +%s.%N)
echo "first run (reads $n messages): $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s"
times=()
for ((r = 0; r < runs; r++)); do
  t0=$(date +%s.%N)
  "$bin" ingest "$md" --db "$db" --progress lines 2>/dev/null >"$tmp/out.txt"
  t1=$(date +%s.%N)
  times+=("$(awk "BEGIN {printf \"%.2f\", $t1 - $t0}")")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "re-runs over the unchanged Maildir ($n messages, --progress lines): $(echo "$sorted" | tr '\n' ' ')s"
echo "median: $(echo "$sorted" | sed -n "$(((runs + 1) / 2))p") s   ($(cat "$tmp/out.txt"))"
