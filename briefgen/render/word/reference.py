"""The reference document a draft starts from: briefgen's default (package
data, see package.py) or an organisation's own, adapted.

The Word writer only ever names styles; every style, the page and the header
and footer come from here. The default takes the project's accent colour,
typeface and logo (briefgen.toml). ``--reference-docx`` swaps in an
organisation's file (.docx or .dotx), whose styles, page setup, header and
footer win: it is emptied of its text, and any style the writer names that it
lacks is copied in from the default, in the house accent, with its list
numbering, so the writer never meets a missing style (python-docx raises
KeyError there).
"""
from __future__ import annotations

import copy
import io
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import Unmarshaller
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import qn
from docx.package import Package
from lxml import etree

from ...errors import BriefgenError
from ...palette import as_word, word_colour
from .ooxml import default_run_properties, w
from .package import default_reference, part_from_parsed

TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# the default reference's colours, as Word writes them: the navy, its tint (the takeaways'
# shading) and its shade (the title), which apply_house turns into the house accent's
NAVY, NAVY_TINT, NAVY_DARK = (word_colour(name) for name in ("accent", "accent-tint", "accent-dark"))

# Every style the writer names, bases before the styles built on them: what an
# organisation's reference must have, and gets from the default where it lacks one.
# Names are the ones in styles.xml ("footnote text", not "Footnote Text").
STYLES_NAMED = (
    "Normal", "Body Text", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
    "List Paragraph", "List Bullet", "List Number", "Quote", "Caption", "Header", "Footer",
    "footnote text", "endnote text", "annotation text", "TOC Heading", "toc 1", "toc 2",
    "Masthead", "Byline", "Handling", "Intro", "Recommendation", "Key Takeaway", "Key Judgement",
    "Timeline Entry", "Body Text Keep With Next", "List Bullet Keep With Next", "Timeline Entry Keep With Next",
    "Figure", "Marking Banner",
    "Default Paragraph Font", "Strong", "Emphasis", "Portion Mark", "Assessment Label", "Marking", "Marking TLP Clear",
    "Marking TLP Green", "Marking TLP Amber", "Marking TLP Red", "Note Reference",
    "Hyperlink", "footnote reference", "endnote reference", "annotation reference", "page number",
)


@lru_cache(maxsize=1)
def _default_reader() -> PackageReader:
    """The default reference as python-docx reads a package: its parts' bytes, content types
    and relationships, read out of its zip once in a process (a third of opening it)."""
    return PackageReader.from_file(io.BytesIO(default_reference()))


def default_document() -> docx.document.Document:
    """A fresh copy of the default reference, opened: its parts made as ``docx.Document`` makes
    them, from copies of their elements (package.part_from_parsed), so no draft shares one with another."""
    package = Package()
    Unmarshaller.unmarshal(_default_reader(), package, part_from_parsed)
    return package.main_document_part.document


def check_reference(path: Path) -> None:
    """Refuse a reference document that is not a Word document, before any brief is written."""
    open_reference(path)


def open_reference(path: Path | None, house=None) -> docx.document.Document:
    """A fresh document to write a draft into: the reference's styles, page
    setup, header and footer, with an empty body; an organisation's gets the
    styles it lacks from the default, in the ``house`` accent."""
    if path is None:
        document = default_document()
    else:
        document = _load(Path(path))
        clear_body(document)
        ensure_styles(document, house)
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
    # Word 2010's copy of styles.xml (python-docx's has one) would lack those copied in: Word would repair it
    for rid in [rid for rid, rel in document.part.rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        del document.part.rels[rid]
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
            continue
        root = getattr(rel.target_part, "element", None)
        for child in list(root if root is not None else []):
            if child.get(qn("w:type")) not in ("separator", "continuationSeparator"):
                root.remove(child)


def ensure_styles(document, house=None) -> None:
    """Copy in, from the default reference, every style the writer names that ``document``
    lacks, in the ``house`` accent (config.Identity): a style the organisation's template
    defines keeps its own colours, one briefgen supplies takes the house's, not the navy."""
    from .headfoot import fit_default_stops  # headfoot imports notes.py, which imports this

    have = document.styles
    default = default_document()
    apply_accent(default, house)
    for name in STYLES_NAMED:
        if name in have:
            continue
        source = default.styles[name]
        clone = copy.deepcopy(source.element)
        based = clone.find(qn("w:basedOn"))
        if based is not None and source.base_style is not None:
            based.set(qn("w:val"), have[source.base_style.name].style_id)
        for link in clone.findall(qn("w:link")):
            clone.remove(link)
        have.element.append(clone)
        fit_default_stops(clone, document)
        number = clone.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if number is not None:
            _copy_numbering(default, document, number)


def _copy_numbering(source, document, number) -> None:
    """Give a list style copied from ``source`` its own numbering definition in
    ``document``: its w:numId named a definition in ``source``'s numbering part,
    which in ``document`` would be missing or another list's. ``number`` (the
    copied style's w:numId) is pointed at the new definition."""
    theirs = source.part.numbering_part.element
    ours = document.part.numbering_part.element  # python-docx adds the part if missing
    num = theirs.num_having_numId(int(number.get(qn("w:val"))))
    abstract_of = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = copy.deepcopy(next(a for a in theirs.findall(qn("w:abstractNum"))
                                  if a.get(qn("w:abstractNumId")) == abstract_of))
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in ours.findall(qn("w:abstractNum"))),
                          default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in ours.findall(qn("w:num"))), default=0)
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    nums = ours.findall(qn("w:num"))
    if nums:  # the schema wants every abstractNum before the first num
        nums[0].addprevious(abstract)
    else:
        ours.append(abstract)
    new = w("num", numId=str(num_id))
    new.append(w("abstractNumId", val=str(abstract_id)))
    ours.append(new)
    number.set(qn("w:val"), str(num_id))


def style_numbering(style, style_by_id):
    """The w:numPr a list style (its w:style element) numbers its paragraphs with
    (its own or a base style's), or None; ``style_by_id``: style id -> the w:style
    element (the first of that id, as python-docx finds a base style). The walker
    writes it on each paragraph as well: Word and LibreOffice follow the style, but
    mammoth, docx2python and pandoc read only the paragraph's own numbering and
    would drop "1." and the bullets."""
    found, current = None, style
    while current is not None and found is None:
        ppr = current.pPr
        found = ppr.find(qn("w:numPr")) if ppr is not None else None
        number = found.find(qn("w:numId")) if found is not None else None
        if number is None or number.get(qn("w:val")) == "0":
            found = None  # a level without a list (python-docx's Subtitle has one): not numbered
        based = current.basedOn
        current = style_by_id(based.val) if based is not None else None
    if found is not None:
        found = copy.deepcopy(found)
        if found.find(qn("w:ilvl")) is None:
            found.insert(0, w("ilvl", val="0"))
    return found


def apply_house(document, house) -> None:
    """The project's accent colour and typeface (briefgen.toml) in the draft's
    styles, where an editor finds them; the logo opens the page header."""
    if house is None:
        return
    apply_accent(document, house)
    if house.typeface:
        fonts = default_run_properties(document.styles.element).find(qn("w:rFonts"))
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attr}"), house.typeface)


def apply_accent(document, house) -> None:
    """The default reference's navy, in its styles and list numbering, made the house accent."""
    accent = as_word(house.accent) if house is not None else NAVY
    if accent != NAVY:
        # the navy, its pale tint (the takeaways' shading) and its dark shade (the title)
        # become the accent's
        colours = {NAVY: accent, NAVY_TINT: as_word(house.accent_tint), NAVY_DARK: as_word(house.accent_dark)}
        for part in (document.styles.element, _numbering(document)):
            for el in part.iter() if part is not None else ():
                for attr in (qn("w:color"), qn("w:fill"), qn("w:val")):
                    if el.get(attr) in colours and (attr != qn("w:val") or el.tag == qn("w:color")):
                        el.set(attr, colours[el.get(attr)])


def _numbering(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
