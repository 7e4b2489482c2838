"""The WordprocessingML that python-docx has no API for: footnote and endnote
parts, fields (PAGE, NUMPAGES, TOC), the settings that go with them, and a
zip writer that makes two saves of the same document byte-identical.

Element order matters in OOXML (Word rejects a file whose children are out
of schema order, LibreOffice is lenient), so every insertion here goes
through ``insert_ordered`` with the schema's sequence.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# CT_Settings children, in schema order (ECMA-376 Part 1, 17.15.1.78); only the
# ones briefgen writes need be findable, but the successors must all be listed.
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
    "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
    "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
    "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
    "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)

# CT_PPr children, in schema order (17.3.1.26)
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)

# CT_SectPr children that come after w:endnotePr (17.6.17)
SECTPR_AFTER_ENDNOTEPR = tuple(f"w:{t}" for t in (
    "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
    "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
    "printerSettings", "sectPrChange"))


def w(tag: str, **attrs: str) -> etree._Element:
    """A w: element with w: attributes."""
    el = parse_xml(f"<w:{tag} {nsdecls('w')}/>")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def insert_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Insert ``child`` before the first sibling that the schema puts after it."""
    local = etree.QName(child).localname
    later = {qn(f"w:{t}") for t in order[order.index(local) + 1:]}
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return
    parent.append(child)


def default_run_properties(styles) -> etree._Element:
    """``w:docDefaults/w:rPrDefault/w:rPr`` of a styles part, made where missing:
    all three are optional in OOXML (17.7.5), and an organisation's reference
    document may lack them. docDefaults is the first child of w:styles, and
    rPrDefault comes before pPrDefault."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = w("docDefaults")
        styles.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = w("rPrDefault")
        defaults.insert(0, run_default)
    rpr = run_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = w("rPr")
        run_default.append(rpr)
    return rpr


def set_setting(settings, child) -> None:
    """Replace (or add) one child of w:settings."""
    for old in settings.findall(child.tag):
        settings.remove(old)
    insert_ordered(settings, child, SETTINGS_ORDER)


# ------------------------------------------------------------------ notes

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

    def add(self, text_style: str, ref_style: str):
        """A new note holding one paragraph; returns (note id, the note's w:p).

        The caller fills the paragraph after the w:footnoteRef mark."""
        ident = str(self.next_id)
        self.next_id += 1
        note = w(self.kind.name, id=ident)
        p = etree.SubElement(note, qn("w:p"))
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle"), {qn("w:val"): text_style})
        mark = etree.SubElement(p, qn("w:r"))
        rpr = etree.SubElement(mark, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:rStyle"), {qn("w:val"): ref_style})
        etree.SubElement(mark, qn(f"w:{self.kind.name}Ref"))
        space = etree.SubElement(p, qn("w:r"))
        t = etree.SubElement(space, qn("w:t"))
        t.text = " "
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self.root.append(note)
        return ident, p

    def reference(self, ident: str, ref_style: str):
        """The run that calls a note from the body text."""
        r = w("r")
        rpr = etree.SubElement(r, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:rStyle"), {qn("w:val"): ref_style})
        etree.SubElement(r, qn(f"w:{self.kind.name}Reference"), {qn("w:id"): ident})
        return r


# ----------------------------------------------------------------- fields

def simple_field(instruction: str, shown: str):
    """A w:fldSimple (PAGE, NUMPAGES): Word and LibreOffice compute it on layout."""
    field = w("fldSimple", instr=f" {instruction} ")
    r = etree.SubElement(field, qn("w:r"))
    t = etree.SubElement(r, qn("w:t"))
    t.text = shown
    return field


def text_run(text: str):
    r = w("r")
    t = etree.SubElement(r, qn("w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def tab_run():
    r = w("r")
    r.append(w("tab"))
    return r


def field_char(kind: str, dirty: bool = False):
    r = w("r")
    attrs = {qn("w:fldCharType"): kind}
    if dirty:
        attrs[qn("w:dirty")] = "true"
    etree.SubElement(r, qn("w:fldChar"), attrs)
    return r


def instruction(text: str):
    r = w("r")
    t = etree.SubElement(r, qn("w:instrText"))
    t.text = f" {text} "
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def has_field(element, name: str) -> bool:
    """Whether a header/footer already computes field ``name`` (simple or complex)."""
    instrs = [f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple"))]
    instrs += [t.text or "" for t in element.iter(qn("w:instrText"))]
    return any(i.split()[:1] == [name] for i in instrs)


# ------------------------------------------------------------- properties

CUSTOM_PROPERTIES_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# the format id every custom property carries (ECMA-376 Part 1, 22.3.2.2)
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def set_custom_properties(document, values: dict[str, str]) -> None:
    """docProps/custom.xml: File > Properties > Custom in Word, Custom Properties
    in LibreOffice; both keep them through a save."""
    if not values:
        return
    root = etree.Element(f"{{{CUSTOM_PROPERTIES_NS}}}Properties", nsmap={None: CUSTOM_PROPERTIES_NS,
                                                                          "vt": VT_NS})
    for pid, (name, value) in enumerate(sorted(values.items()), start=2):  # pids start at 2
        prop = etree.SubElement(root, f"{{{CUSTOM_PROPERTIES_NS}}}property",
                                fmtid=CUSTOM_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    package = document.part.package
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rid)
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPERTIES_CT, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def set_app_properties(document, pages: int | None) -> None:
    """docProps/app.xml with the draft's true statistics, not the template's zeros:
    pages as the PDF lays out the same brief (None: left out, rather than wrong),
    and words, characters and paragraphs of the body text (notes not counted,
    as Word counts)."""
    body = document.element.body
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    texts = [t for t in texts if t.strip()]
    stats = {"Pages": pages, "Words": sum(len(t.split()) for t in texts),
             "Characters": sum(len("".join(t.split())) for t in texts),
             "CharactersWithSpaces": sum(len(t) for t in texts), "Paragraphs": len(texts)}
    for part in document.part.package.iter_parts():
        if part.partname != "/docProps/app.xml":
            continue
        root = etree.fromstring(part.blob)
        for name, value in stats.items():
            el = root.find(f"{{{APP_NS}}}{name}")
            if value is None:
                if el is not None:
                    root.remove(el)
                continue
            if el is None:
                el = etree.SubElement(root, f"{{{APP_NS}}}{name}")
            el.text = str(value)
        lines = root.find(f"{{{APP_NS}}}Lines")
        if lines is not None:  # only a word processor's own layout knows its lines
            root.remove(lines)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def custom_properties(package) -> dict[str, str]:
    """The custom properties of an opened zip package (absorb reads them back)."""
    try:
        root = etree.fromstring(package.read("docProps/custom.xml"))
    except KeyError:
        return {}
    return {p.get("name"): "".join(p.itertext()) for p in root.iter(f"{{{CUSTOM_PROPERTIES_NS}}}property")}


# -------------------------------------------------------------------- zip

def normalise_zip(data: bytes, when: dt.date) -> bytes:
    """Re-write a saved package with fixed entry times and attributes.

    python-docx stamps each zip entry with the clock; a brief's bytes must
    depend on its inputs only. Entry order is python-docx's, which is
    deterministic ([Content_Types].xml first, as OPC readers expect)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()
