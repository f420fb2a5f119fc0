#!/usr/bin/env python3
"""Writes the e-mail fixtures of tests/data/mail: one <case>.eml per case below, and
<case>.expected.json saying which documents the message holds (each attachment's decoded file
name, its MIME part, and the sample file whose bytes it carries), written from this script's own
case table, never from running tsuzuri.

The messages are built byte by byte (not with Python's email package) so that they hold what
real mail has and well-behaved libraries would not write: raw 8-bit CP932 headers, ISO-2022-JP
with the NEC special characters (①, ㈱) that ISO-2022-JP proper does not have, RFC 2231 file names
continued over several parameters, PDFs sent as application/octet-stream under another name.

    tests/data/mail/generate.py          # from the repository root; idempotent
"""
import base64
import json
import re
import os
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

PDF_A = "samples/r2-single-institution.pdf"
PDF_B = "samples/r4-initiatives-only.pdf"
TRUNCATED = "tests/data/truncated.pdf"


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def b64(data):
    text = base64.b64encode(data).decode("ascii")
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76)).encode("ascii")


def sjis_to_jis(sjis):
    """CP932 bytes to ISO-2022-JP (JIS X 0208 escapes), keeping the NEC rows as CP50220 does."""
    out = bytearray()
    in_jis = False
    i = 0
    while i < len(sjis):
        c = sjis[i]
        if c < 0x80:
            if in_jis:
                out += b"\x1b(B"
                in_jis = False
            out.append(c)
            i += 1
            continue
        s1, s2 = c, sjis[i + 1]
        i += 2
        if not in_jis:
            out += b"\x1b$B"
            in_jis = True
        j1 = (s1 - (0x70 if s1 <= 0x9F else 0xB0)) * 2
        if s2 < 0x9F:
            j1 -= 1
            j2 = s2 - (0x1F if s2 < 0x7F else 0x20)
        else:
            j2 = s2 - 0x7E
        out += bytes([j1, j2])
    if in_jis:
        out += b"\x1b(B"
    return bytes(out)


def iso2022jp(text):
    return sjis_to_jis(text.encode("cp932"))


def encoded_word(text, charset="UTF-8"):
    data = iso2022jp(text) if charset == "ISO-2022-JP" else text.encode(charset)
    return b"=?" + charset.encode() + b"?B?" + base64.b64encode(data) + b"?="


def headers(subject_bytes, extra=b"", msgid="case@example.jp"):
    return (b"Return-Path: <houkoku@example.lg.jp>\r\n"
            b"From: =?UTF-8?B?" + base64.b64encode("保健所 報告係".encode()) +
            b"?= <houkoku@example.lg.jp>\r\n"
            b"To: inbox@example.jp\r\n"
            b"Subject: " + subject_bytes + b"\r\n"
            b"Date: Tue, 01 Dec 2026 09:30:00 +0900\r\n"
            b"Message-ID: <" + msgid.encode() + b">\r\n"
            b"MIME-Version: 1.0\r\n" + extra)


def text_part(text="報告書を送ります。\r\n", charset="UTF-8"):
    body = iso2022jp(text) if charset == "ISO-2022-JP" else text.encode(charset)
    cte = b"7bit" if charset == "ISO-2022-JP" else b"8bit"
    return (b"Content-Type: text/plain; charset=" + charset.encode() + b"\r\n"
            b"Content-Transfer-Encoding: " + cte + b"\r\n\r\n" + body)


def pdf_part(data, name_params, ctype=b"application/pdf", disposition=b"attachment"):
    head = b"Content-Type: " + ctype
    if name_params.get("type"):
        head += b"; " + name_params["type"]
    head += b"\r\nContent-Transfer-Encoding: base64\r\n"
    if disposition is not None:
        head += b"Content-Disposition: " + disposition
        if name_params.get("disposition"):
            head += b";\r\n " + name_params["disposition"]
        head += b"\r\n"
    return head + b"\r\n" + b64(data)


def multipart(subtype, boundary, parts):
    out = b"Content-Type: multipart/" + subtype + b"; boundary=\"" + boundary + b"\"\r\n\r\n"
    out += b"This is a multi-part message in MIME format.\r\n"
    for p in parts:
        out += b"--" + boundary + b"\r\n" + p + b"\r\n"
    out += b"--" + boundary + b"--\r\n"
    return out


def simple_name(name):
    return {"disposition": b'filename="' + name.encode() + b'"', "type": b'name="' + name.encode() + b'"'}


CASES = []


def case(name, description, raw, documents, subject="令和4年度 報告書の送付"):
    msgid = re.search(rb"Message-ID: <([^>]*)>", raw).group(1).decode()
    CASES.append((name, description, raw, documents,
                  {"message_id": msgid, "subject": subject,
                   "from": '保健所 報告係 <houkoku@example.lg.jp>',
                   "date": "2026-12-01T00:30:00Z"}))


def build():
    a, b, bad = read(PDF_A), read(PDF_B), read(TRUNCATED)
    subject = encoded_word("令和4年度 報告書の送付")

    case("plain-attachment", "multipart/mixed: a text body and a PDF attachment",
         headers(subject, msgid="plain@example.jp") + multipart(b"mixed", b"b1", [
             text_part(), pdf_part(a, simple_name("houkoku.pdf"))]),
         [{"file": "houkoku.pdf", "part": "2", "bytes": PDF_A}])

    case("nested-alternative",
         "the PDF inline inside multipart/related, the second part of multipart/alternative",
         headers(subject, msgid="nested@example.jp") + multipart(b"mixed", b"o", [
             multipart(b"alternative", b"alt", [
                 text_part(),
                 multipart(b"related", b"rel", [
                     b"Content-Type: text/html; charset=UTF-8\r\n\r\n" + "<p>報告書</p>\r\n".encode(),
                     pdf_part(b, simple_name("inline.pdf"), disposition=b"inline")])])]),
         [{"file": "inline.pdf", "part": "1.2.2", "bytes": PDF_B}])

    inner = headers(encoded_word("転送元の報告"), msgid="inner@example.jp") + multipart(
        b"mixed", b"in", [text_part(), pdf_part(a, simple_name("forwarded.pdf"))])
    case("forwarded", "a PDF inside a forwarded message/rfc822",
         headers(encoded_word("Fwd: 報告"), msgid="outer@example.jp") + multipart(b"mixed", b"fw", [
             text_part("転送します。\r\n"),
             b"Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n" + inner]),
         [{"file": "forwarded.pdf", "part": "2/2", "bytes": PDF_A}], subject="Fwd: 報告")

    case("octet-stream", "a PDF sent as application/octet-stream under a .bin name",
         headers(subject, msgid="octet@example.jp") + multipart(b"mixed", b"oc", [
             text_part(), pdf_part(b, simple_name("scan0001.bin"),
                                   ctype=b"application/octet-stream")]),
         [{"file": "scan0001.bin", "part": "2", "bytes": PDF_B}])

    long_name = "令和4年度_医療提供施設等グループ化推進事業_報告書_第2版.pdf"
    quoted = urllib.parse.quote(long_name.encode("utf-8"), safe="")
    # Split between escapes (never inside a %XX), 13 bytes a piece: some pieces end inside a
    # UTF-8 character, which RFC 2231 allows (the pieces are joined before decoding).
    tokens = re.findall(r"%[0-9A-F]{2}|.", quoted)
    pieces = ["".join(tokens[i:i + 13]) for i in range(0, len(tokens), 13)]
    params = b";\r\n ".join(
        b"filename*" + str(i).encode() + b"*=" + (b"UTF-8''" if i == 0 else b"") + p.encode()
        for i, p in enumerate(pieces))
    case("rfc2231", "a long Japanese file name in RFC 2231 continued parameters (filename*0*=)",
         headers(subject, msgid="rfc2231@example.jp") + multipart(b"mixed", b"r2", [
             text_part(), pdf_part(a, {"disposition": params})]),
         [{"file": long_name, "part": "2", "bytes": PDF_A}])

    nec_name = "①報告書_㈱みらい.pdf"
    nec_subject = "①㈱みらい 報告書"
    case("iso2022jp-nec",
         "ISO-2022-JP subject, body and RFC 2047 file name holding NEC special characters (①, ㈱)",
         headers(encoded_word(nec_subject, "ISO-2022-JP"), msgid="nec@example.jp") +
         multipart(b"mixed", b"jp", [
             text_part("①の報告書を送ります。㈱みらい\r\n", "ISO-2022-JP"),
             pdf_part(b, {"type": b'name="' + encoded_word(nec_name, "ISO-2022-JP") + b'"',
                          "disposition": b'filename="' + encoded_word(nec_name, "ISO-2022-JP") +
                          b'"'})]),
         [{"file": nec_name, "part": "2", "bytes": PDF_B}], subject=nec_subject)

    cp932_name = "報告書（②）.pdf"
    case("raw-cp932", "raw 8-bit CP932 in the subject and the file name, no encoding at all",
         headers("②の報告書".encode("cp932"), msgid="cp932@example.jp") +
         multipart(b"mixed", b"sj", [
             text_part("本文\r\n", "cp932"),
             pdf_part(a, {"type": b'name="' + cp932_name.encode("cp932") + b'"',
                          "disposition": b'filename="' + cp932_name.encode("cp932") + b'"'})]),
         [{"file": cp932_name, "part": "2", "bytes": PDF_A}], subject="②の報告書")

    case("bait-body", "no attachment; the body quotes PDF syntax and a file name",
         headers(encoded_word("報告書は添付していません"), msgid="bait@example.jp") +
         b"Content-Type: text/plain; charset=UTF-8\r\n\r\n"
         b"%PDF-1.4\r\n1 0 obj << /Type /Catalog >> endobj\r\nfilename=\"houkoku.pdf\"\r\n%%EOF\r\n",
         [], subject="報告書は添付していません")

    case("truncated-and-good", "two attachments: a truncated PDF (fails) and a good one (loads)",
         headers(subject, msgid="twoparts@example.jp") + multipart(b"mixed", b"tg", [
             text_part(), pdf_part(bad, simple_name("broken.pdf")),
             pdf_part(b, simple_name("good.pdf"))]),
         [{"file": "broken.pdf", "part": "2", "bytes": TRUNCATED, "fails": True},
          {"file": "good.pdf", "part": "3", "bytes": PDF_B}])

    case("same-pdf-again", "the PDF of plain-attachment again, in another message",
         headers(encoded_word("再送: 報告書"), msgid="again@example.jp") + multipart(b"mixed", b"ag", [
             text_part("再送します。\r\n"), pdf_part(a, simple_name("houkoku-saisou.pdf"))]),
         [{"file": "houkoku-saisou.pdf", "part": "2", "bytes": PDF_A}], subject="再送: 報告書")

    case("single-part-pdf", "the whole message is the PDF (no multipart)",
         headers(subject, msgid="single@example.jp") + pdf_part(b, simple_name("only.pdf")),
         [{"file": "only.pdf", "part": "1", "bytes": PDF_B}])


def main():
    build()
    for name, description, raw, documents, message in CASES:
        for suffix, data in ((".eml", raw), (".expected.json", (json.dumps(
                {"description": description, "message": message, "documents": documents},
                ensure_ascii=False,
                indent=2) + "\n").encode())):
            path = os.path.join(HERE, name + suffix)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    if f.read() == data:
                        continue
            with open(path, "wb") as f:
                f.write(data)
    with open(os.path.join(HERE, "not-a-message.eml"), "wb") as f:
        f.write(b"\x00\x01binary garbage, not a message\r\n")


if __name__ == "__main__":
    main()
