"""Whether a project's logo can be drawn: briefgen.toml's house.logo, checked before any output.

WeasyPrint prints an image it cannot read as its alt text and carries on, and Word shows a broken
picture, so the file is parsed here with the libraries that draw it: an SVG with lxml, a PNG or
JPEG with Pillow, after a check of the file's own structure, which Pillow skips once WeasyPrint is
imported (it sets LOAD_TRUNCATED_IMAGES, and a file cut short then decodes, filled in).
"""
from __future__ import annotations

import io
from pathlib import Path


def unreadable_logo(path: Path) -> str | None:
    """Why the logo at ``path`` cannot be drawn, or None. WeasyPrint prints the image's alt text in
    its place and carries on (a truncated SVG built with exit 0), so the file is parsed here, with the
    libraries that draw it: an SVG as XML (lxml, which python-docx brings) whose root is <svg>; a PNG
    or JPEG checked and decoded whole by Pillow (which WeasyPrint brings): a truncated image opens, and
    fails only when read to its end."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return exc.strerror or str(exc)
    if path.suffix.lower() == ".svg":
        return _unreadable_svg(data)
    from PIL import Image, UnidentifiedImageError

    kind = "PNG" if path.suffix.lower() == ".png" else "JPEG"
    try:
        # a PNG's chunks against their checksums, a JPEG's segments to its end marker: a file cut short
        # opens and, once WeasyPrint is imported (it sets Pillow's LOAD_TRUNCATED_IMAGES), decodes
        # without a word, filled in
        if kind == "JPEG" and data.startswith(b"\xff\xd8"):
            _whole_jpeg(data)
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            if kind == "PNG":
                image.verify()
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            image.load()  # then the pixel data, whole but perhaps corrupt
    except UnidentifiedImageError:
        return f"not a {kind} image; save or export it as {kind} (or SVG)"
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return f"a broken {kind} image ({exc}); save or export it again"
    return None


def _unreadable_svg(data: bytes) -> str | None:
    from lxml import etree

    # no entities, no network, no DTD: the file is only checked, and an SVG needs none of them
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return f"not well-formed XML ({exc.msg}); export it again from the drawing program"
    if etree.QName(root).localname != "svg":
        return f"its root element is <{etree.QName(root).localname}>, not <svg>"
    return None


def _whole_jpeg(data: bytes) -> None:
    """Raise ValueError unless the JPEG's segments, each of the length it gives, lead to its image data
    and that ends in the end-of-image marker (FF D9, which the coded data never holds: a byte FF there
    is followed by 00 or a restart marker). Fill bytes (FF) may precede any marker (ITU T.81 B.1.1.2)."""
    at = 2  # after the start-of-image marker
    while at + 4 <= len(data) and data[at] == 0xFF:
        if data[at + 1] == 0xFF:  # a fill byte: any number of them may precede a marker (ITU T.81 B.1.1.2)
            at += 1
            continue
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if marker == 0xDA:  # start of scan: the coded data follows its header
            if data.find(b"\xff\xd9", at + 2 + length) < 0:
                raise ValueError("cut short: no end-of-image marker")
            return
        at += 2 + length
    raise ValueError("cut short before its image data")


def without_fill_bytes(data: bytes) -> bytes:
    """A JPEG's bytes with the fill bytes before its markers up to the start of scan taken out, as
    python-docx needs them (it knows a JPEG by its first segment, right after the start of image,
    and refuses one with fill bytes there); nothing of the image is in them, and the coded data after
    the start of scan is copied as it is. Any other bytes are returned as they are."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out, at = bytearray(data[:2]), 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        if data[at + 1] == 0xFF:
            at += 1
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if data[at + 1] == 0xDA:
            return bytes(out) + data[at:]
        out += data[at:at + 2 + length]
        at += 2 + length
    return data
