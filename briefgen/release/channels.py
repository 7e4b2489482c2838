"""Every channel a reader's tools can get text from, read from a rendered file.

A PDF (in-process, no external program): each page's text and its header and
footer bands (pypdfium2), and the document information, XMP metadata,
bookmarks, alt and actual text, link targets and every other string object
(pikepdf). A Word package: the text and attribute values of every XML part.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pikepdf
import pypdfium2
from lxml import etree

# the running header and footer sit in the page margins (20 and 19 mm in
# templates/brief.css); 18 mm bands hold them and none of the body text
BANNER_BAND_PT = 51
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class PdfText:
    pages: list[str]  # each page's text
    headers: list[str]  # each page's top margin band
    footers: list[str]  # each page's bottom margin band
    channels: dict[str, str]  # every other place text can hide: "bookmarks" -> their titles...


# string values of these keys, wherever they are, are read as alt text and link targets
_ALT_KEYS = ("/Alt", "/ActualText", "/E")
_LINK_KEYS = ("/URI", "/D", "/Dest", "/F", "/UF")


def pdf_text(data: bytes) -> PdfText:
    """The text of a PDF, in every channel, read in-process (pypdfium2 for the
    pages as laid out, pikepdf for the objects)."""
    document = pypdfium2.PdfDocument(data)
    pages, headers, footers = [], [], []
    try:
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            pages.append(text.get_text_range())
            headers.append(text.get_text_bounded(0, height - BANNER_BAND_PT, width, height))
            footers.append(text.get_text_bounded(0, 0, width, BANNER_BAND_PT))
    finally:
        document.close()
    return PdfText(pages, headers, footers, pdf_channels(data))


def pdf_channels(data: bytes) -> dict[str, str]:
    """Everything but the page text: document info, XMP, bookmarks, alt text,
    link targets, and every other string or text stream in the file."""
    info, xmp, bookmarks, alt, links, other = [], [], [], [], [], []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info += [_pdf_string(v) for v in pdf.docinfo.values()]
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                bookmarks.append(item.title or "")
                stack += list(item.children)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                kind = obj.get("/Subtype")
                if kind == "/XML" or obj.get("/Type") == "/Metadata":
                    xmp.append(_xml_text(obj.read_bytes()))
                continue
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            for key, text in _pdf_strings(obj):
                (alt if key in _ALT_KEYS else links if key in _LINK_KEYS else other).append(text)
        for name in _name_tree_keys(pdf):
            links.append(name)
    return {"document info": "\n".join(info), "XMP metadata": "\n".join(xmp), "bookmarks": "\n".join(bookmarks),
            "alt text": "\n".join(alt), "link targets": "\n".join(links), "other strings": "\n".join(other)}


def _pdf_string(value) -> str:
    try:
        return str(value)
    except (ValueError, UnicodeDecodeError):
        return bytes(value).decode("latin-1")


def _pdf_strings(value, key: str = "", depth: int = 0) -> list[tuple[str, str]]:
    """(the key it is the value of, string) for every string in a dictionary or
    array and in those it holds directly; an indirect object is read on its own,
    in the loop over all objects."""
    if isinstance(value, pikepdf.String):
        return [(key, _pdf_string(value))]
    if depth > 8 or (depth and getattr(value, "is_indirect", False)):
        return []
    if isinstance(value, pikepdf.Array):
        return [pair for v in value for pair in _pdf_strings(v, key, depth + 1)]
    if isinstance(value, pikepdf.Dictionary):
        return [pair for k, v in value.items() for pair in _pdf_strings(v, k, depth + 1)]
    return []


def _name_tree_keys(pdf) -> list[str]:
    """The names of named destinations (WeasyPrint names them after element ids)."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    return [str(key) for key in pikepdf.NameTree(dests).keys()]


def _xml_text(data: bytes) -> str:
    """The text and attribute values of an XML document (XMP carries both)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return data.decode("utf-8", "replace")
    return "\n".join(list(root.itertext()) + [v for el in root.iter() for v in el.attrib.values()])


def docx_parts_text(data: bytes) -> dict[str, str]:
    """The text of every XML part of a Word package: body, headers, footers,
    notes, comments, properties, relationships; with its attribute values
    (alt text, hyperlink targets, bookmark names), after the text.

    A paragraph's runs are joined without spaces (Word splits words across
    runs freely); paragraphs, cells and parts are separated by line breaks.
    """
    parts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        # the body first: a leak is reported where a reader meets it first
        for name in sorted(package.namelist(), key=lambda n: n != "word/document.xml"):
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
            lines = ["".join(_run_text(p)) for p in root.iter(f"{_W}p")]
            if not lines:  # properties and other parts without paragraphs
                lines = [" ".join(t.strip() for t in root.itertext() if t.strip())]
            lines += [v for el in root.iter() for v in el.attrib.values()]
            parts[name] = "\n".join(lines)
    return parts


def _run_text(paragraph) -> list[str]:
    out = []
    for el in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        out.append((el.text or "") if el.tag == f"{_W}t" else " ")
    return out
