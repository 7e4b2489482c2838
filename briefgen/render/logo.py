"""The project's logo as Word can show it.

Word documents take raster images; an SVG logo (which the PDF embeds as
vectors) is drawn once by WeasyPrint into a one-page PDF, rasterised at print
resolution by PDFium (pypdfium2) and cropped to what it drew.
"""
from __future__ import annotations

import base64
import io
from functools import lru_cache

LOGO_HEIGHT_PX = 120  # CSS px; rendered at twice that, about 450 dpi at the 9 mm the header prints it


def word_image(name: str, data: bytes) -> bytes:
    """The image bytes for the Word header: a PNG as it is, a JPEG without fill bytes before its image
    data (python-docx refuses them), an SVG rasterised to a PNG."""
    if name.lower().endswith((".jpg", ".jpeg")):
        return _word_jpeg(data)
    if not name.lower().endswith(".svg"):
        return data
    return _rasterise_svg(data)


@lru_cache(maxsize=4)
def _rasterise_svg(data: bytes) -> bytes:
    import pypdfium2

    from .weasy import weasyprint

    uri = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    html = (f'<html><head><style>@page {{ size: {8 * LOGO_HEIGHT_PX}px {LOGO_HEIGHT_PX}px; margin: 0 }}'
            f' html, body {{ margin: 0 }} img {{ display: block; height: {LOGO_HEIGHT_PX}px }}</style></head>'
            f'<body><img src="{uri}"></body></html>')
    page = pypdfium2.PdfDocument(weasyprint.HTML(string=html).write_pdf())[0]
    image = page.render(scale=2, fill_color=(255, 255, 255, 0)).to_pil()
    # the page is wider than any logo: keep what the logo drew
    box = image.getchannel("A").getbbox()
    if box:
        image = image.crop(box)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _word_jpeg(data: bytes) -> bytes:
    """A JPEG as python-docx takes it: without fill bytes before its markers; and one it does not know
    as a JPEG (it looks for a JFIF or Exif segment first: an Adobe or a bare JPEG has neither), decoded
    and written as a PNG, which the Word header shows alike."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as DocxImage
    from PIL import Image

    from ..logofile import without_fill_bytes

    data = without_fill_bytes(data)
    try:
        DocxImage.from_blob(data)
        return data
    except UnrecognizedImageError:
        pass
    with Image.open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(out, format="PNG")
    return out.getvalue()
