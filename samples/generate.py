#!/usr/bin/env python3
"""Builds the sample PDFs and their hand-checkable expected outputs.

For every content file samples/content/<name>.json this writes, next to this script:
  <name>.pdf            HTML made from the content, printed with headless Chromium
  <name>.expected.json  the output contract of `tsuzuri extract --json`, derived from the content
  <name>.cells.json     every ruled table of every page with its cells (canonical text)

Nothing here runs a tsuzuri program: the expected values come from the content file alone.
The content schema, the canonical text rule and the validation rules are described in
docs/samples.md. Standard library only; needs `chromium` and (for --verify, the default)
`pdftotext` from poppler-utils.

Usage: samples/generate.py [--only NAME ...] [--keep-html DIR] [--no-verify] [--quiet]
"""

import argparse
import collections
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTENT_DIR = HERE / "content"

# A fixed date written over Chromium's /CreationDate and /ModDate (same length, so no offset moves):
# with it the PDF bytes depend only on the content, the Chromium build and the fonts.
FIXED_PDF_DATE = b"D:20250401000000+00'00'"


class SampleError(Exception):
    pass


class PageCountError(SampleError):
    """The printed PDF has another page count than the content (a page overflowed)."""


# --------------------------------------------------------------------------------------------
# The canonical text rule
# --------------------------------------------------------------------------------------------

CIRCLED = frozenset(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳ stay as they are


def _nfkc_keep_circled(s):
    out, buf = [], []
    for ch in s:
        if ch in CIRCLED:
            out.append(unicodedata.normalize("NFKC", "".join(buf)))
            out.append(ch)
            buf = []
        else:
            buf.append(ch)
    out.append(unicodedata.normalize("NFKC", "".join(buf)))
    return "".join(out)


def _ascii_alnum(c):
    return c.isascii() and c.isalnum()


def canon(s):
    """Canonical normalized text: in-cell line breaks removed, NFKC except ①..⑳, then no white
    space at all except single spaces between two ASCII letters/digits."""
    s = s.replace("\r", "").replace("\n", "")
    s = _nfkc_keep_circled(s)
    out = []
    i, n = 0, len(s)
    while i < n:
        if s[i].isspace():
            j = i
            while j < n and s[j].isspace():
                j += 1
            if out and j < n and _ascii_alnum(out[-1]) and _ascii_alnum(s[j]):
                out.append(" ")
            i = j
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def require_canonical(s, where):
    if not isinstance(s, str):
        raise SampleError(f"{where}: expected a string, got {s!r}")
    c = canon(s)
    if c != s:
        raise SampleError(f"{where}: {s!r} is not canonical; canonical form is {c!r}")
    return s


def squash(s):
    """For comparing text layers: NFKC (keeping ①..⑳) with every white space removed."""
    return re.sub(r"\s+", "", _nfkc_keep_circled(s))


# --------------------------------------------------------------------------------------------
# Fixed vocabulary of the form
# --------------------------------------------------------------------------------------------

SECTIONS = ["patients", "visits", "deaths", "referrals"]
PERIODS = {
    "patients": ["current", "plan", "actual"],
    "visits": ["current", "plan", "actual"],
    "deaths": ["current", "actual"],
    "referrals": ["before", "after", "diff"],
}
METRICS = {
    "patients": ["patients"],
    "visits": ["visits", "visits_oushin", "visits_houmon"],
    "deaths": ["deaths", "deaths_outside_hospital"],
    "referrals": ["referrals", "emergency_admissions", "reverse_referrals"],
}
UNITS = {"patients": "名", "visits": "回", "deaths": "名", "referrals": "件"}
RULES = ["missing_value", "visits_breakdown", "sum_of_rows", "deaths_outside", "diff"]
TOTAL_LABEL = "連携する医療機関内の合計"
REFERRAL_LABELS = {"referrals": "紹介数", "emergency_admissions": "急変時の受入数",
                   "reverse_referrals": "逆紹介数"}

WORDING = {
    "reiwa": {
        "initiatives_heading": "【地域で支え合う医療機関等の連携体制を構築するために必要な3つの取組】",
        "current": ("現状", "(補助金交付申請の前月から過去6箇月間の状況)"),
        "target": ("計画", "(補助金交付申請の月から翌年3月末までの取組)"),
        "actual": ("実績", "(補助金交付申請の月から翌年3月末までの取組)"),
    },
    "h30": {
        "initiatives_heading": "【地域で支え合う医療機関の連携体制を構築するために必要な3つの取組】",
        "current": ("現状", "(事前協議月の前月から過去6箇月間の状況)"),
        "target": ("取組目標", "(事前協議月から向こう6箇月間の取組)"),
        "actual": ("実績", "(事前協議月から翌年3月末までの取組)"),
    },
}
TITLE_SUFFIX = "医療提供施設等グループ化推進事業計画(報告)書"
EFFECTS_HEADING = "【参入促進・連携(グループ化)の取組効果】"
SECTION_HEADINGS = {
    "patients": "1 在宅に赴いて診療(往診、訪問診療)する合計診療患者数(※実人数を記載)",
    "visits": "2 在宅に赴いて診療(往診、訪問診療)する合計回数",
    "deaths": "3 在宅に赴いて診療(往診、訪問診療)する合計診療患者数に占める死亡患者数"
              "(うち医療機関以外での死亡患者数)",
    "referrals": "4 グループ化した医療機関が後方支援病院等(グループ内外問わず)への在宅医療患者の"
                 "診療の紹介数、急変時の受入数及び後方支援病院等からの逆紹介数",
}
SECTION_LABELS = {
    "patients": "在宅に赴いて診療(往診、訪問診療)する合計診療患者数(※実人数を記載)",
    "visits": "在宅に赴いて診療(往診、訪問診療)する合計回数",
    "deaths": "在宅に赴いて診療(往診、訪問診療)する合計診療患者数に占める死亡患者数",
}
_HOME_NOTE = ("※「在宅に赴いて診療(往診、訪問診療)」とは、自宅へ赴くものとする。施設、グループホーム、"
              "サービス付き高齢者向け住宅等は含まない。")
_START = "※在宅に赴いてこれから診療を始めようとする、又はその取り組みを拡充しようとする医療機関における"
SECTION_NOTES = {
    "patients": [_START + "合計診療患者数(※実人数を記載)を記載。", _HOME_NOTE],
    "visits": [_START + "合計回数を記載。", _HOME_NOTE],
    "deaths": [_START + "合計診療患者数に占める死亡患者数(うち医療機関以外での死亡患者数)を記載。",
               _HOME_NOTE],
    "referrals": [],
}
INSTITUTION_HEADER = ("医療機関名", "※医療機関ごとに記載")
SPACED_WORDS = {"現状", "計画", "実績", "紹介数", "逆紹介数"}

KANGXI = {"用": "\u2F64", "人": "\u2F08", "生": "\u2F63", "長": "\u2FA7", "見": "\u2F92",
          "行": "\u2F8F", "力": "\u2F12", "文": "\u2F42", "方": "\u2F45", "日": "\u2F47",
          "月": "\u2F49", "入": "\u2F0A"}

FONTS = {"IPAMincho", "IPAPMincho", "Noto Serif CJK JP", "IPAGothic", "IPAPGothic", "Noto Sans CJK JP"}

DEFAULT_STYLE = {
    "orientation": "landscape",   # landscape | portrait
    "font": "IPAMincho",          # one of FONTS
    "font_size": 8.5,             # pt
    "text_digits": "full",        # digits in running text and headings: full | half
    "value_digits": "half",       # digits in the effect tables' value cells: full | half
    "punct": "full",              # （）：，－～ (full) or ():,-~ (half) in printed text
    "colon": "after",             # colon in value cells: full「：」| none「:」| after「: 」| both「 : 」
    "unit_space": True,           # "40 名" rather than "40名"
    "jp_digit_space": False,      # a space between a Japanese character and a following number
    "spaced_headings": "ideographic",  # 現　状 / 現  状 / letter-spacing / none
    "era_letters": "full",        # Ｒ４年度（Ａ） or R4年度(A) in table 4 headers
    "negative": "minus",          # negative 差: minus「－5 件」| triangle「▲5 件」| ascii「-5 件」
    "blank": "",                  # what a blank number prints as inside 合計回数/死亡患者数 strings
    "value_breaks": [],           # [[section, period], ...]: print the value with a line break
    "kangxi": [],                 # characters of initiative text printed as Kangxi radicals
    # Structure of the effect tables 1-3 and the page (the corpus generator draws these):
    "page_size": "A4",            # A4 | A3
    "header_rows": 1,             # 1: one header row; 2: 医療機関名 spans two rows, the periods sit
                                  # under a group label spanning them (group_label)
    "group_label": "実施状況",     # the text of that group label
    "label_position": "left",     # the table's long label: left (a column spanning all rows) |
                                  # row (a first row spanning all columns) | caption (text above)
    "period_notes": True,         # period headers with their parenthesized explanation
    "institution_note": True,     # 「※医療機関ごとに記載」 under 医療機関名
    "kabu_symbol": False,         # print (株) in names as ㈱
    "name_space": False,          # a U+3000 after a 法人 name prefix (医療法人社団　青葉会　…)
    "border": "0.75pt",           # ruling line width
    "line_height": 1.3,
    "calc_scale": 0.85,           # Calc rendering: the sheet printed at this scale
}


# --------------------------------------------------------------------------------------------
# Presentation: canonical content -> printed text
# --------------------------------------------------------------------------------------------

_FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_FW_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", "-": "－", "~": "～"})
_FW_LETTERS = str.maketrans("ABHR", "ＡＢＨＲ")


class Presenter:
    def __init__(self, style):
        self.s = style

    def text(self, s, kangxi=False):
        """Printed form of a canonical running-text string."""
        if self.s["jp_digit_space"]:
            s = re.sub(r"(?<=[^\x00-\x7f①-⑳「」（）、。:(])(?=[0-9])", " ", s)
        if kangxi and self.s["kangxi"]:
            for ch in self.s["kangxi"]:
                s = s.replace(ch, KANGXI[ch])
        if self.s["text_digits"] == "full":
            s = s.translate(_FW_DIGITS)
        if self.s["punct"] == "full":
            s = s.translate(_FW_PUNCT)
        return s

    def name(self, s):
        """Printed form of an institution name: ㈱ and a full-width space after a 法人 prefix when
        the style says so (both vanish under the canonical rule)."""
        if self.s["kabu_symbol"]:
            s = s.replace("(株)", "\u3231")
        if self.s["name_space"]:
            s = re.sub(r"^((?:医療法人社団|医療法人財団|社会医療法人|社会福祉法人|一般社団法人|医療法人)"
                       r"[^\s]*?会)(?=.)", "\\1\u3000", s)
        return self.text(s)

    def spaced(self, word):
        """A heading word, spaced out when the style says so. Returns (text, css class)."""
        mode = self.s["spaced_headings"]
        if word not in SPACED_WORDS or mode == "none":
            return word, None
        if mode == "ideographic":
            return "\u3000".join(word), None
        if mode == "nbsp":
            return "\u00a0\u00a0".join(word) if len(word) == 2 else "\u00a0".join(word), None
        if mode == "letter-spacing":
            return word, "ls"
        raise SampleError(f"unknown spaced_headings {mode!r}")

    def num(self, n):
        s = str(n)
        return s.translate(_FW_DIGITS) if self.s["value_digits"] == "full" else s

    def colon(self):
        return {"full": "：", "none": ":", "after": ": ", "both": " : "}[self.s["colon"]]

    def paren(self, c):
        return c.translate(_FW_PUNCT) if self.s["punct"] == "full" else c

    def count(self, v, unit):
        """A count cell such as 「40 名」; a blank cell prints nothing."""
        if v is None:
            return ""
        sp = " " if self.s["unit_space"] else ""
        if v < 0:
            sign = {"minus": "－", "triangle": "▲", "ascii": "-"}[self.s["negative"]]
            return sign + self.num(-v) + sp + unit
        return self.num(v) + sp + unit

    def _n(self, v):
        if v is None:
            return self.s["blank"]
        return self.num(v) + (" " if self.s["unit_space"] else "")

    def visits(self, vals, brk):
        v, o, h = vals
        c = self.colon()
        head = (f"合計回数{c}{self._n(v)}回{self.paren('(')}うち往診{c}{self._n(o)}回、訪問診療{c}")
        tail = f"{self._n(h)}回{self.paren(')')}"
        return [head, tail] if brk else [head + tail]

    def deaths(self, vals, brk):
        d, o = vals
        c = self.colon()
        head = f"死亡患者数{c}{self._n(d)}名{self.paren('(')}うち医療機関以外{c}"
        tail = f"{self._n(o)}名{self.paren(')')}"
        return [head, tail] if brk else [head + tail]

    def era(self, fy):
        """Short era form used in table 4: R4年度 / R元年度 / H30年度 (printed)."""
        letter, n = era_parts(fy)
        s = f"{letter}{n}"
        if self.s["era_letters"] == "full":
            s = s.translate(_FW_LETTERS).translate(_FW_DIGITS)
        return s + "年度"

    def letter(self, ch):
        return ch.translate(_FW_LETTERS) if self.s["era_letters"] == "full" else ch


def era_parts(fy):
    if 1989 <= fy <= 2018:
        return "H", str(fy - 1988)
    if fy >= 2019:
        n = fy - 2018
        return "R", "元" if n == 1 else str(n)
    raise SampleError(f"fiscal year {fy} outside 平成/令和")


def era_kanji(fy):
    letter, n = era_parts(fy)
    return {"H": "平成", "R": "令和"}[letter] + n + "年度"


def era_short_canonical(fy):
    letter, n = era_parts(fy)
    return f"{letter}{n}年度"


# --------------------------------------------------------------------------------------------
# Table model
# --------------------------------------------------------------------------------------------

class Cell:
    def __init__(self, row, col, lines, rs=1, cs=1, th=False, line_classes=None, cls=None):
        self.row, self.col, self.rs, self.cs = row, col, rs, cs
        self.lines = lines            # printed text, one entry per explicit line (<br>)
        self.th = th
        self.line_classes = line_classes or [None] * len(lines)
        self.cls = cls

    @property
    def printed(self):
        return "\n".join(self.lines)

    @property
    def text(self):
        return canon(self.printed)

    def html(self):
        parts = []
        for line, c in zip(self.lines, self.line_classes):
            e = html.escape(line)
            parts.append(f'<span class="{c}">{e}</span>' if c else e)
        tag = "th" if self.th else "td"
        attrs = ""
        if self.rs > 1:
            attrs += f' rowspan="{self.rs}"'
        if self.cs > 1:
            attrs += f' colspan="{self.cs}"'
        if self.cls:
            attrs += f' class="{self.cls}"'
        return f"<{tag}{attrs}>{'<br>'.join(parts)}</{tag}>"


class Table:
    def __init__(self, cols, widths, cls=""):
        self.cols, self.widths, self.cls = cols, widths, cls
        self.cells = []
        self.rows = 0

    def add(self, cell):
        self.cells.append(cell)
        self.rows = max(self.rows, cell.row + cell.rs)
        if cell.col + cell.cs > self.cols:
            raise SampleError(f"cell at {cell.row},{cell.col} outside a {self.cols}-column table")

    def check_grid(self, where):
        grid = {}
        for c in self.cells:
            for r in range(c.row, c.row + c.rs):
                for k in range(c.col, c.col + c.cs):
                    if (r, k) in grid:
                        raise SampleError(f"{where}: grid slot {r},{k} covered twice")
                    grid[(r, k)] = c
        for r in range(self.rows):
            for k in range(self.cols):
                if (r, k) not in grid:
                    raise SampleError(f"{where}: grid slot {r},{k} not covered")

    def html(self):
        cols = "".join(f'<col style="width:{w}%">' for w in self.widths)
        by_row = collections.defaultdict(list)
        for c in self.cells:
            by_row[c.row].append(c)
        trs = []
        for r in range(self.rows):
            cells = sorted(by_row[r], key=lambda c: c.col)
            trs.append("<tr>" + "".join(c.html() for c in cells) + "</tr>")
        return f'<table class="{self.cls}"><colgroup>{cols}</colgroup>{"".join(trs)}</table>'

    def printed(self):
        """Printed text in document order (for comparison with the PDF's text layer)."""
        return "\n".join(c.printed for c in sorted(self.cells, key=lambda c: (c.row, c.col)))

    def to_json(self):
        cells = sorted(self.cells, key=lambda c: (c.row, c.col))
        return {"rows": self.rows, "cols": self.cols,
                "cells": [{"row": c.row, "col": c.col, "row_span": c.rs, "col_span": c.cs,
                           "text": c.text} for c in cells]}


# --------------------------------------------------------------------------------------------
# The sample
# --------------------------------------------------------------------------------------------

def _get(d, key, where, types=None, default=KeyError):
    if key not in d:
        if default is KeyError:
            raise SampleError(f"{where}: missing key {key!r}")
        return default
    v = d[key]
    if types is not None and not isinstance(v, types):
        raise SampleError(f"{where}.{key}: unexpected type {type(v).__name__}")
    return v


class Sample:
    def __init__(self, name, data):
        self.name = name
        self.d = data
        w = name
        allowed = {"summary", "covers", "renderer", "kind", "wording", "fiscal_year", "style", "group_name",
                   "initiatives", "effects", "intended_findings", "pages"}
        unknown = set(data) - allowed
        if unknown:
            raise SampleError(f"{w}: unknown top-level keys {sorted(unknown)}")
        self.kind = _get(data, "kind", w, str)
        if self.kind not in ("grouping-report", "other"):
            raise SampleError(f"{w}: kind must be grouping-report or other")
        style = dict(DEFAULT_STYLE)
        for k, v in _get(data, "style", w, dict, {}).items():
            if k not in DEFAULT_STYLE:
                raise SampleError(f"{w}.style: unknown key {k!r}")
            style[k] = v
        if style["font"] not in FONTS:
            raise SampleError(f"{w}.style.font: {style['font']!r} not one of {sorted(FONTS)}")
        for ch in style["kangxi"]:
            if ch not in KANGXI or unicodedata.normalize("NFKC", KANGXI[ch]) != ch:
                raise SampleError(f"{w}.style.kangxi: no Kangxi radical for {ch!r}")
        self.style = style
        self.p = Presenter(style)
        self.wording = _get(data, "wording", w, str, "reiwa")
        if self.wording not in WORDING:
            raise SampleError(f"{w}: wording must be reiwa or h30")
        self.fy = _get(data, "fiscal_year", w, (int, type(None)), None)
        self.group_name = _get(data, "group_name", w, (str, type(None)), None)
        if self.group_name is not None:
            require_canonical(self.group_name, f"{w}.group_name")
        self.initiatives = _get(data, "initiatives", w, list, [])
        self.effects = _get(data, "effects", w, (dict, type(None)), None)
        self.pages_spec = _get(data, "pages", w, list)
        if not self.pages_spec:
            raise SampleError(f"{w}: no pages")
        self._check_content()

    # ---- content checks ----

    def _check_content(self):
        w = self.name
        for i, ini in enumerate(self.initiatives):
            wi = f"{w}.initiatives[{i}]"
            if ini.get("no") != i + 1:
                raise SampleError(f"{wi}.no must be {i + 1}")
            t = require_canonical(_get(ini, "title", wi, str), wi + ".title")
            if not t or t[0].isdigit() or "※" in t:
                raise SampleError(f"{wi}.title must not start with a digit or contain ※")
            if ini.get("note") is not None:
                n = require_canonical(ini["note"], wi + ".note")
                if not n.startswith("※"):
                    raise SampleError(f"{wi}.note must start with ※")
            for k in ("content", "current", "target", "actual"):
                lines = _get(ini, k, wi, list)
                for j, s in enumerate(lines):
                    require_canonical(s, f"{wi}.{k}[{j}]")
        if self.effects is not None:
            e = self.effects
            insts = _get(e, "institutions", w + ".effects", list)
            if not 1 <= len(insts) <= 12:
                raise SampleError(f"{w}.effects: 1 to 12 institutions")
            for j, s in enumerate(insts):
                require_canonical(s, f"{w}.effects.institutions[{j}]")
            for sec in SECTIONS:
                if sec not in e:
                    raise SampleError(f"{w}.effects: missing section {sec}")
        for k in ("summary",):
            if k in self.d:
                _get(self.d, k, w, str)

    # ---- value access ----

    def section_rows(self, sec):
        """Rows of a section: dicts with institution, is_total, who (for messages),
        vals[period][metric]."""
        e = self.effects
        P, M = PERIODS[sec], METRICS[sec]
        rows = []
        if sec == "referrals":
            for m in M:
                arr = _get(e["referrals"], m, f"{self.name}.effects.referrals", list)
                if len(arr) != 3:
                    raise SampleError(f"{self.name}.effects.referrals.{m}: 3 values")
                rows.append({"key": m, "institution": None, "is_total": False, "who": m,
                             "name": REFERRAL_LABELS[m], "metrics": [m],
                             "vals": {p: {m: _intornull(arr[i], self.name)} for i, p in enumerate(P)}})
            return rows
        data = e[sec]
        insts = e["institutions"]
        body = _get(data, "rows", f"{self.name}.effects.{sec}", list)
        if len(body) != len(insts):
            raise SampleError(f"{self.name}.effects.{sec}.rows: one per institution")
        entries = [(i, insts[i], False, body[i]) for i in range(len(insts))]
        total = data.get("total")
        if total is not None:
            entries.append(("total", TOTAL_LABEL, True, total))
        for key, name, is_total, row in entries:
            where = f"{self.name}.effects.{sec}[{key}]"
            if len(row) != len(P):
                raise SampleError(f"{where}: {len(P)} periods")
            vals = {}
            for i, p in enumerate(P):
                if len(M) == 1:
                    vals[p] = {M[0]: _intornull(row[i], where)}
                else:
                    if not isinstance(row[i], list) or len(row[i]) != len(M):
                        raise SampleError(f"{where}: period {p} needs {len(M)} values {M}")
                    vals[p] = {m: _intornull(row[i][j], where) for j, m in enumerate(M)}
            rows.append({"key": key, "institution": name, "is_total": is_total,
                         "who": "the total row" if is_total else name, "name": name,
                         "metrics": M, "vals": vals})
        return rows

    # ---- building pages ----

    def build(self):
        """Builds the page models: self.pages = [{"blocks_html": [...], "tables": [Table], "text": str}],
        and records where every initiative part and effect row is printed."""
        self.pages = []
        self.row_page = {sec: {} for sec in SECTIONS}       # section -> row key -> page
        self.header_printed = collections.Counter()
        self.init_parts = collections.defaultdict(list)      # no -> [(page, first, from, to)]
        self.year_printed = []                                # (where, fiscal year)
        self.init_cells = collections.defaultdict(lambda: collections.defaultdict(list))
        for pi, blocks in enumerate(self.pages_spec):
            page = {"html": [], "tables": [], "text": [], "flow": [], "number": pi + 1}
            if not isinstance(blocks, list):
                raise SampleError(f"{self.name}.pages[{pi}]: a list of blocks")
            for bi, b in enumerate(blocks):
                self._block(page, b, f"{self.name}.pages[{pi}][{bi}]")
            self.pages.append(page)
        self._check_layout()

    def _text(self, page, s, cls, kangxi=False):
        printed = self.p.text(s, kangxi)
        page["html"].append(f'<p class="{cls}">{html.escape(printed)}</p>')
        page["text"].append(printed)
        page["flow"].append(("p", cls, printed))

    def _block(self, page, b, where):
        kind = _get(b, "block", where, str)
        if kind == "text":
            s = require_canonical(_get(b, "text", where, str), where + ".text")
            self._text(page, s, b.get("class", "note"))
        elif kind == "title":
            if self.kind != "grouping-report" or self.fy is None:
                raise SampleError(f"{where}: a title needs a grouping-report with fiscal_year")
            self._text(page, era_kanji(self.fy) + TITLE_SUFFIX, "title")
            self.year_printed.append(("title", self.fy))
        elif kind == "heading":
            of = _get(b, "of", where, str)
            s = WORDING[self.wording]["initiatives_heading"] if of == "initiatives" else EFFECTS_HEADING
            self._text(page, s, "heading")
        elif kind == "initiatives":
            self._initiatives(page, b, where)
        elif kind == "effect":
            self._effect(page, b, where)
        elif kind == "table":
            self._generic_table(page, b, where)
        else:
            raise SampleError(f"{where}: unknown block {kind!r}")

    def _add_table(self, page, t, where):
        t.check_grid(where)
        page["tables"].append(t)
        page["html"].append(t.html())
        page["text"].append(t.printed())
        page["flow"].append(("table", t))

    def _header_cell(self, row, col, word, sub, th=True, rs=1):
        text, cls = self.p.spaced(word)
        lines = [text] + ([self.p.text(sub)] if sub else [])
        classes = [cls] + ([None] if sub else [])
        return Cell(row, col, lines, rs=rs, th=th, line_classes=classes)

    def _initiatives(self, page, b, where):
        if self.kind != "grouping-report":
            raise SampleError(f"{where}: initiatives in a non-form document")
        wd = WORDING[self.wording]
        land = self.style["orientation"] == "landscape"
        widths = [13, 45, 14, 14, 14] if land else [15, 37, 16, 16, 16]
        t = Table(5, widths, "init")
        r = 0
        if b.get("header", True):
            t.add(Cell(0, 0, ["取組事項"], th=True))
            t.add(Cell(0, 1, ["取組内容"], th=True))
            for k, col in (("current", 2), ("target", 3), ("actual", 4)):
                word, sub = wd[k]
                t.add(self._header_cell(0, col, word, sub))
            r = 1
        for spec in _get(b, "rows", where, list):
            if isinstance(spec, int):
                spec = {"no": spec}
            no = _get(spec, "no", where, int)
            if not 1 <= no <= len(self.initiatives):
                raise SampleError(f"{where}: no initiative {no}")
            ini = self.initiatives[no - 1]
            paras = ini["content"]
            lo = spec.get("from", 0)
            hi = spec.get("to", len(paras))
            first = lo == 0
            if not 0 <= lo < hi <= len(paras) and not (lo == hi == 0 == len(paras)):
                raise SampleError(f"{where}: bad paragraph range {lo}:{hi} of initiative {no}")
            if first:
                lines = [self.p.text(f"{no} {ini['title']}")]
                if ini.get("note"):
                    lines.append(self.p.text(ini["note"]))
                title_cell = Cell(r, 0, lines)
            else:
                title_cell = Cell(r, 0, [])
            t.add(title_cell)
            content_cell = Cell(r, 1, [self.p.text(s, kangxi=True) for s in paras[lo:hi]])
            t.add(content_cell)
            status = []
            for k, col in (("current", 2), ("target", 3), ("actual", 4)):
                lines = []
                if first:
                    if k == "current" and no == 1 and self.group_name is not None:
                        lines.append(self.p.text(f"グループ名:「{self.group_name}」"))
                    lines += [self.p.text(s, kangxi=True) for s in ini[k]]
                c = Cell(r, col, lines)
                t.add(c)
                status.append(c)
            self.init_parts[no].append((page["number"], first, lo, hi))
            self.init_cells[no]["title"].append(title_cell)
            self.init_cells[no]["content"].append(content_cell)
            for k, c in zip(("current", "target", "actual"), status):
                self.init_cells[no][k].append(c)
            r += 1
        self._add_table(page, t, where)

    def _effect(self, page, b, where):
        if self.kind != "grouping-report" or self.effects is None:
            raise SampleError(f"{where}: effect table without effects")
        sec = _get(b, "section", where, str)
        if sec not in SECTIONS:
            raise SampleError(f"{where}: unknown section {sec!r}")
        if b.get("heading", True):
            self._text(page, SECTION_HEADINGS[sec], "sechead")
        rows = self.section_rows(sec)
        land = self.style["orientation"] == "landscape"
        if sec == "referrals":
            t = Table(4, [22, 30, 30, 18] if land else [22, 30, 30, 18], "eff")
            t.add(Cell(0, 0, [], th=True))
            A, B = self.fy - 1, self.fy
            for col, word, kind, yr, ab in ((1, "現状", "前", A, "A"), (2, "実績", "後", B, "B")):
                # the era letters/digits of table 4 follow era_letters, not text_digits
                text, cls = self.p.spaced(word)
                sub = (self.p.paren(f"(グループ化{kind}(") + self.p.era(yr) + self.p.paren("(")
                       + self.p.letter(ab) + self.p.paren(")))"))
                t.add(Cell(0, col, [text, sub], th=True, line_classes=[cls, None]))
            t.add(Cell(0, 3, [self.p.paren("差(") + self.p.letter("B") + self.p.paren(")-(")
                              + self.p.letter("A") + self.p.paren(")")], th=True))
            for i, row in enumerate(rows):
                word, cls = self.p.spaced(row["name"])
                t.add(Cell(i + 1, 0, [word], line_classes=[cls]))
                for j, p in enumerate(PERIODS[sec]):
                    v = row["vals"][p][row["key"]]
                    t.add(Cell(i + 1, j + 1, [self.p.count(v, "件")], cls="num"))
                self.row_page[sec][row["key"]] = page["number"]
            self.header_printed[sec] += 1
            self.year_printed.append(("table 4", B))
            self._add_table(page, t, where)
        else:
            self._effect_table(page, b, where, sec, rows, land)
        if b.get("notes", True):
            for n in SECTION_NOTES[sec]:
                self._text(page, n, "note")

    def _effect_table(self, page, b, where, sec, rows, land):
        """Tables 1-3 in the shape the style asks for (label_position, header_rows, period_notes)."""
        st = self.style
        P = PERIODS[sec]
        pos = st["label_position"]
        if pos not in ("left", "row", "caption"):
            raise SampleError(f"{where}: unknown label_position {pos!r}")
        if st["header_rows"] not in (1, 2):
            raise SampleError(f"{where}: header_rows must be 1 or 2")
        two = st["header_rows"] == 2
        off = 1 if pos == "left" else 0
        cols = off + 1 + len(P)
        if pos == "left":
            widths = ([12, 19] + [23] * 3) if len(P) == 3 else ([12, 22, 33, 33])
            if not land:
                widths = ([13, 18, 23, 23, 23]) if len(P) == 3 else ([13, 21, 33, 33])
        else:
            widths = ([22] + [26] * 3) if len(P) == 3 else ([26, 37, 37])
        t = Table(cols, widths, "eff")
        inst_rows = [r for r in rows if not r["is_total"]]
        want = b.get("rows", "all")
        if want != "all" and any(not 0 <= i < len(inst_rows) for i in want):
            raise SampleError(f"{where}: bad row index")
        chosen = inst_rows if want == "all" else [inst_rows[i] for i in want]
        if b.get("total", True):
            tot = [r for r in rows if r["is_total"]]
            if not tot:
                raise SampleError(f"{where}: no total row in the content")
            chosen = chosen + tot
        header = b.get("header", True)
        repeat = b.get("repeat_header", False)
        if repeat and not header:
            raise SampleError(f"{where}: repeat_header without header")
        label = self.p.text(SECTION_LABELS[sec])
        if header and pos == "caption":
            self._text(page, SECTION_LABELS[sec], "caption")
        r = 0
        if header and pos == "row":
            t.add(Cell(0, 0, [label], cs=cols, cls="label"))
            r = 1
        header_rows = (2 if two else 1) if header else 0
        if pos == "left":
            t.add(Cell(0, 0, [label] if header else [], rs=header_rows + len(chosen), cls="label"))
        if header:
            inst_word, inst_note = INSTITUTION_HEADER
            inst_note = inst_note if st["institution_note"] else None
            keys = {"patients": ["current", "target", "actual"],
                    "visits": ["current", "target", "actual"],
                    "deaths": ["current", "actual"]}[sec]
            prow = r + 1 if two else r
            t.add(self._header_cell(r, off, inst_word, inst_note, rs=2 if two else 1))
            if two:
                t.add(Cell(r, off + 1, [self.p.text(st["group_label"])], cs=len(P), th=True))
            for j, k in enumerate(keys):
                word, sub = WORDING[self.wording][k]
                t.add(self._header_cell(prow, off + 1 + j, word, sub if st["period_notes"] else None))
            if not repeat:
                self.header_printed[sec] += 1
            r += header_rows
        breaks = {tuple(x) for x in st["value_breaks"]}
        for row in chosen:
            t.add(Cell(r, off, [self.p.name(row["name"])], cls="inst"))
            for j, p in enumerate(P):
                vals = row["vals"][p]
                brk = (sec, p) in breaks
                if sec == "patients":
                    lines = [self.p.count(vals["patients"], "名")]
                elif sec == "visits":
                    lines = self.p.visits([vals[m] for m in METRICS[sec]], brk)
                else:
                    lines = self.p.deaths([vals[m] for m in METRICS[sec]], brk)
                t.add(Cell(r, off + 1 + j, lines, cls="num" if sec == "patients" else "val"))
            if row["key"] in self.row_page[sec]:
                raise SampleError(f"{where}: row {row['key']} of {sec} printed twice")
            self.row_page[sec][row["key"]] = page["number"]
            r += 1
        self._add_table(page, t, where)

    def _generic_table(self, page, b, where):
        cols = _get(b, "cols", where, int)
        widths = b.get("widths") or [round(100 / cols, 2)] * cols
        t = Table(cols, widths, "gen")
        occupied = set()
        for r, row in enumerate(_get(b, "rows", where, list)):
            c = 0
            for spec in row:
                while (r, c) in occupied:
                    c += 1
                if isinstance(spec, str):
                    spec = {"text": spec}
                lines = spec.get("lines")
                if lines is None:
                    lines = [spec.get("text", "")] if spec.get("text", "") != "" else []
                for s in lines:
                    require_canonical(s, where + f".rows[{r}]")
                rs, cs = spec.get("rowspan", 1), spec.get("colspan", 1)
                t.add(Cell(r, c, [self.p.text(s) for s in lines], rs=rs, cs=cs,
                           th=spec.get("th", False)))
                for rr in range(r, r + rs):
                    for cc in range(c, c + cs):
                        occupied.add((rr, cc))
                c += cs
        self._add_table(page, t, where)

    def _check_layout(self):
        w = self.name
        # every paragraph of every initiative printed exactly once, in order
        for ini in self.initiatives:
            no = ini["no"]
            parts = self.init_parts.get(no, [])
            if not parts:
                raise SampleError(f"{w}: initiative {no} is not printed")
            if not parts[0][1] or any(p[1] for p in parts[1:]):
                raise SampleError(f"{w}: initiative {no}: first part must come first, once")
            pos = 0
            for _, _, lo, hi in parts:
                if lo != pos:
                    raise SampleError(f"{w}: initiative {no}: paragraphs not printed in order")
                pos = hi
            if pos != len(ini["content"]):
                raise SampleError(f"{w}: initiative {no}: paragraphs {pos}.. not printed")
        if len(self.init_parts) != len(self.initiatives):
            raise SampleError(f"{w}: initiatives table rows without content")
        if self.effects is not None:
            for sec in SECTIONS:
                rows = self.section_rows(sec)
                keys = [r["key"] for r in rows]
                printed = list(self.row_page[sec].keys())
                if printed != keys:
                    raise SampleError(f"{w}: section {sec} prints rows {printed}, content has {keys}")
                if self.header_printed[sec] != 1:
                    raise SampleError(f"{w}: section {sec} header printed {self.header_printed[sec]} times")
        # fiscal year printed consistently
        for where, fy in self.year_printed:
            if fy != self.fy:
                raise SampleError(f"{w}: {where} prints year {fy}, fiscal_year is {self.fy}")

    # ---- HTML ----

    def html(self):
        st = self.style
        if st["page_size"] not in ("A4", "A3") or st["orientation"] not in ("landscape", "portrait"):
            raise SampleError(f"{self.name}: page_size A4|A3, orientation landscape|portrait")
        size = f"{st['page_size']} {st['orientation']}"
        css = f"""
@page {{ size: {size}; margin: 10mm 11mm; }}
html {{ font-family: "{st['font']}"; font-size: {st['font_size']}pt; line-height: {st['line_height']}; color: #000; }}
body {{ margin: 0; }}
.page {{ break-after: page; }}
.page:last-child {{ break-after: auto; }}
p {{ margin: 0.6mm 0; }}
p.title {{ font-size: 130%; text-align: center; margin: 1mm 0 2mm 0; }}
p.heading {{ font-size: 110%; margin: 1.5mm 0 1mm 0; }}
p.sechead {{ margin: 2mm 0 0.8mm 0; }}
p.right {{ text-align: right; }}
p.note {{ font-size: 92%; }}
p.caption {{ margin: 1mm 0 0 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.8mm 0;
        break-inside: avoid; }}
tr {{ break-inside: avoid; }}
td, th {{ border: {st['border']} solid black; padding: 1pt 3pt; vertical-align: top;
          font-weight: normal; overflow-wrap: anywhere; text-align: left; }}
th {{ text-align: center; vertical-align: middle; }}
td.num {{ text-align: center; vertical-align: middle; }}
td.val {{ vertical-align: middle; }}
td.inst, td.label {{ vertical-align: middle; }}
.ls {{ letter-spacing: 1em; }}
"""
        body = []
        for page in self.pages:
            body.append(f'<section class="page" data-page="{page["number"]}">'
                        + "\n".join(page["html"]) + "</section>")
        return ("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.name)}</title><style>{css}</style></head>\n<body>\n"
                + "\n".join(body) + "\n</body></html>\n")

    # ---- expected output ----

    def expected_initiatives(self):
        out = []
        for ini in self.initiatives:
            no = ini["no"]
            cells = self.init_cells[no]
            current = "".join(ini["current"])
            if no == 1 and self.group_name is not None:
                current = f"グループ名:「{self.group_name}」" + current
            e = {"no": no, "title": ini["title"], "content": "".join(ini["content"]),
                 "current": current, "target": "".join(ini["target"]),
                 "actual": "".join(ini["actual"])}
            # cross-check against what is printed: the rule applied to the printed cells
            title_cell = cells["title"][0].text
            m = re.match(r"(\d+)(.*)", title_cell)
            if not m or int(m.group(1)) != no or m.group(2).split("※")[0] != e["title"]:
                raise SampleError(f"{self.name}: initiative {no} title cell {title_cell!r}")
            for k in ("content", "current", "target", "actual"):
                got = "".join(c.text for c in cells[k])
                if got != e[k]:
                    raise SampleError(f"{self.name}: initiative {no} {k}: printed {got!r}, "
                                      f"content {e[k]!r}")
            out.append(e)
        return out

    def expected(self, pdf_bytes, page_count):
        form = self.kind == "grouping-report"
        rec = collections.OrderedDict()
        rec["source"] = {"file": f"{self.name}.pdf", "sha256": hashlib.sha256(pdf_bytes).hexdigest(),
                         "pages": page_count}
        rec["pages"] = [{"number": i + 1, "method": "text"} for i in range(page_count)]
        rec["form"] = "grouping-report" if form else None
        rec["fiscal_year"] = self.fy if (form and self.year_printed) else None
        if form and not self.year_printed and self.fy is not None:
            raise SampleError(f"{self.name}: fiscal_year given but no year is printed")
        rec["group_name"] = self.group_name if form else None
        rec["initiatives"] = self.expected_initiatives() if form else []
        measures, findings = self.measures_and_findings() if (form and self.effects) else ([], [])
        rec["measures"] = measures
        rec["findings"] = findings
        return rec

    def measures_and_findings(self):
        measures, findings = [], []
        for sec in SECTIONS:
            rows = self.section_rows(sec)
            review, fs = evaluate(sec, rows)
            findings += fs
            for ri, row in enumerate(rows):
                for p in PERIODS[sec]:
                    for m in row["metrics"]:
                        v = row["vals"][p][m]
                        status = "review" if (v is None or (ri, p, m) in review) else "ok"
                        measures.append({
                            "section": sec, "institution": row["institution"],
                            "is_total": row["is_total"], "period": p, "metric": m, "value": v,
                            "unit": UNITS[sec], "page": self.row_page[sec][row["key"]],
                            "confidence": 1.0, "status": status})
        intended = [list(x) for x in self.d.get("intended_findings", [])]
        got = [[f["rule"], f["section"], f["period"], f["metric"]] for f in findings]
        if got != intended:
            raise SampleError(f"{self.name}: the content's numbers give findings {got}, "
                              f"but intended_findings says {intended}")
        return measures, findings

    def cells_json(self):
        return {"pages": [{"number": p["number"], "tables": [t.to_json() for t in p["tables"]]}
                          for p in self.pages]}

    def page_texts(self):
        return ["\n".join(p["text"]) for p in self.pages]


def _intornull(v, where):
    if v is None or (isinstance(v, int) and not isinstance(v, bool)):
        return v
    raise SampleError(f"{where}: value {v!r} is neither an integer nor null")


# --------------------------------------------------------------------------------------------
# Validation rules 1-5 (the expected findings)
# --------------------------------------------------------------------------------------------

def evaluate(sec, rows):
    """Returns (review set of (row index, period, metric), findings in contract order)."""
    P, M = PERIODS[sec], METRICS[sec]
    found = []      # (rule index, period index, metric index, row index, finding)
    review = set()

    def add(rule, severity, p, m, ri, msg, cells):
        found.append((RULES.index(rule), P.index(p), M.index(m), ri,
                      {"rule": rule, "severity": severity, "section": sec, "period": p,
                       "metric": m, "message": msg}))
        review.update(cells)

    # 1 missing_value
    for ri, row in enumerate(rows):
        for p in P:
            for m in row["metrics"]:
                if row["vals"][p][m] is None:
                    add("missing_value", "warning", p, m, ri,
                        f"no value for {m} ({p}) of {row['who']}", [])
    # 2 visits_breakdown
    if sec == "visits":
        for ri, row in enumerate(rows):
            for p in P:
                v, o, h = (row["vals"][p][m] for m in M)
                if None in (v, o, h) or v == o + h:
                    continue
                add("visits_breakdown", "error", p, "visits", ri,
                    f"{row['name']}: 往診 {o} + 訪問診療 {h} = {o + h}, 合計回数 says {v}",
                    [(ri, p, m) for m in M])
    # 3 sum_of_rows
    tot = [ri for ri, r in enumerate(rows) if r["is_total"]]
    if sec != "referrals" and tot:
        ti = tot[0]
        inst = [ri for ri, r in enumerate(rows) if not r["is_total"]]
        for p in P:
            for m in M:
                vals = [rows[ri]["vals"][p][m] for ri in inst]
                t = rows[ti]["vals"][p][m]
                if None in vals or t is None or sum(vals) == t:
                    continue
                add("sum_of_rows", "error", p, m, ti, f"rows sum to {sum(vals)}, total row says {t}",
                    [(ri, p, m) for ri in inst + [ti]])
    # 4 deaths_outside
    if sec == "deaths":
        for ri, row in enumerate(rows):
            for p in P:
                d, o = row["vals"][p]["deaths"], row["vals"][p]["deaths_outside_hospital"]
                if None in (d, o) or o <= d:
                    continue
                add("deaths_outside", "error", p, "deaths_outside_hospital", ri,
                    f"{row['name']}: 医療機関以外 {o} > 死亡患者数 {d}",
                    [(ri, p, "deaths"), (ri, p, "deaths_outside_hospital")])
    # 5 diff
    if sec == "referrals":
        for ri, row in enumerate(rows):
            m = row["key"]
            a, b, d = (row["vals"][p][m] for p in P)
            if None in (a, b, d) or d == b - a:
                continue
            add("diff", "error", "diff", m, ri, f"差 says {d}, 実績 {b} \u2212 現状 {a} = {b - a}",
                [(ri, p, m) for p in P])
    found.sort(key=lambda x: x[:4])
    return review, [f[4] for f in found]


# --------------------------------------------------------------------------------------------
# Printing with Chromium
# --------------------------------------------------------------------------------------------

def find_chromium(explicit):
    for c in ([explicit] if explicit else ["chromium", "chromium-browser", "google-chrome"]):
        if c and shutil.which(c):
            return shutil.which(c)
    raise SampleError("chromium not found (scripts/install-deps --samples installs it)")


def print_pdf(chromium, html_path, pdf_path):
    profile = tempfile.mkdtemp(prefix="tsuzuri-chromium-")
    try:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf_path}", html_path.as_uri()]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
        if r.returncode != 0 or not pdf_path.exists():
            raise SampleError(f"chromium failed ({r.returncode}):\n{r.stderr.decode(errors='replace')[-2000:]}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return fix_dates(pdf_path)


def fix_dates(pdf_path):
    """Overwrites the PDF's /CreationDate and /ModDate with FIXED_PDF_DATE; returns the bytes."""
    data = pdf_path.read_bytes()
    data = re.sub(rb"(/(?:CreationDate|ModDate) ?\()D:\d{14}[^)]*(\))",
                  lambda m: m.group(1) + FIXED_PDF_DATE + m.group(2), data)
    pdf_path.write_bytes(data)
    return data


def compact_pdf(path):
    """Rewrites a PDF in place with qpdf (object streams, flate level 9); returns its bytes."""
    out = path.with_suffix(".compact.pdf")
    r = subprocess.run(["qpdf", "--object-streams=generate", "--recompress-flate",
                        "--compression-level=9", str(path), str(out)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode not in (0, 3):  # 3: warnings (a cross-reference table qpdf had to rebuild)
        raise SampleError(f"qpdf failed on {path.name}: {r.stderr.decode(errors='replace')[-500:]}")
    out.replace(path)
    return path.read_bytes()


def pdf_page_count(data):
    """Pages of a PDF (pdfinfo when there, else /Type /Page objects: object streams hide them)."""
    if shutil.which("pdfinfo"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            r = subprocess.run(["pdfinfo", f.name], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            m = re.search(rb"^Pages:\s+(\d+)", r.stdout, re.M)
            if m:
                return int(m.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def pdftotext_pages(pdf_path, n):
    out = []
    for i in range(1, n + 1):
        r = subprocess.run(["pdftotext", "-raw", "-f", str(i), "-l", str(i), str(pdf_path), "-"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        out.append(r.stdout.decode("utf-8"))
    return out


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def dump(obj):
    """JSON with two-space indentation, but a dict of scalars on one line when it is short
    (one measure, finding, cell or page per line, which keeps the files easy to review)."""
    return _dump(obj, 0) + "\n"


def _dump(obj, level):
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        flat = json.dumps(obj, ensure_ascii=False)
        if all(not isinstance(v, (dict, list)) for v in obj.values()) and len(flat) <= 200:
            return flat
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dump(v, level + 1)}"
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(inner + _dump(v, level + 1) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def summarize(s, rec, size):
    lines = [f"== {s.name}  ({size // 1024} KB, {rec['source']['pages']} pages, "
             f"{s.style['orientation']}, {s.style['font']})"]
    if s.d.get("summary"):
        lines.append(f"   {s.d['summary']}")
    lines.append(f"   form={rec['form']} fiscal_year={rec['fiscal_year']} "
                 f"group_name={rec['group_name']} initiatives={len(rec['initiatives'])} "
                 f"measures={len(rec['measures'])}")
    for ini in rec["initiatives"]:
        lines.append(f"   取組{ini['no']} {ini['title'][:30]}  content {len(ini['content'])} chars"
                     f" | {ini['current'][:18]!r} | {ini['target'][:18]!r} | {ini['actual'][:18]!r}")
    if s.kind == "grouping-report" and s.effects:
        for sec in SECTIONS:
            rows = s.section_rows(sec)
            lines.append(f"   [{sec}] periods {PERIODS[sec]} metrics {METRICS[sec]}")
            for row in rows:
                cells = []
                for p in PERIODS[sec]:
                    vs = [row["vals"][p][m] for m in row["metrics"]]
                    cells.append("/".join("·" if v is None else str(v) for v in vs))
                lines.append(f"     p{s.row_page[sec][row['key']]} {row['name']:<16} " + "  ".join(
                    f"{c:>12}" for c in cells))
    if rec["findings"]:
        for f in rec["findings"]:
            lines.append(f"   FINDING {f['rule']} ({f['severity']}) {f['section']}/{f['period']}/"
                         f"{f['metric']}: {f['message']}")
    else:
        lines.append("   findings: none (all arithmetic consistent)")
    review = sum(1 for m in rec["measures"] if m["status"] == "review")
    if rec["measures"]:
        lines.append(f"   measures with status review: {review}")
    return "\n".join(lines)


def render(name, data, chromium, tmp, out_dir, verify=True, keep=None, max_bytes=200 * 1024,
           compact=False, printer=None):
    """Builds, prints and checks one sample from its content; writes <name>.pdf, .expected.json
    and .cells.json into out_dir. Returns (Sample, expected record, PDF size). Raises SampleError
    on any failed check (nothing is written then). compact: rewrite the PDF with qpdf (object
    streams, maximum compression; the pages and fonts stay as printed). printer: another renderer,
    called as printer(sample, tmp, pdf_path) and returning the PDF's bytes (default: the HTML
    printed by Chromium)."""
    s = Sample(name, data)
    s.build()
    pdf_tmp = tmp / f"{name}.pdf"
    if printer is not None:
        pdf = printer(s, tmp, pdf_tmp)
    else:
        doc = s.html()
        html_path = tmp / f"{name}.html"
        html_path.write_text(doc, encoding="utf-8")
        if keep:
            (keep / f"{name}.html").write_text(doc, encoding="utf-8")
        pdf = print_pdf(chromium, html_path, pdf_tmp)
    if compact:
        pdf = compact_pdf(pdf_tmp)
    n = pdf_page_count(pdf)
    if n != len(s.pages):
        raise PageCountError(f"{name}: the PDF has {n} pages, the content {len(s.pages)} "
                             "(a page overflowed: shorten it or move a block)")
    if verify:
        verify_text_layer(name, pdf_tmp, n, s.page_texts(), in_order=verify != "chars")
    rec = s.expected(pdf, n)
    if len(pdf) >= max_bytes:
        raise SampleError(f"{name}: PDF is {len(pdf)} bytes (limit {max_bytes // 1024} KB)")
    shutil.copyfile(pdf_tmp, out_dir / f"{name}.pdf")
    (out_dir / f"{name}.expected.json").write_text(dump(rec), encoding="utf-8")
    (out_dir / f"{name}.cells.json").write_text(dump(s.cells_json()), encoding="utf-8")
    return s, rec, len(pdf)


def verify_text_layer(name, pdf_path, n, page_texts, in_order=True):
    """Fails unless every page's text layer (pdftotext -raw, squashed) is the content's printed
    text of that page, in order (in_order=False: the same characters, in any order; for a sheet,
    whose text comes out grid row by grid row)."""
    got = pdftotext_pages(pdf_path, n)
    for i, (g, want) in enumerate(zip(got, page_texts)):
        a, b = squash(g), squash(want)
        if not in_order:
            a, b = "".join(sorted(a)), "".join(sorted(b))
        if a != b:
            k = next((j for j in range(min(len(a), len(b))) if a[j] != b[j]), min(len(a), len(b)))
            raise SampleError(
                f"{name}: page {i + 1}: the PDF's text layer differs from the "
                f"content at character {k}: PDF {a[max(0, k - 15):k + 25]!r}, "
                f"content {b[max(0, k - 15):k + 25]!r}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="+", metavar="NAME", help="generate only these samples")
    ap.add_argument("--keep-html", metavar="DIR", help="also write <name>.html into DIR")
    ap.add_argument("--no-verify", action="store_true",
                    help="skip comparing each page's PDF text layer (pdftotext -raw) with the "
                         "content's printed text, page by page and in order")
    ap.add_argument("--chromium", help="Chromium binary (default: chromium on PATH)")
    ap.add_argument("--quiet", action="store_true", help="no per-sample summary")
    args = ap.parse_args(argv)

    files = sorted(CONTENT_DIR.glob("*.json"))
    if args.only:
        want = set(args.only)
        files = [f for f in files if f.stem in want]
        missing = want - {f.stem for f in files}
        if missing:
            print(f"generate.py: no content file for {sorted(missing)}", file=sys.stderr)
            return 2
    if not files:
        print("generate.py: no content files", file=sys.stderr)
        return 2
    chromium = find_chromium(args.chromium)
    if not args.no_verify and not shutil.which("pdftotext"):
        print("generate.py: pdftotext not found (poppler-utils); use --no-verify", file=sys.stderr)
        return 2
    keep = Path(args.keep_html) if args.keep_html else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)

    failures = 0
    with tempfile.TemporaryDirectory(prefix="tsuzuri-samples-") as tmp:
        tmp = Path(tmp)
        for f in files:
            name = f.stem
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
                s, rec, size = render(name, data, chromium, tmp, HERE, verify=not args.no_verify,
                                      keep=keep)
                if not args.quiet:
                    print(summarize(s, rec, size))
            except (SampleError, json.JSONDecodeError, subprocess.SubprocessError) as e:
                failures += 1
                print(f"generate.py: {name}: FAILED: {e}", file=sys.stderr)
    if failures:
        print(f"generate.py: {failures} sample(s) failed", file=sys.stderr)
        return 1
    print(f"generate.py: {len(files)} sample(s) written to samples/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
