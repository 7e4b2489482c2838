"""An organisation's reference document's header and footer, made ready for briefgen's running lines; the house logo.

The rule (docs/reference.md, "Your own Word reference document"): the template's header and footer win.
Their text, logo and fields stay, on every kind of page, page 1 included; briefgen adds
only what the template cannot know, each on a line of its own under the template's:

- the header: the running title and the marking (page 1: the marking alone);
- the footer: the page count and the marking, unless the template counts pages itself,
  in which case the marking alone (Marking Banner, set right); the organisation's line
  only when the template's footer says nothing of its own (running.py), the house logo
  only in a header (page 1's, even pages', the others') that says nothing of its own (add_logo).

A template's Header and Footer styles carry tab stops for its author's page, often not
this one (python-docx's and Word's: a centre stop at 3.25 in and a right one at 6.5 in,
whatever the margins): briefgen's lines get a centre and a right stop computed from the
section's page width and margins, so the marking ends at the right margin, not mid-page
or past it; so do the styles' stops at the default page's edge (the contents' page numbers).
Blank paragraphs (a header part's leftover empty line) are dropped. A picture
in a header (the template's, copied to page 1's, or the house logo) gets an id of its own.
"""
from __future__ import annotations

import copy
import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from .notes import ensure_page_numbers, has_field
from .ooxml import PPR_ORDER, insert_ordered, w

# what a paragraph shows, however deep it sits (a smart tag, a bidirectional run, a link, tracked text)
_SHOWN = tuple(qn(tag) for tag in ("w:t", "w:delText", "w:drawing", "w:pict", "w:object", "w:fldSimple",
                                   "w:instrText", "w:sym", "m:oMath"))
_R_ATTRS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def prepare_running(document) -> set[str]:
    """Make ``document``'s (an organisation's reference, its body emptied) headers and
    footers ready for running.py: page 1 and even pages carry the template's own header and
    footer, and each part ends with the empty line briefgen fills, its tab stops computed.
    Which of its headers ("default", "first", "even") show something of their own (a logo,
    a name): the house logo is not added to those (add_logo)."""
    section = document.sections[-1]
    names = ["default", "first"]
    kinds = [(section.header, section.footer)]
    firsts = (section.first_page_header, section.first_page_footer)
    if not section.different_first_page_header_footer:  # briefgen's page 1 differs (render_docx)
        for part, default in zip(firsts, kinds[0], strict=True):
            _copy_definition(default, part)
        section.different_first_page_header_footer = True
    kinds.append(firsts)
    if document.settings.odd_and_even_pages_header_footer:
        evens = (section.even_page_header, section.even_page_footer)
        for part, default in zip(evens, kinds[0], strict=True):
            if part.is_linked_to_previous:
                _copy_definition(default, part)
        kinds.append(evens)
        names.append("even")
    width = _text_width(section)
    styles = document.styles
    for header, footer in kinds:
        for root in (header._element, footer._element):
            for p in root.p_lst:
                if _blank(p):
                    root.remove(p)
    shown = {name for name, (header, _) in zip(names, kinds, strict=True) if len(header._element) > 0}
    for header, footer in kinds:
        line = header._element.add_p()
        line.style = styles["Header"].style_id
        _tab_stops(line, styles, width, ("right",))
        _footer_line(footer._element, styles, width)
    return shown


def _footer_line(root, styles, width: int | None) -> None:
    """The page count and the marking's line (the count at the centre stop, the marking at
    the right one), or the marking's alone where the template counts pages in its own way."""
    if has_field(root, "PAGE"):
        root.add_p().style = styles["Marking Banner"].style_id
        return
    root.add_p()  # the line ensure_page_numbers fills: never the template's own last line
    ensure_page_numbers(root, styles["Footer"].style_id, styles["page number"].style_id)
    _tab_stops(root.p_lst[-1], styles, width, ("center", "right"))


# The default reference's width between the margins (A4, 20 mm margins: default-reference/word/
# document.xml), where the styles briefgen supplies stop: the contents' page numbers, Header, Footer
DEFAULT_TEXT_WIDTH = 11906 - 2 * 1134


def fit_default_stops(style, document) -> None:
    """Move the tab stops of a style copied in from the default reference (``style``, its
    w:style element) from the default page's right edge or middle to ``document``'s: toc 1 and
    toc 2 would set the contents' page numbers past a narrower page's margin (567 pt on Letter
    with 30 mm margins, the margin at 527). The template's own styles keep their stops."""
    width = _text_width(document.sections[-1])
    if width is None or width == DEFAULT_TEXT_WIDTH:
        return
    moved = {str(DEFAULT_TEXT_WIDTH): str(width), str(DEFAULT_TEXT_WIDTH // 2): str(width // 2)}
    for tab in style.xpath("./w:pPr/w:tabs/w:tab"):
        if tab.get(qn("w:pos")) in moved:
            tab.set(qn("w:pos"), moved[tab.get(qn("w:pos"))])


def shows(p) -> bool:
    """Whether a paragraph shows something: text, a picture or a field, anywhere in it."""
    return next(p.iter(*_SHOWN), None) is not None


def _blank(p) -> bool:
    """A paragraph that shows nothing and has no border of its own."""
    has_border = p.pPr is not None and p.pPr.find(qn("w:pBdr")) is not None
    return not has_border and not shows(p)


def _text_width(section) -> int | None:
    """The width between the margins, in twentieths of a point, or None where the template
    does not say (its lines then keep their style's stops)."""
    sizes = (section.page_width, section.left_margin, section.right_margin)
    if any(size is None for size in sizes):
        return None
    gutter = section.gutter.twips if section.gutter is not None else 0
    return sizes[0].twips - sizes[1].twips - sizes[2].twips - gutter


def style_tabs(styles, style_id: str) -> dict[int, str]:
    """The tab stops a paragraph of ``style_id`` gets from its style and the styles it is
    based on: position -> alignment (a base's stop cleared by the style is gone)."""
    chain, seen = [], set()
    style = styles.element.get_by_id(style_id)
    while style is not None and style.styleId not in seen:
        seen.add(style.styleId)
        chain.append(style)
        based = style.basedOn
        style = styles.element.get_by_id(based.val) if based is not None else None
    stops: dict[int, str] = {}
    for style in reversed(chain):
        for tab in style.xpath("./w:pPr/w:tabs/w:tab"):
            position, kind = int(tab.get(qn("w:pos"))), tab.get(qn("w:val"))
            if kind == "clear":
                stops.pop(position, None)
            else:
                stops[position] = kind
    return stops


def _tab_stops(p, styles, width: int | None, kinds: tuple[str, ...]) -> None:
    """Give paragraph ``p`` a centre and/or right stop at the text width's middle and end,
    clearing its style's other stops; nothing where the style's stops are those already."""
    if width is None:
        return
    wanted = {width // 2 if kind == "center" else width: kind for kind in kinds}
    inherited = style_tabs(styles, p.style)
    if inherited == wanted:
        return
    tabs = w("tabs")
    for position in sorted(set(inherited) | set(wanted)):
        kind = wanted.get(position)
        if kind is None or inherited.get(position) != kind:
            tabs.append(w("tab", val=kind or "clear", pos=str(position)))
    insert_ordered(p.get_or_add_pPr(), tabs, PPR_ORDER)


def _copy_definition(source, target) -> None:
    """``target`` (a header or footer kind the template leaves out) as a copy of ``source``'s
    content, its images and links related from the new part."""
    if source.is_linked_to_previous:
        return
    target.is_linked_to_previous = False
    src_part, new_part, root = source.part, target.part, target._element
    for child in list(root):
        root.remove(child)
    for child in source._element:
        clone = copy.deepcopy(child)
        for el in clone.iter():
            for attr, rid in el.attrib.items():
                if attr.startswith(f"{{{_R_ATTRS}}}") and rid in src_part.rels:
                    rel = src_part.rels[rid]
                    el.set(attr, new_part.relate_to(rel.target_ref if rel.is_external else rel.target_part,
                                                    rel.reltype, rel.is_external))
        root.append(clone)



def unique_drawing_ids(document) -> None:
    """Each picture an id of its own in the whole package (wp:docPr/@id, which Word wants unique):
    python-docx numbers a part's pictures within that part, so the logo in page 1's header, the
    one in every other page's and the body's first figure all had id 1, which Word repairs."""
    parts = sorted((part for part in document.part.package.iter_parts() if hasattr(part, "element")),
                   key=lambda part: part.partname)
    pictures = [d for part in parts for d in part.element.iter(qn("wp:docPr"))]
    top = max((int(d.get("id")) for d in pictures if d.get("id", "").isdigit()), default=0)
    seen: set[str] = set()
    for picture in pictures:  # the first of an id keeps it: a draft with unique ids is unchanged
        if picture.get("id") in seen:
            top += 1
            picture.set("id", str(top))
        seen.add(picture.get("id"))


def add_logo(document, data: bytes, skip: set[str] = frozenset(), height_mm: float = 9) -> None:
    """The logo at the head of every page's header, above the running title, but for the headers
    ``skip`` names ("default", "first", "even": an organisation's template's headers that show
    something of their own, prepare_running)."""
    section = document.sections[-1]
    headers = {"default": section.header}
    if section.different_first_page_header_footer:
        headers["first"] = section.first_page_header
    if document.settings.odd_and_even_pages_header_footer:
        headers["even"] = section.even_page_header
    for name, header in headers.items():
        if name in skip:
            continue
        para = header.paragraphs[0].insert_paragraph_before(style=document.styles["Header"])
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        # the logo's own line: no rule under it (the Header style draws one)
        insert_ordered(para._p.get_or_add_pPr(), w("pBdr"), PPR_ORDER)
        para.add_run().add_picture(io.BytesIO(data), height=Mm(height_mm))
