#!/usr/bin/env python3
"""Scanned-looking copies of corpus documents (issue 14's check-set scans), for the OCR path.

    samples/make_corpus_scans.py CORPUS_DIR OUT_DIR [--per-font 4] [--variants a,b,..]

CORPUS_DIR is a folder samples/corpus.py wrote (<name>.pdf + <name>.expected.json, e.g. a check
set's or samples/corpus/dev). In seed order it takes the first --per-font documents with effect
tables printed
in a Mincho font (IPAMincho, IPAPMincho, Noto Serif CJK) and as many in a Gothic font (IPAGothic,
IPAPGothic, Noto Sans CJK), and makes every variant of each, whole documents:

  clean300     300 dpi greyscale, multi-page TIFF
  200dpi       200 dpi greyscale
  skew         300 dpi, turned by an angle within ±2° (drawn per document)
  speckle      300 dpi, impulse (speckle) noise
  blur         300 dpi, Gaussian blur
  jpeg         300 dpi, JPEG quality 50-70 (drawn per document), one JPEG per page in a TIFF
  g4           300 dpi bilevel, TIFF with CCITT G4 (fax) compression
  image-pdf    an image-only PDF of 200 dpi JPEG pages
  upside-down  300 dpi, the first page turned 180°

OUT_DIR gets the scans, expected/<name>.expected.json (the source's record) and a README.md
whose table maps each scan to its source, pages, variant and print font; bench/corpus_accuracy.py
reads it. Draws are seeded by the document's name, so the same input gives the same scans.
Needs poppler-utils and ImageMagick (scripts/install-deps --samples).
"""
import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = ["clean300", "200dpi", "skew", "speckle", "blur", "jpeg", "g4", "image-pdf",
            "upside-down"]
MINCHO = {"mincho", "pmincho", "noto-serif"}
GOTHIC = {"gothic", "pgothic", "noto-sans"}


def family_of(name):
    return name.partition("-")[2].rsplit("-", 1)[0]


def im(*args):
    # no timestamps in PNG/TIFF metadata: the same bytes on every run
    subprocess.run(["convert", *map(str, args[:-1]), "-define", "png:exclude-chunks=date,time",
                    str(args[-1])], check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def render(pdf, dpi, tmp):
    prefix = tmp / f"{pdf.stem}-r{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(prefix)], check=True)
    return sorted(tmp.glob(f"{prefix.name}-*.pgm"))


def make(pdf, variant, out, tmp):
    rng = random.Random(f"{pdf.stem}:{variant}")
    dpi = 200 if variant in ("200dpi", "image-pdf") else 300
    pages = render(pdf, dpi, tmp)
    meta = ["-units", "PixelsPerInch", "-density", dpi]
    done = []
    for i, pgm in enumerate(pages):
        dst = tmp / f"{pdf.stem}-{variant}-{i}.tif"
        if variant in ("clean300", "200dpi"):
            im(pgm, *meta, "-depth", 8, dst)
        elif variant == "skew":
            angle = rng.choice([-1, 1]) * rng.uniform(0.5, 2.0)
            im(pgm, *meta, "-background", "white", "-rotate", f"{angle:.2f}", "+repage", dst)
        elif variant == "speckle":
            im(pgm, *meta, "-seed", rng.randint(1, 10_000), "-attenuate", "0.1", "+noise",
               "Impulse", dst)
        elif variant == "blur":
            im(pgm, *meta, "-blur", "0x1.1", dst)
        elif variant == "jpeg":
            dst = dst.with_suffix(".jpg")
            im(pgm, *meta, "-quality", rng.randint(50, 70), dst)
        elif variant == "g4":
            im(pgm, *meta, "-threshold", "55%", "-monochrome", dst)
        elif variant == "image-pdf":
            dst = dst.with_suffix(".jpg")
            im(pgm, *meta, "-quality", 75, dst)
        elif variant == "upside-down":
            im(pgm, *meta, *(["-rotate", 180, "+repage"] if i == 0 else []), dst)
        done.append(dst)
    if variant == "image-pdf":
        target = out / f"{pdf.stem}-{variant}.pdf"
        subprocess.run([sys.executable, str(HERE / "image_pdf.py"), str(target), "200",
                        *map(str, done)], check=True)
    else:
        target = out / f"{pdf.stem}-{variant}.tif"
        compress = "Group4" if variant == "g4" else ("JPEG" if variant == "jpeg" else "Zip")
        args = list(done) + ["-compress", compress]
        if variant == "jpeg":
            args += ["-quality", str(rng.randint(50, 70))]
        im(*args, target)
    return target, len(pages)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--per-font", type=int, default=4)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    args = ap.parse_args()
    corpus, out = Path(args.corpus), Path(args.out)
    variants = args.variants.split(",")
    for v in variants:
        if v not in VARIANTS:
            ap.error(f"unknown variant {v}")
    (out / "expected").mkdir(parents=True, exist_ok=True)
    picked = {"mincho": [], "gothic": []}
    # by seed, then renderer: the picks spread over the renderers
    for pdf in sorted(corpus.glob("*.pdf"), key=lambda p: (p.stem.rsplit("-", 1)[1], p.stem)):
        exp = json.loads(pdf.with_suffix("").with_suffix(".expected.json").read_text())
        if not exp["measures"]:
            continue
        fam = family_of(pdf.stem)
        cls = "mincho" if fam in MINCHO else "gothic" if fam in GOTHIC else None
        if cls and len(picked[cls]) < args.per_font:
            picked[cls].append(pdf)
    rows = []
    with tempfile.TemporaryDirectory(prefix="tsuzuri-scans-") as tmp:
        tmp = Path(tmp)
        for cls, pdfs in picked.items():
            for pdf in pdfs:
                shutil.copyfile(pdf.with_suffix("").with_suffix(".expected.json"),
                                out / "expected" / f"{pdf.stem}.expected.json")
                for v in variants:
                    target, n = make(pdf, v, out, tmp)
                    rows.append(f"| {target.name} | {pdf.stem} | 1-{n} | {v} | {cls} |")
                    for f in tmp.iterdir():
                        f.unlink()
    (out / "README.md").write_text(
        "# Scans of corpus documents\n\nMade by `samples/make_corpus_scans.py`; the expected "
        "record of a scan is expected/<source>.expected.json with every page read by OCR.\n\n"
        "| scan | source | pages | variant | print |\n|---|---|---|---|---|\n"
        + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} scans of {sum(len(p) for p in picked.values())} documents in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
