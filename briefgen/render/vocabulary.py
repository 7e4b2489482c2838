"""The HTML vocabulary: every element and class the templates may emit, what
each means in the brief, and what the Word writer makes of it.

The templates write one HTML document; WeasyPrint lays it out for the PDF
(brief.css styles it) and the Word writer walks it (render/word/walker.py).
This module is the contract between the three. The Word writer refuses an
element or class not declared here, naming it, rather than guessing a style;
a template that needs something new declares it here first, with its Word
meaning, and styles it in brief.css.
"""
from __future__ import annotations

import functools
import re
from typing import get_args

from ..errors import BriefgenError
from ..fields import SectionId
from ..profile import Audience

# Block elements: (tag, class) -> Word paragraph style. The class may be None for "any";
# a list item's class may be its list's. Where an element carries two classes both tables
# know, the one declared first wins (style_for): the narrower kind goes before the broader
# ("judgement fact": a key judgement is a fact, set as a judgement).
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
    ("p", "judgement"): "Key Judgement",
    ("p", "fact"): "Body Text",
    ("p", "recommendation"): "Recommendation",
    ("p", None): "Body Text",
    ("blockquote", None): "Quote",
    ("li", "recommendation"): "Recommendation",
    ("li", "takeaways"): "Key Takeaway",
    ("li", "facts"): "List Bullet",
    ("li", "timeline"): "Timeline Entry",
    # the sources list is a bibliography: unnumbered, alphabetical (select.py)
    ("li", "sources"): "List Paragraph",
    ("li", "endnotes"): "List Number",
    ("li", None): "List Bullet",
    ("figcaption", None): "Caption",
}

# brief.css keeps a list's first item with the second (li:first-child:not(:last-child)) and an
# area's "Milestones" (h4) over one milestone with the fact before it (h4 { break-before: avoid }; a
# list of two or more may open the next page under it). Word has no keep-with-previous: the paragraph
# before such an h4 keeps with the next instead, through a style of its own that is its usual style
# with "keep with next" (the reference's styles.xml), as does a list's first item, and a statement of
# a passage whose note is called at its last statement. The timeline's figure keeps with its key's
# first entry through its own styles (Figure and Caption keep with next).
KEEP_WITH_NEXT: dict[str, str] = {"Body Text": "Body Text Keep With Next",
                                  "List Bullet": "List Bullet Keep With Next",
                                  "Timeline Entry": "Timeline Entry Keep With Next"}


def kept_with_next(el) -> bool:
    """Whether brief.css keeps ``el`` with what follows it: a list's first item of several, the last
    thing printed before an h4 whose list holds one item, or a statement whose note is called at the
    end of its passage ([data-shares-note]: sourcenotes.py), kept with the next statement up to that
    call."""
    if el.get("data-shares-note"):
        return True
    if el.tag == "li" and el.getprevious() is None and el.getnext() is not None:
        return True
    if el.tag == "li":
        if el.getnext() is not None:
            return False
        el = el.getparent()
    after = _next(el)
    listed = _next(after) if after is not None and after.tag == "h4" else None
    return listed is not None and len([li for li in listed if li.tag == "li"]) == 1


def _next(el):
    """The element printed after ``el`` (comments skipped), if any."""
    after = el.getnext()
    while after is not None and not isinstance(after.tag, str):  # a comment
        after = after.getnext()
    return after


# Inline elements: (tag, class) -> Word character style
CHARACTER_STYLES: dict[tuple[str, str | None], str] = {
    ("strong", None): "Strong",
    ("em", None): "Emphasis",
    ("span", "portion"): "Portion Mark",
    ("span", "assessment"): "Assessment Label",
    # TLP 2.0 labels in their colours on black (FIRST), as brief.css sets them: declared before
    # "marking", so a span with both classes takes its level's style (style_for)
    ("span", "tlp-clear"): "Marking TLP Clear",
    ("span", "tlp-green"): "Marking TLP Green",
    ("span", "tlp-amber"): "Marking TLP Amber",
    ("span", "tlp-amber-strict"): "Marking TLP Amber",
    ("span", "tlp-red"): "Marking TLP Red",
    ("span", "marking"): "Marking",
    ("a", "noteref"): "Note Reference",
}
INLINE = frozenset(tag for tag, _ in CHARACTER_STYLES)  # set as runs: their own style is a character style

# Every element, and what it becomes in Word
ELEMENTS: dict[str, str] = {
    "html": "the document; its lang is the draft's language (spelling, hyphenation)",
    "head": "the document's properties, nothing in the body",
    "title": "the Title property",
    "meta": "a core property (author, description, keywords, date, marking) or a custom one "
            "(briefgen.factbase, briefgen.audience, briefgen.reader)",
    "link": "the stylesheet: nothing (the reference document's styles stand for it)",
    "style": "the house's CSS: nothing (its accent and typeface reach the reference's styles)",
    "body": "the draft's body",
    "header": "the masthead's paragraphs; the contents follow it",
    "div": "its content; .running-header, .running-footer and .running-organisation become the page header and footer",
    "section": "its content", "article": "its content", "aside": "its content",
    "nav": "its content; nav.contents becomes the contents (TOC Heading, toc 1, toc 2), its entries the h2s and h3s",
    "figure": "its content",
    "h1": "Title", "h2": "Heading 1 (a contents entry)", "h3": "Heading 2 (a contents entry)", "h4": "Heading 3",
    "p": "a paragraph in its class's style (Body Text by default)",
    "blockquote": "Quote",
    "ul": "its items", "ol": "its items; ol.endnotes becomes real endnotes",
    "li": "a paragraph in its list's style (List Bullet by default)",
    "figcaption": "Caption",
    "img": "a picture in a Figure paragraph, with its alt text; img.logo goes to the page header",
    "strong": "Strong", "em": "Emphasis",
    "span": "a run; its class may give it a character style",
    "a": "a live link to a web address, or a note reference",
    "wbr": "where the PDF may break a URL: nothing (Word lays out its own lines)",
}

# Every class, and what it becomes in Word
CLASSES: dict[str, str] = {
    "running-header": "the page header: the running title and the marking", "short-title": "the running title",
    "running-footer": "the page footer: the marking, then the page numbers",
    "running-organisation": "the page footer's first line: the organisation (its short name) and the series",
    "marking": "Marking (in the page header and footer: the Marking Banner paragraph)",
    "masthead": "page 1's masthead",
    "logo": "the logo, carried in the page header rather than the body",
    "organisation": "Masthead", "series": "part of the Masthead line", "subtitle": "Subtitle", "byline": "Byline",
    "contact": "the press contact's line: Byline", "handling": "Handling", "intro": "Intro",
    "fact": "Body Text", "judgement": "Key Judgement (on the tint, as the PDF's box)",
    "confidence": "Emphasis", "attribution": "Emphasis", "so-what": "Emphasis", "status": "Emphasis",
    "takeaways": "its items in Key Takeaway", "facts": "its items in List Bullet",
    "lines": "List Bullet, as .facts", "watch": "Timeline Entry, as .timeline",
    "timeline": "its items in Timeline Entry", "timeline-figure": "the timeline chart and its Caption",
    "recommendations": "its items in Recommendation", "recommendation": "Recommendation (numbered)",
    "sources": "its items in List Paragraph", "url": "a live link", "notes": "the endnotes' section heading",
    "endnotes": "real endnotes, at their references", "noteref": "an endnote reference",
    "fn": "a real footnote", "portion": "Portion Mark", "assessment": "Assessment Label (a fact's, model.Assessment)",
    "contents": "the contents: a TOC Heading, then each h2 and h3 in toc 1 and toc 2 with its page number",
    "contents-title": "the TOC Heading of the contents", "column-start": "the entry opening the contents' 2nd column",
    "nobreak": "words kept on one line, '1 November' (the Word draft joins them with a no-break space): plain text",
    "last-words": "a box's last two words, kept on one line in the PDF: plain text (Word lays out its own lines)",
    "expansion": "an abbreviation written out at its first use: plain text (data-short names its short form)",
}

# Open families, declared by where their names come from:
SECTION_CLASSES = frozenset(get_args(SectionId))  # a section's id on its <section> and its facts: a CSS hook
BODY_CLASSES = frozenset(f"notes-{kind}" for kind in get_args(Audience.model_fields["source_notes"].annotation))
# a marking's own class beside "marking" ("tlp-amber-strict", render/html.py marking_class): its colour in the PDF
MARKING_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# A project's template may name an element's Word style itself, as pandoc's custom-style does:
# <p class="strapline" data-word-style="Strapline">. Its classes are then its own CSS hooks, and
# the draft takes that style from the reference document, or makes it (word/runs.py StyleIds.own).
OWN_STYLE = "data-word-style"


def classes(el) -> list[str]:
    return (el.get("class") or "").split()


def style_for(table: dict[tuple[str, str | None], str], el, context: list[str],
              names: list[str] | None = None) -> str | None:
    """The style ``table`` gives ``el``: by its own classes (``names``, when read already),
    then its list's (``context``), then its tag alone. Of two own classes the table knows,
    the one it declares first wins, whichever the class attribute writes first: a project's
    template may write "marking tlp-red" as well as "tlp-red marking"."""
    tag = el.tag
    own = [(tag, cls) for cls in (classes(el) if names is None else names) if (tag, cls) in table]
    if len(own) > 1:
        return next(style for key, style in table.items() if key in own)
    if own:
        return table[own[0]]
    for cls in context:
        if (tag, cls) in table:
            return table[(tag, cls)]
    return table.get((tag, None))


def unknown_term(tree) -> tuple[str, str] | None:
    """The first element or class in ``tree`` (an lxml HTML tree) that the
    vocabulary does not declare: ("element", "<tag>") or ("class", "tag.class");
    None when everything is declared. An element naming its own Word style (OWN_STYLE) may
    carry any class."""
    judged = set()  # (tag, class attribute) pairs found declared: most elements repeat one
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        attribute = None if el.get(OWN_STYLE) else el.get("class")
        if (tag, attribute) in judged:
            continue
        if tag not in ELEMENTS:
            return "element", f"<{tag}>"
        names = (attribute or "").split()
        for cls in names:
            if cls in CLASSES or cls in SECTION_CLASSES or (tag == "body" and cls in BODY_CLASSES):
                continue
            if "marking" in names and MARKING_SLUG.fullmatch(cls):
                continue
            return "class", f"{tag}.{cls}"
        judged.add((tag, attribute))
    return None


def refuse_unknown(tree, templates=None) -> None:
    """Raise BriefgenError naming the first undeclared element or class, and the
    template line that emits it (searched in the templates in use, a project's
    own where it has one), so a user's template that invents a class fails with one line."""
    found = unknown_term(tree)
    if found is None:
        return
    kind, term = found
    file, line = _emitted_by(kind, term, templates)
    fix = (f'name one on the element ({OWN_STYLE}="Style name"), or use a class briefgen/render/vocabulary.py '
           "declares") if kind == "class" else "use an element briefgen/render/vocabulary.py declares"
    raise BriefgenError.single(file, f"template error: {kind} {term} has no Word style: {fix}", line)


def _refuse_wrong_kind(tree, templates) -> None:
    """Refuse an element naming its own Word style where briefgen's reference has a style of the other
    kind by that name (a span in "Body Text"), before either writer runs, as an unknown class is (a
    style only an organisation's reference has is checked as the draft is made: word/runs.py)."""
    kinds = _reference_kinds()
    for el in tree.xpath(f"//*[@{OWN_STYLE}]"):
        name, wanted = el.get(OWN_STYLE), "character" if el.tag in INLINE else "paragraph"
        has = kinds.get(name.lower())
        if has is not None and has != wanted:
            file, line = _emitted_by("style", name, templates)
            raise BriefgenError.single(file, f'template error: {OWN_STYLE}="{name}" on <{el.tag}> names a {has} '
                                       f"style of the Word reference; a <{el.tag}> takes a {wanted} style", line)


@functools.lru_cache(maxsize=1)
def _reference_kinds() -> dict[str, str]:
    """Each style of briefgen's default Word reference (its name, lower case) -> its type."""
    from lxml import etree

    from .word.package import reference_parts  # which imports this module: here, not at the top

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return {style.find(f"{w}name").get(f"{w}val").lower(): style.get(f"{w}type")
            for style in etree.fromstring(reference_parts()["word/styles.xml"]).iterfind(f"{w}style[{w}name]")}


def refuse_unknown_html(html: str, templates=None) -> None:
    """refuse_unknown for a brief's HTML as rendered, before either writer reads it: a template's
    undeclared term then fails both files of the brief. Were only the Word writer to refuse it,
    the PDF would be written with what the draft lacks, and a rebuild would keep that PDF."""
    from lxml import etree

    tree = etree.fromstring(html, etree.HTMLParser())
    refuse_unknown(tree, templates)
    _refuse_wrong_kind(tree, templates)


def _emitted_by(kind: str, term: str, templates) -> tuple[str, int]:
    """The template file and line most likely to emit ``term``: a class attribute naming
    the class, the element's opening tag, or the style an element names (kind "style");
    else the brief template."""
    if templates is None:
        return "the brief's HTML", 1
    from ..defaults import layered
    from ..load import display_name

    if kind == "class":
        token = re.escape(term.split(".", 1)[1])
        pattern = re.compile(rf"class=\"[^\"]*(?<![\w-]){token}(?![\w-])")
    elif kind == "style":
        pattern = re.compile(rf"{OWN_STYLE}=\"{re.escape(term)}\"")
    else:
        pattern = re.compile(rf"<{re.escape(term.strip('<>'))}\b")
    found = layered(templates, "**/*.j2")
    for path in found.values():
        for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if pattern.search(text):
                return display_name(path), number
    main = found.get("brief.html.j2")
    return (display_name(main), 1) if main else ("brief.html.j2", 1)
