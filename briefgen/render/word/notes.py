"""Notes and fields: real footnotes and endnotes (their parts, separators and
settings), the editors' comments, the page fields of the footer (PAGE / NUMPAGES)
and the contents' page numbers as PAGEREF fields whose results are already filled in.

These are the WordprocessingML pieces python-docx has no API for, or whose API
costs a draft more than writing them (comments); the walker (walker.py) decides
where they go.
"""
from __future__ import annotations

import datetime as dt
import re

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.simpletypes import ST_DateTime
from lxml import etree

from ...labels import word
from ..vocabulary import classes
from .ooxml import SECTPR_AFTER_ENDNOTEPR, set_setting, text_run, w
from .runs import RAW, Filled, Para, add_raw_run, add_run, escaped, quoted

# Load an existing notes part (from an organisation's reference document) as
# XML rather than opaque bytes, through python-docx's own extension point.
PartFactory.part_type_for.setdefault(CT.WML_FOOTNOTES, XmlPart)
PartFactory.part_type_for.setdefault(CT.WML_ENDNOTES, XmlPart)


class NoteKind:
    def __init__(self, name: str, content_type: str, reltype: str):
        self.name = name  # "footnote" or "endnote"
        self.content_type = content_type
        self.reltype = reltype
        self.partname = f"/word/{name}s.xml"


FOOTNOTE = NoteKind("footnote", CT.WML_FOOTNOTES, RT.FOOTNOTES)
ENDNOTE = NoteKind("endnote", CT.WML_ENDNOTES, RT.ENDNOTES)


class NotesPart:
    """footnotes.xml or endnotes.xml: the separator notes Word expects (ids -1
    and 0, as Word and pandoc write them) and one w:footnote per note.

    An organisation's reference document may already carry the part; its
    separators are kept and its other notes dropped, as with the body.
    """

    def __init__(self, document, kind: NoteKind):
        self.kind = kind
        self.document = document
        doc_part = document.part
        existing = [r.target_part for r in doc_part.rels.values()
                    if not r.is_external and r.reltype == kind.reltype]
        if existing:
            self.part = existing[0]
            root = self.part.element
            for note in root.findall(qn(f"w:{kind.name}")):
                if note.get(qn("w:type")) not in ("separator", "continuationSeparator"):
                    root.remove(note)
        else:
            root = parse_xml(f"<w:{kind.name}s {nsdecls('w', 'r')}/>")
            for ident, kind_name, mark in (("-1", "separator", "separator"),
                                           ("0", "continuationSeparator", "continuationSeparator")):
                note = w(kind.name, type=kind_name, id=ident)
                p = etree.SubElement(note, qn("w:p"))
                ppr = etree.SubElement(p, qn("w:pPr"))
                etree.SubElement(ppr, qn("w:spacing"), {qn("w:after"): "0", qn("w:line"): "240",
                                                        qn("w:lineRule"): "auto"})
                r = etree.SubElement(p, qn("w:r"))
                etree.SubElement(r, qn(f"w:{mark}"))
                root.append(note)
            self.part = XmlPart(PackURI(kind.partname), kind.content_type, root, doc_part.package)
            doc_part.relate_to(self.part, kind.reltype)
        self.root = self.part.element
        self.next_id = 1 + max([int(n.get(qn("w:id"))) for n in self.root] + [0])
        self._declare_separators()
        self.filled = _Notes(self.part, self.root, kind.name)

    def _declare_separators(self) -> None:
        settings = self.document.settings.element
        props = w(f"{self.kind.name}Pr")
        if self.kind is ENDNOTE:
            # Word numbers endnotes i, ii, iii unless told; the PDF counts 1, 2, 3
            props.append(w("numFmt", val="decimal"))
        separators = [n.get(qn("w:id")) for n in self.root
                      if n.get(qn("w:type")) in ("separator", "continuationSeparator")]
        for ident in separators:
            props.append(w(self.kind.name, id=ident))
        set_setting(settings, props)
        if self.kind is ENDNOTE:
            # LibreOffice reads the number format from the section, Word from settings
            sect = self.document.sections[-1]._sectPr
            for old in sect.findall(qn("w:endnotePr")):
                sect.remove(old)
            sect_props = w("endnotePr")
            sect_props.append(w("numFmt", val="decimal"))
            sect.insert_element_before(sect_props, *SECTPR_AFTER_ENDNOTEPR)

    def add(self, text_style: str, ref_style: str) -> tuple[str, Para]:
        """A new note holding one paragraph; returns (note id, the note's paragraph).

        The caller fills the paragraph after the w:footnoteRef mark."""
        ident = str(self.next_id)
        self.next_id += 1
        p = Para(text_style)
        add_raw_run(p, f"<w:r><w:rPr><w:rStyle w:val={quoted(ref_style)}/></w:rPr><w:{self.kind.name}Ref/></w:r>")
        add_run(p, " ")
        self.filled.paras.append((ident, p))
        return ident, p

    def reference(self, p: Para, ident: str, ref_style: str) -> None:
        """The run that calls a note, at the end of paragraph ``p``."""
        add_raw_run(p, f"<w:r><w:rPr><w:rStyle w:val={quoted(ref_style)}/></w:rPr>"
                       f'<w:{self.kind.name}Reference w:id="{ident}"/></w:r>')


class _Notes(Filled):
    """A notes part's notes, each one paragraph, written at the end of the part."""

    def __init__(self, part, root, name: str):
        super().__init__(part, root)
        self.name = name

    def render(self, item) -> str:
        ident, p = item
        return f'<w:{self.name} w:id="{ident}">{p.xml()}</w:{self.name}>'


class Comments(Filled):
    """comments.xml: each comment written as python-docx's ``Comments.add_comment`` writes
    it (its next id, its attributes in that order, a CommentText paragraph per line of the
    text, opened by the annotation mark, and the runs ``Run.text`` makes of each line), as
    XML parsed once with the part; its API built each comment element by element."""

    def __init__(self, document, author: str, initials: str, date: dt.date | None):
        part = document.part._comments_part  # the reference's, or python-docx's default part, related now
        super().__init__(part, part.element)
        self.used = [int(x) for x in part.element.xpath("./w:comment/@w:id")]
        self.who = f"w:author={quoted(author)} w:initials={quoted(initials)}"
        self.date = None if date is None else dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)

    def add(self, text: str) -> int:
        """A comment holding ``text``; returns its id."""
        ident = max(self.used, default=-1) + 1
        if ident > 2**31 - 1:  # as python-docx: the first id unused
            ident = next((n for n, used in enumerate(sorted(self.used)) if n != used), len(self.used))
        self.used.append(ident)
        when = ST_DateTime.convert_to_xml(self.date or dt.datetime.now(dt.UTC))
        lines = text.split("\n")
        body = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
        if text:
            body += _text_runs(lines[0])
        paras = [body] + [_text_runs(line) if line else "" for line in lines[1:]]
        self.paras.append(f'<w:comment w:id="{ident}" {self.who} w:date="{when}">'
                          + "".join(f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{para}</w:p>'
                                    for para in paras) + "</w:comment>")
        return ident

    def render(self, item) -> str:
        return item


def _text_runs(line: str) -> str:
    """The run python-docx's ``Run.text`` makes of a line: a w:tab for each tab, a w:br for
    each carriage return, and a w:t for the text between (its spaces kept where it has them)."""
    pieces = []
    for piece in re.split("([\t\r])", line):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece == "\r":
            pieces.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            pieces.append(f"<w:t{space}>{escaped(piece)}</w:t>")
    return "<w:r>" + "".join(pieces) + "</w:r>"


# ----------------------------------------------------------------- fields

def simple_field(instruction: str, shown: str, style_id: str | None = None):
    """A w:fldSimple (PAGE, NUMPAGES): Word and LibreOffice compute it on layout; its
    result's run in the character style ``style_id``, if given."""
    field = w("fldSimple", instr=f" {instruction} ")
    field.append(text_run(shown, style_id, preserve=False))
    return field


def has_field(element, name: str) -> bool:
    """Whether a header/footer already computes field ``name`` (simple or complex)."""
    instrs = [f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple"))]
    instrs += [t.text or "" for t in element.iter(qn("w:instrText"))]
    return any(i.split()[:1] == [name] for i in instrs)


def ensure_page_numbers(footer, style_id: str, number_style_id: str) -> None:
    """A footer (its w:ftr) that counts pages ("3 / 12") as the default reference's footer
    part does: at the centre tab of a paragraph in ``style_id`` (Footer's), in the character
    style ``number_style_id`` (page number's); unless the reference's footer already counts them."""
    if has_field(footer, "PAGE"):
        return
    last = footer.p_lst[-1]
    p = last if not last.xpath("./w:r|./w:fldSimple|./w:hyperlink") else footer.add_p()
    p.style = style_id
    p.append(w("r"))
    p[-1].append(w("tab"))
    p.append(simple_field("PAGE", "1", number_style_id))
    p.append(text_run(" / ", number_style_id))
    p.append(simple_field("NUMPAGES", "1", number_style_id))


def _text_run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escaped(text)}</w:t></w:r>'


def contents_title(at) -> str:
    """The contents' title: the HTML's .contents-title under ``at`` (nav.contents), as the PDF prints it;
    else (a project's template with no contents of its own) the brief's own word, in its language."""
    head = next((p for p in at.iter() if isinstance(p.tag, str) and "contents-title" in classes(p)), None)
    return "".join(head.itertext()).strip() if head is not None else word("contents", at.xpath("string(/*/@lang)"))


def contents_entries(paras: list[Para], headings: list[tuple[int, str]], pages: list[int | None]) -> None:
    """Fill the contents' paragraphs (their w:p, one per heading, already styled toc 1 / toc 2):
    each heading, linked to its bookmark ``_TocN``, and its page number as a PAGEREF field to
    that bookmark, as Word's own contents entries carry it, its result filled in with the page in
    the PDF's layout. LibreOffice computes each PAGEREF from its own layout as it opens the draft;
    Word shows the result as it is, without asking to update fields, and F9 recomputes it for
    Word's layout. Not inside a TOC field: LibreOffice takes a TOC field's result for fixed text
    and keeps the PDF's numbers, a page early or late wherever its pages break otherwise."""
    for n, (para, (_level, text), page) in enumerate(zip(paras, headings, pages, strict=False), start=1):
        number = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
                  f'PAGEREF _Toc{n} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                  f'{_text_run(str(page or ""))}<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        shown = _text_run(text) + "<w:r><w:tab/></w:r>" + number
        para.items.append((RAW, f'<w:hyperlink w:anchor="_Toc{n}" w:history="1">{shown}</w:hyperlink>'))
