#!/usr/bin/env python3
"""Accuracy of `tsuzuri extract --json` on corpus documents (samples/corpus.py), per renderer,
font family and scan variant; writes a Markdown report (docs/ACCURACY.md via
bench/corpus_accuracy.sh).

Input: folders of documents with their expected records, as samples/corpus.py writes them
(<name>.pdf + <name>.expected.json, <name> = <renderer>-<font family>-<seed>), and scan folders
as samples/make_corpus_scans.sh writes them (a README.md manifest whose rows name the scan, its
source document, pages and variant; the expected record is the source's).

Per group it reports: values exact (same key and value), silent errors (a wrong value with status
ok), values missing (and how many of them no finding accounts for: lost without a word), review
where the expected status is ok, planted inconsistencies flagged (every expected finding
present, same rule, section, period and metric), false `error` findings (error findings the
expected record does not have; and how many consistent, complete documents got one), documents
whose form was not recognized, and seconds per page.

No per-document detail is written: the check set is for measuring, not for tuning (look at dev
documents for that). --details prints per-document lines on stderr for dev folders.
Python standard library only.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy  # noqa: E402

FIND_KEY = ("rule", "section", "period", "metric")


def corpus_cases(folder):
    cases = []
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".pdf"):
            continue
        name = f[:-4]
        exp = os.path.join(folder, name + ".expected.json")
        if not os.path.exists(exp):
            continue
        renderer, _, rest = name.partition("-")
        family = rest.rsplit("-", 1)[0]
        cases.append({"file": os.path.join(folder, f), "expected": exp, "renderer": renderer,
                      "family": family, "variant": "text", "pages": None})
    return cases


def scan_cases(folder):
    cases = []
    for row in accuracy.parse_manifest(folder):
        src = row["source"]            # <split dir>/<name>, relative to the manifest's corpus root
        exp = os.path.join(folder, "expected", os.path.basename(src) + ".expected.json")
        name = os.path.basename(src)
        renderer, _, rest = name.partition("-")
        family = rest.rsplit("-", 1)[0]
        cases.append({"file": row["file"], "expected": exp, "renderer": renderer,
                      "family": family, "variant": row["variant"], "pages": row["pages"],
                      "print": "mincho" if family in ("mincho", "pmincho", "noto-serif")
                      else "gothic"})
    return cases


def expected_of(case):
    exp = json.load(open(case["expected"], encoding="utf-8"))
    total = exp["source"]["pages"]
    pages = case["pages"] or list(range(1, total + 1))
    renumber = {p: i + 1 for i, p in enumerate(pages)}
    measures = []
    for m in exp["measures"]:
        if m["page"] in renumber:
            m = dict(m)
            m["page"] = renumber[m["page"]]
            measures.append(m)
    whole = pages == list(range(1, total + 1))
    return exp, {"measures": measures, "initiatives": exp["initiatives"] if whole else None,
                 "form": exp["form"], "method": "text" if case["variant"] == "text" else "ocr"}, whole


def judge(case, binary, jobs):
    exp, expected, whole = expected_of(case)
    got, seconds = accuracy.run(binary, case["file"], jobs)
    r = accuracy.compare(expected, got)
    r["seconds"] = seconds
    r["pages"] = len(case["pages"] or range(exp["source"]["pages"]))
    r["form_ok"] = got.get("form") == exp["form"]
    want = collections.Counter(tuple(f[k] for k in FIND_KEY) for f in exp["findings"]) if whole \
        else collections.Counter()
    have = collections.Counter(tuple(f.get(k) for k in FIND_KEY) for f in got.get("findings", []))
    r["planted"] = sum(want.values())
    r["flagged"] = sum(min(n, have[k]) for k, n in want.items())
    errors = collections.Counter(tuple(f.get(k) for k in FIND_KEY) for f in got.get("findings", [])
                                 if f.get("severity") == "error")
    want_errors = collections.Counter(tuple(f[k] for k in FIND_KEY) for f in exp["findings"]
                                      if f["severity"] == "error")
    r["false_errors"] = sum(max(0, n - want_errors[k]) for k, n in errors.items())
    r["consistent"] = whole and not exp["findings"]
    r["consistent_with_error"] = r["consistent"] and any(True for _ in errors)
    return r


def row(label, rs):
    m = sum(r["measures"] for r in rs)
    pages = sum(r["pages"] for r in rs)
    missing = sum(r["missing"] for r in rs)
    unsaid = sum(r["unflagged"] for r in rs)
    planted = sum(r["planted"] for r in rs)
    consistent = sum(1 for r in rs if r["consistent"])
    return "| %s | %d | %d | %d | %s | %d | %d | %d | %s | %s | %d | %d of %d | %d | %.2f |" % (
        label, len(rs), pages, m, accuracy.pct(sum(r["exact"] for r in rs), m),
        sum(r["silent"] for r in rs), missing - unsaid, unsaid,
        accuracy.pct(sum(r["review"] for r in rs), m),
        "—" if planted == 0 else "%d/%d" % (sum(r["flagged"] for r in rs), planted),
        sum(r["false_errors"] for r in rs),
        sum(1 for r in rs if r["consistent_with_error"]), consistent,
        sum(1 for r in rs if not r["form_ok"] or r.get("error")),
        sum(r["seconds"] for r in rs) / max(1, pages))


HEADER = ("| {} | documents | pages | values | exact | silent errors | missing, said | "
          "missing, unsaid | review | planted flagged | false errors | consistent docs with an "
          "error | not recognized | s/page |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--bin", default="build/app/tsuzuri")
    ap.add_argument("--corpus", action="append", default=[], help="a folder of corpus documents")
    ap.add_argument("--scans", action="append", default=[], help="a folder of corpus scans")
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for tsuzuri (default: its own)")
    ap.add_argument("--parallel", type=int, default=1,
                    help="documents run at once (with --parallel 2, use --jobs 1)")
    ap.add_argument("--title", default="Accuracy on the check set")
    ap.add_argument("--intro", default="", help="a paragraph under the title (seeds, command)")
    ap.add_argument("--out", default="-")
    ap.add_argument("--details", action="store_true", help="per-document lines on stderr")
    args = ap.parse_args()

    cases = [c for f in args.corpus for c in corpus_cases(f)]
    cases += [c for f in args.scans for c in scan_cases(f)]
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        judged = list(pool.map(lambda c: judge(c, args.bin, args.jobs), cases))
    for c, r in zip(cases, judged):
        r.update(case=c)
        results.append(r)
        if args.details:
            print("%-40s %-10s exact %3d/%3d silent %d missing %d planted %d/%d false errors %d" % (
                os.path.basename(c["file"]), c["variant"], r["exact"], r["measures"], r["silent"],
                r["missing"], r["flagged"], r["planted"], r["false_errors"]), file=sys.stderr)

    out = ["# " + args.title, ""]
    if args.intro:
        out += [args.intro, ""]
    out += ["*Exact* = values with the expected key (section, institution, total row, period, "
            "metric) and value. *Silent errors* = a wrong value with status ok. *Missing, said / "
            "unsaid* = expected values not read, which a finding (missing_section, missing_column, "
            "missing_row) does / does not account for. *Review* = status review where the "
            "expected status is ok. *Planted flagged* = the intended findings (planted "
            "inconsistencies and blanks) that came out with the same rule, section, period and "
            "metric. *False errors* = `error` findings the expected record does not have; "
            "*consistent docs with an error* counts the consistent, complete documents (no "
            "intended finding) that got at least one. *Not recognized* = form not found, or "
            "the document could not be read. *s/page* = wall seconds per page in this run (two "
            "documents at a time; on a shared machine): not a speed benchmark (docs/PERFORMANCE.md).",
            ""]
    text = [r for r in results if r["case"]["variant"] == "text"]
    scans = [r for r in results if r["case"]["variant"] != "text"]
    if text:
        for title, key in (("renderer", "renderer"), ("font family", "family")):
            out += ["## Text PDFs by " + title, "", HEADER.format(title)]
            groups = collections.OrderedDict()
            for r in sorted(text, key=lambda r: r["case"][key]):
                groups.setdefault(r["case"][key], []).append(r)
            for k, rs in groups.items():
                out.append(row(k, rs))
            out.append(row("**all**", text))
            out.append("")
    if scans:
        out += ["## Scans by variant", "", HEADER.format("variant")]
        groups = collections.OrderedDict()
        for r in scans:
            groups.setdefault(r["case"]["variant"], []).append(r)
        for k, rs in groups.items():
            out.append(row(k, rs))
        out.append(row("**all**", scans))
        out.append("")
        out += ["## Scans by variant and print font", "", HEADER.format("variant, print")]
        groups = collections.OrderedDict()
        for r in scans:
            groups.setdefault(r["case"]["variant"] + ", " + r["case"]["print"], []).append(r)
        for k, rs in groups.items():
            out.append(row(k, rs))
        out.append("")
    text_out = "\n".join(out) + "\n"
    if args.out == "-":
        sys.stdout.write(text_out)
    else:
        open(args.out, "w", encoding="utf-8").write(text_out)
        print("wrote " + args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
