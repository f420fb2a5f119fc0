"""The LibreOffice renderers of the corpus. Writer: a sample's pages as a flat ODF text document (.fodt),
printed to PDF by LibreOffice Writer headless (`libreoffice-writer-nogui`).

What it looks like: ruled tables whose header rows are Writer header rows (table-header-rows),
the long label a vertically merged cell, the 取組内容 paragraphs justified, one page per content
page (a page break before the first block of every later page). The text of every cell is the
sample's printed text, so the checks of generate.py apply unchanged. Standard library only.
"""

import html
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


EXTENSION = {"writer": ".fodt"}
FILTERS = {"writer": "writer_pdf_Export"}


def document(sample):
    """The LibreOffice document of a sample, for its renderer."""
    r = sample.d.get("renderer")
    if r == "writer":
        return Fodt(sample).document()
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
