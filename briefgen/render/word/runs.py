"""The draft's paragraphs and runs, built with lxml directly: each paragraph
carries its style's id (``w:pStyle``), each styled run its character style's
(``w:rStyle``), and nothing else, so an editor restyles the draft by its styles.

python-docx stays the document model (package, styles, sections, notes parts);
its element API builds the same XML but checks the schema's child order on
every insertion, which was most of a draft's time (tens of thousands of
insertions). Here each element is made in the order the schema wants it, with
its tag spelled out once.
"""
from __future__ import annotations

import copy

from docx.oxml.ns import qn
from docx.styles import BabelFish
from lxml import etree

from .reference import style_numbering

P, PPR, PSTYLE, R, RPR, RSTYLE, T, TAB = (qn(f"w:{t}") for t in ("p", "pPr", "pStyle", "r", "rPr", "rStyle",
                                                                    "t", "tab"))
HYPERLINK, BOOKMARK_START, BOOKMARK_END = qn("w:hyperlink"), qn("w:bookmarkStart"), qn("w:bookmarkEnd")
VAL, ID, NAME, STYLE, STYLE_ID, SECTPR = (qn(f"w:{t}") for t in ("val", "id", "name", "style", "styleId",
                                                                  "sectPr"))
R_ID = qn("r:id")
XML_SPACE = qn("xml:space")

SubElement = etree.SubElement


class StyleIds:
    """Style name -> the style's id, as python-docx's ``document.styles[name]``
    finds it (the first style of that name, the name as Word's UI spells it),
    from one pass over the styles part rather than one search per name; and the
    numbering a list style gives its paragraphs."""

    def __init__(self, document):
        self.document = document
        styles = document.styles.element
        self.by_name: dict[str, object] = {}
        for name in styles.xpath("w:style/w:name"):
            self.by_name.setdefault(name.get(VAL), name.getparent())
        self.by_id: dict[str, object] = {}
        for style in styles.xpath("w:style[@w:styleId]"):
            self.by_id.setdefault(style.get(STYLE_ID), style)
        self._ids: dict[str, str] = {}
        self._numbering: dict[str, object] = {}

    def style(self, name: str):
        """The style element of that name (python-docx's ``document.styles[name]``'s)."""
        found = self.by_name.get(BabelFish.ui2internal(name))
        if found is None:  # python-docx's own lookup: its fallback, its warning, its KeyError
            return self.document.styles[name].element
        return found

    def __getitem__(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.style(name).styleId
        return self._ids[name]

    def numbering(self, name: str):
        """The w:numPr written on each paragraph of a list style (see reference.style_numbering)."""
        if name not in self._numbering:
            self._numbering[name] = style_numbering(self.style(name), self.by_id.get)
        return self._numbering[name]


class Body:
    """Where the body's paragraphs go: in order, before the final section properties."""

    def __init__(self, document):
        self.body = document.element.body
        sections = [c for c in self.body.iterchildren(SECTPR)]
        self.sect = sections[-1] if sections else None

    def paragraph(self, style_id: str, numbering=None):
        """A new paragraph of that style; ``numbering``: the w:numPr its list style numbers with."""
        p = SubElement(self.body, P)
        if self.sect is not None:
            self.sect.addprevious(p)
        ppr = SubElement(p, PPR)
        SubElement(ppr, PSTYLE, {VAL: style_id})
        if numbering is not None:  # after w:pStyle, before anything else a w:pPr holds
            ppr.append(copy.deepcopy(numbering))
        return p


def add_run(p, text: str, style_id: str | None = None) -> None:
    """One run holding ``text``, in a character style or none."""
    r = SubElement(p, R)
    if style_id:
        SubElement(SubElement(r, RPR), RSTYLE, {VAL: style_id})
    t = SubElement(r, T)
    t.text = text
    if len(text.strip()) < len(text):  # as python-docx writes it: Word keeps the spaces
        t.set(XML_SPACE, "preserve")


def add_tab(p) -> None:
    SubElement(SubElement(p, R), TAB)


def bookmark(p, ident: str, name: str | None = None) -> None:
    """A bookmark's start (with its name) or, without one, its end."""
    if name is None:
        SubElement(p, BOOKMARK_END, {ID: ident})
    else:
        SubElement(p, BOOKMARK_START, {ID: ident, NAME: name})


def wrap_in_link(p, first: int, rid: str) -> None:
    """Move the paragraph's children from index ``first`` on into a w:hyperlink
    to relationship ``rid``, at the paragraph's end."""
    runs = p[first:]
    link = SubElement(p, HYPERLINK, {R_ID: rid})
    link.extend(runs)


def has_runs(p) -> bool:
    """Whether the paragraph has a run of its own (python-docx's Paragraph.runs)."""
    return next(p.iterchildren(R), None) is not None


def _texts(p, reverse: bool = False):
    """The w:t of the paragraph's own runs, in order or from the end (proxies made as needed)."""
    for r in p.iterchildren(R, reversed=reverse):
        yield from r.iterchildren(T, reversed=reverse)


def trim(p, keep_first: bool = False) -> None:
    """HTML source indentation must not become leading or trailing spaces.

    Works on the text nodes, not the runs: a paragraph may end in a note
    reference run, whose content a run's text would replace. ``keep_first``
    leaves the first text node alone (a note's space after its number)."""
    texts = _texts(p)
    if keep_first:
        next(texts, None)
    first = next(texts, None)
    if first is None:
        return
    first.text = (first.text or "").lstrip()
    last = next(_texts(p, reverse=True))
    last.text = (last.text or "").rstrip()
