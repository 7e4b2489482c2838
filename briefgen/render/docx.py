"""HTML -> Word draft: a walker that maps each tag/class of the brief HTML to a
named Word style (never direct formatting), so an editor restyles the whole
draft by changing a style.
"""
from __future__ import annotations

import io
import re
from typing import Callable

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

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
    ("li", "takeaways"): "Key Takeaway",
    ("li", "facts"): "List Bullet",
    ("li", "timeline"): "Timeline Entry",
    ("li", "sources"): "List Number",
    ("li", "endnotes"): "List Number",
    ("figcaption", None): "Caption",
}

# Inline elements -> character style
CHARACTER_STYLES: dict[tuple[str, str | None], str] = {
    ("strong", None): "Strong",
    ("em", None): "Emphasis",
    ("span", "portion"): "Portion Mark",
    ("a", "noteref"): "Note Reference",
    ("span", "fn"): "Source Note",
}

# Styles the default template lacks: name -> (type, base style)
CUSTOM_STYLES: dict[str, tuple[WD_STYLE_TYPE, str]] = {
    "Masthead": (WD_STYLE_TYPE.PARAGRAPH, "Normal"),
    "Byline": (WD_STYLE_TYPE.PARAGRAPH, "Normal"),
    "Handling": (WD_STYLE_TYPE.PARAGRAPH, "Normal"),
    "Intro": (WD_STYLE_TYPE.PARAGRAPH, "Body Text"),
    "Recommendation": (WD_STYLE_TYPE.PARAGRAPH, "Body Text"),
    "Key Takeaway": (WD_STYLE_TYPE.PARAGRAPH, "List Bullet"),
    "Timeline Entry": (WD_STYLE_TYPE.PARAGRAPH, "List Paragraph"),
    "Marking Banner": (WD_STYLE_TYPE.PARAGRAPH, "Header"),
    "Portion Mark": (WD_STYLE_TYPE.CHARACTER, "Strong"),
    "Note Reference": (WD_STYLE_TYPE.CHARACTER, "Default Paragraph Font"),
    "Source Note": (WD_STYLE_TYPE.CHARACTER, "Default Paragraph Font"),
}


def ensure_styles(document: docx.document.Document) -> None:
    names = {s.name for s in document.styles}
    for name, (kind, base) in CUSTOM_STYLES.items():
        if name not in names:
            style = document.styles.add_style(name, kind)
            style.base_style = document.styles[base]
            if kind == WD_STYLE_TYPE.PARAGRAPH:
                style.quick_style = True


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def _lookup(table: dict, el, context: list[str]) -> str | None:
    for cls in _classes(el) + context:
        if (el.tag, cls) in table:
            return table[(el.tag, cls)]
    return table.get((el.tag, None))


class DocxWriter:
    def __init__(self, document: docx.document.Document):
        self.doc = document
        ensure_styles(document)
        self.handlers: dict[str, Callable] = {
            "section": self.container, "header": self.container, "div": self.division,
            "ul": self.list, "ol": self.list, "figure": self.container,
        }

    def write(self, body) -> None:
        self.container(body)

    def container(self, el, context: list[str] | None = None) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            handler = self.handlers.get(child.tag, self.paragraph)
            handler(child, context or [])

    def division(self, el, context) -> None:
        if "running-header" in _classes(el) or "running-footer" in _classes(el):
            self.running(el)
        else:
            self.container(el, context)

    def running(self, el) -> None:
        section = self.doc.sections[0]
        part = section.header if "running-header" in _classes(el) else section.footer
        para = part.paragraphs[0]
        para.style = self.doc.styles["Marking Banner"]
        self.inline(para, el)
        _trim(para)

    def list(self, el, context) -> None:
        for li in el:
            if isinstance(li.tag, str) and li.tag == "li":
                self.paragraph(li, _classes(el))

    def paragraph(self, el, context) -> None:
        style = _lookup(PARAGRAPH_STYLES, el, context) or "Body Text"
        para = self.doc.add_paragraph(style=style)
        self.inline(para, el)
        _trim(para)

    def inline(self, para: Paragraph, el, char_style: str | None = None) -> None:
        if el.text:
            self.text(para, el.text, char_style)
        for child in el:
            if isinstance(child.tag, str):
                style = _lookup(CHARACTER_STYLES, child, []) or char_style
                if "fn" in _classes(child):
                    self.text(para, " [", style)
                    self.inline(para, child, style)
                    self.text(para, "]", style)
                else:
                    self.inline(para, child, style)
            if child.tail:
                self.text(para, child.tail, char_style)

    @staticmethod
    def text(para: Paragraph, text: str, style: str | None) -> None:
        text = _WHITESPACE.sub(" ", text)
        if text:
            para.add_run(text, style=style)


def _trim(para: Paragraph) -> None:
    """HTML source indentation must not become leading or trailing spaces."""
    runs = para.runs
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()


def render_docx(html: str) -> bytes:
    tree = lxml_html.document_fromstring(html)
    document = docx.Document()
    DocxWriter(document).write(tree.body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
