"""A PDF's pages for the screen: each page as a PNG, with its text lines
positioned in CSS pixels (the invisible text layer that makes the preview
searchable and copyable). PDFium draws them, so the preview shows WeasyPrint's
own layout."""
from __future__ import annotations

import io
from dataclasses import dataclass

PIXELS_PER_POINT = 96 / 72  # CSS pixels: a page shows at its printed size on a 96-dpi screen
RASTER_SCALE = 2.0  # device pixels per CSS pixel: sharp on high-density screens, fine when zoomed


@dataclass(frozen=True)
class Page:
    png: bytes
    width: float  # CSS pixels
    height: float
    # the PDF's text, line by line: (left, top, width, height in CSS pixels, text)
    lines: tuple[tuple[float, float, float, float, str], ...]


def rasterise(pdf: bytes, scale: float = RASTER_SCALE, known: dict[bytes, bytes] | None = None) -> tuple[Page, ...]:
    """Each page of ``pdf`` as a PNG and its text lines, positioned in CSS pixels.

    ``known``: PNGs of earlier pages by the digest of their pixels. Encoding the PNG
    costs three times drawing the page, and an edit changes one page or two: a
    page whose pixels are unchanged takes its PNG from here. It is refilled with
    this PDF's pages."""
    import hashlib

    import pypdfium2

    pages = []
    encoded: dict[bytes, bytes] = {}
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            width, height = page.get_size()  # points
            bitmap = page.render(scale=PIXELS_PER_POINT * scale)
            digest = hashlib.blake2b(bitmap.buffer).digest()
            png = (known or {}).get(digest) or encoded.get(digest)
            if png is None:
                out = io.BytesIO()
                bitmap.to_pil().save(out, "PNG", compress_level=1)  # read once, locally: speed over size
                png = out.getvalue()
            encoded[digest] = png
            text = page.get_textpage()
            lines = []
            for left, bottom, right, top, words in _lines(text):
                lines.append(tuple(round(v * PIXELS_PER_POINT, 2) for v in
                                   (left, height - top, right - left, top - bottom)) + (words,))
            pages.append(Page(png, round(width * PIXELS_PER_POINT, 2),
                              round(height * PIXELS_PER_POINT, 2), tuple(lines)))
    finally:
        document.close()
    if known is not None:
        known.clear()
        known.update(encoded)
    return tuple(pages)


GAP = 4.0  # points: wider than a space between two runs of one line, narrower than a column's gutter


def _lines(text) -> list[tuple[float, float, float, float, str]]:
    """The page's text lines, (left, bottom, right, top in points, text). PDFium gives a rectangle
    for each run of text WeasyPrint drew, and a line holds several where part of it is a box of its
    own (a date, a box's last two words kept on one line, a bold headline): each line is given
    whole, so a search of the preview finds "foundation of the partnership" across the runs."""
    out: list[list] = []
    for i in range(text.count_rects()):
        left, bottom, right, top = text.get_rect(i)
        words = text.get_text_bounded(left, bottom, right, top)
        if not words.strip():
            continue
        last = out[-1] if out else None
        overlap = min(top, last[3]) - max(bottom, last[1]) if last else 0
        if last and overlap > 0.5 * min(top - bottom, last[3] - last[1]) and -1 <= left - last[2] < GAP:
            joint = "" if last[4].endswith(" ") or words.startswith(" ") or left - last[2] < 1 else " "
            out[-1] = [last[0], min(bottom, last[1]), right, max(top, last[3]), last[4] + joint + words]
        else:
            out.append([left, bottom, right, top, words])
    return [(left, bottom, right, top, " ".join(words.split())) for left, bottom, right, top, words in out]
