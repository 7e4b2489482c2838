"""HTML -> Word draft: a walker that maps each tag/class of the brief HTML to a
named Word style (never direct formatting), so an editor restyles the whole
draft by changing a style.

It reads the same HTML the PDF is laid out from, and turns what the PDF does
with CSS into what Word does natively: ``span.fn`` becomes a real footnote,
``a.noteref`` plus ``ol.endnotes`` real endnotes, the running header/footer
the page header/footer (with PAGE / NUMPAGES fields), ``<head>`` the core
properties. Styles, page setup, header and footer come from the reference
document (briefgen/reference.py).
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from .. import anchors
from ..errors import BriefgenError
from ..reference import add_logo, apply_house, ensure_page_numbers, open_reference
from .logo import word_image
from .ooxml import (
    ENDNOTE,
    FOOTNOTE,
    PPR_ORDER,
    NotesPart,
    default_run_properties,
    field_char,
    insert_ordered,
    instruction,
    normalise_zip,
    set_app_properties,
    set_custom_properties,
    tab_run,
    text_run,
    w,
)

_WHITESPACE = re.compile(r"\s+")

# Block elements: (tag, class) -> paragraph style. The class may be None for "any".
PARAGRAPH_STYLES: dict[tuple[str, str | None], str] = {
    ("h1", None): "Title",
    ("h2", None): "Heading 1",
    ("h3", None): "Heading 2",
    ("h4", None): "Heading 3",
    ("p", "subtitle"): "Subtitle",
    ("p", "organisation"): "Masthead",
    ("p", "byline"): "Byline",
    ("p", "handling"): "Handling",
    ("p", "intro"): "Intro",
    ("p", "fact"): "Body Text",
    ("p", "recommendation"): "Recommendation",
    ("p", None): "Body Text",
    ("blockquote", None): "Quote",
    ("li", "recommendation"): "Recommendation",
    ("li", "takeaways"): "Key Takeaway",
    ("li", "facts"): "List Bullet",
    ("li", "timeline"): "Timeline Entry",
    # a source's number is text in the HTML ("[4]", as in the fact base), not a list counter
    ("li", "sources"): "List Paragraph",
    ("li", "endnotes"): "List Number",
    ("li", None): "List Bullet",
    ("figcaption", None): "Caption",
}

# Inline elements -> character style
CHARACTER_STYLES: dict[tuple[str, str | None], str] = {
    ("strong", None): "Strong",
    ("em", None): "Emphasis",
    ("span", "portion"): "Portion Mark",
    ("span", "marking"): "Marking",
    ("a", "noteref"): "Note Reference",
}

NOTE_STYLES = {FOOTNOTE.name: ("footnote text", "footnote reference"),
               ENDNOTE.name: ("endnote text", "endnote reference")}

COMMENT_AUTHOR, COMMENT_INITIALS = "briefgen", "BG"

def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def _lookup(table: dict, el, context: list[str]) -> str | None:
    for cls in _classes(el) + context:
        if (el.tag, cls) in table:
            return table[(el.tag, cls)]
    return table.get((el.tag, None))


def _text(el) -> str:
    return _WHITESPACE.sub(" ", el.text_content()).strip()


class DocxWriter:
    def __init__(self, document, images: dict[str, bytes] | None = None,
                 comments: dict[str, str] | None = None, contents: bool = False,
                 date: dt.date | None = None, layout=None):
        self.doc = document
        self.layout = layout  # the PDF's pages (render/pdf.py Layout): the contents' page numbers
        self.images = images or {}
        self.comments = comments or {}
        self.contents = contents
        self.date = date
        self.notes: dict[str, NotesPart] = {}
        self.endnote_sources: dict[str, object] = {}  # "note-3" -> the <li> holding its text
        self.headings: list[tuple[int, str]] = []
        self._ids: dict[str, str] = {}
        self.bookmarks = 0
        self.heading_count = 0
        self._numbering: dict[str, object] = {}
        self.part = document.part  # the part being written: the body, or a notes part
        self.handlers: dict[str, Callable] = {
            "section": self.container, "header": self.masthead, "div": self.division,
            "ul": self.list, "ol": self.list, "figure": self.container, "img": self.picture,
            "nav": self.container, "aside": self.container, "article": self.container,
        }

    def style_id(self, name: str) -> str:
        """Style name -> id, looked up once: python-docx scans every style on each lookup."""
        if name not in self._ids:
            self._ids[name] = self.doc.styles[name].style_id
        return self._ids[name]

    # ------------------------------------------------------------- blocks

    def write(self, body) -> None:
        for ol in body.iter("ol"):
            if "endnotes" in _classes(ol):
                self.endnote_sources.update({li.get("id"): li for li in ol if li.get("id")})
        levels = {"h2": 1, "h3": 2}
        self.headings = [(levels[h.tag], _text(h)) for h in body.iter("h2", "h3")]
        # page 1 opens with the masthead: no running title above it (the marking stays), as in the PDF
        self.doc.sections[-1].different_first_page_header_footer = True
        self.container(body)

    def container(self, el, context: list[str] | None = None) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            handler = self.handlers.get(child.tag, self.paragraph)
            handler(child, context or [])

    def masthead(self, el, context) -> None:
        self.container(el, context)
        if self.contents:
            self.table_of_contents()

    def division(self, el, context) -> None:
        if "running-header" in _classes(el) or "running-footer" in _classes(el):
            self.running(el)
        else:
            self.container(el, context)

    def running(self, el) -> None:
        """The running header/footer joins what the reference's header/footer
        already holds, on every kind of page the reference distinguishes (a
        marking must be on every page)."""
        section = self.doc.sections[-1]
        is_header = "running-header" in _classes(el)
        parts = [section.header if is_header else section.footer]
        if section.different_first_page_header_footer:
            parts.append(section.first_page_header if is_header else section.first_page_footer)
        if self.doc.settings.odd_and_even_pages_header_footer:
            parts.append(section.even_page_header if is_header else section.even_page_footer)
        for part in parts:
            last = part.paragraphs[-1]
            para = last if not last.text and not last._p.xpath("./w:fldSimple|./w:r") else part.add_paragraph()
            children = [c for c in el if isinstance(c.tag, str)]
            first_page = is_header and section.different_first_page_header_footer and \
                part._element is section.first_page_header._element
            if first_page:  # page 1: the marking alone, where the PDF puts it
                children = [c for c in children if "marking" in _classes(c)]
            para._p.style = self.style_id("Header" if is_header and not first_page else "Marking Banner")
            # the spans sit apart in the PDF (flex layout); in Word a tab does it
            for i, child in enumerate(children):
                if i:
                    para.add_run().add_tab()
                self.inline_element(para, child, None)
            _trim(para)
            if not is_header:
                ensure_page_numbers(part, self.doc)

    def list(self, el, context) -> None:
        if "endnotes" in _classes(el) and self.endnote_sources:
            return  # written as real endnotes at their references
        for li in el:
            if isinstance(li.tag, str) and li.tag == "li":
                self.paragraph(li, _classes(el))

    def paragraph(self, el, context) -> None:
        para = self.add_paragraph(_lookup(PARAGRAPH_STYLES, el, context) or "Body Text")
        if self.contents and el.tag in ("h2", "h3"):
            # the contents' entries link here
            self.heading_count += 1
            self.bookmarked(para, f"_Toc{self.heading_count}", lambda: self.inline(para, el))
        else:
            self.inline(para, el)
        _trim(para)
        fact = el.get("data-fact")
        if fact in self.comments and para.runs:
            self.comment(para, self.comments[fact])

    def picture(self, el, context) -> None:
        if "logo" in _classes(el):
            return  # the Word draft carries the logo in its page header (render_docx)
        src = el.get("src") or ""
        name = src.removeprefix("briefgen:")
        if not src.startswith("briefgen:") or name not in self.images:
            raise BriefgenError.single("templates/brief.html.j2", f"image {src!r} is not one briefgen drew "
                                       f"(known: {', '.join(sorted(self.images)) or 'none'})")
        para = self.add_paragraph("Figure")
        shape = para.add_run().add_picture(io.BytesIO(self.images[name]))
        section = self.doc.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        if shape.width > width:
            shape.height = Emu(int(shape.height * width / shape.width))
            shape.width = Emu(width)
        # alt text, read out by screen readers and shown in Word's Alt Text pane
        shape._inline.docPr.set("descr", el.get("alt") or "")

    def table_of_contents(self) -> None:
        """A TOC field whose result is filled in: each heading, linked to it, with
        its page number in the PDF's layout. Readers that never update fields
        (LibreOffice, pandoc, mammoth) show it as it is, and Word opens it without
        asking to update fields; F9 in Word recomputes it for Word's own layout."""
        if not self.headings:
            return
        self.text(self.add_paragraph("TOC Heading"), "Contents", None)
        pages = self.layout.pages_of(self.headings) if self.layout else [None] * len(self.headings)
        paras = []
        for n, ((level, text), page) in enumerate(zip(self.headings, pages, strict=False), start=1):
            para = self.add_paragraph(f"toc {level}")
            link = w("hyperlink", anchor=f"_Toc{n}", history="1")
            link.append(text_run(text))
            if page:
                link.append(tab_run())
                link.append(text_run(str(page)))
            para._p.append(link)
            paras.append(para)
        anchor = paras[0]._p.find(qn("w:hyperlink"))
        for run in (field_char("begin"), instruction('TOC \\o "1-2" \\h \\z \\u'), field_char("separate")):
            anchor.addprevious(run)
        paras[-1]._p.append(field_char("end"))

    def comment(self, para: Paragraph, text: str) -> None:
        comment = self.doc.add_comment(para.runs, text=text, author=COMMENT_AUTHOR,
                                       initials=COMMENT_INITIALS)
        if self.date:
            comment._comment_elm.date = dt.datetime(self.date.year, self.date.month, self.date.day,
                                                    tzinfo=dt.UTC)

    # ------------------------------------------------------------- inline

    def inline(self, para: Paragraph, el, char_style: str | None = None) -> None:
        if el.text:
            self.text(para, el.text, char_style)
        for child in el:
            if isinstance(child.tag, str):
                self.inline_element(para, child, char_style)
            if child.tail:
                self.text(para, child.tail, char_style)

    def inline_element(self, para: Paragraph, child, char_style: str | None) -> None:
        classes = _classes(child)
        if child.tag == "span" and "fn" in classes:
            self.note(para, FOOTNOTE, child)
        elif child.tag == "a" and "noteref" in classes and \
                (child.get("href") or "").lstrip("#") in self.endnote_sources:
            self.note(para, ENDNOTE, self.endnote_sources[child.get("href").lstrip("#")])
        elif child.get("data-field") and child.get("data-fact"):
            self.anchored(para, child, char_style)
        elif child.tag == "a" and _web_address(child.get("href")):
            self.hyperlink(para, child.get("href"), child)
        elif child.tag == "span" and "url" in classes and _web_address(_text(child)):
            self.hyperlink(para, _text(child), child)
        else:
            style = _lookup(CHARACTER_STYLES, child, []) or char_style
            self.inline(para, child, style)

    def anchored(self, para: Paragraph, child, char_style: str | None) -> None:
        """A fact base value, between the two ends of a bookmark naming its
        statement, its key and the hash of the text (see briefgen/anchors.py)."""
        name = anchors.anchor_name(child.get("data-fact"), child.get("data-field"), _text(child))
        self.bookmarked(para, name, lambda: self.inline(para, child,
                                                        _lookup(CHARACTER_STYLES, child, []) or char_style))

    def bookmarked(self, para: Paragraph, name: str, write: Callable[[], None]) -> None:
        ident = str(self.bookmarks)
        self.bookmarks += 1
        para._p.append(w("bookmarkStart", id=ident, name=name))
        write()
        para._p.append(w("bookmarkEnd", id=ident))

    def hyperlink(self, para: Paragraph, url: str, child) -> None:
        """A live link (w:hyperlink to an external relationship), styled as Word styles links.
        The relationship belongs to the part the paragraph is in: a footnote's link to the notes part."""
        link = w("hyperlink")
        link.set(qn("r:id"), self.part.relate_to(url, RT.HYPERLINK, is_external=True))
        written = len(para._p)
        self.inline(para, child, "Hyperlink")
        for run in list(para._p)[written:]:
            link.append(run)
        para._p.append(link)

    def note(self, para: Paragraph, kind, source) -> None:
        """A real footnote/endnote holding ``source``'s text, called from ``para``."""
        if kind.name not in self.notes:
            self.notes[kind.name] = NotesPart(self.doc, kind)
        part = self.notes[kind.name]
        text_style, ref_style = (self.style_id(s) for s in NOTE_STYLES[kind.name])
        ident, note_p = part.add(text_style, ref_style)
        note_para = Paragraph(note_p, para._parent)
        self.part, body_part = part.part, self.part
        self.inline(note_para, source)
        self.part = body_part
        _trim(note_para, keep_first=True)  # the space after the note's number is not indentation
        para._p.append(part.reference(ident, ref_style))

    def add_paragraph(self, style: str) -> Paragraph:
        para = self.doc.add_paragraph()
        para._p.style = self.style_id(style)
        numbering = self.list_numbering(style)
        if numbering is not None:
            insert_ordered(para._p.get_or_add_pPr(), copy.deepcopy(numbering), PPR_ORDER)
        return para

    def list_numbering(self, style: str):
        """The w:numPr a list style numbers its paragraphs with (its own or a base
        style's), or None. Written on each paragraph as well: Word and LibreOffice
        follow the style, but mammoth, docx2python and pandoc read only the
        paragraph's own numbering and would drop "1." and the bullets."""
        if style not in self._numbering:
            found, current = None, self.doc.styles[style]
            while current is not None and found is None:
                ppr = current.element.pPr
                found = ppr.find(qn("w:numPr")) if ppr is not None else None
                number = found.find(qn("w:numId")) if found is not None else None
                if number is None or number.get(qn("w:val")) == "0":
                    found = None  # a level without a list (python-docx's Subtitle has one): not numbered
                current = current.base_style
            if found is not None:
                found = copy.deepcopy(found)
                if found.find(qn("w:ilvl")) is None:
                    found.insert(0, w("ilvl", val="0"))
            self._numbering[style] = found
        return self._numbering[style]

    def text(self, para: Paragraph, text: str, style: str | None) -> None:
        text = _WHITESPACE.sub(" ", text)
        if text:
            # one <w:r><w:t> made directly: python-docx's Run.text walks the text a character
            # at a time for tabs and breaks, which collapsed whitespace no longer holds, and
            # that walk was a third of the Word draft's time
            run = para._p.add_r()
            run.add_t(text)
            if style:
                run.style = self.style_id(style)


def _web_address(url: str | None) -> bool:
    """Only web addresses become links: a fact base's text never makes a file: or javascript: link."""
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def _trim(para: Paragraph, keep_first: bool = False) -> None:
    """HTML source indentation must not become leading or trailing spaces.

    Works on the text nodes, not the runs: a paragraph may end in a note
    reference run, whose content Run.text would replace. ``keep_first``
    leaves the first text node alone (a note's space after its number)."""
    texts = para._p.xpath("./w:r/w:t")[1 if keep_first else 0:]
    if texts:
        texts[0].text = (texts[0].text or "").lstrip()
        texts[-1].text = (texts[-1].text or "").rstrip()


# --------------------------------------------------------------- document

def _meta(tree) -> dict[str, str]:
    return {m.get("name"): m.get("content") or "" for m in tree.iter("meta") if m.get("name")}


def _properties(document, tree) -> dt.date | None:
    """Core properties from the HTML head: one source for the PDF's metadata and the draft's."""
    meta = _meta(tree)
    core = document.core_properties
    titles = tree.xpath("//head/title")
    core.title = _text(titles[0]) if titles else ""
    core.author = meta.get("author", "")
    core.subject = meta.get("description", "")
    core.keywords = meta.get("keywords", "")
    # the profile's tone is an instruction to the writers, not part of the brief: never a property
    core.comments = ""
    # the handling marking, where document-management systems look for a classification
    core.category = meta.get("briefgen.marking", "")
    core.language = tree.get("lang") or ""
    core.last_modified_by = "briefgen"
    core.revision = 1
    created = meta.get("dcterms.created")
    date = dt.date.fromisoformat(created) if created else None
    if date:
        stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        core.created = core.modified = stamp
    lang = core.language
    if lang:
        # spelling and hyphenation in the brief's language, set once in the document defaults
        rpr = default_run_properties(document.styles.element)
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        rpr.append(w("lang", val=lang))
    return date


def render_docx(html: str, images: dict[str, bytes] | None = None, comments: dict[str, str] | None = None,
                contents: bool = False, reference=None, layout=None, house=None) -> bytes:
    """The Word draft of one brief.

    images: in-memory images the HTML names as ``briefgen:NAME``; comments:
    fact id -> an editor's note, attached as a Word comment to the element
    with that ``data-fact``; contents: open with a table of contents;
    reference: an organisation's reference .docx (default: briefgen's own);
    layout: the PDF's layout of the same HTML (render/pdf.py), whose page
    numbers fill the contents and whose page count goes into docProps/app.xml;
    house: the project's identity (config.Identity): accent, typeface and logo."""
    # U+2060 WORD JOINER keeps the PDF from breaking a URL after a hyphen; Word
    # lays out its own lines, and an editor should not meet an invisible character
    tree = lxml_html.document_fromstring(html.replace("\u2060", ""))
    document = open_reference(reference)
    if reference is None:  # an organisation's own reference document keeps its own look
        apply_house(document, house)
    if house is not None and house.logo:
        add_logo(document, word_image(house.logo, (images or {})[house.logo]))
    date = _properties(document, tree)
    # what `briefgen absorb` needs to find the fact base an edited draft came from
    set_custom_properties(document, {key: value for key, value in _meta(tree).items()
                                     if key in ("briefgen.factbase", "briefgen.audience")})
    DocxWriter(document, images, comments, contents, date, layout).write(tree.body)
    set_app_properties(document, layout.pages if layout else None)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue(), date or dt.date(1980, 1, 1))
