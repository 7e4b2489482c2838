"""The walker: the brief's HTML body -> the Word draft's body, each element and
class becoming the named style the vocabulary gives it (render/vocabulary.py),
never direct formatting, so an editor restyles the whole draft by changing a
style.

It turns what the PDF does with CSS into what Word does natively: ``span.fn``
becomes a real footnote, ``a.noteref`` plus ``ol.endnotes`` real endnotes,
the running header/footer the page header/footer (running.py), ``nav.contents`` the
contents, each ``h2``/``h3`` an entry with a page reference (notes.py makes the notes and fields). The paragraphs and
runs themselves are made by runs.py, as XML parsed once a part is done.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Emu
from lxml import etree

from ... import anchors
from ...errors import BriefgenError
from ...review import REVIEWER, REVIEWER_INITIALS
from ..abbreviations import unexpanded
from ..unbroken import is_date
from ..vocabulary import (
    CHARACTER_STYLES,
    KEEP_WITH_NEXT,
    OWN_STYLE,
    PARAGRAPH_STYLES,
    classes,
    kept_with_next,
    style_for,
)
from .notes import ENDNOTE, FOOTNOTE, Comments, NotesPart, contents_entries, contents_title
from .running import running
from .runs import (
    HTML_SPACE,
    RAW,
    Body,
    Para,
    StyleIds,
    add_run,
    bookmark,
    comment_range,
    has_runs,
    trim,
    wrap_in_link,
)

_WHITESPACE = re.compile(f"[{HTML_SPACE}]+")
DRAWING = qn("w:drawing")

NOTE_STYLES = {FOOTNOTE.name: ("footnote text", "footnote reference"),
               ENDNOTE.name: ("endnote text", "endnote reference")}

_TEXT = etree.XPath("string()")  # an element's text, as lxml.html's text_content() reads it


def text_of(el) -> str:
    return _WHITESPACE.sub(" ", _TEXT(el)).strip(HTML_SPACE)


class DocxWriter:
    def __init__(self, document, images: dict[str, bytes] | None = None,
                 comments: dict[str, str] | None = None, contents: bool = False,
                 date: dt.date | None = None, layout=None, reviewer: str = REVIEWER):
        self.doc = document
        self.reviewer = reviewer  # who the comments are from (review.reviewer)
        self.layout = layout  # the PDF's pages (render/pdf.py Layout): the contents' page numbers
        self.images = images or {}
        self.comments = comments or {}
        self.contents = contents
        self.date = date
        self.notes: dict[str, NotesPart] = {}
        self.comment_part: Comments | None = None  # comments.xml, made at the first comment
        self.endnote_sources: dict[str, object] = {}  # "note-3" -> the <li> holding its text
        self.headings: list[tuple[int, str]] = []
        self.style_id = StyleIds(document)  # style name -> id
        self.body = Body(document)
        self.pictures: list = []  # each figure's wp:inline, for its paragraph's w:drawing
        self.bookmarks = 0
        self.heading_count = 0
        self.part = document.part  # the part being written: the body, or a notes part
        self.handlers: dict[str, Callable] = {
            "section": self.container, "header": self.masthead, "div": self.division,
            "ul": self.list, "ol": self.list, "figure": self.container, "img": self.picture,
            "nav": self.navigation, "aside": self.container, "article": self.container,
        }

    # ------------------------------------------------------------- blocks

    def write(self, body) -> None:
        for ol in body.iter("ol"):
            if "endnotes" in classes(ol):
                self.endnote_sources.update({li.get("id"): li for li in ol if li.get("id")})
        levels = {"h2": 1, "h3": 2}
        self.headings = [(levels[h.tag], text_of(h)) for h in body.iter("h2", "h3")]
        self.container(body)
        self.body.finish()  # the body's paragraphs, parsed: the document part's element is now another
        for part in self.notes.values():
            part.filled.finish()
        if self.comment_part is not None:
            self.comment_part.finish()
        self.doc = self.doc.part.document
        for drawing, inline in zip(self.doc.element.body.iter(DRAWING), self.pictures, strict=True):
            drawing.append(inline)  # as python-docx's add_picture puts it

    def container(self, el, context: list[str] | None = None) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            handler = self.handlers.get(child.tag, self.paragraph)
            handler(child, context or [])

    def masthead(self, el, context) -> None:
        self.container(el, context)
        if self.contents and not any("contents" in classes(nav) for nav in el.getparent().iter("nav")):
            self.table_of_contents(el)  # a template of a project's own that sets none where the PDF has them

    def navigation(self, el, context) -> None:
        if "contents" in classes(el):
            self.table_of_contents(el)  # the PDF's list, in Word's terms: the same headings, Word's own styles
        else:
            self.container(el, context)

    def division(self, el, context) -> None:
        if "running-header" in classes(el) or "running-footer" in classes(el):
            self.running(el)
        elif "running-organisation" in classes(el):
            return  # the footer's first line, which the running footer writes (running.footer_name)
        else:
            self.container(el, context)

    def running(self, el) -> None:
        running(self, el)  # the page header and footer (running.py)

    def list(self, el, context) -> None:
        if "endnotes" in classes(el) and self.endnote_sources:
            return  # written as real endnotes at their references
        context = classes(el)
        for li in el:
            if isinstance(li.tag, str) and li.tag == "li":
                self.paragraph(li, context)

    def paragraph(self, el, context) -> None:
        own = self.own_style(el, character=False)
        style = own or style_for(PARAGRAPH_STYLES, el, context) or "Body Text"
        if kept_with_next(el):  # brief.css: h4 { break-before: avoid }, li:first-child { break-after: avoid }
            style = KEEP_WITH_NEXT.get(style, style)
        p = self.add_paragraph(style)
        if self.contents and el.tag in ("h2", "h3"):
            # the contents' entries link here
            self.heading_count += 1
            self.bookmarked(p, f"_Toc{self.heading_count}", lambda: self.inline(p, el))
        else:
            self.inline(p, el)
        trim(p)
        fact = el.get("data-fact")
        if fact in self.comments and has_runs(p):
            self.comment(p, self.comments[fact])

    def picture(self, el, context) -> None:
        if "logo" in classes(el):
            return  # the Word draft carries the logo in its page header (render_docx)
        src = el.get("src") or ""
        name = src.removeprefix("briefgen:")
        if not src.startswith("briefgen:") or name not in self.images:
            raise BriefgenError.single("templates/brief.html.j2", f"image {src!r} is not one briefgen drew "
                                       f"(known: {', '.join(sorted(self.images)) or 'none'})")
        # made now, as python-docx's add_picture makes it (its relationship in the order it comes), and put
        # in its run's w:drawing once the body is parsed (write)
        inline = self.doc.part.new_pic_inline(io.BytesIO(self.images[name]))
        self.pictures.append(inline)
        self.add_paragraph("Figure").items.append((RAW, "<w:r><w:drawing/></w:r>"))
        shape = InlineShape(inline)
        section = self.doc.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        if shape.width > width:
            shape.height = Emu(int(shape.height * width / shape.width))
            shape.width = Emu(width)
        # alt text, read out by screen readers and shown in Word's Alt Text pane
        shape._inline.docPr.set("descr", el.get("alt") or "")

    def table_of_contents(self, at) -> None:
        """The contents (at the HTML's nav.contents, ``at``) under its .contents-title, else the brief's own word:
        each heading, linked to it, and its page in the PDF's layout (notes.contents_entries)."""
        if not self.headings:
            return
        self.text(self.add_paragraph("TOC Heading"), contents_title(at), None)
        pages = self.layout.pages_of(self.headings) if self.layout else [None] * len(self.headings)
        contents_entries([self.add_paragraph(f"toc {level}") for level, _ in self.headings], self.headings, pages)

    def comment(self, p: Para, text: str) -> None:
        """An editor's note on the paragraph's runs, as python-docx's Document.add_comment makes it."""
        if self.comment_part is None:
            self.comment_part = Comments(self.doc, self.reviewer, REVIEWER_INITIALS, self.date)
        comment_range(p, self.comment_part.add(text))

    # ------------------------------------------------------------- inline

    def inline(self, p, el, char_style: str | None = None) -> None:
        if el.text:
            self.text(p, el.text, char_style)
        for child in el:
            if isinstance(child.tag, str):
                self.inline_element(p, child, char_style)
            if child.tail:
                self.text(p, child.tail, char_style)

    def inline_element(self, p, child, char_style: str | None) -> None:
        tag, names = child.tag, classes(child)
        if tag == "wbr":  # where the PDF may break a URL: nothing (lxml nests the URL's rest in it)
            self.inline(p, child, char_style)
        elif tag == "span" and "fn" in names:
            self.note(p, FOOTNOTE, child)
        elif tag == "a" and "noteref" in names and (child.get("href") or "").lstrip("#") in self.endnote_sources:
            self.note(p, ENDNOTE, self.endnote_sources[child.get("href").lstrip("#")])
        elif child.get("data-field") and child.get("data-fact"):
            self.anchored(p, child, char_style)
        elif tag == "a" and _web_address(child.get("href")):
            self.hyperlink(p, child.get("href"), child)
        elif tag == "span" and "url" in names and _web_address(text_of(child)):
            self.hyperlink(p, text_of(child), child)
        elif tag == "span" and "nobreak" in names and not is_date(_TEXT(child)):
            # the PDF keeps a series' name or a timeline letter and its dot on one line in CSS (white-space:
            # nowrap); Word, with a no-break space. A date ("1 November") and span.last-words, wishes of the
            # PDF's layout alone, are plain text (the else below): Word's Find for "2 December", typed with
            # a space, finds no date joined by a no-break space.
            # unstripped: the masthead's span holds " ·", the space before the dot its meaning
            self.text(p, _WHITESPACE.sub(" ", _TEXT(child)).replace(" ", "\u00a0"), char_style)
        else:
            style = self.own_style(child, character=True) or style_for(CHARACTER_STYLES, child, [], names)
            self.inline(p, child, style or char_style)

    def own_style(self, el, character: bool) -> str | None:
        """The Word style a project's template names for ``el`` (data-word-style), if any,
        made in the draft if the reference lacks it (StyleIds.own)."""
        name = el.get(OWN_STYLE)
        if name:
            self.style_id.own(name, character)
        return name

    def anchored(self, p, child, char_style: str | None) -> None:
        """A fact base value, between the two ends of a bookmark naming its
        statement, its key and the hash of the text (see briefgen/anchors.py)."""
        # the value as the fact base holds it: a first use's written-out form is the printing's
        name = anchors.anchor_name(child.get("data-fact"), child.get("data-field"), unexpanded(child))
        self.bookmarked(p, name, lambda: self.inline(p, child, style_for(CHARACTER_STYLES, child, []) or char_style))

    def bookmarked(self, p, name: str, write: Callable[[], None]) -> None:
        ident = str(self.bookmarks)
        self.bookmarks += 1
        bookmark(p, ident, name)
        write()
        bookmark(p, ident)

    def hyperlink(self, p, url: str, child) -> None:
        """A live link (w:hyperlink to an external relationship), styled as Word styles links.
        The relationship belongs to the part the paragraph is in: a footnote's link to the notes part."""
        rid = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        written = len(p)
        self.inline(p, child, "Hyperlink")
        wrap_in_link(p, written, rid)

    def note(self, p, kind, source) -> None:
        """A real footnote/endnote holding ``source``'s text, called from paragraph ``p``."""
        if kind.name not in self.notes:
            self.notes[kind.name] = NotesPart(self.doc, kind)
        part = self.notes[kind.name]
        text_style, ref_style = (self.style_id[s] for s in NOTE_STYLES[kind.name])
        ident, note_p = part.add(text_style, ref_style)
        self.part, body_part = part.part, self.part
        self.inline(note_p, source)
        self.part = body_part
        trim(note_p, keep_first=True)  # the space after the note's number is not indentation
        part.reference(p, ident, ref_style)

    def add_paragraph(self, style: str) -> Para:
        """A new body paragraph in the named style, numbered as its list style numbers."""
        return self.body.paragraph(self.style_id[style], self.style_id.numbering(style))

    def text(self, p, text: str, style: str | None) -> None:
        if "  " in text or not text.isprintable():  # most texts have no white space to collapse
            text = _WHITESPACE.sub(" ", text)
        if text:
            add_run(p, text, self.style_id[style] if style else None)


def _web_address(url: str | None) -> bool:
    """Only web addresses become links: a fact base's text never makes a file: or javascript: link."""
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc) and url.split() == [url]  # no white space
