"""The Word draft's page header and footer, as the PDF's running heads print them.

The header holds the running title and the marking (page 1: the marking alone, where
the PDF's masthead page puts it). The footer holds what every PDF page's footer does
(brief.css @bottom-left/center/right): the organisation as the masthead gives it for
the footer (the house's short name if it has one, with the series), the page count and
the marking. The PDF sets them side by side in three boxes; a Word footer has lines, so
the organisation takes a line of its own (a long name wraps there, as in its PDF box) and
the count and the marking share the next, at the Footer style's centre and right tab
stops. Each text is in a named style of the reference (Footer, page number, the
marking's), never direct formatting; the default reference's footer part holds the two
paragraphs, an organisation's own reference its own footer, which the lines join under its
own (headfoot.py leaves them an empty line, with tab stops for its page).
"""
from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

from ..vocabulary import classes
from .headfoot import shows
from .notes import ensure_page_numbers, has_field
from .runs import HTML_SPACE, Para, add_run, add_tab, fill, trim

_TEXT = etree.XPath("string()")
_WHITESPACE = re.compile(f"[{HTML_SPACE}]+")


def running(writer, el) -> None:
    """The running header or footer ``el`` (a div of the HTML), on every kind of page the
    reference distinguishes (a marking must be on every page)."""
    section = writer.doc.sections[-1]
    is_header = "running-header" in classes(el)
    kinds = [section.header if is_header else section.footer]
    first_page = section.different_first_page_header_footer
    if first_page:
        kinds.append(section.first_page_header if is_header else section.first_page_footer)
    if writer.doc.settings.odd_and_even_pages_header_footer:
        kinds.append(section.even_page_header if is_header else section.even_page_footer)
    # each part's root element, looked up once: python-docx finds it through the section's
    # references and relationships on every access (in this order, which makes any missing part)
    roots = [kind._element for kind in kinds]
    children = [c for c in el if isinstance(c.tag, str)]
    for n, root in enumerate(roots):
        if not is_header:
            _footer(writer, root, children, footer_name(el))
            continue
        last = root.p_lst[-1]
        into = last if not last.text and not last.xpath("./w:fldSimple|./w:r") else root.add_p()
        on_page_one = first_page and n == 1
        # page 1: the marking alone, where the PDF puts it
        shown = [c for c in children if "marking" in classes(c)] if on_page_one else children
        into.style = writer.style_id["Marking Banner" if on_page_one else "Header"]
        p = Para(into.style or "")
        # the spans sit apart in the PDF (flex layout); in Word a tab does it
        for i, child in enumerate(shown):
            if i:
                add_tab(p)
            writer.inline_element(p, child, None)
        trim(p)
        fill(into, p)


def footer_name(el) -> str | None:
    """What the PDF's footer prints for the organisation: div.running-organisation (the house's
    short name and the series), its span.nobreak's words joined by no-break spaces, as the body
    joins them; a project's template without one: the masthead's organisation line."""
    tree = el.getroottree()
    line = next((d for d in tree.iter("div") if "running-organisation" in classes(d)), None)
    if line is None:
        line = next((p for p in tree.iter("p") if "organisation" in classes(p)), None)
    if line is None:
        return None
    text = "".join(_TEXT(node).replace(" ", "\u00a0") if isinstance(node, etree._Element) else node
                   for node in line.xpath(".//span[contains(concat(' ', @class, ' '), ' nobreak ')] | .//text()"
                                          "[not(ancestor::span[contains(concat(' ', @class, ' '), ' nobreak ')])]"))
    return _WHITESPACE.sub(" ", text).strip(HTML_SPACE) or None


def _footer(writer, root, children, organisation: str | None) -> None:
    """The organisation on its own line, unless the reference's footer says something of its
    own (an organisation's template names itself); then the page count and the marking on one,
    or the marking on the line left for it (headfoot.py: the template counts pages itself)."""
    ensure_page_numbers(root, writer.style_id["Footer"], writer.style_id["page number"])
    count = next((p for p in root.p_lst if has_field(p, "PAGE")), None)
    into = root.p_lst[-1]
    if into is not count and shows(into):  # the reference counts pages elsewhere (a table, a text box)
        into = root.add_p()
    if into is not count:
        into.style = writer.style_id["Marking Banner"]
    # the template's own words, on a line of their own or beside its page number ("ACME · page 3")
    own_text = any(shows(p) for p in root.iter(qn("w:p")) if p is not count and p is not into) or \
        (count is not None and any(ch.isalpha() for t in count.iter(qn("w:t")) for ch in t.text or ""))
    if organisation and not own_text:
        before = count if count is not None else into
        line = before.getprevious()
        if line is None or line.tag != before.tag or shows(line):
            line = before.add_p_before()
        line.style = writer.style_id["Footer"]
        name = Para(line.style)
        add_run(name, organisation)
        fill(line, name)
    p = Para("")
    for child in children:
        if into is count:
            add_tab(p)  # to the right tab stop, after the count at the centre one
        writer.inline_element(p, child, None)
    trim(p)
    fill(into, p)

