#!/usr/bin/env python3
"""Writes an image-only PDF: one page per JPEG, the JPEG embedded as is (DCTDecode), no fonts,
no text layer. Used by samples/make_scans.sh for the image-only PDF scan variant.

    image_pdf.py OUT.pdf DPI PAGE1.jpg [PAGE2.jpg ...]

Each page is the size of its image at DPI. Python standard library only.
"""
import struct
import sys


def jpeg_size(data):
    """(width, height, components) from a JPEG's SOF marker."""
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise ValueError("not a JPEG marker")
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h, data[i + 9]
        i += 2 + length
    raise ValueError("no SOF marker")


def main(argv):
    out, dpi, images = argv[1], float(argv[2]), argv[3:]
    objects = []  # bytes of objects 1..n

    def add(body):
        objects.append(body)
        return len(objects)

    pages_id = add(b"")  # placeholder, filled below
    kids = []
    for path in images:
        data = open(path, "rb").read()
        w, h, comps = jpeg_size(data)
        space = b"/DeviceGray" if comps == 1 else b"/DeviceRGB"
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                  b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, space, len(data))
                  + data + b"\nendstream")
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        cid = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                        b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, pw, ph, img, cid)))
    objects[pages_id - 1] = (b"<< /Type /Pages /Kids [%s] /Count %d >>"
                             % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)

    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    open(out, "wb").write(pdf)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
