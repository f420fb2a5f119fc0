#!/usr/bin/env bash
# Writes the error fixtures of tests/data/ (see tests/data/README.md) from the generated samples.
# Idempotent: files whose content would not change are left as they are (the encrypted ones are
# compared after decryption, since qpdf salts every AES-256 encryption differently).
# Needs python3, qpdf, chromium and poppler-utils (scripts/install-deps --samples); runs
# samples/generate.py first when the samples it uses are missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
samples="$root/samples"
multi="r4-three-pages"        # 3 pages, landscape: encrypted-*, truncated, image-only
single="h30-initiatives-only" # 1 page, portrait: garbage-text, rotated

for s in "$multi" "$single"; do
  if [[ ! -f "$samples/$s.pdf" ]]; then
    python3 "$samples/generate.py" --quiet --only "$multi" "$single"
    break
  fi
done
for tool in qpdf pdftoppm pdftotext python3; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool not found (scripts/install-deps --samples)" >&2; exit 1; }
done
chromium="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$chromium" ]] || { echo "generate.sh: chromium not found (scripts/install-deps --samples)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# install NEW as tests/data/NAME unless the file there has the same bytes
install_if_changed() {
  local new="$1" name="$2"
  if [[ -f "$here/$name" ]] && cmp -s "$new" "$here/$name"; then
    echo "  $name: unchanged"
  else
    cp "$new" "$here/$name"
    echo "  $name: written"
  fi
}

# the same for an encrypted file: compare the decrypted forms
install_encrypted_if_changed() {
  local new="$1" name="$2" password="$3"
  if [[ -f "$here/$name" ]] \
    && qpdf --password="$password" --decrypt --deterministic-id "$here/$name" "$tmp/old.plain.pdf" 2>/dev/null \
    && qpdf --password="$password" --decrypt --deterministic-id "$new" "$tmp/new.plain.pdf" \
    && cmp -s "$tmp/old.plain.pdf" "$tmp/new.plain.pdf"; then
    echo "  $name: unchanged"
  else
    cp "$new" "$here/$name"
    echo "  $name: written"
  fi
}

# Chromium writes the print time into /CreationDate and /ModDate; fix it (same length).
fix_dates() {
  python3 - "$1" <<'EOF'
import re, sys
p = sys.argv[1]
b = open(p, "rb").read()
b = re.sub(rb"(/(?:CreationDate|ModDate) \()D:\d{14}[^)]*(\))",
           lambda m: m.group(1) + b"D:20250401000000+00'00'" + m.group(2), b)
open(p, "wb").write(b)
EOF
}

echo "generate.sh: writing fixtures into tests/data/"

# encrypted-user.pdf: opening needs the user password "user" (owner password "owner")
qpdf --static-id --encrypt user owner 256 -- "$samples/$multi.pdf" "$tmp/encrypted-user.pdf"
install_encrypted_if_changed "$tmp/encrypted-user.pdf" encrypted-user.pdf user

# encrypted-owner.pdf: owner password only; the user password is empty, so it opens without one
qpdf --static-id --encrypt "" owner 256 -- "$samples/$multi.pdf" "$tmp/encrypted-owner.pdf"
install_encrypted_if_changed "$tmp/encrypted-owner.pdf" encrypted-owner.pdf ""

# truncated.pdf: the first 40 % of the bytes
size=$(stat -c %s "$samples/$multi.pdf")
head -c $((size * 40 / 100)) "$samples/$multi.pdf" >"$tmp/truncated.pdf"
install_if_changed "$tmp/truncated.pdf" truncated.pdf

# not-a-pdf.pdf: a text file with a .pdf name
printf '%s\n' "This is a plain text file, not a PDF." "在宅医療連携の報告書ではありません。" >"$tmp/not-a-pdf.pdf"
install_if_changed "$tmp/not-a-pdf.pdf" not-a-pdf.pdf

# empty.pdf: 0 bytes
: >"$tmp/empty.pdf"
install_if_changed "$tmp/empty.pdf" empty.pdf

# image-only.pdf: page 1 of the sample as a 50 dpi PNG, printed alone by Chromium (no text layer)
pdftoppm -r 50 -f 1 -l 1 -singlefile -png "$samples/$multi.pdf" "$tmp/page"
cat >"$tmp/image-only.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>image-only</title>
<style>@page { size: A4 landscape; margin: 5mm; } body { margin: 0; }
img { display: block; height: 195mm; width: auto; margin: 0 auto; }</style></head>
<body><img src="page.png" alt=""></body></html>
EOF
profile="$(mktemp -d)"
"$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --no-pdf-header-footer \
  --print-to-pdf="$tmp/image-only.pdf" "file://$tmp/image-only.html" >/dev/null 2>&1
rm -rf "$profile"
fix_dates "$tmp/image-only.pdf"
if [[ -n "$(pdftotext "$tmp/image-only.pdf" - | tr -d '[:space:]')" ]]; then
  echo "generate.sh: image-only.pdf unexpectedly has a text layer" >&2
  exit 1
fi
install_if_changed "$tmp/image-only.pdf" image-only.pdf

# garbage-text.pdf: the one-page sample with /ToUnicode removed from its fonts; the embedded
# subset fonts have no usable cmap, so text extraction yields unrelated code points
qpdf --deterministic-id --qdf --object-streams=disable "$samples/$single.pdf" "$tmp/qdf.pdf"
python3 - "$tmp/qdf.pdf" "$tmp/stripped.pdf" <<'EOF'
import re, sys
b = open(sys.argv[1], "rb").read()
b, n = re.subn(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), b)
if n == 0:
    sys.exit("generate.sh: no /ToUnicode found")
open(sys.argv[2], "wb").write(b)
EOF
qpdf --deterministic-id "$tmp/stripped.pdf" "$tmp/garbage-text.pdf" || [[ $? -eq 3 ]]  # 3: warnings
install_if_changed "$tmp/garbage-text.pdf" garbage-text.pdf

# rotated.pdf: the one-page sample with /Rotate 90
qpdf --deterministic-id --rotate=+90 "$samples/$single.pdf" "$tmp/rotated.pdf"
install_if_changed "$tmp/rotated.pdf" rotated.pdf

echo "generate.sh: done"
