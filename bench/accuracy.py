#!/usr/bin/env python3
"""Accuracy of `tsuzuri extract --json` against the samples' expected records; writes
docs/ACCURACY-samples.md.

Scenarios:
  text    every samples/*.pdf against its <name>.expected.json (should be 100 % exact, 0 silent)
  scans   every scan listed in the README.md manifest of each scan folder (samples/scans/ by
          default; samples/make_scans.sh --bench DIR makes a larger set) against its source's
          expected record: method "ocr", only the measures of the scanned pages, renumbered.

Per variant it reports: measures exact (same section/institution/is_total/period/metric key and
the same value), silent errors (a wrong value with status ok: the thing that must never
happen), missing measures (and how many of them no missing_* finding accounts for: values lost
without a word, which must not happen either), review rate (measures with status review that the expected record
has ok: the cost of caution), initiatives text similarity (difflib ratio, documents scanned
whole), and seconds per page. It also prints how confidence separates right from wrong values.

Run (from the repository root, after building):
  bench/accuracy.py                                  # text samples + samples/scans
  bench/accuracy.py --scans /tmp/scans --no-text     # a bench set only
  bench/accuracy.py --bin build-ocr/app/tsuzuri --out -   # print instead of writing the file
Python standard library only.
"""
import argparse
import datetime
import difflib
import glob
import json
import os
import re
import subprocess
import sys
import time

KEY = ("section", "institution", "is_total", "period", "metric")


def parse_manifest(folder):
    rows = []
    text = open(os.path.join(folder, "README.md"), encoding="utf-8").read()
    for line in text.splitlines():
        m = re.match(r"\|\s*([^|\s]+\.(?:png|jpg|tif|pdf))\s*\|\s*([^|\s]+)\s*\|\s*([\d-]+)\s*\|\s*([^|\s]+)\s*\|", line)
        if m:
            first, _, last = m.group(3).partition("-")
            pages = list(range(int(first), int(last or first) + 1))
            rows.append({"file": os.path.join(folder, m.group(1)), "source": m.group(2),
                         "pages": pages, "variant": m.group(4)})
    return rows


def expected_for(source, pages, ocr):
    exp = json.load(open(os.path.join("samples", source + ".expected.json"), encoding="utf-8"))
    total = exp["source"]["pages"]
    renumber = {p: i + 1 for i, p in enumerate(pages)}
    measures = []
    for m in exp["measures"]:
        if m["page"] in renumber:
            m = dict(m)
            m["page"] = renumber[m["page"]]
            measures.append(m)
    whole = pages == list(range(1, total + 1))
    return {"measures": measures, "initiatives": exp["initiatives"] if whole else None,
            "form": exp["form"], "method": "ocr" if ocr else "text"}


def run(binary, path, jobs):
    cmd = [binary, "extract", "--json", path]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.monotonic() - t0
    line = out.stdout.strip().splitlines()[0] if out.stdout.strip() else "{}"
    return json.loads(line), seconds


def compare(expected, got):
    r = {"measures": len(expected["measures"]), "exact": 0, "silent": 0, "misnamed": 0, "missing": 0,
         "unflagged": 0,
         "review": 0, "wrong": [], "conf_right": [], "conf_wrong": [], "method_ok": True,
         "similarity": None, "error": got.get("error")}
    if got.get("error"):
        r["missing"] = r["measures"]
        return r
    r["method_ok"] = all(p.get("method") == expected["method"] for p in got.get("pages", []))
    by_key = {tuple(m.get(k) for k in KEY): m for m in got.get("measures", [])}
    # The n-th measure of a (section, is_total, period, metric), for rows whose name was misread.
    by_pos = {}
    for m in got.get("measures", []):
        by_pos.setdefault((m["section"], m["is_total"], m["period"], m["metric"]), []).append(m)
    # What the findings say is missing: whole sections (missing_section, or a missing_column of the
    # institution names, whose period is empty), columns (missing_column: a period), rows
    # (missing_row: a metric row, or the total row when the metric is empty).
    findings = got.get("findings", [])
    lost_sections = {f["section"] for f in findings if f["rule"] == "missing_section"
                     or (f["rule"] == "missing_column" and not f["period"])}
    lost_columns = {(f["section"], f["period"]) for f in findings if f["rule"] == "missing_column"}
    lost_rows = {(f["section"], f["metric"]) for f in findings if f["rule"] == "missing_row"}

    def said(e):
        return (e["section"] in lost_sections or (e["section"], e["period"]) in lost_columns
                or (e["section"], e["metric"]) in lost_rows
                or (e["is_total"] and (e["section"], "") in lost_rows))

    seen = {}
    for e in expected["measures"]:
        pos_key = (e["section"], e["is_total"], e["period"], e["metric"])
        n = seen.get(pos_key, 0)
        seen[pos_key] = n + 1
        g = by_key.get(tuple(e.get(k) for k in KEY))
        name_ok = g is not None
        if g is None and n < len(by_pos.get(pos_key, [])):
            g = by_pos[pos_key][n]
        if g is None:
            r["missing"] += 1
            if not said(e):
                r["unflagged"] += 1
            continue
        right = g["value"] == e["value"]
        if right and name_ok:
            r["exact"] += 1
        if not right and g["status"] == "ok":
            r["silent"] += 1
        if right and not name_ok and g["status"] == "ok":
            r["misnamed"] += 1  # the right number under a misread name, not flagged
        if g["status"] == "review" and e["status"] == "ok":
            r["review"] += 1
        (r["conf_right"] if right else r["conf_wrong"]).append(g.get("confidence", 1.0))
        if not (right and name_ok):
            r["wrong"].append((e["section"], e["institution"], e["period"], e["metric"], e["value"],
                               g.get("institution"), g["value"], g["status"], g.get("confidence")))
    if expected["initiatives"] is not None:
        ratios = []
        got_ini = {i["no"]: i for i in got.get("initiatives", [])}
        for e in expected["initiatives"]:
            g = got_ini.get(e["no"], {})
            for f in ("title", "content", "current", "target", "actual"):
                a, b = e.get(f) or "", g.get(f) or ""
                ratios.append(1.0 if a == b else difflib.SequenceMatcher(None, a, b).ratio())
        r["similarity"] = sum(ratios) / len(ratios) if ratios else None
    return r


def pct(a, b):
    return "—" if b == 0 else "%.1f %%" % (100.0 * a / b)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="build/app/tsuzuri")
    ap.add_argument("--scans", action="append", help="scan folder with a README.md manifest (repeatable)")
    ap.add_argument("--no-text", action="store_true", help="leave out the text samples")
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for tsuzuri (default: its own)")
    ap.add_argument("--out", default="docs/ACCURACY-samples.md", help="file to write, or - for stdout")
    args = ap.parse_args()
    scans = args.scans or ["samples/scans"]

    cases = []
    if not args.no_text:
        for pdf in sorted(glob.glob("samples/*.pdf")):
            name = os.path.basename(pdf)[:-4]
            n = json.load(open("samples/%s.expected.json" % name))["source"]["pages"]
            cases.append({"file": pdf, "source": name, "pages": list(range(1, n + 1)), "variant": "text"})
    for folder in scans:
        cases += parse_manifest(folder)

    rows = []
    for c in cases:
        expected = expected_for(c["source"], c["pages"], c["variant"] != "text")
        got, seconds = run(args.bin, c["file"], args.jobs)
        r = compare(expected, got)
        r.update(file=os.path.basename(c["file"]), variant=c["variant"], seconds=seconds,
                 pages=len(c["pages"]))
        rows.append(r)
        print("%-45s %-12s exact %3d/%3d silent %d missing %d review %d sim %s %.1fs%s" % (
            r["file"], r["variant"], r["exact"], r["measures"], r["silent"], r["missing"], r["review"],
            "—" if r["similarity"] is None else "%.3f" % r["similarity"], seconds,
            " ERROR " + r["error"] if r["error"] else ""), file=sys.stderr)
        for w in r["wrong"]:
            print("    wrong: %s" % (w,), file=sys.stderr)

    variants = []
    for r in rows:
        if r["variant"] not in variants:
            variants.append(r["variant"])
    lines = []
    lines.append("# Accuracy\n")
    # A folder outside the repository (a --bench set) is named DIR: no machine paths in docs.
    repo = os.path.abspath(".")
    shown = ["DIR" if os.path.isabs(a) and not os.path.abspath(a).startswith(repo + os.sep) else a
             for a in sys.argv[1:]]
    lines.append("Written by `bench/accuracy.py` on %s; command: `%s`%s.\n" % (
        datetime.date.today().isoformat(), " ".join(["bench/accuracy.py"] + shown),
        " (DIR made by `samples/make_scans.sh --bench DIR`)" if "DIR" in shown else ""))
    lines.append("Measures are compared by section, institution, is_total, period and metric with the "
                 "expected records (scans: their source sample's, restricted to the scanned pages). "
                 "*Silent* = a wrong value with status ok. *Review* = status review where the expected "
                 "record says ok. *Initiatives* = mean difflib ratio of the initiative texts (documents "
                 "scanned whole). Variants: `samples/make_scans.sh`.\n")
    lines.append("*Misnamed ok* = the right number under a misread institution name with status ok (a name "
                 "OCR misread the same way in every table, with no other evidence in the document).\n")
    lines.append("*Missing* = expected values not read at all; *unsaid* = those of them that no finding "
                 "(missing_section, missing_column, missing_row) accounts for: values lost without a word.\n")
    lines.append("| variant | files | pages | measures | exact | silent errors | misnamed ok | missing | unsaid | review | initiatives | s/page |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for v in variants:
        rs = [r for r in rows if r["variant"] == v]
        m = sum(r["measures"] for r in rs)
        sims = [r["similarity"] for r in rs if r["similarity"] is not None]
        pages = sum(r["pages"] for r in rs)
        lines.append("| %s | %d | %d | %d | %s | %d | %d | %d | %d | %s | %s | %.2f |" % (
            v, len(rs), pages, m, pct(sum(r["exact"] for r in rs), m), sum(r["silent"] for r in rs),
            sum(r["misnamed"] for r in rs), sum(r["missing"] for r in rs),
            sum(r["unflagged"] for r in rs), pct(sum(r["review"] for r in rs), m),
            "—" if not sims else "%.3f" % (sum(sims) / len(sims)),
            sum(r["seconds"] for r in rs) / max(1, pages)))
    lines.append("\n## Per file\n")
    lines.append("| file | variant | exact | silent | missing | review | initiatives | method | s |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        lines.append("| %s | %s | %d/%d | %d | %d | %d | %s | %s | %.1f |" % (
            r["file"], r["variant"], r["exact"], r["measures"], r["silent"], r["missing"], r["review"],
            "—" if r["similarity"] is None else "%.3f" % r["similarity"],
            "ok" if r["method_ok"] else "WRONG", r["seconds"]))
    right = sorted(c for r in rows if r["variant"] != "text" for c in r["conf_right"])
    wrong = sorted(c for r in rows if r["variant"] != "text" for c in r["conf_wrong"])
    lines.append("\n## Confidence of OCR values\n")
    if right:
        lines.append("Values read right: %d, confidence min %.2f, 1st percentile %.2f, median %.2f." % (
            len(right), right[0], right[len(right) // 100], right[len(right) // 2]))
    lines.append("Values read wrong: %d%s." % (len(wrong), (", confidences " + ", ".join("%.2f" % c for c in wrong[:20])) if wrong else ""))
    wrongs = [(r["file"],) + w for r in rows for w in r["wrong"]]
    if wrongs:
        lines.append("\n## Values not exact\n")
        lines.append("| file | section | institution | period | metric | expected | read institution | read | status | confidence |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|")
        for w in wrongs[:60]:
            lines.append("| " + " | ".join("" if x is None else str(x) for x in w) + " |")
    text = "\n".join(lines) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        open(args.out, "w", encoding="utf-8").write(text)
        print("wrote " + args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
