"""The Word writer: the brief's HTML -> an editable Word draft (.docx).

One module per job:

- ``reference.py``: the reference document a draft starts from (briefgen's
  default, adapted to the house, or an organisation's ``--reference-docx``);
- ``walker.py``: the HTML body -> Word paragraphs and runs, each element and
  class a named style (the vocabulary: render/vocabulary.py);
- ``runs.py``: those paragraphs and runs, each carrying its style's id, written
  as XML and parsed once a part is done (making them element by element, with
  python-docx's API or lxml's, was most of a draft's time);
- ``headfoot.py``: an organisation's header and footer, made ready for
  the running lines (``running.py``), which it keeps;
- ``notes.py``: real footnotes and endnotes, the page fields, the contents' page references;
- ``package.py``: the default reference's parts (package data, under
  ``default-reference/``), the draft's properties and its deterministic zip;
- ``ooxml.py``: WordprocessingML elements python-docx has no API for, in schema order.
"""
from __future__ import annotations

import datetime as dt

from lxml import etree

from ...review import reviewer
from ..logo import word_image
from ..vocabulary import refuse_unknown
from .eastasia import apply_east_asian, east_asian_language
from .headfoot import add_logo, prepare_running, unique_drawing_ids
from .package import save, set_app_properties, set_core_properties, set_custom_properties
from .reference import apply_house, open_reference
from .walker import DocxWriter, text_of

_HTML = etree.HTMLParser()  # what lxml.html parses with, less its element classes


def _meta(tree) -> dict[str, str]:
    return {m.get("name"): m.get("content") or "" for m in tree.iter("meta") if m.get("name")}


def render_docx(html: str, images: dict[str, bytes] | None = None, comments: dict[str, str] | None = None,
                contents: bool = False, reference=None, layout=None, house=None, templates=None) -> bytes:
    """The Word draft of one brief.

    images: in-memory images the HTML names as ``briefgen:NAME``; comments:
    fact id -> an editor's note, attached as a Word comment to the element
    with that ``data-fact``; contents: open with a table of contents;
    reference: an organisation's reference .docx (default: briefgen's own);
    layout: the PDF's layout of the same HTML (render/pdf.py), whose page
    numbers fill the contents and whose page count goes into docProps/app.xml;
    house: the project's identity (config.Identity): accent, typeface and logo;
    templates: the template folders the HTML came from, named when it holds
    an element or class outside the vocabulary (refused before anything is made)."""
    # U+2060 WORD JOINER keeps the PDF from breaking a URL after a hyphen; Word
    # lays out its own lines, and an editor should not meet an invisible character
    # read as plain elements: lxml.html's element classes cost a Python call per element read
    tree = etree.fromstring(html.replace("\u2060", ""), _HTML)
    if tree is None:  # as lxml.html says it
        raise etree.ParserError("Document is empty")
    refuse_unknown(tree, templates)
    document = open_reference(reference, house)
    if reference is None:  # an organisation's own reference document keeps its own look
        apply_house(document, house)
    # and its own header and footer, which the running lines join (headfoot.py); a header
    # of its own names the organisation already: no house logo above it
    own_headers = prepare_running(document) if reference is not None else set()
    # page 1 opens with the masthead: no running title above it (the marking stays), as in the PDF;
    # set before the logo goes in, so page 1's own header carries it too (the PDF's masthead does)
    document.sections[-1].different_first_page_header_footer = True
    if house is not None and house.logo:
        add_logo(document, word_image(house.logo, (images or {})[house.logo]), own_headers)
    meta = _meta(tree)
    titles = tree.xpath("//head/title")
    east_asian = east_asian_language("".join(tree.itertext()), tree.get("lang") or "")
    if reference is None:  # briefgen's default reference: its East Asian font and language, the brief's
        apply_east_asian(document, east_asian)
    date = set_core_properties(document, text_of(titles[0]) if titles else "", meta, tree.get("lang") or "",
                               east_asian, _handed_over_by(house, meta))
    # what `briefgen absorb` needs to find the fact base an edited draft came from
    set_custom_properties(document, {key: value for key, value in meta.items()
                                     if key in ("briefgen.factbase", "briefgen.audience", "briefgen.reader")})
    organisation = house.footer_name if house is not None else meta.get("dcterms.publisher")
    DocxWriter(document, images, comments, contents, date, layout, reviewer(organisation)).write(
        next(tree.iter("body")))
    document = document.part.document  # the body was written as XML and parsed: the part holds another element
    unique_drawing_ids(document)
    # the program that made it: the house's creator (default briefgen), whatever reference the styles came
    # from (an organisation's own template says the word processor that saved it, not what made this draft)
    set_app_properties(document, layout.pages if layout else None, meta.get("dcterms.publisher", ""),
                       meta.get("generator") or "briefgen")
    return save(document, date or dt.date(1980, 1, 1))


def _handed_over_by(house, meta: dict[str, str]) -> str:
    """Who last saved the draft, as Word shows it (File > Info): the person who hands it to the
    editor, the brief's first author, or else its organisation; never the tool that wrote it."""
    if house is not None:
        return house.authors[0] if house.authors else house.organisation
    return meta.get("author") or meta.get("dcterms.publisher", "")
