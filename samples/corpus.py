#!/usr/bin/env python3
"""Draws a varied corpus of grouping reports from seeds and renders it (docs/samples.md, "Corpus").

For every seed of a split, and every renderer asked for, this draws one content file (the single
source of truth, same schema as samples/content/, see docs/samples.md) and writes:
  OUT/content/<split>/<name>.json     the drawn content (structure, style, numbers, page flow)
  OUT/<split>/<name>.pdf              the rendering
  OUT/<split>/<name>.expected.json    the `tsuzuri extract --json` contract, from the content only
  OUT/<split>/<name>.cells.json       every ruled table with its cells, from the content only
<name> is <renderer>-<font family>-<seed>. Dev and check seeds draw from different random streams
(the split is part of the seed), so a check document is never a dev document.

Usage:
  samples/corpus.py --split dev --seeds 1-12                 # into samples/corpus
  samples/corpus.py --split check --seeds 100-159 --out DIR  # a check set, somewhere else
  samples/corpus.py --rerender samples/corpus/content/dev/*.json   # again from content files
Nothing here runs tsuzuri. Needs what samples/generate.py needs (Chromium, fonts, pdftotext).
"""

import argparse
import collections
import json
import math
import random
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate as g  # noqa: E402
import office  # noqa: E402

HERE = Path(__file__).resolve().parent
RENDERERS = ["html", "writer", "calc"]
# font family key -> font name; the name of a document carries the key
FONT_FAMILIES = {
    "mincho": "IPAMincho", "gothic": "IPAGothic", "pmincho": "IPAPMincho",
    "pgothic": "IPAPGothic", "noto-serif": "Noto Serif CJK JP", "noto-sans": "Noto Sans CJK JP",
}
FAMILY_KEYS = list(FONT_FAMILIES)

# ---------------------------------------------------------------------------------------------
# Pools (wording after the real reports in the project's reference texts)
# ---------------------------------------------------------------------------------------------

PLACES = ["ひばり台", "さくら坂", "みずほ野", "緑町", "東山", "西が丘", "若葉台", "青葉", "竜ヶ崎",
          "つくば", "桜川", "霞ヶ浦", "牛久", "土浦", "石岡", "北浦", "南町", "中央", "駅前",
          "松山", "竹園", "梅ヶ丘", "あおぞら", "ひまわり", "たんぽぽ", "かがやき", "こもれび",
          "ゆうあい", "希望ヶ丘", "宮本", "中沢", "有馬", "小林", "鈴木", "高橋", "田中", "川辺",
          "大野", "白十字", "天竜", "もりおか", "長崎", "筑波山麓", "みらい平", "研究学園", "龍ケ岡"]
SPECIALTIES = ["クリニック", "内科クリニック", "内科医院", "診療所", "皮膚科クリニック", "皮膚科医院",
               "耳鼻咽喉科", "耳鼻咽喉科クリニック", "整形外科", "整形外科クリニック",
               "こどもクリニック", "眼科医院", "在宅クリニック", "往診クリニック", "病院",
               "医院", "ファミリークリニック", "総合病院", "在宅診療所", "消化器内科クリニック"]
NURSING = ["訪問看護ステーション", "訪問看護リハビリステーション"]
CORPS = ["医療法人社団", "医療法人", "医療法人財団", "社会医療法人", "社会福祉法人"]
KAI = ["青葉", "恵和", "葵", "慈恵", "清風", "翠明", "仁愛", "博愛", "健生", "秀和", "光風", "誠心",
       "天竜厚生", "鶴岡", "真心", "桜友"]
COMPANIES = ["ケアーズ", "ケアサポート", "メディカルプラン", "ライフケア", "ハートフル"]


def draw_name(rng):
    place = rng.choice(PLACES)
    r = rng.random()
    if r < 0.12:
        return f"(株){rng.choice(COMPANIES)}{place}{rng.choice(NURSING)}"
    if r < 0.25:
        return f"{place}{rng.choice(NURSING)}"
    if r < 0.30:
        return f"一般社団法人{place}市医師会{rng.choice(NURSING)}"
    spec = rng.choice(SPECIALTIES)
    if r < 0.55:
        return f"{rng.choice(CORPS)}{rng.choice(KAI)}会{place}{spec}"
    return f"{place}{spec}"


def draw_names(rng, n):
    names = []
    while len(names) < n:
        s = draw_name(rng)
        if s not in names and not any(s in x or x in s for x in names):
            names.append(s)
    return names


def draw_initiatives(rng, names, wording):
    a, b = names[0], names[min(1, len(names) - 1)]
    nurse = next((x for x in names if "訪問看護" in x), "地域の訪問看護ステーション")
    m = rng.sample(range(1, 13), 4)
    titles = {
        "reiwa": ["グループ化した医療機関等を支える取組",
                  "患者・家族を中心とした在宅医療を推進するための取組",
                  "在宅医療についての普及啓発活動等の取組を行う取組"],
        "h30": ["これから在宅医療への参入又は拡充に取り組む医療機関同士の連携強化を図るための取組",
                "在宅医療を提供する連携体制として必要な拠点機能を担う取組",
                "在宅医療についての普及啓発活動等の取組"],
    }[wording]
    notes = ["※グループ内の取組に関すること。", "※地域との連携に関すること。", None]
    pool1 = [
        f"①事務局、調整機能を担う方:{a}",
        "②打ち合わせ等の内容・開催方法・回数・参加機関等:",
        f"・{rng.choice([1, 2, 3])}か月に1回、{a}に全体で集まり症例検討会を行います。",
        "③体制作りのための取組内容等:",
        f"・{'、'.join(names[:3])}が在宅医療を行っている利用者に対し、主治医が対応できない事情が"
        "発生した場合には代わりに対応できるよう、相互に協力し合う体制を継続していきます。",
        f"・上記の医療機関において訪問看護が必要になった場合は、{nurse}に相談します。",
        "・ICTツール(MCS)の活用が不十分なため、徐々にグループ内のICT化を進めていきます。",
        "・後方支援を行う病院で依頼した患者さんの症例検討会と回診を行います。",
        "・夜間・休日の急変時は、後方支援病院の地域連携室と連携して患者の受け入れを行います。",
    ]
    pool2 = [
        f"①事務局、調整機能を担う方:{b}",
        "②打ち合わせ等の内容・開催方法・回数・参加機関等:",
        f"多職種での症例検討会を{rng.choice([2, 3, 6])}か月に1回行います。",
        "③グループ内の取組課題を地域に提案、地域で解決に向けた取組等:",
        "・連携する各医療機関・地域包括支援センターが地域における日常の取組課題について、打合せ会を行います。",
        "・地域包括支援センターが受ける相談のうち、診療や医療に関する相談について対応します。",
        "・連携する各医療機関内において解決が難しい課題については、地域課題として「地域ケア会議」へ提案していきます。",
    ]
    pool3 = [
        "記載のポイント(主催、誰が・誰に対して行うのか、開催頻度、取組内容)",
        "・地域包括支援センターが主催する市民対象の講演会を医師会・訪問看護ステーションが協力して行います。",
        "・人生会議(ACP)をテーマにした市民講座を行います。",
        "・自治会の集まりに出向き、在宅医療の相談先を紹介します。",
        "・広報としてのチラシを作成し配布します。",
    ]
    out = []
    for no, (pool, title, note) in enumerate(zip((pool1, pool2, pool3), titles, notes), 1):
        k = rng.randint(max(2, len(pool) - 4), len(pool))
        content = pool[:k] if rng.random() < 0.5 else [pool[0]] + sorted(
            rng.sample(pool[1:], k - 1), key=pool.index)
        word = ["症例検討会", "多職種による症例検討会", "研修・講演会"][no - 1]
        ini = {"no": no, "title": title, "content": content,
               "current": [f"{word}{rng.randint(0, 4)}回"],
               "target": [f"{word}{m[0]}月、{m[1]}月に予定"] if rng.random() < 0.6
               else [f"{word}{rng.choice(['1~2', '2', '3', '4'])}回"],
               "actual": [f"{m[0]}/{rng.randint(1, 28)},{m[1]}/{rng.randint(1, 28)}{word}実施"]}
        if rng.random() < 0.15:
            ini["actual"] = []
        if note:
            ini["note"] = note
        out.append(ini)
    return out


def draw_effects(rng, names):
    n = len(names)
    pat, vis, dea = [], [], []
    for _ in range(n):
        big = rng.random() < 0.3
        c = rng.randint(0, 60 if big else 12)
        pat.append([c, c + rng.randint(0, 8), max(0, c + rng.randint(-3, 10))])
        row = []
        for _p in range(3):
            o = rng.randint(0, 40 if big else 8)
            h = rng.randint(0, 300 if big else 30)
            row.append([o + h, o, h])
        vis.append(row)
        drow = []
        for _p in range(2):
            d = rng.randint(0, 10 if big else 3)
            drow.append([d, rng.randint(0, d)])
        dea.append(drow)

    def total(rows):
        if isinstance(rows[0][0], list):
            return [[sum(r[p][k] for r in rows) for k in range(len(rows[0][p]))]
                    for p in range(len(rows[0]))]
        return [sum(r[p] for r in rows) for p in range(len(rows[0]))]

    ref = {}
    for m in ("referrals", "emergency_admissions", "reverse_referrals"):
        before, after = rng.randint(0, 30), rng.randint(0, 30)
        ref[m] = [before, after, after - before]
    return {"institutions": names,
            "patients": {"rows": pat, "total": total(pat)},
            "visits": {"rows": vis, "total": total(vis)},
            "deaths": {"rows": dea, "total": total(dea)},
            "referrals": ref}


def plant(rng, eff):
    """Plants inconsistencies and blanks (the generator's rules then list them as findings)."""
    planted = []
    n = len(eff["institutions"])
    if rng.random() < 0.25:                                   # a printed total that disagrees
        sec = rng.choice(["patients", "visits", "deaths"])
        p = rng.randrange(len(eff[sec]["total"]))
        if sec == "patients":
            eff[sec]["total"][p] += rng.choice([-2, -1, 1, 3])
        else:
            k = 0 if sec == "deaths" else rng.randrange(3)
            eff[sec]["total"][p][k] += rng.choice([1, 2, 5])
            if sec == "deaths" and k == 0:
                pass
        planted.append(f"total row of {sec} disagrees with its rows")
    if rng.random() < 0.15:                                   # 合計回数 ≠ 往診 + 訪問診療
        i, p = rng.randrange(n), rng.randrange(3)
        eff["visits"]["rows"][i][p][0] += 1
        eff["visits"]["total"][p][0] += 1
        planted.append("a visits breakdown that does not add up")
    if rng.random() < 0.15:                                   # 差 ≠ 実績 − 現状
        m = rng.choice(["referrals", "emergency_admissions", "reverse_referrals"])
        eff["referrals"][m][2] += rng.choice([-1, 1])
        planted.append("a 差 that is not 実績 − 現状")
    if rng.random() < 0.2:                                    # blank cells
        i, p = rng.randrange(n), rng.randrange(3)
        eff["patients"]["rows"][i][p] = None
        planted.append("a blank patients cell")
    if rng.random() < 0.1:
        i, p = rng.randrange(n), rng.randrange(2)
        eff["deaths"]["rows"][i][p][1] = None
        planted.append("a blank 医療機関以外 number")
    return planted


def draw_style(rng, family, fy, n_inst):
    pick = rng.choice
    style = {
        "orientation": pick(["landscape", "portrait"]),
        "page_size": "A3" if rng.random() < 0.2 else "A4",
        "font": FONT_FAMILIES[family],
        "font_size": pick([7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11]),
        "text_digits": pick(["full", "half"]),
        "value_digits": pick(["full", "half", "half"]),
        "punct": pick(["full", "half"]),
        "colon": pick(["full", "none", "after", "both"]),
        "unit_space": rng.random() < 0.5,
        "jp_digit_space": rng.random() < 0.25,
        "spaced_headings": pick(["ideographic", "nbsp", "letter-spacing", "none"]),
        "era_letters": pick(["full", "half"]),
        "negative": pick(["minus", "triangle", "ascii"]),
        "header_rows": pick([1, 2]),
        "group_label": pick(["実施状況", "期間", "区分", "取組の状況"]),
        "label_position": pick(["left", "left", "row", "caption"]),
        "period_notes": rng.random() < 0.6,
        "institution_note": rng.random() < 0.6,
        "kabu_symbol": rng.random() < 0.5,
        "name_space": rng.random() < 0.4,
        "border": pick(["0.5pt", "0.75pt", "1pt"]),
        "line_height": pick([1.2, 1.3, 1.4]),
    }
    breaks = [[sec, p] for sec in ("visits", "deaths") for p in g.PERIODS[sec] if rng.random() < 0.15]
    style["value_breaks"] = breaks
    if style["font_size"] >= 10 and style["page_size"] == "A4" and n_inst > 8:
        style["font_size"] = 9
    return style


# ---------------------------------------------------------------------------------------------
# Page flow: blocks per page from estimated heights (Chromium's page count is checked after)
# ---------------------------------------------------------------------------------------------

PAGE_MM = {"A4": (210, 297), "A3": (297, 420)}
PT = 0.3528


def text_em(s, full_digits):
    w = 0.0
    for ch in s:
        o = ord(ch)
        if o < 0x80:
            w += 1.0 if (full_digits and ch.isdigit()) else 0.55
        else:
            w += 1.0
    return w


class Flow:
    def __init__(self, content, style, budget):
        self.c, self.st = content, style
        w, h = PAGE_MM[style["page_size"]]
        if style["orientation"] == "landscape":
            w, h = h, w
        self.width = w - 22
        self.height = (h - 20) * budget
        self.fs = style["font_size"] * PT
        self.lh = self.fs * style["line_height"]
        self.full = style["text_digits"] == "full"
        self.pages = [[]]
        self.used = 0.0

    def lines(self, texts, pct, scale=1.0):
        cw = self.width * pct / 100 - 2.5
        n = 0
        for t in texts or [""]:
            n += max(1, math.ceil(text_em(t, self.full) * self.fs * scale / max(cw, 5)))
        return n

    def para(self, text, scale=0.92):
        return self.lines([text], 100, scale) * self.lh * scale + 1.5

    def row(self, cells):
        """cells: [(texts, width pct)]."""
        return max(self.lines(t, p) for t, p in cells) * self.lh + 1.2

    def fits(self, h):
        return self.used + h <= self.height

    def put(self, block, h):
        if not self.fits(h) and self.pages[-1]:
            self.new_page()
        self.pages[-1].append(block)
        self.used += h

    def new_page(self):
        self.pages.append([])
        self.used = 0.0


def effect_widths(style, sec):
    land = style["orientation"] == "landscape"
    n = len(g.PERIODS[sec])
    if style["label_position"] != "left":
        return ([22] + [26] * 3) if n == 3 else ([26, 37, 37])
    if land:
        return ([12, 19] + [23] * 3) if n == 3 else ([12, 22, 33, 33])
    return ([13, 18, 23, 23, 23]) if n == 3 else ([13, 21, 33, 33])


def row_texts(content, sec, i):
    eff = content["effects"]
    if i == "total":
        vals, name = eff[sec]["total"], g.TOTAL_LABEL
    else:
        vals, name = eff[sec]["rows"][i], eff["institutions"][i]
    if sec == "patients":
        cells = [["00 名"] for _ in vals]
    elif sec == "visits":
        cells = [["合計回数: 000 回(うち往診: 00 回、訪問診療: 000 回)"] for _ in vals]
    else:
        cells = [["死亡患者数: 00 名(うち医療機関以外: 00 名)"] for _ in vals]
    return [[name]] + cells


def plan_pages(content, style, budget, rng_flow):
    f = Flow(content, style, budget)
    wording = g.WORDING[content["wording"]]
    opts = content["_flow"]
    if opts["title"]:
        f.put({"block": "title"}, f.para("x" * 30, 1.3) + 2)
    if opts["betten"]:
        f.put({"block": "text", "text": "別添1-2", "class": "right"}, f.lh + 1.5)
    f.put({"block": "heading", "of": "initiatives"}, f.para(wording["initiatives_heading"], 1.1) + 1)
    land = style["orientation"] == "landscape"
    iw = [13, 45, 14, 14, 14] if land else [15, 37, 16, 16, 16]
    head_h = f.row([(["取組事項"], iw[0]), (["取組内容"], iw[1])] +
                   [([wording[k][0], wording[k][1]], iw[2]) for k in ("current", "target", "actual")])
    block = None
    nblocks = 0
    for ini in content["initiatives"]:
        paras = ini["content"]
        status = [ini["current"], ini["target"], ini["actual"]]
        title = [f"{ini['no']} {ini['title']}", ini.get("note", "")]
        lo = 0
        while lo < len(paras):
            def part_h(hi):
                cells = [(title if lo == 0 else [], iw[0]), (paras[lo:hi], iw[1])]
                if lo == 0:
                    cells += [(x, iw[2]) for x in status]
                return f.row(cells)
            header = block is None and (nblocks == 0 or opts["repeat_header"])
            extra = head_h if header else 0
            hi = len(paras)
            if opts["init_break"] and opts["init_break"][0] == ini["no"] and lo == 0:
                hi = opts["init_break"][1]
            while hi > lo + 1 and not f.fits(part_h(hi) + extra):
                hi -= 1
            if not f.fits(part_h(hi) + extra) and f.pages[-1]:
                f.new_page()
                block = None
                continue
            if block is None:
                block = {"block": "initiatives", "rows": []}
                if nblocks:
                    block["header"] = header
                nblocks += 1
                f.pages[-1].append(block)
                f.used += extra
            spec = {"no": ini["no"]}
            if lo:
                spec["from"] = lo
            if hi < len(paras):
                spec["to"] = hi
            block["rows"].append(spec if len(spec) > 1 else ini["no"])
            f.used += part_h(hi)
            lo = hi
            if lo < len(paras):
                f.new_page()
                block = None
    if opts["closing_note"]:
        f.put({"block": "text", "text": opts["closing_note"]}, f.para(opts["closing_note"]))
    if content["effects"] is None:
        return f.pages
    if opts["effects_new_page"] and f.pages[-1]:
        f.new_page()
    f.put({"block": "heading", "of": "effects"}, f.para(g.EFFECTS_HEADING, 1.1) + 1)
    n = len(content["effects"]["institutions"])
    for sec in ("patients", "visits", "deaths"):
        w = effect_widths(style, sec)
        off = 1 if style["label_position"] == "left" else 0
        P = g.PERIODS[sec]
        hdr = [([g.INSTITUTION_HEADER[0], g.INSTITUTION_HEADER[1]], w[off])] + [
            ([wording[k][0], wording[k][1] if style["period_notes"] else ""], w[off + 1])
            for k in (["current", "target", "actual"][:len(P)] if sec != "deaths" else ["current", "actual"])]
        hdr_h = f.row(hdr) * (2 if style["header_rows"] == 2 else 1)
        if style["label_position"] in ("row", "caption"):
            hdr_h += f.para(g.SECTION_LABELS[sec], 1.0)
        heading_h = f.para(g.SECTION_HEADINGS[sec], 1.0) if opts["headings"] else 0
        rows = list(range(n)) + ["total"]
        hs = [f.row([(t, w[off + j]) for j, t in enumerate(row_texts(content, sec, i))]) for i in rows]
        if style["label_position"] == "left":
            label_h = f.lines([g.SECTION_LABELS[sec]], w[0]) * f.lh + 1.2
        else:
            label_h = 0
        notes_h = sum(f.para(x) for x in g.SECTION_NOTES[sec]) if opts["notes"] else 0
        first_h = heading_h + hdr_h + max(hs[0], label_h - hdr_h)
        if not f.fits(first_h) and f.pages[-1]:
            f.new_page()
        blk = {"block": "effect", "section": sec, "rows": [], "total": False, "notes": False}
        if not opts["headings"]:
            blk["heading"] = False
        f.pages[-1].append(blk)
        f.used += heading_h + hdr_h
        body = 0.0
        for i, h in zip(rows, hs):
            force = opts["total_alone"] == sec and i == "total"
            if force or not f.fits(h + (notes_h if i == "total" else 0)):
                if blk["rows"] or blk["total"]:
                    f.used = max(f.used, f.used - body + label_h)
                    f.new_page()
                    blk = {"block": "effect", "section": sec, "rows": [], "total": False,
                           "notes": False, "heading": False}
                    if opts["repeat_header"]:
                        blk["header"] = True
                        blk["repeat_header"] = True
                        f.used += hdr_h
                    else:
                        blk["header"] = False
                    f.pages[-1].append(blk)
                    body = 0.0
            if i == "total":
                blk["total"] = True
            else:
                blk["rows"].append(i)
            f.used += h
            body += h
        if style["label_position"] == "left" and body < label_h:
            f.used += label_h - body
        if opts["notes"]:
            blk["notes"] = True
            f.used += notes_h
    for b in (b for p in f.pages for b in p if b.get("block") == "effect"):
        if b.get("rows") == list(range(n)):
            b["rows"] = "all"
        if b.get("total") is True:
            b.pop("total")
        if b.get("notes") is True:
            b.pop("notes")
    ref_h = heading_h_ref = f.para(g.SECTION_HEADINGS["referrals"], 1.0) if opts["headings"] else 0
    ref_h += 4 * (2 * f.lh + 1.5) + f.lh
    blk = {"block": "effect", "section": "referrals"}
    if not opts["headings"]:
        blk["heading"] = False
    del heading_h_ref
    f.put(blk, ref_h)
    if opts["public_note"]:
        note = "※本票(別添1-2)は公表資料として活用する。(取組状況に応じて随時、修正するものとする)。"
        f.put({"block": "text", "text": note}, f.para(note))
    return [p for p in f.pages if p]


# ---------------------------------------------------------------------------------------------
# Drawing a document
# ---------------------------------------------------------------------------------------------

def draw(split, seed, renderer):
    rng = random.Random(f"tsuzuri-corpus:{split}:{seed}:{renderer}")
    family = FAMILY_KEYS[seed % len(FAMILY_KEYS)]
    fy = rng.choice([2018, 2019, 2020, 2021, 2022, 2023, 2024])
    wording = "h30" if fy == 2018 else "reiwa"
    with_effects = rng.random() < 0.9
    # the Noto fonts are embedded as Type 3 fonts (~1 KB a glyph): keep those documents short
    noto = family.startswith("noto")
    n_inst = rng.randint(1, 6 if noto else 12)
    names = draw_names(rng, n_inst)
    style = draw_style(rng, family, fy, n_inst)
    # drawn from a stream of its own, so that adding it left the other draws as they were
    style["calc_scale"] = random.Random(f"tsuzuri-corpus:{split}:{seed}:{renderer}:scale").choice(
        [0.7, 0.8, 0.9, 1.0])
    content = {
        "summary": f"corpus {split} seed {seed}: {renderer}, {style['font']} {style['font_size']} pt, "
                   f"{style['page_size']} {style['orientation']}, {n_inst if with_effects else 0} institutions",
        "covers": [],
        "renderer": renderer,
        "kind": "grouping-report",
        "wording": wording,
        "fiscal_year": fy,
        "style": style,
        "group_name": (f"{rng.choice(PLACES)}地区グループ{rng.randint(1, 5)}"
                       if rng.random() < 0.35 else None),
        "initiatives": draw_initiatives(rng, names, wording),
        "effects": None,
    }
    planted = []
    if with_effects:
        content["effects"] = draw_effects(rng, names)
        planted = plant(rng, content["effects"])
    if noto:
        for ini in content["initiatives"]:
            ini["content"] = ini["content"][:3]
    flow = {
        "title": rng.random() < 0.7,
        "betten": rng.random() < 0.6,
        "headings": rng.random() < 0.85,
        "notes": rng.random() < 0.6,
        "repeat_header": rng.random() < 0.5,
        "effects_new_page": rng.random() < 0.5,
        "total_alone": rng.choice(["patients", "visits", "deaths"]) if rng.random() < 0.25 else None,
        "init_break": None,
        "closing_note": rng.choice([None, "※これから在宅医療への参入又は拡充に取り組む医療機関等の"
                                    "連携強化を支援する取り組みについて記載するものとする。"]),
        "public_note": rng.random() < 0.4,
    }
    if not flow["title"] and not with_effects:
        flow["title"] = True   # the year must be printed somewhere
    if rng.random() < 0.2:
        no = rng.randint(1, 3)
        k = len(content["initiatives"][no - 1]["content"])
        if k >= 2:
            flow["init_break"] = [no, rng.randint(1, k - 1)]
    content["_flow"] = flow
    covers = [f"renderer {renderer}, font {style['font']} {style['font_size']} pt, "
              f"{style['page_size']} {style['orientation']}",
              ("initiatives only" if not with_effects else f"effect tables: {style['header_rows']}-row header")
              + (f" under group label 「{style['group_label']}」" if style["header_rows"] == 2 else "")
              + ("" if not with_effects else f", label as {style['label_position']}, period notes "
                 + ("shown" if style["period_notes"] else "left out")),
              f"{'平成30年度' if fy == 2018 else '令和'} wording, fiscal year {fy}",
              ]
    covers += [f"planted: {p}" for p in planted]
    content["covers"] = covers
    return content, family


def describe_flow(pages):
    """What the page flow exercises, read from the planned pages."""
    out = [f"{len(pages)} pages"]
    for pi, blocks in enumerate(pages):
        for b in blocks:
            if b.get("block") == "effect" and b.get("header") is False:
                what = "its total row alone" if b.get("rows") == [] else "continued"
                out.append(f"page {pi + 1}: table {b['section']} {what}, no repeated header")
            elif b.get("block") == "effect" and b.get("repeat_header"):
                what = "its total row alone" if b.get("rows") == [] else "continued"
                out.append(f"page {pi + 1}: table {b['section']} {what} under a repeated header")
            elif b.get("block") == "initiatives":
                for r in b["rows"]:
                    if isinstance(r, dict) and "from" in r:
                        out.append(f"page {pi + 1}: initiative {r['no']} continued "
                                   + ("under a repeated header" if b.get("header", True)
                                      else "without a header"))
    return out


def finish(content, budget):
    """Content with its page flow planned (the _flow draw removed)."""
    c = dict(content)
    flow = c.pop("_flow")
    c["pages"] = plan_pages(dict(content, _flow=flow), c["style"], budget, None)
    c["covers"] = list(c["covers"]) + describe_flow(c["pages"])
    # the findings the content's numbers give (the planted inconsistencies and blanks)
    if c["effects"] is not None:
        s = g.Sample("draw", dict(c, intended_findings=[]))
        found = []
        for sec in g.SECTIONS:
            _, fs = g.evaluate(sec, s.section_rows(sec))
            found += [[f["rule"], f["section"], f["period"], f["metric"]] for f in fs]
        c["intended_findings"] = found
    else:
        c["intended_findings"] = []
    return c


BUDGETS = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]


def render_one(job):
    """An HTML document: drawn page flows are tried with smaller height budgets until Chromium
    prints exactly the planned pages."""
    content, name, out_split, content_dir, chromium, verify, max_kb = job
    with tempfile.TemporaryDirectory(prefix="tsuzuri-corpus-") as tmp:
        tmp = Path(tmp)
        last = None
        for budget in BUDGETS if "_flow" in content else [None]:
            c = finish(content, budget) if budget is not None else content
            try:
                s, rec, size = g.render(name, c, chromium, tmp, out_split, verify=verify,
                                        max_bytes=max_kb * 1024, compact=True)
            except g.PageCountError as e:
                last = e
                continue
            (content_dir / f"{name}.json").write_text(g.dump(c), encoding="utf-8")
            return name, size, rec
        raise last


def render_office(jobs, workers, report):
    """LibreOffice documents, converted in batches (LibreOffice takes most of a minute to start
    here, whatever the number of files): every round converts all pending documents in `workers`
    soffice processes; a document whose page flow overflowed goes to the next round with a
    smaller budget. report(name, result or exception) is called once per document."""
    pending = [(job, 0) for job in jobs]
    while pending:
        with tempfile.TemporaryDirectory(prefix="tsuzuri-corpus-") as tmp:
            tmp = Path(tmp)
            built = []
            for job, bi in pending:
                content, name = job[0], job[1]
                c = finish(content, BUDGETS[bi]) if "_flow" in content else content
                try:
                    smp = g.Sample(name, c)
                    smp.build()
                    doc = tmp / f"{name}{office.EXTENSION[c['renderer']]}"
                    doc.write_text(office.document(smp), encoding="utf-8")
                except g.SampleError as e:
                    report(name, e)
                    continue
                built.append((job, bi, c, doc))
            groups = collections.defaultdict(list)
            for i, (_, _, c, doc) in enumerate(built):
                groups[(c["renderer"], i % max(1, workers))].append(doc)
            with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
                futs = [pool.submit(office.convert_many, docs, tmp / "pdf", r)
                        for (r, _), docs in groups.items()]
                for f in futs:
                    f.result()
            pending = []
            for job, bi, c, doc in built:
                content, name, out_split, content_dir, _, verify, max_kb = job
                pdf = tmp / "pdf" / f"{name}.pdf"

                def printer(_s, _tmp, path, pdf=pdf):
                    if not pdf.exists():
                        raise g.SampleError(f"{name}: LibreOffice wrote no PDF")
                    shutil.copyfile(pdf, path)
                    return g.fix_dates(Path(path))
                try:
                    if verify and c["renderer"] == "calc":
                        verify = "chars"
                    _, rec, size = g.render(name, c, None, tmp, out_split, verify=verify,
                                            max_bytes=max_kb * 1024, compact=True, printer=printer)
                    (content_dir / f"{name}.json").write_text(g.dump(c), encoding="utf-8")
                    report(name, (name, size, rec))
                except g.PageCountError as e:
                    if "_flow" in content and bi + 1 < len(BUDGETS):
                        pending.append((job, bi + 1))
                    else:
                        report(name, e)
                except (g.SampleError, OSError) as e:
                    report(name, e)


def parse_seeds(s):
    out = []
    for part in s.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--split", choices=["dev", "check"], default="dev")
    ap.add_argument("--seeds", help="seeds, e.g. 1-12 or 3,5,9-11")
    ap.add_argument("--renderers", default=",".join(RENDERERS),
                    help=f"comma-separated, of {','.join(RENDERERS)} (default all)")
    ap.add_argument("--out", default=str(HERE / "corpus"), help="output folder (default samples/corpus)")
    ap.add_argument("--rerender", nargs="+", metavar="JSON", help="render these content files again")
    ap.add_argument("--no-verify", action="store_true", help="skip the text-layer check")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max-kb", type=int, default=300, help="largest PDF accepted (default 300)")
    ap.add_argument("--chromium")
    args = ap.parse_args(argv)
    out = Path(args.out)
    chromium = g.find_chromium(args.chromium) if "html" in args.renderers or args.rerender else None
    jobs = []
    if args.rerender:
        for f in args.rerender:
            f = Path(f)
            split = f.parent.name
            (out / split).mkdir(parents=True, exist_ok=True)
            jobs.append((json.loads(f.read_text(encoding="utf-8")), f.stem, out / split, f.parent,
                         chromium, not args.no_verify, args.max_kb))
    else:
        if not args.seeds:
            ap.error("--seeds is required (or --rerender)")
        content_dir = out / "content" / args.split
        content_dir.mkdir(parents=True, exist_ok=True)
        (out / args.split).mkdir(parents=True, exist_ok=True)
        for seed in parse_seeds(args.seeds):
            for r in args.renderers.split(","):
                if r not in RENDERERS:
                    ap.error(f"unknown renderer {r}")
                content, family = draw(args.split, seed, r)
                name = f"{r}-{family}-{seed:03d}"
                jobs.append((content, name, out / args.split, content_dir, chromium,
                             not args.no_verify, args.max_kb))
    failures = 0

    def report(name, result):
        nonlocal failures
        if isinstance(result, Exception):
            failures += 1
            print(f"corpus.py: {name}: FAILED: {result}", file=sys.stderr)
        else:
            name, size, rec = result
            print(f"{name}: {size // 1024} KB, {rec['source']['pages']} pages, "
                  f"{len(rec['measures'])} values, {len(rec['findings'])} findings", flush=True)

    html_jobs = [j for j in jobs if j[0].get("renderer", "html") == "html"]
    office_jobs = [j for j in jobs if j[0].get("renderer", "html") != "html"]
    if office_jobs:
        render_office(office_jobs, args.jobs, report)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = [(j[1], pool.submit(render_one, j)) for j in html_jobs]
        for name, fut in futs:
            try:
                report(name, fut.result())
            except (g.SampleError, OSError) as e:
                report(name, e)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
