#!/usr/bin/env bash
# Makes scanned-looking copies of the sample PDFs for the OCR path (docs/ocr.md).
#
#   samples/make_scans.sh                      # the small committed set in samples/scans/
#   samples/make_scans.sh --bench DIR [NAME..] # every variant of every named sample (default: all
#                                              # samples with effect tables), whole documents, in DIR
#
# Variants (pages rendered by pdftoppm, degraded by ImageMagick):
#   clean300     300 dpi greyscale
#   200dpi       200 dpi greyscale
#   rotated      300 dpi, turned 1.5 degrees
#   noise        300 dpi, impulse (speckle) noise and a slight blur
#   jpeg60       300 dpi, JPEG quality 60
#   g4           300 dpi bilevel, TIFF with CCITT G4 (fax) compression
#   image-pdf    an image-only PDF (200 dpi JPEG pages; tsuzuri renders them at 300 dpi)
#   upside-down  300 dpi, turned 180 degrees (in --bench: the first page only)
# Every directory written gets a README.md whose table maps each scan to its source sample and
# pages; bench/accuracy.py reads it. The expected record of a scan is its source's
# <name>.expected.json with pages[].method "ocr" (only the measures of the scanned pages).
# Needs poppler-utils, python3 and the real ImageMagick (scripts/install-deps --samples).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
convert_bin="$(command -v convert || true)"
if [[ -z "$convert_bin" ]] || ! "$convert_bin" -version 2>/dev/null | grep -q "ImageMagick"; then
  echo "make_scans.sh: ImageMagick's convert is needed (scripts/install-deps --samples)" >&2
  exit 1
fi
# The same bytes on every run: no timestamps in PNG files (the noise is seeded, see degrade).
im() {
  local args=("$@")
  local out="${args[-1]}"
  unset 'args[-1]'
  "$convert_bin" "${args[@]}" -define png:exclude-chunks=date,time "$out"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# render SAMPLE DPI FIRST LAST -> prints the PGM files, one per page
render() {
  local sample="$1" dpi="$2" first="$3" last="$4" prefix
  prefix="$tmp/$(basename "$sample" .pdf)-r$dpi-$first-$last"
  pdftoppm -r "$dpi" -gray -f "$first" -l "$last" "$sample" "$prefix"
  ls "$prefix"-*.pgm
}

# part_of_page SAMPLE DPI PAGE GEOMETRY OUT [OPTIONS..]: a part of one page of a sample, rendered
# at DPI, cropped to GEOMETRY (ImageMagick's WxH+X+Y) and written with OPTIONS (a test fixture).
part_of_page() {
  local sample="$1" dpi="$2" page="$3" geometry="$4" out="$5" pgm
  shift 5
  pgm="$(render "$here/$sample.pdf" "$dpi" "$page" "$page")"
  im "$pgm" -crop "$geometry" +repage -units PixelsPerInch -density "$dpi" "$@" "$out"
}

# degrade VARIANT IN.pgm OUT (image options for one page)
degrade() {
  local variant="$1" in="$2" out="$3"
  local meta=(-units PixelsPerInch)
  case "$variant" in
    clean300)    im "$in" "${meta[@]}" -density 300 -depth 4 "$out" ;;
    200dpi)      im "$in" "${meta[@]}" -density 200 -depth 4 "$out" ;;
    rotated)     im "$in" "${meta[@]}" -density 300 -background white -rotate 1.5 +repage -depth 4 "$out" ;;
    noise)       im "$in" "${meta[@]}" -density 300 -seed 7 -attenuate 0.08 +noise Impulse -blur 0x0.8 -depth 4 "$out" ;;
    jpeg60)      im "$in" "${meta[@]}" -density 300 -quality 60 "$out" ;;
    g4)          im "$in" "${meta[@]}" -density 300 -threshold 55% -monochrome -compress Group4 "$out" ;;
    upside-down) im "$in" "${meta[@]}" -density 300 -rotate 180 +repage -depth 4 "$out" ;;
    *) echo "unknown variant $variant" >&2; exit 1 ;;
  esac
}

manifest_head() {
  cat >"$1/README.md" <<'EOF'
# Scans of the samples

Made by `samples/make_scans.sh` from the sample PDFs (pdftoppm + ImageMagick); do not edit by
hand. The expected record of a scan is its source's `<source>.expected.json` with every page's
method `ocr`, restricted to the measures of the scanned pages (page numbers renumbered from 1);
`bench/accuracy.py` does this mapping. Variants are described in `samples/make_scans.sh`.

| scan | source | pages | variant |
|---|---|---|---|
EOF
}
manifest_row() { echo "| $2 | $3 | $4 | $5 |" >>"$1/README.md"; }

# one_page OUTDIR SAMPLE PAGE VARIANT EXT: one page as one image file
one_page() {
  local dir="$1" name="$2" page="$3" variant="$4" ext="$5" dpi=300 pgm
  [[ "$variant" == 200dpi ]] && dpi=200
  pgm="$(render "$here/$name.pdf" "$dpi" "$page" "$page")"
  local file="$name-p$page-$variant.$ext"
  degrade "$variant" "$pgm" "$dir/$file"
  manifest_row "$dir" "$file" "$name" "$page" "$variant"
}

# whole_doc OUTDIR SAMPLE VARIANT: all pages in one multi-page TIFF (or the image-only PDF)
whole_doc() {
  local dir="$1" name="$2" variant="$3" dpi=300 n pages=() i=0
  n="$(pdfinfo "$here/$name.pdf" | awk '/^Pages:/ {print $2}')"
  if [[ "$variant" == image-pdf ]]; then
    for pgm in $(render "$here/$name.pdf" 200 1 "$n"); do
      im "$pgm" -quality 75 "$tmp/page-$i.jpg"; pages+=("$tmp/page-$i.jpg"); i=$((i + 1))
    done
    python3 "$here/image_pdf.py" "$dir/$name-image-pdf.pdf" 200 "${pages[@]}"
    manifest_row "$dir" "$name-image-pdf.pdf" "$name" "1-$n" "$variant"
    return
  fi
  [[ "$variant" == 200dpi ]] && dpi=200
  for pgm in $(render "$here/$name.pdf" "$dpi" 1 "$n"); do
    local v="$variant" ext=tif
    # The upside-down document has its first page turned; the others are clean.
    if [[ "$variant" == upside-down && $i -gt 0 ]]; then v=clean300; fi
    [[ "$v" == jpeg60 ]] && ext=jpg
    degrade "$v" "$pgm" "$tmp/page-$i.$ext"
    pages+=("$tmp/page-$i.$ext"); i=$((i + 1))
  done
  local compress=(-compress Zip)
  [[ "$variant" == g4 ]] && compress=(-compress Group4)
  [[ "$variant" == jpeg60 ]] && compress=(-compress JPEG -quality 60)
  im "${pages[@]}" "${compress[@]}" "$dir/$name-$variant.tif"
  manifest_row "$dir" "$name-$variant.tif" "$name" "1-$n" "$variant"
}

if [[ "${1:-}" == --bench ]]; then
  dir="${2:?--bench needs a directory}"
  shift 2
  mkdir -p "$dir"
  names=("$@")
  if [[ ${#names[@]} -eq 0 ]]; then
    for f in "$here"/*.expected.json; do
      grep -q '"section"' "$f" && names+=("$(basename "$f" .expected.json)")
    done
  fi
  manifest_head "$dir"
  for name in "${names[@]}"; do
    for v in clean300 200dpi rotated noise jpeg60 g4 image-pdf upside-down; do
      whole_doc "$dir" "$name" "$v"
      echo "made $name $v" >&2
    done
  done
  exit 0
fi

dir="$here/scans"
mkdir -p "$dir"
rm -f "$dir"/*.png "$dir"/*.jpg "$dir"/*.tif "$dir"/*.pdf
manifest_head "$dir"
one_page "$dir" r4-three-pages 2 clean300 png
one_page "$dir" r4-three-pages 2 200dpi png
one_page "$dir" r4-three-pages 2 rotated png
one_page "$dir" r4-three-pages 2 noise png
one_page "$dir" r4-three-pages 2 jpeg60 jpg
whole_doc "$dir" r4-three-pages g4
whole_doc "$dir" r2-single-institution image-pdf
one_page "$dir" r2-single-institution 2 upside-down png
# A test fixture, not in the manifest (a part of a page has no expected record): table 1 of
# r4-three-pages page 2 as a 200 dpi JPEG (quality 75, as the image-only PDF's pages). Tesseract
# drops the first line of its header cell 「医療機関名 / ※医療機関ごとに記載」 when it reads the
# cell whole (tests/extract/ocr_test.cc, docs/ocr.md "Lost lines").
part_of_page r4-three-pages 200 2 2339x313+0+527 \
  "$dir/r4-three-pages-p2-table1-jpeg200.jpg" -quality 75
# Another: the visits table of r5-visits-breakdown page 3 at 300 dpi (clean300). Its full-width
# numbers 「４７」 stand so far apart that Tesseract reads them as two words (tests/extract/ocr_test.cc).
part_of_page r5-visits-breakdown 300 3 2480x716+0+192 \
  "$dir/r5-visits-breakdown-p3-visits-clean300.png" -depth 4
# And the deaths table of r3-total-mismatch page 3 at 300 dpi (clean300): Tesseract reads its 0s
# as 9 in the first reading and 6 or 0 in the second (tests/app/cli_test.cc).
part_of_page r3-total-mismatch 300 3 3508x560+0+140 \
  "$dir/r3-total-mismatch-p3-deaths-clean300.png" -depth 4
# And the visits table of h30-with-effects page 2 as a G4 TIFF (g4): Tesseract reads the first
# line of some of its cells from 「ち」 on, or gives up on it (tests/extract/ocr_test.cc).
part_of_page h30-with-effects 300 2 3508x450+0+660 \
  "$dir/h30-with-effects-p2-visits-g4.tif" -threshold 55% -monochrome -compress Group4
# And the patients table of h30-with-effects page 2 at 300 dpi (clean300): both readings give 26
# for the total row's 20 of 実績, the recognizer's choices hold the 0 (tests/app/cli_test.cc).
part_of_page h30-with-effects 300 2 3508x520+0+120 \
  "$dir/h30-with-effects-p2-patients-clean300.png" -depth 4
# And the visits table of r3-total-mismatch page 2 at 300 dpi (clean300): both readings lose the
# 0 of 「40回」 (read 「4回」) until the number is read again at other scales
# (tests/extract/ocr_test.cc).
part_of_page r3-total-mismatch 300 2 3508x900+0+890 \
  "$dir/r3-total-mismatch-p2-visits-clean300.png" -depth 4
# And the referrals table of h30-with-effects page 2 at 300 dpi (clean300): both readings give 9
# for the 0 of 差 「0件」, read 0 at 1.25 scale (tests/extract/ocr_test.cc).
part_of_page h30-with-effects 300 2 3508x380+0+1660 \
  "$dir/h30-with-effects-p2-referrals-clean300.png" -depth 4
# And the patients table of r1-eight-institutions page 2 at 300 dpi (clean300): Tesseract reads
# 「こもれび心療内科」 「こもれひ心療内科」 from the whole cell, 「び」 from the glyph alone
# (tests/extract/ocr_test.cc).
part_of_page r1-eight-institutions 300 2 3508x660+0+255 \
  "$dir/r1-eight-institutions-p2-patients-clean300.png" -depth 4
cat >>"$dir/README.md" <<'EOF'

Also here, outside the table, test fixtures at 300 dpi but the first:
`r4-three-pages-p2-table1-jpeg200.jpg`, table 1 of r4-three-pages page 2 as a 200 dpi JPEG, and
`r5-visits-breakdown-p3-visits-clean300.png`, the visits table of r5-visits-breakdown page 3
and `h30-with-effects-p2-visits-g4.tif`, the visits table of h30-with-effects page 2 as a G4
TIFF (tests/extract/ocr_test.cc); `r3-total-mismatch-p3-deaths-clean300.png`, the deaths table
of r3-total-mismatch page 3, and `h30-with-effects-p2-patients-clean300.png`, the patients table
of h30-with-effects page 2 (tests/app/cli_test.cc); `r3-total-mismatch-p2-visits-clean300.png`,
the visits table of r3-total-mismatch page 2, and `h30-with-effects-p2-referrals-clean300.png`,
the referrals table of h30-with-effects page 2, and `r1-eight-institutions-p2-patients-clean300.png`,
the patients table of r1-eight-institutions page 2 (tests/extract/ocr_test.cc).
EOF
du -ch "$dir"/* | tail -1
