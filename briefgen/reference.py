"""The reference document: every style, the page and the header/footer of a
Word draft, built in code (the analogue of pandoc's reference.docx).

The Word writer starts each draft from a reference document and only ever
names styles. The default reference is generated here from ``STYLES`` (the
look follows templates/brief.css); ``--reference-docx`` swaps in an
organisation's own file, whose styles, page setup, header and footer win, and
any style it lacks is copied in from the default so the writer never meets a
missing one (python-docx raises KeyError there).

``python -m briefgen.reference OUT.docx`` writes the default, for an
organisation to restyle in Word and pass back with ``--reference-docx``.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from .errors import BriefgenError
from .render.ooxml import (
    PPR_ORDER,
    default_run_properties,
    has_field,
    insert_ordered,
    normalise_zip,
    simple_field,
    text_run,
    w,
)

FONT = "Lato"
# Word picks the East Asian font for Hangul, kana and Han characters (w:eastAsia);
# without one it draws them in a font that may have no such glyphs
EAST_ASIAN_FONT = "Noto Sans CJK JP"
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
PARA, CHAR = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER
TEXT_WIDTH_MM = 170  # A4 less 20 mm margins either side

# colours of templates/brief.css
NAVY, INK, BODY, GREY, DARK, GOLD = "123C69", "0D2A4A", "1A1A1A", "555555", "333333", "B5862A"


@dataclass(frozen=True)
class Spec:
    """One style's look. Sizes and spacing in points, indents in millimetres."""

    kind: WD_STYLE_TYPE = PARA
    base: str | None = "Normal"
    style_id: str | None = None  # Word's fixed id for built-in styles python-docx does not know
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    colour: str | None = None
    superscript: bool | None = None
    underline: bool | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None  # line spacing, a multiple
    keep_next: bool | None = None
    left: float | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    border: tuple[str, str, int] | None = None  # side, colour, width in eighths of a point
    shading: str | None = None
    tabs: tuple[tuple[float, WD_TAB_ALIGNMENT, WD_TAB_LEADER], ...] = ()
    outline: int | None = None  # outline level (0 = level 1) for headings
    next: str | None = None
    quick: bool = True  # shown in Word's style gallery
    hanging: float | None = None  # hanging indent: where a list's number or bullet sits
    # a list style's marker: ("bullet", "•") or ("decimal", "%1."); its numbering
    # definition is written with the style (see _number), so the style never
    # points at a definition the document lacks
    marker: tuple[str, str] | None = None
    marker_colour: str | None = None


DOTS = WD_TAB_LEADER.DOTS
NONE = WD_TAB_LEADER.SPACES
RIGHT, CENTRE = WD_TAB_ALIGNMENT.RIGHT, WD_TAB_ALIGNMENT.CENTER

# Every style a draft uses, bases before the styles built on them. Names are
# the ones in styles.xml ("footnote text", not "Footnote Text"), so Word sees
# its own built-in styles.
STYLES: dict[str, Spec] = {
    "Normal": Spec(base=None, size=10, colour=BODY, after=3, line=1.15),
    "Body Text": Spec(after=5),
    "Title": Spec(size=21, bold=True, colour=INK, after=3, line=1.0, keep_next=True, next="Subtitle"),
    "Subtitle": Spec(size=12, colour=DARK, after=4, next="Body Text"),
    "Heading 1": Spec(size=13, bold=True, colour=NAVY, before=14, after=5, keep_next=True,
                      border=("bottom", NAVY, 6), outline=0, next="Body Text"),
    "Heading 2": Spec(size=11, bold=True, colour=INK, before=10, after=3, keep_next=True,
                      outline=1, next="Body Text"),
    "Heading 3": Spec(size=9.5, bold=True, caps=True, colour=GREY, before=8, after=2,
                      keep_next=True, outline=2, next="Body Text"),
    "List Paragraph": Spec(left=7, after=2),
    "List Bullet": Spec(after=2, left=5, hanging=4, marker=("bullet", "\u2022"), marker_colour=NAVY),
    # the sources list: "[1]", as the notes cite them
    "List Number": Spec(size=8.5, after=2, left=8, hanging=8, marker=("decimal", "[%1]")),
    "Quote": Spec(italic=True, colour=DARK, left=10, after=5),
    "Caption": Spec(size=8.5, italic=True, colour=GREY, after=8),
    "Header": Spec(size=8.5, colour=GREY, after=0, line=1.0, border=("bottom", "BBBBBB", 4),
                   tabs=((TEXT_WIDTH_MM, RIGHT, NONE),), quick=False),
    "Footer": Spec(size=8.5, colour=GREY, after=0, line=1.0, align=WD_ALIGN_PARAGRAPH.CENTER, quick=False),
    "footnote text": Spec(style_id="FootnoteText", size=7.5, colour=DARK, after=0, line=1.0, quick=False),
    "endnote text": Spec(style_id="EndnoteText", size=8.5, colour=DARK, after=2, line=1.0, quick=False),
    "annotation text": Spec(style_id="CommentText", size=9, after=0, line=1.0, quick=False),
    "TOC Heading": Spec(size=13, bold=True, colour=NAVY, before=6, after=4, keep_next=True,
                        outline=9, next="Normal"),
    "toc 1": Spec(style_id="TOC1", after=2, tabs=((TEXT_WIDTH_MM, RIGHT, DOTS),), quick=False),
    "toc 2": Spec(style_id="TOC2", left=5, after=1, tabs=((TEXT_WIDTH_MM, RIGHT, DOTS),), quick=False),
    # briefgen's own, one per kind of block in the brief HTML
    "Masthead": Spec(size=8.5, caps=True, bold=True, colour=NAVY, after=4, border=("top", NAVY, 32)),
    "Byline": Spec(size=8.5, colour=GREY, after=0),
    "Handling": Spec(size=8.5, bold=True, colour=GREY, after=10),
    "Intro": Spec(base="Body Text", italic=True, colour=DARK),
    # numbered as the PDF numbers them, so an editor can say "recommendation 3"
    "Recommendation": Spec(base="Body Text", left=8, hanging=5, border=("left", GOLD, 24), shading="F5F1E6",
                           marker=("decimal", "%1."), marker_colour=GOLD),
    "Key Takeaway": Spec(base="List Bullet", border=("left", NAVY, 24), shading="E8EEF5"),
    "Timeline Entry": Spec(base="List Paragraph", left=0),
    "Figure": Spec(align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True, before=6, after=2),
    "Marking Banner": Spec(base="Footer", bold=True, size=12, colour="000000",
                           align=WD_ALIGN_PARAGRAPH.RIGHT),
    # character styles
    "Default Paragraph Font": Spec(kind=CHAR, base=None),
    "Strong": Spec(kind=CHAR, base="Default Paragraph Font", bold=True),
    "Emphasis": Spec(kind=CHAR, base="Default Paragraph Font", italic=True),
    "Portion Mark": Spec(kind=CHAR, base="Strong", size=8),
    "Marking": Spec(kind=CHAR, base="Default Paragraph Font", bold=True, size=12, colour="000000"),
    "Note Reference": Spec(kind=CHAR, base="Default Paragraph Font", superscript=True),
    # a source's address: a live link, as Word shows one
    "Hyperlink": Spec(kind=CHAR, base="Default Paragraph Font", style_id="Hyperlink", colour=NAVY,
                      underline=True, quick=False),
    "footnote reference": Spec(kind=CHAR, base="Default Paragraph Font", style_id="FootnoteReference",
                               superscript=True, quick=False),
    "endnote reference": Spec(kind=CHAR, base="Default Paragraph Font", style_id="EndnoteReference",
                              superscript=True, quick=False),
    "annotation reference": Spec(kind=CHAR, base="Default Paragraph Font", style_id="CommentReference",
                                 size=8, quick=False),
}


# --------------------------------------------------------------- building

def _keep(pPr) -> None:
    """Drop a style's paragraph properties except its list numbering."""
    if pPr is None:
        return
    for child in list(pPr):
        if child.tag != qn("w:numPr"):
            pPr.remove(child)


def _apply(style, spec: Spec, styles) -> None:
    el = style.element
    _keep(el.pPr)
    if el.rPr is not None:
        el.remove(el.rPr)
    if spec.base:
        style.base_style = styles[spec.base]
    if spec.next and spec.kind == PARA:
        style.next_paragraph_style = styles[spec.next]
    style.quick_style = spec.quick
    font = style.font
    if spec.size is not None:
        font.size = Pt(spec.size)
    font.bold, font.italic, font.all_caps = spec.bold, spec.italic, spec.caps
    if spec.colour:
        font.color.rgb = RGBColor.from_string(spec.colour)
    if spec.superscript:
        font.superscript = True
    if spec.underline:
        font.underline = True
    if spec.kind != PARA:
        return
    fmt = style.paragraph_format
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.line is not None:
        fmt.line_spacing = spec.line
    if spec.keep_next:
        fmt.keep_with_next = True
    if spec.left is not None:
        fmt.left_indent = Mm(spec.left)
    if spec.hanging is not None:
        fmt.first_line_indent = Mm(-spec.hanging)
    if spec.align is not None:
        fmt.alignment = spec.align
    for pos, align, leader in spec.tabs:
        fmt.tab_stops.add_tab_stop(Mm(pos), align, leader)
    pPr = el.get_or_add_pPr()
    if spec.border:
        side, colour, size = spec.border
        borders = w("pBdr")
        borders.append(w(side, val="single", sz=str(size), space="4", color=colour))
        insert_ordered(pPr, borders, PPR_ORDER)
    if spec.shading:
        insert_ordered(pPr, w("shd", val="clear", color="auto", fill=spec.shading), PPR_ORDER)
    if spec.outline is not None:
        pPr.get_or_add_outlineLvl().val = spec.outline


def _number(document, style, spec: Spec) -> None:
    """Give a list style its own numbering definition in ``document``.

    A style's w:numPr names a definition by id in the document's numbering
    part; a style copied from another document would name one this document
    lacks, or another list's. So each list style gets a fresh definition here,
    made from its Spec, whichever document it lands in."""
    numbering = document.part.numbering_part.element  # python-docx adds the part if missing
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                          default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    fmt, text = spec.marker
    abstract = w("abstractNum", abstractNumId=str(abstract_id))
    abstract.append(w("multiLevelType", val="singleLevel"))
    level = w("lvl", ilvl="0")
    for tag, value in (("start", "1"), ("numFmt", fmt), ("lvlText", text), ("lvlJc", "left")):
        level.append(w(tag, val=value))
    if spec.left is not None:
        # the style's indents, repeated here: a paragraph that names this numbering
        # itself (render/docx.py does, for readers that ignore a style's numbering)
        # is indented by its level, which LibreOffice would otherwise set to nothing
        indent = w("ind", left=str(Mm(spec.left).twips), hanging=str(Mm(spec.hanging or 0).twips))
        level_ppr = w("pPr")
        level_ppr.append(indent)
        level.append(level_ppr)
    if spec.marker_colour:  # the marker's look belongs to its definition, not to any run
        marker_look = w("rPr")
        marker_look.append(w("b"))
        marker_look.append(w("color", val=spec.marker_colour))
        level.append(marker_look)
    abstract.append(level)
    nums = numbering.findall(qn("w:num"))
    if nums:  # the schema wants every abstractNum before the first num
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    num = w("num", numId=str(num_id))
    num.append(w("abstractNumId", val=str(abstract_id)))
    numbering.append(num)
    pPr = style.element.get_or_add_pPr()
    for old in pPr.findall(qn("w:numPr")):
        pPr.remove(old)
    numbered = w("numPr")
    numbered.append(w("numId", val=str(num_id)))
    insert_ordered(pPr, numbered, PPR_ORDER)


def _define(document, name: str, spec: Spec):
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, spec.kind)
        if spec.style_id:
            style.style_id = spec.style_id
    _apply(style, spec, styles)
    if spec.marker:
        _number(document, style, spec)
    return style


def _defaults(document) -> None:
    """Lato everywhere (styles name no font, so they all inherit it), sans fallback in the font table."""
    styles_el = document.styles.element
    for rfonts in list(styles_el.iter(qn("w:rFonts"))):
        rfonts.getparent().remove(rfonts)
    rpr = default_run_properties(styles_el)
    rpr.insert(0, w("rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=EAST_ASIAN_FONT))
    for part in document.part.package.iter_parts():
        if part.partname == "/word/fontTable.xml":
            table = etree.fromstring(part.blob)
            entry = w("font", name=FONT)
            for tag, val in (("altName", "Arial"), ("family", "swiss"), ("pitch", "variable")):
                entry.append(w(tag, val=val))
            table.append(entry)
            part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = False
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    ensure_page_numbers(section.footer, document)


def apply_house(document, house) -> None:
    """The project's accent colour and typeface (briefgen.toml) in the draft's
    styles, where an editor finds them; the logo opens the page header."""
    if house is None:
        return
    accent = house.accent.lstrip("#").upper()
    if accent != NAVY:
        for part in (document.styles.element, _numbering(document)):
            for el in part.iter() if part is not None else ():
                for attr in (qn("w:color"), qn("w:fill"), qn("w:val")):
                    if el.get(attr) == NAVY and (attr != qn("w:val") or el.tag == qn("w:color")):
                        el.set(attr, accent)
    if house.typeface:
        fonts = default_run_properties(document.styles.element).find(qn("w:rFonts"))
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attr}"), house.typeface)


def _numbering(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def add_logo(document, data: bytes, height_mm: float = 9) -> None:
    """The logo at the head of every page's header, above the running title."""
    import io

    section = document.sections[-1]
    headers = [section.header]
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
    for header in headers:
        para = header.paragraphs[0].insert_paragraph_before(style=document.styles["Header"])
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        # the logo's own line: no rule under it (the Header style draws one)
        pPr = para._p.get_or_add_pPr()
        insert_ordered(pPr, w("pBdr"), PPR_ORDER)
        para.add_run().add_picture(io.BytesIO(data), height=Mm(height_mm))


def ensure_page_numbers(footer, document) -> None:
    """A footer that counts pages ("3 / 12"), unless the reference's footer already does."""
    if has_field(footer._element, "PAGE"):
        return
    para = footer.paragraphs[0] if not footer.paragraphs[0].text else footer.add_paragraph()
    para.style = document.styles["Footer"]
    p = para._p
    p.append(simple_field("PAGE", "1"))
    p.append(text_run(" / "))
    p.append(simple_field("NUMPAGES", "1"))


def _drop_template_leftovers(document) -> None:
    """Parts of python-docx's own template that do not describe a brief."""
    package = document.part.package
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            # python-docx's template names the program that made it; this one did
            part._blob = part.blob.replace(b"Microsoft Macintosh Word", b"briefgen")
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        # stylesWithEffects: Word 2010's copy of the styles, stale once ours are defined
        if rel.reltype in (RT.CUSTOM_XML, STYLES_WITH_EFFECTS):
            document.part.drop_rel(rid)


def _drop_table_styles(document) -> None:
    """python-docx's template carries 140 table styles a brief never uses; they
    crowd Word's style pane (and slow every style lookup)."""
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1":
            root.remove(style)


def build_default() -> docx.document.Document:
    document = docx.Document()
    _drop_template_leftovers(document)
    _drop_table_styles(document)
    _defaults(document)
    for name, spec in STYLES.items():
        _define(document, name, spec)
    _page(document)
    core = document.core_properties
    core.author, core.comments, core.last_modified_by = "briefgen", "", "briefgen"
    return document


@lru_cache(maxsize=1)
def default_bytes() -> bytes:
    out = io.BytesIO()
    build_default().save(out)
    return normalise_zip(out.getvalue(), dt.date(2000, 1, 1))


# ---------------------------------------------------------------- opening

def check_reference(path: Path) -> None:
    """Refuse a reference document that is not a Word document, before any brief is written."""
    open_reference(path)


def open_reference(path: Path | None) -> docx.document.Document:
    """A fresh document to write a draft into: the reference's styles, page
    setup, header and footer, with an empty body."""
    if path is None:
        document = docx.Document(io.BytesIO(default_bytes()))
    else:
        document = _load(Path(path))
        clear_body(document)
        ensure_styles(document)
    return document


# An organisation's template with its logo is well under a megabyte; these
# bound what a hostile one (a zip bomb: kilobytes that inflate to gigabytes)
# can cost before python-docx, which inflates every part in memory, sees it.
MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_REFERENCE_INFLATED = 100 * 1024 * 1024
MAX_REFERENCE_PARTS = 1000


def _load(path: Path) -> docx.document.Document:
    if not path.is_file():
        raise BriefgenError.single(str(path), "reference document not found")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_REFERENCE_BYTES + 1)
    except OSError as exc:
        raise BriefgenError.single(str(path), f"cannot read reference document: {exc.strerror or exc}") from None
    if len(data) > MAX_REFERENCE_BYTES:
        raise BriefgenError.single(str(path), f"reference document is larger than the limit of "
                                   f"{MAX_REFERENCE_BYTES:,} bytes")
    try:
        _check_inflated(data)
        return docx.Document(io.BytesIO(_as_document(data)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BriefgenError.single(str(path), f"not a Word document (.docx or .dotx): {detail}") from None
    except _TooBig as exc:
        raise BriefgenError.single(str(path), f"reference document refused: {exc}") from None


class _TooBig(Exception):
    pass


def _check_inflated(data: bytes) -> None:
    """Inflate every part in bounded chunks, counting, without keeping any:
    the sizes a zip declares may lie, the bytes it inflates to cannot."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
        if len(members) > MAX_REFERENCE_PARTS:
            raise _TooBig(f"{len(members):,} parts; the limit is {MAX_REFERENCE_PARTS:,}")
        total = 0
        for info in members:
            with package.open(info) as part:
                while chunk := part.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_REFERENCE_INFLATED:
                        raise _TooBig(f"its parts inflate to more than {MAX_REFERENCE_INFLATED:,} bytes "
                                      "(a zip bomb?)")


def _as_document(data: bytes) -> bytes:
    """A Word template (.dotx) differs from a document only in its main part's
    content type, which python-docx refuses; relabel it, as Word does when it
    makes a new document from a template."""
    source = zipfile.ZipFile(io.BytesIO(data))
    types = source.read("[Content_Types].xml")
    if TEMPLATE_MAIN not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, body.replace(TEMPLATE_MAIN, DOCUMENT_MAIN) if info.filename == "[Content_Types].xml"
                            else body)
    return out.getvalue()


def clear_body(document) -> None:
    """Remove the reference's text, and the notes and comments that hung on it;
    keep its final section properties (page, header, footer)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
            continue
        root = getattr(rel.target_part, "element", None)
        for child in list(root if root is not None else []):
            if child.get(qn("w:type")) not in ("separator", "continuationSeparator"):
                root.remove(child)


def ensure_styles(document) -> None:
    """Copy in, from the default reference, every style the writer names that ``document`` lacks."""
    have = document.styles
    default = docx.Document(io.BytesIO(default_bytes())).styles
    for name in STYLES:
        try:
            have[name]
            continue
        except KeyError:
            pass
        source = default[name].element
        clone = copy.deepcopy(source)
        base = STYLES[name].base
        based = clone.find(qn("w:basedOn"))
        if based is not None and base:
            based.set(qn("w:val"), have[base].style_id)
        for link in clone.findall(qn("w:link")):
            clone.remove(link)
        have.element.append(clone)
        if STYLES[name].marker:
            _number(document, have[name], STYLES[name])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m briefgen.reference OUT.docx")
    Path(sys.argv[1]).write_bytes(default_bytes())
