"""The LibreOffice renderers of the corpus. Writer: a sample's pages as a flat ODF text document (.fodt),
printed to PDF by LibreOffice Writer headless (`libreoffice-writer-nogui`).

What it looks like: ruled tables whose header rows are Writer header rows (table-header-rows),
the long label a vertically merged cell, the 取組内容 paragraphs justified, one page per content
page (a page break before the first block of every later page). The text of every cell is the
sample's printed text, so the checks of generate.py apply unchanged. Standard library only.
"""

import html
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import generate as g

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')

PAGE_MM = {"A4": (210, 297), "A3": (297, 420)}


def esc(s):
    """Text for an ODF paragraph: XML-escaped, runs of spaces as <text:s/>."""
    out = []
    for part in re.split(r"( +)", s):
        if part.startswith(" ") and part:
            n = len(part)
            lead = not out
            if lead:
                out.append(f'<text:s text:c="{n}"/>')
            else:
                out.append(" " + (f'<text:s text:c="{n - 1}"/>' if n > 1 else ""))
        else:
            out.append(html.escape(part, quote=False))
    return "".join(out)


class Fodt:
    def __init__(self, sample):
        self.s = sample
        self.st = sample.style
        self.auto = []          # automatic styles
        self.body = []
        self.ntables = 0

    def styles(self):
        st = self.st
        w, h = PAGE_MM[st["page_size"]]
        if st["orientation"] == "landscape":
            w, h = h, w
        fs = st["font_size"]
        font = st["font"]
        lh = int(round(st["line_height"] * 100))
        border = f'{st["border"]} solid #000000'
        self.border = border
        return f"""<office:font-face-decls>
<style:font-face style:name="F" svg:font-family="'{font}'"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:line-height="{lh}%" fo:margin-top="0mm" fo:margin-bottom="0mm"/>
<style:text-properties style:font-name="F" style:font-name-asian="F" style:font-name-complex="F"
 fo:font-size="{fs}pt" style:font-size-asian="{fs}pt" style:font-size-complex="{fs}pt"
 fo:language="ja" fo:country="JP" style:language-asian="ja" style:country-asian="JP"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{w}mm"
 fo:page-height="{h}mm" style:print-orientation="{st['orientation']}" fo:margin-top="10mm"
 fo:margin-bottom="10mm" fo:margin-left="11mm" fo:margin-right="11mm"/></style:page-layout>
<style:style style:name="Pnote" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.6mm" fo:margin-bottom="0.6mm"/><style:text-properties fo:font-size="{fs * 0.92:.1f}pt" style:font-size-asian="{fs * 0.92:.1f}pt"/></style:style>
<style:style style:name="Ptitle" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="1mm" fo:margin-bottom="2mm"/><style:text-properties fo:font-size="{fs * 1.3:.1f}pt" style:font-size-asian="{fs * 1.3:.1f}pt"/></style:style>
<style:style style:name="Pright" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:margin-top="0.6mm" fo:margin-bottom="0.6mm"/></style:style>
<style:style style:name="Pheading" style:family="paragraph"><style:paragraph-properties fo:margin-top="1.5mm" fo:margin-bottom="1mm"/><style:text-properties fo:font-size="{fs * 1.1:.1f}pt" style:font-size-asian="{fs * 1.1:.1f}pt"/></style:style>
<style:style style:name="Psechead" style:family="paragraph"><style:paragraph-properties fo:margin-top="2mm" fo:margin-bottom="0.8mm"/></style:style>
<style:style style:name="Pcaption" style:family="paragraph"><style:paragraph-properties fo:margin-top="1mm" fo:margin-bottom="0mm"/></style:style>
<style:style style:name="Pcell" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/></style:style>
<style:style style:name="Pjust" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/></style:style>
<style:style style:name="Pcenter" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="Tls" style:family="text"><style:text-properties fo:letter-spacing="{fs:.1f}pt"/></style:style>
<style:style style:name="Ctop" style:family="table-cell"><style:table-cell-properties fo:border="{border}" fo:padding-top="0.35mm" fo:padding-bottom="0.35mm" fo:padding-left="1mm" fo:padding-right="1mm" style:vertical-align="top"/></style:style>
<style:style style:name="Cmid" style:family="table-cell"><style:table-cell-properties fo:border="{border}" fo:padding-top="0.35mm" fo:padding-bottom="0.35mm" fo:padding-left="1mm" fo:padding-right="1mm" style:vertical-align="middle"/></style:style>
"""

    def paragraph(self, cls, text, brk):
        style = {"note": "Pnote", "title": "Ptitle", "right": "Pright", "heading": "Pheading",
                 "sechead": "Psechead", "caption": "Pcaption"}.get(cls, "Pnote")
        if brk:
            # a page break on a copy of the style (automatic styles may not be inherited twice)
            name = f"{style}B"
            if not any(f'style:name="{name}"' in a for a in self.auto):
                self.auto.append(f'<style:style style:name="{name}" style:family="paragraph" '
                                 f'style:parent-style-name="Standard">'
                                 + self._props_of(style) + "</style:style>")
            style = name
        self.body.append(f'<text:p text:style-name="{style}">{esc(text)}</text:p>')

    def _props_of(self, style):
        # the break-before copy keeps the look of its style
        look = {"Pnote": ("0.92", "start"), "Ptitle": ("1.3", "center"), "Pright": ("1", "end"),
                "Pheading": ("1.1", "start"), "Psechead": ("1", "start"),
                "Pcaption": ("1", "start")}[style]
        fs = self.st["font_size"] * float(look[0])
        return (f'<style:paragraph-properties fo:break-before="page" fo:text-align="{look[1]}" '
                f'fo:margin-top="0.6mm" fo:margin-bottom="0.6mm"/><style:text-properties '
                f'fo:font-size="{fs:.1f}pt" style:font-size-asian="{fs:.1f}pt"/>')

    def table(self, t, brk, header_rows):
        self.ntables += 1
        name = f"Table{self.ntables}"
        self.auto.append(
            f'<style:style style:name="{name}" style:family="table"><style:table-properties '
            f'style:width="100%" table:align="margins" fo:margin-top="0.8mm" fo:margin-bottom="0.8mm"'
            + (' fo:break-before="page"' if brk else "") + "/></style:style>")
        total = sum(t.widths)
        cols = []
        for i, w in enumerate(t.widths):
            cname = f"{name}.C{i}"
            self.auto.append(f'<style:style style:name="{cname}" style:family="table-column">'
                             f'<style:table-column-properties style:rel-width="{int(w * 65535 / total)}*"/>'
                             "</style:style>")
            cols.append(f'<table:table-column table:style-name="{cname}"/>')
        start = {(c.row, c.col): c for c in t.cells}
        covered = set()
        for c in t.cells:
            for r in range(c.row, c.row + c.rs):
                for k in range(c.col, c.col + c.cs):
                    if (r, k) != (c.row, c.col):
                        covered.add((r, k))
        rows = []
        for r in range(t.rows):
            cells = []
            for k in range(t.cols):
                c = start.get((r, k))
                if c is None:
                    cells.append("<table:covered-table-cell/>")
                    continue
                attrs = ""
                if c.rs > 1:
                    attrs += f' table:number-rows-spanned="{c.rs}"'
                if c.cs > 1:
                    attrs += f' table:number-columns-spanned="{c.cs}"'
                mid = c.th or c.cls in ("num", "val", "inst", "label")
                pstyle = "Pcenter" if (c.th or c.cls == "num") else (
                    "Pjust" if (t.cls == "init" and c.col == 1) else "Pcell")
                paras = []
                for line, lc in zip(c.lines, c.line_classes):
                    body = esc(line)
                    if lc == "ls":
                        body = f'<text:span text:style-name="Tls">{body}</text:span>'
                    paras.append(f'<text:p text:style-name="{pstyle}">{body}</text:p>')
                if not paras:
                    paras.append(f'<text:p text:style-name="{pstyle}"/>')
                cells.append(f'<table:table-cell table:style-name="{"Cmid" if mid else "Ctop"}" '
                             f'office:value-type="string"{attrs}>{"".join(paras)}</table:table-cell>')
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        head = rows[:header_rows]
        rest = rows[header_rows:]
        xml = f'<table:table table:name="{name}" table:style-name="{name}">' + "".join(cols)
        if head:
            xml += "<table:table-header-rows>" + "".join(head) + "</table:table-header-rows>"
        xml += "".join(rest) + "</table:table>"
        self.body.append(xml)

    def document(self):
        styles = self.styles()
        for pi, page in enumerate(self.s.pages):
            for bi, item in enumerate(page["flow"]):
                brk = pi > 0 and bi == 0
                if item[0] == "p":
                    self.paragraph(item[1], item[2], brk)
                else:
                    self.table(item[1], brk, header_rows_of(item[1]))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<office:document {NS} office:version="1.3" '
                'office:mimetype="application/vnd.oasis.opendocument.text">\n'
                + styles + "\n".join(self.auto) + "\n</office:automatic-styles>\n"
                '<office:master-styles><style:master-page style:name="Standard" '
                'style:page-layout-name="pm1"/></office:master-styles>\n'
                "<office:body><office:text>\n" + "\n".join(self.body)
                + "\n</office:text></office:body></office:document>\n")


def header_rows_of(t):
    """The leading rows of a table whose cells are all header cells (or the spanning label)."""
    n = 0
    for r in range(t.rows):
        starting = [c for c in t.cells if c.row == r]
        if starting and all(c.th or c.cls == "label" for c in starting):
            n = r + 1
        else:
            break
    return n


def find_soffice():
    for c in ("soffice", "libreoffice"):
        if shutil.which(c):
            return shutil.which(c)
    raise g.SampleError("soffice not found (scripts/install-deps --samples installs LibreOffice)")


EXTENSION = {"writer": ".fodt", "calc": ".fods"}
FILTERS = {"writer": "writer_pdf_Export", "calc": "calc_pdf_Export"}


def document(sample):
    """The LibreOffice document of a sample, for its renderer."""
    r = sample.d.get("renderer")
    if r == "writer":
        return Fodt(sample).document()
    if r == "calc":
        return Fods(sample).document()
    raise g.SampleError(f"{sample.name}: no LibreOffice renderer {r!r}")


def convert_many(docs, outdir, renderer):
    """Prints LibreOffice documents to PDF (outdir/<stem>.pdf) in one headless soffice process
    with a private profile, so several can run at once."""
    if not docs:
        return
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="tsuzuri-lo-"))
    try:
        cmd = [find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--convert-to", f"pdf:{FILTERS[renderer]}", "--outdir", str(outdir)]
        r = subprocess.run(cmd + [str(d) for d in docs], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=1800)
        if r.returncode != 0:
            raise g.SampleError(f"LibreOffice failed ({r.returncode}): "
                                f"{(r.stdout + r.stderr).decode(errors='replace')[-1500:]}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Calc: a 方眼紙 (graph-paper) sheet
# ---------------------------------------------------------------------------------------------

def text_em(s):
    return sum(0.55 if (ord(ch) < 0x80 or 0xFF61 <= ord(ch) <= 0xFF9F) else 1.0 for ch in s)


def pieces(line):
    """A value line cut as a spreadsheet user types it: label, number and unit in cells of their
    own (「合計回数:」「49」「回」「(うち往診:」「14」「回、訪問診療:」…)."""
    out = []
    for part in re.split(r"([0-9０-９]+)", line):
        if not part:
            continue
        if re.fullmatch(r"[0-9０-９]+", part):
            out.append(part)
        elif out and re.fullmatch(r"[0-9０-９]+", out[-1]) and len(part.strip()) > 1:
            unit = part[0] if part[0] != " " else part[:2]
            out.append(unit)
            out.append(part[len(unit):])
        else:
            out.append(part)
    return [p for p in out if p != ""]


class Fods:
    """A sheet whose columns are a fine grid; every field is a merged range of grid cells, with
    its borders set on each grid cell of its outline (so a ruling line is many short strokes)."""

    def __init__(self, sample):
        self.s = sample
        self.st = st = sample.style
        self.scale = st.get("calc_scale", 0.85)
        self.fs = st["font_size"] / self.scale            # sheet font size, pt
        fs_mm = self.fs * 0.3528
        self.gw = round(fs_mm * 1.5, 2)                   # grid column width, mm
        self.gh = round(fs_mm * st["line_height"] + 0.9, 2)   # grid row height, mm
        w, h = PAGE_MM[st["page_size"]]
        if st["orientation"] == "landscape":
            w, h = h, w
        self.page_w, self.page_h = w, h
        self.ncols = int((w - 20) / self.scale / self.gw) - 1
        self.grid = {}          # (row, col) -> dict
        self.breaks = set()     # rows that start a new page
        self.row = 0
        self.styles = {}

    # -- placing --

    def lines_needed(self, lines, cols):
        width = cols * self.gw - 1.5
        per = max(1.0, width / (self.fs * 0.3528))
        return sum(max(1, math.ceil(text_em(t) * 1.08 / per)) for t in (lines or [""]))

    def put(self, r, c, rs, cs, lines, edges=frozenset(), halign="start", valign="top"):
        """A merged range with text lines; edges of the range's outline to rule."""
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                e = set()
                if "top" in edges and rr == r:
                    e.add("top")
                if "bottom" in edges and rr == r + rs - 1:
                    e.add("bottom")
                if "left" in edges and cc == c:
                    e.add("left")
                if "right" in edges and cc == c + cs - 1:
                    e.add("right")
                self.grid[(rr, cc)] = {"kind": "covered", "edges": e}
        top = self.grid[(r, c)]
        top.update(kind="cell", rs=rs, cs=cs, lines=lines, halign=halign, valign=valign)

    def rule(self, r, c, rs, cs):
        """Adds the outline of an area to the edges of its grid cells (already placed)."""
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                g_ = self.grid.setdefault((rr, cc), {"kind": "empty", "edges": set()})
                if rr == r:
                    g_["edges"].add("top")
                if rr == r + rs - 1:
                    g_["edges"].add("bottom")
                if cc == c:
                    g_["edges"].add("left")
                if cc == c + cs - 1:
                    g_["edges"].add("right")

    def paragraph(self, cls, text):
        rs = self.lines_needed([text], self.ncols)
        halign = {"title": "center", "right": "end"}.get(cls, "start")
        self.put(self.row, 0, rs, self.ncols, [text], halign=halign)
        self.row += rs

    def table(self, t):
        bounds = [0]
        total = sum(t.widths)
        acc = 0
        for w in t.widths:
            acc += w
            bounds.append(round(acc / total * self.ncols))
        # rows needed per table row
        need = [1] * t.rows
        layouts = {}
        for c in t.cells:
            c0, c1 = bounds[c.col], bounds[c.col + c.cs]
            if c.cls in ("val", "num") and c.lines:
                lay = self.piece_lines(c, c1 - c0)
                layouts[id(c)] = lay
                n = len(lay)
            else:
                n = self.lines_needed(c.lines, c1 - c0)
            if c.rs == 1:
                need[c.row] = max(need[c.row], n)
        for c in t.cells:
            if c.rs > 1:
                n = self.lines_needed(c.lines, bounds[c.col + c.cs] - bounds[c.col])
                have = sum(need[c.row:c.row + c.rs])
                if have < n:
                    need[c.row + c.rs - 1] += n - have
        start = [self.row]
        for n in need:
            start.append(start[-1] + n)
        for c in t.cells:
            r0, r1 = start[c.row], start[c.row + c.rs]
            c0, c1 = bounds[c.col], bounds[c.col + c.cs]
            centered = c.th or c.cls == "num"
            if id(c) in layouts:
                lay = layouts[id(c)]
                top = r0 + (r1 - r0 - len(lay)) // 2
                for rr in range(r0, r1):
                    for cc in range(c0, c1):
                        self.grid[(rr, cc)] = {"kind": "empty", "edges": set()}
                for li, line in enumerate(lay):
                    used = sum(w for _, w in line)
                    cc = c0 + ((c1 - c0 - used) // 2 if centered else 0)
                    for text, w in line:
                        self.put(top + li, cc, 1, w, [text],
                                 halign="end" if re.fullmatch(r"[0-9０-９]+", text) else "start",
                                 valign="middle")
                        cc += w
            else:
                self.put(r0, c0, r1 - r0, c1 - c0, c.lines,
                         halign="center" if centered else "start",
                         valign="middle" if (c.th or c.cls in ("inst", "label", "num", "val")) else "top")
            self.rule(r0, c0, r1 - r0, c1 - c0)
        self.row = start[-1]

    def piece_lines(self, cell, cols):
        """The pieces of a value cell laid out in lines of at most `cols` grid columns."""
        out = []
        for line in cell.lines:
            cur, used = [], 0
            for p in pieces(line):
                w = max(1, math.ceil(text_em(p) * self.fs * 0.3528 * 1.1 / self.gw))
                if cur and used + w > cols:
                    out.append(cur)
                    cur, used = [], 0
                cur.append((p, min(w, cols)))
                used += w
            out.append(cur)
        return out

    # -- writing --

    def style(self, entry):
        key = (tuple(sorted(entry.get("edges", ()))), entry.get("halign", "start"),
               entry.get("valign", "top"), entry.get("kind") == "cell" and (
                   entry.get("cs", 1) > 1 or entry.get("rs", 1) > 1))
        if key not in self.styles:
            self.styles[key] = f"ce{len(self.styles) + 1}"
        return self.styles[key]

    def style_xml(self):
        b = f'{self.st["border"]} solid #000000'
        out = []
        for (edges, halign, valign, wrap), name in self.styles.items():
            props = "".join(f' fo:border-{e}="{b}"' for e in edges)
            out.append(
                f'<style:style style:name="{name}" style:family="table-cell" '
                f'style:parent-style-name="Default"><style:table-cell-properties{props} '
                f'style:vertical-align="{valign}" fo:wrap-option="{"wrap" if wrap else "no-wrap"}" '
                f'fo:padding="0.2mm"/><style:paragraph-properties fo:text-align="{halign}"/>'
                "</style:style>")
        return "\n".join(out)

    def document(self):
        for pi, page in enumerate(self.s.pages):
            if pi > 0:
                self.breaks.add(self.row)
            for item in page["flow"]:
                if item[0] == "p":
                    self.paragraph(item[1], item[2])
                else:
                    self.table(item[1])
                self.row += 1          # an empty grid row between blocks
        rows = []
        for r in range(self.row):
            cells = []
            for c in range(self.ncols):
                e = self.grid.get((r, c))
                if e is None:
                    cells.append("<table:table-cell/>")
                elif e["kind"] == "covered":
                    cells.append(f'<table:covered-table-cell table:style-name="{self.style(e)}"/>')
                elif e["kind"] == "empty":
                    cells.append(f'<table:table-cell table:style-name="{self.style(e)}"/>')
                else:
                    attrs = ""
                    if e["rs"] > 1:
                        attrs += f' table:number-rows-spanned="{e["rs"]}"'
                    if e["cs"] > 1:
                        attrs += f' table:number-columns-spanned="{e["cs"]}"'
                    paras = "".join(f"<text:p>{esc(x)}</text:p>" for x in e["lines"]) or ""
                    vt = ' office:value-type="string" calcext:value-type="string"' if paras else ""
                    cells.append(f'<table:table-cell table:style-name="{self.style(e)}"{vt}{attrs}>'
                                 f"{paras}</table:table-cell>")
            rs = "robrk" if r in self.breaks else "ro"
            rows.append(f'<table:table-row table:style-name="{rs}">' + "".join(cells)
                        + "</table:table-row>")
        st = self.st
        fs = self.fs
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<office:document {NS} '
                'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
                'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n'
                f"""<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{st['font']}'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="table-cell"><style:text-properties style:font-name="F"
 style:font-name-asian="F" style:font-name-complex="F" fo:font-size="{fs:.2f}pt"
 style:font-size-asian="{fs:.2f}pt" style:font-size-complex="{fs:.2f}pt" fo:language="ja"
 fo:country="JP" style:language-asian="ja" style:country-asian="JP"/></style:default-style>
<style:style style:name="Default" style:family="table-cell"/>
</office:styles>
<office:automatic-styles>
<style:style style:name="co" style:family="table-column"><style:table-column-properties style:column-width="{self.gw}mm"/></style:style>
<style:style style:name="ro" style:family="table-row"><style:table-row-properties style:row-height="{self.gh}mm" style:use-optimal-row-height="false"/></style:style>
<style:style style:name="robrk" style:family="table-row"><style:table-row-properties style:row-height="{self.gh}mm" style:use-optimal-row-height="false" fo:break-before="page"/></style:style>
<style:style style:name="ta" style:family="table" style:master-page-name="Grid"><style:table-properties table:display="true"/></style:style>
<style:page-layout style:name="pm"><style:page-layout-properties fo:page-width="{self.page_w}mm"
 fo:page-height="{self.page_h}mm" style:print-orientation="{st['orientation']}" fo:margin-top="10mm"
 fo:margin-bottom="10mm" fo:margin-left="10mm" fo:margin-right="10mm"
 style:scale-to="{int(round(self.scale * 100))}%" style:print="objects charts drawings"/>
<style:header-style/><style:footer-style/></style:page-layout>
%STYLES%
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Grid" style:page-layout-name="pm">
<style:header style:display="false"/><style:footer style:display="false"/></style:master-page></office:master-styles>
<office:body><office:spreadsheet><table:table table:name="別添1-2" table:style-name="ta">
<table:table-column table:style-name="co" table:number-columns-repeated="{self.ncols}"/>
"""
                + "\n".join(rows)
                + "\n</table:table></office:spreadsheet></office:body></office:document>\n"
                ).replace("%STYLES%", self.style_xml())
