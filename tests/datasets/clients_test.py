#!/usr/bin/python3
"""The exports of `tsuzuri export` as analysts' tools read them.

The database is made by the real `tsuzuri ingest` of the sample PDFs. Every expected value comes
from that database through SQL (sqlite3) or from the samples' hand-checked expected records
(samples/*.expected.json) -- never from a file made by the exporter. The clients are the real
ones: pandas reads the CSV dialects and the data package, openpyxl the XLSX (sheets, types,
values, comments, fills), LibreOffice headless converts the XLSX and the csv-excel file.

Run by ctest (tests/datasets/CMakeLists.txt) with TSUZURI_BIN set; from the repository root.
"""
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unicodedata
import unittest

try:
    import openpyxl
except ImportError:  # scripts/install-deps installs python3-openpyxl
    openpyxl = None
try:
    import pandas
except ImportError:  # scripts/install-deps installs python3-pandas
    pandas = None

BIN = os.environ.get("TSUZURI_BIN", "build/app/tsuzuri")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# The canonical order, said independently of the exporter: year, group (none last), file, then
# as stored.
VALUES_SQL = """
SELECT m.id AS measure_id, d.id AS document_id, d.file_name, d.form, d.template_id,
       d.fiscal_year, d.group_name, m.section, m.institution, m.is_total, m.period, m.metric,
       m.value, m.unit, m.status, m.page, m.box_x0, m.box_y0, m.box_x1, m.box_y1, m.raw_text
FROM measures AS m JOIN documents AS d ON d.id = m.document_id
ORDER BY d.fiscal_year IS NULL, d.fiscal_year, d.group_name IS NULL, d.group_name, d.file_name,
         d.id, m.id
"""

# 年度 names, written by hand.
ERA = {2018: "平成30年度", 2019: "令和元年度", 2020: "令和2年度", 2021: "令和3年度",
       2022: "令和4年度", 2023: "令和5年度", 2024: "令和6年度"}

# The 現状 column's heading of the 令和 form, as printed (the reference report).
R4_CURRENT = "補助金交付申請の前月から過去6箇月間の状況"


def run(*args, check=True):
    r = subprocess.run([BIN, *args], capture_output=True)
    if check and r.returncode != 0:
        raise AssertionError(f"tsuzuri {' '.join(args)}: exit {r.returncode}\n"
                             f"{r.stderr.decode(errors='replace')}")
    return r


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "FW" else 1 for c in text)


class Exports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="tsuzuri-clients-")
        cls.dir = cls.tmp.name
        cls.db = os.path.join(cls.dir, "s.db")
        run("ingest", *sorted(glob.glob("samples/*.pdf")), "--db", cls.db, "--progress", "none",
            "--no-ocr")
        con = sqlite3.connect(cls.db)
        con.row_factory = sqlite3.Row
        cls.rows = [dict(r) for r in con.execute(VALUES_SQL)]
        cls.con = con
        cls.path = {}
        for fmt, name in [("csv", "values.csv"), ("csv-excel", "values-excel.csv"),
                          ("jsonl", "values.jsonl"), ("xlsx", "s.xlsx"),
                          ("datapackage", "package")]:
            cls.path[fmt] = os.path.join(cls.dir, name)
            run("export", "--db", cls.db, "--format", fmt, "--out", cls.path[fmt])
        cls.path["cp932"] = os.path.join(cls.dir, "values-cp932.csv")
        run("export", "--db", cls.db, "--format", "csv-excel", "--encoding", "cp932", "--out",
            cls.path["cp932"])
        cls.expected = {}
        for f in sorted(glob.glob("samples/*.expected.json")):
            with open(f, encoding="utf-8") as fh:
                record = json.load(fh)
            cls.expected[record["source"]["file"]] = record

    @classmethod
    def tearDownClass(cls):
        cls.con.close()
        cls.tmp.cleanup()

    # ---- what every format holds ----

    def assert_values_equal_database(self, records, what):
        """records: dicts per row (field -> value, None for empty), in file order."""
        self.assertEqual(len(records), len(self.rows), what)
        for got, want in zip(records, self.rows):
            for key in ["measure_id", "document_id", "file_name", "form", "template_id",
                        "fiscal_year", "group_name", "section", "institution", "period",
                        "metric", "value", "unit", "status", "page"]:
                self.assertEqual(got[key], want[key], f"{what}: {key} of measure {want['measure_id']}")
            # A cell without text is empty in every format, whether the text is NULL or ''.
            self.assertEqual(got["raw_text"] or "", want["raw_text"] or "", what)
            self.assertEqual(bool(got["is_total"]), bool(want["is_total"]), what)
            # No review in this database: the value is the one read.
            self.assertEqual(got["read_value"], want["value"], what)
            for key in ["box_x0", "box_y0", "box_x1", "box_y1"]:
                self.assertAlmostEqual(float(got[key]), want[key], places=6, msg=what)
            want_ja = ERA[want["fiscal_year"]] if want["fiscal_year"] else None
            self.assertEqual(got["fiscal_year_ja"], want_ja, what)

    def frame_records(self, frame):
        out = []
        for r in frame.to_dict("records"):
            out.append({k: (None if pandas.isna(v) else (int(v) if isinstance(v, float) and
                                                         k in ("value", "read_value", "fiscal_year") else v))
                        for k, v in r.items()})
        return out

    def read_csv(self, path, **kw):
        # Text fields as text (a group name like 「1」 stays text), numbers parsed per column.
        return pandas.read_csv(path, dtype={"raw_text": str, "group_name": str,
                                            "institution": str, "template_id": str}, **kw)

    @unittest.skipIf(pandas is None, "python3-pandas is not installed (scripts/install-deps)")
    def test_pandas_reads_both_csv_dialects_and_cp932_as_the_database(self):
        for key, kw in [("csv", {}), ("csv-excel", {"encoding": "utf-8-sig"}),
                        ("cp932", {"encoding": "cp932"})]:
            frame = self.read_csv(self.path[key], **kw)
            self.assertEqual(list(frame.columns)[0], "measure_id", key)
            self.assert_values_equal_database(self.frame_records(frame), key)

    def test_the_bom_and_crlf_are_in_csv_excel_only(self):
        with open(self.path["csv"], "rb") as f:
            plain = f.read()
        with open(self.path["csv-excel"], "rb") as f:
            excel = f.read()
        with open(self.path["cp932"], "rb") as f:
            cp932 = f.read()
        self.assertTrue(plain.startswith(b"measure_id,"))
        self.assertNotIn(b"\r\n", plain)
        self.assertTrue(excel.startswith(b"\xef\xbb\xbfmeasure_id,"))
        # A record ends in CRLF; a line break inside a quoted cell is the cell's own.
        self.assertEqual(excel.count(b"\r\n"), len(self.rows) + 1)
        self.assertEqual(plain.count(b"\n"), excel.count(b"\n"), "the same line breaks in cells")
        self.assertTrue(cp932.startswith(b"measure_id,"), "CP932 has no BOM")
        self.assertIn("北浦台診療所".encode("cp932"), cp932)

    def test_values_are_the_samples_expected_records(self):
        with open(self.path["csv"], encoding="utf-8") as f:
            import csv
            rows = list(csv.DictReader(f))
        by_file = {}
        for r in rows:
            by_file.setdefault(r["file_name"], []).append(r)
        checked = 0
        for file, record in self.expected.items():
            got = by_file.get(file, [])
            want = record.get("measures", [])
            self.assertEqual(len(got), len(want), file)
            for g, w in zip(got, want):
                self.assertEqual(g["section"], w["section"], file)
                self.assertEqual(g["institution"], w["institution"] or "", file)
                self.assertEqual(g["is_total"], "1" if w["is_total"] else "0", file)
                self.assertEqual(g["period"], w["period"], file)
                self.assertEqual(g["metric"], w["metric"], file)
                self.assertEqual(g["value"], "" if w["value"] is None else str(w["value"]), file)
                self.assertEqual(g["unit"], w["unit"], file)
                self.assertEqual(g["status"], w["status"], file)
                self.assertEqual(g["page"], str(w["page"]), file)
                self.assertEqual(g["fiscal_year"], str(record["fiscal_year"] or ""), file)
                if w["value"] is None:
                    self.assertEqual(g["empty_reason"], "blank" if not g["raw_text"] else "no_number",
                                     file)
                checked += 1
        self.assertGreater(checked, 500)

    def test_jsonl_lines_are_the_database_rows(self):
        with open(self.path["jsonl"], encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        self.assertTrue(all(isinstance(r["is_total"], bool) for r in records))
        self.assertTrue(all(r["value"] is None or isinstance(r["value"], int) for r in records))
        self.assert_values_equal_database(records, "jsonl")

    @unittest.skipIf(pandas is None, "python3-pandas is not installed (scripts/install-deps)")
    def test_the_data_package_describes_its_csvs(self):
        folder = self.path["datapackage"]
        with open(os.path.join(folder, "datapackage.json"), encoding="utf-8") as f:
            package = json.load(f)
        names = [r["name"] for r in package["resources"]]
        self.assertEqual(names, ["values", "group_years", "findings", "documents", "codebook"])
        for resource in package["resources"]:
            frame = pandas.read_csv(os.path.join(folder, resource["path"]), dtype=str)
            fields = resource["schema"]["fields"]
            self.assertEqual(list(frame.columns), [f["name"] for f in fields], resource["name"])
            for f in fields:
                self.assertIn(f["type"], ("integer", "number", "string", "boolean"))
                self.assertTrue(f["title"], f"{resource['name']}.{f['name']} has a title")
        values = package["resources"][0]
        self.assert_values_equal_database(
            self.frame_records(self.read_csv(os.path.join(folder, "values.csv"))), "datapackage")
        period = next(f for f in values["schema"]["fields"] if f["name"] == "period")
        current = next(c for c in period["categories"] if c["value"] == "current")
        self.assertEqual(current["label"], "現状")
        self.assertIn(R4_CURRENT, current["meaning"]["grouping-report-r4"])
        value = next(f for f in values["schema"]["fields"] if f["name"] == "value")
        self.assertIn("blank", value["description"])
        reasons = next(f for f in values["schema"]["fields"] if f["name"] == "empty_reason")
        self.assertEqual({c["value"] for c in reasons["categories"]},
                         {"blank", "no_number", "unreadable", "not applicable"})
        # group_years totals are the database's total rows (the group_totals view).
        groups = pandas.read_csv(os.path.join(folder, "group_years.csv"), dtype=str)
        checked = 0
        for g in groups.to_dict("records"):
            for t in self.con.execute(
                    "SELECT metric, period, value FROM group_totals WHERE document_id = ?",
                    (int(g["document_id"]),)):
                got = g[f"{t['metric']}_{t['period']}"]
                self.assertEqual(None if pandas.isna(got) else int(got), t["value"],
                                 f"{g['file_name']} {t['metric']} {t['period']}")
                checked += 1
        self.assertGreater(checked, 100)

    def test_cp932_refuses_a_character_it_cannot_hold_and_writes_nothing(self):
        db = os.path.join(self.dir, "kanji.db")
        shutil.copy(self.db, db)
        con = sqlite3.connect(db)
        con.execute("UPDATE measures SET institution = '𠮷田医院' WHERE id = "
                    "(SELECT min(id) FROM measures WHERE institution IS NOT NULL)")
        con.commit()
        con.close()
        out = os.path.join(self.dir, "kanji.csv")
        r = run("export", "--db", db, "--encoding", "cp932", "--out", out, check=False)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 1, err)
        self.assertIn("field institution", err)
        self.assertIn("U+20BB7", err)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".part"))
        self.assertEqual(run("export", "--db", db, "--out", out).returncode, 0, "UTF-8 holds it")

    def test_values_after_review_are_exported_with_who_settled_them(self):
        db = os.path.join(self.dir, "reviewed.db")
        shutil.copy(self.db, db)
        items = [json.loads(line) for line in
                 run("review", "list", "--db", db, "--json").stdout.decode().splitlines()]
        blank = next(i for i in items if i["file_name"] == "r4-blank-cells.pdf"
                     and i["institution"] == "北原医院" and i["metric"] == "patients")
        total = next(i for i in items if i["file_name"] == "r4-blank-cells.pdf"
                     and i["metric"] == "deaths_outside_hospital")
        run("review", "set", blank["id"], "--value", "16", "--user", "佐藤", "--db", db)
        run("review", "unreadable", total["id"], "--user", "佐藤", "--note", "印字なし",
            "--db", db)
        out = os.path.join(self.dir, "reviewed.jsonl")
        run("export", "--db", db, "--format", "jsonl", "--out", out)
        with open(out, encoding="utf-8") as f:
            rows = {r["measure_id"]: r for r in map(json.loads, f)}
        corrected = rows[int(blank["id"])]
        self.assertEqual((corrected["value"], corrected["read_value"], corrected["status"],
                          corrected["settlement"], corrected["settled_by"]),
                         (16, None, "ok", "corrected", "佐藤"))
        unreadable = rows[int(total["id"])]
        self.assertEqual((unreadable["value"], unreadable["empty_reason"],
                          unreadable["settlement"], unreadable["settled_by"]),
                         (None, "unreadable", "unreadable", "佐藤"))

    # ---- XLSX ----

    @unittest.skipIf(openpyxl is None, "python3-openpyxl is not installed (scripts/install-deps)")
    def test_openpyxl_reads_sheets_types_values_and_review_comments(self):
        wb = openpyxl.load_workbook(self.path["xlsx"])
        self.assertEqual(wb.sheetnames, ["README", "patients", "visits", "deaths", "referrals",
                                         "measures", "group_years", "findings", "documents",
                                         "codebook"])
        for ws in wb.worksheets:
            self.assertEqual(len(ws.merged_cells.ranges), 0, f"{ws.title}: no merged cells")
        ws = wb["measures"]
        self.assertIn("measures", ws.tables)
        header = [c.value for c in ws[1]]
        last = openpyxl.utils.get_column_letter(len(header))
        self.assertEqual(ws.tables["measures"].ref, f"A1:{last}{len(self.rows) + 1}")
        self.assertEqual(ws.freeze_panes, "A2")
        records = []
        for row in ws.iter_rows(min_row=2):
            r = {h: c.value for h, c in zip(header, row)}
            self.assertIsInstance(r["measure_id"], str, "ids are text")
            self.assertIsInstance(r["is_total"], bool)
            r["measure_id"] = int(r["measure_id"])
            r["document_id"] = int(r["document_id"])
            records.append((r, row[header.index("value")]))
        self.assert_values_equal_database([r for r, _ in records], "xlsx measures")
        # Values to review: highlighted, and the comment gives the finding (expected records).
        findings = {(f, x["section"], x["period"]): x["message"]
                    for f, rec in self.expected.items() for x in rec["findings"]}
        reviewed = 0
        for r, cell in records:
            if r["status"] == "ok":
                self.assertIsNone(cell.comment)
                continue
            reviewed += 1
            self.assertEqual(cell.fill.fgColor.rgb[-6:], "FFEB9C")
            self.assertIsNotNone(cell.comment, r)
            message = findings.get((r["file_name"], r["section"], r["period"]))
            if message and not message.split(": ")[0] not in (r["institution"] or ""):
                self.assertIn(message, cell.comment.text)
        self.assertEqual(reviewed, sum(1 for r in self.rows if r["status"] == "review"))
        self.assertIn("rows sum to 65, total row says 63",
                      next(c.comment.text for r, c in records
                           if r["file_name"] == "r3-total-mismatch.pdf" and r["status"] == "review"))
        # Widths: the institution column fits its longest name (full-width counts double).
        col = openpyxl.utils.get_column_letter(header.index("institution") + 1)
        longest = max(display_width(r["institution"] or "") for r in self.rows)
        self.assertGreaterEqual(ws.column_dimensions[col].width, min(longest, 60))

    @unittest.skipIf(openpyxl is None, "python3-openpyxl is not installed (scripts/install-deps)")
    def test_a_section_sheet_has_institutions_as_rows_and_the_total_last(self):
        wb = openpyxl.load_workbook(self.path["xlsx"])
        ws = wb["patients"]
        header = [c.value for c in ws[1]]
        self.assertEqual(header[:7], ["年度（西暦）", "年度（和暦）", "グループ名", "ファイル名",
                                      "医療機関名", "合計行", "単位"])
        self.assertEqual(header[7:], ["現状 合計診療患者数", "取組目標／計画 合計診療患者数",
                                      "実績 合計診療患者数"])
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True)
                if r[3] == "r3-total-mismatch.pdf"]
        want = [m for m in self.expected["r3-total-mismatch.pdf"]["measures"]
                if m["section"] == "patients"]
        names = list(dict.fromkeys(m["institution"] for m in want if not m["is_total"]))
        total = next(m["institution"] for m in want if m["is_total"])
        self.assertEqual([r[4] for r in rows], names + [total])
        self.assertEqual(rows[-1][5], True)
        for r in rows:
            self.assertEqual(r[0], 2021)
            self.assertEqual(r[1], "令和3年度")
            self.assertEqual(r[6], "名")
            for col, period in zip(range(7, 10), ["current", "plan", "actual"]):
                value = next(m["value"] for m in want
                             if m["institution"] == r[4] and m["period"] == period)
                self.assertEqual(r[col], value, f"{r[4]} {period}")
                self.assertIsInstance(r[col], int)

    # ---- LibreOffice ----

    def soffice(self, infile, target, outdir, infilter=None):
        profile = os.path.join(self.dir, "lo-profile")
        args = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless"]
        if infilter:
            args.append(f"--infilter={infilter}")
        args += ["--convert-to", target, "--outdir", outdir, infile]
        r = subprocess.run(args, capture_output=True, timeout=240)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))

    @unittest.skipIf(SOFFICE is None, "LibreOffice is not installed (scripts/install-deps)")
    def test_libreoffice_converts_the_xlsx_with_japanese_text_and_numbers_right(self):
        out = os.path.join(self.dir, "lo-xlsx")
        # Every sheet to its own UTF-8 CSV (token 12: -1 = all sheets).
        self.soffice(self.path["xlsx"],
                     "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                     out)
        import csv
        with open(os.path.join(out, "s-measures.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        records = []
        for r in rows:
            rec = {k: (v if v != "" else None) for k, v in r.items()}
            for k in ("measure_id", "document_id", "fiscal_year", "value", "read_value", "page"):
                rec[k] = None if rec[k] is None else int(rec[k])
            rec["is_total"] = rec["is_total"] == "TRUE"
            records.append(rec)
        self.assert_values_equal_database(records, "LibreOffice measures")
        with open(os.path.join(out, "s-visits.csv"), encoding="utf-8") as f:
            visits = list(csv.reader(f))
        self.assertEqual(visits[0][7], "現状 合計回数")

    @unittest.skipIf(SOFFICE is None, "LibreOffice is not installed (scripts/install-deps)")
    def test_libreoffice_reads_csv_excel_with_japanese_text_and_numbers_right(self):
        out = os.path.join(self.dir, "lo-csv")
        self.soffice(self.path["csv-excel"], "xlsx", out, infilter="CSV:44,34,76,1")
        if openpyxl is None:
            self.skipTest("python3-openpyxl is not installed")
        ws = openpyxl.load_workbook(os.path.join(out, "values-excel.xlsx")).active
        header = [c.value for c in ws[1]]
        self.assertEqual(header[0], "measure_id", "the BOM is not part of the first name")
        self.assertEqual(header[-1], "raw_text", "no CR left at the line end")
        records = []
        for row in ws.iter_rows(min_row=2, values_only=True):
            rec = dict(zip(header, row))
            for k in ("raw_text", "group_name", "institution"):
                if isinstance(rec[k], (int, float)):
                    rec[k] = str(int(rec[k]))
            records.append(rec)
        self.assert_values_equal_database(records, "LibreOffice csv-excel")


if __name__ == "__main__":
    unittest.main(verbosity=2)
