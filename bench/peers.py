"""What Python users reach for to read words with positions from a PDF: the peers of
`tsuzuri pages` in bench/pages_bench.sh. Prints the number of items read so the work is not
optimized away.  Usage: python3 bench/peers.py pymupdf|pdfminer FILE.pdf"""
import sys


def pymupdf(path):
    import fitz  # Debian python3-fitz
    count = 0
    with fitz.open(path) as doc:
        for page in doc:
            count += len(page.get_text("words"))  # words with boxes
    return count


def pdfminer(path):
    from pdfminer.high_level import extract_pages  # Debian python3-pdfminer
    from pdfminer.layout import LTTextContainer
    count = 0
    for page in extract_pages(path):  # layout analysis: text boxes and lines with boxes
        for element in page:
            if isinstance(element, LTTextContainer):
                count += len(element.get_text())
    return count


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    print({"pymupdf": pymupdf, "pdfminer": pdfminer}[mode](path))
