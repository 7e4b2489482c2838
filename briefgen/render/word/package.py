"""The package writer: the default reference's parts zipped from package data,
the draft's properties (core, custom, app) and a deterministic zip.

The default reference document is data, not code: its XML parts are the files
under ``default-reference/`` (styles.xml, numbering.xml, settings.xml...), kept
as Word would read them and edited as text. They are zipped here, in a fixed
order with fixed times, so the same files always make the same bytes.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
import zlib
from functools import lru_cache
from importlib import resources

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap, qn
from lxml import etree

from ...fields import TLP_COLOURS
from ..html import marking_class
from ..vocabulary import CHARACTER_STYLES
from .ooxml import default_run_properties, w

# the date every part of the default reference is stamped with
REFERENCE_DATE = dt.date(2000, 1, 1)
# the first entry of any OPC package, where readers look for it
CONTENT_TYPES = "[Content_Types].xml"


def reference_parts() -> dict[str, bytes]:
    """The default reference's parts: zip entry name -> the committed file's bytes."""
    root = resources.files(__package__) / "default-reference"
    parts: dict[str, bytes] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                pending.append((entry, f"{prefix}{entry.name}/"))
            else:
                parts[prefix + entry.name] = entry.read_bytes()
    parts["word/styles.xml"] = with_marking_colours(parts["word/styles.xml"])
    return parts


def with_marking_colours(styles: bytes) -> bytes:
    """styles.xml with each TLP marking's style in the label's colour (fields.TLP_COLOURS, the one
    table of them; the committed file leaves the colour out)."""
    root = etree.fromstring(styles)
    by_name = {style.find(qn("w:name")).get(qn("w:val")): style for style in root.iter(qn("w:style"))}
    for marking, colour in TLP_COLOURS.items():
        run = by_name[CHARACTER_STYLES[("span", marking_class(marking))]].find(qn("w:rPr"))
        if run.find(qn("w:color")) is None:  # AMBER+STRICT shares AMBER's style
            run.insert(0, w("color", val=colour))  # first: a marking style's w:rPr holds its w:shd only
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@lru_cache(maxsize=1)
def default_reference() -> bytes:
    """The default reference document (.docx), zipped from its parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in sorted(reference_parts().items(), key=lambda part: (part[0] != CONTENT_TYPES, part[0])):
            package.writestr(_entry(name, REFERENCE_DATE), data, compresslevel=9)
    return out.getvalue()


# the default reference's XML parts as parsed once in a process: part bytes -> element
_PARSED: dict[bytes, etree._Element] = {}


def part_from_parsed(partname: PackURI, content_type: str, reltype: str, blob: bytes, package) -> Part:
    """python-docx's PartFactory for the default reference's parts, whose bytes never change:
    an XML part is made from a copy of its element as parsed the first time (parsing the parts
    again for each draft took three times as long as copying them), each draft its own copy."""
    selector = PartFactory.part_class_selector
    part_class = (selector and selector(content_type, reltype)) or PartFactory._part_cls_for(content_type)
    if not issubclass(part_class, XmlPart):
        return part_class.load(partname, content_type, blob, package)
    if blob not in _PARSED:
        _PARSED[blob] = parse_xml(blob)
    return part_class(partname, content_type, copy.deepcopy(_PARSED[blob]), package)


def _entry(name: str, when: dt.date) -> zipfile.ZipInfo:
    """A zip entry that depends on nothing but its name and the brief's date."""
    info = zipfile.ZipInfo(name, date_time=(max(when.year, 1980), when.month, when.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def set_core_properties(document, title: str, meta: dict[str, str], language: str,
                        east_asian: str | None = None, modified_by: str = "") -> dt.date | None:
    """Core properties from the HTML head: one source for the PDF's metadata and
    the draft's; ``modified_by``: who last saved it. Returns the brief's date, which
    stamps the comments and the zip."""
    core = document.core_properties
    core.title = title
    core.author = meta.get("author", "")
    core.subject = meta.get("description", "")
    core.keywords = meta.get("keywords", "")
    # the profile's tone is an instruction to the writers, not part of the brief: never a property
    core.comments = ""
    # the handling marking, where document-management systems look for a classification
    core.category = meta.get("briefgen.marking", "")
    core.language = language
    core.last_modified_by = modified_by
    core.revision = 1
    created = meta.get("dcterms.created")
    date = dt.date.fromisoformat(created) if created else None
    if date:
        stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        core.created = core.modified = stamp
    if language:
        # spelling and hyphenation in the brief's language, set once in the document defaults (and
        # the language of its East Asian text, eastasia.py)
        rpr = default_run_properties(document.styles.element)
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        rpr.append(w("lang", val=language, **({"eastAsia": east_asian} if east_asian else {})))
    return date


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
# a paragraph's texts (w:t), as strings: its itertext(w:t) made an element object for each node it passed
_TEXTS = etree.XPath(".//w:t/text()", namespaces={"w": nsmap["w"]}, smart_strings=False)


def set_app_properties(document, pages: int | None, company: str = "", application: str | None = None) -> None:
    """docProps/app.xml with the draft's true statistics, not the template's zeros:
    pages as the PDF lays out the same brief (None: left out, rather than wrong), and words,
    characters and paragraphs of the body text (notes not counted, as Word counts); the
    organisation's full name as its Company; ``application`` (the house's creator), if given."""
    texts = ["".join(_TEXTS(p)) for p in document.element.body.iter(qn("w:p"))]
    texts = [t for t in texts if t.strip()]
    words = [t.split() for t in texts]
    stats = {"Pages": pages, "Words": sum(map(len, words)),
             "Characters": sum(len("".join(each)) for each in words),
             "CharactersWithSpaces": sum(map(len, texts)), "Paragraphs": len(texts), "Company": company or None}
    if application is not None:
        stats["Application"] = application
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


def save(document, when: dt.date) -> bytes:
    """The document's package as a zip that depends on nothing but its parts and
    the brief's date: fixed entry times and attributes, in python-docx's own
    order ([Content_Types].xml first, as OPC readers expect).

    python-docx's PackageWriter writes the parts (serialised as its save does)
    through the writer given it; this one zips each part once, with the fixed
    entry, rather than letting python-docx zip it with the clock's time and
    zipping it again."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    with _FixedZip(when) as entries:
        PackageWriter._write_content_types_stream(entries, package.parts)
        PackageWriter._write_pkg_rels(entries, package.rels)
        PackageWriter._write_parts(entries, package.parts)
    return entries.data


# The parts made for each draft (the body, its notes and comments, the properties) are deflated
# at zlib's default level, as python-docx and LibreOffice write a .docx: level 9 made the body's
# part 1.5% smaller (18.2 KB against 18.5) in twice the time, ~1.6 ms of the analyst draft
DRAFT_LEVEL = 6
# Pictures already compressed (PNG, JPEG, GIF) are stored as they are: deflating the timeline's
# PNG again took it from 65.8 to 61.5 KB in ~1.5 ms, the most of any part
STORED_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif"})

# The parts a draft takes from its reference, adapted to the house, the brief's language and
# the kinds of note: the same in every draft a worker writes for a project, so their deflated
# bytes are kept (keyed by the part's bytes) rather than deflated at level 9 again (~4 ms a draft)
KEPT_PARTS = frozenset({"word/styles.xml", "word/theme/theme1.xml", "word/numbering.xml", "word/fontTable.xml",
                        "word/settings.xml", "word/webSettings.xml"})
_DEFLATED: dict[bytes, bytes] = {}


class _Deflated:
    """A compressor that gives back bytes deflated before: what zlib gave for the same input."""

    def __init__(self, deflated: bytes):
        self.deflated = deflated

    def compress(self, data) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.deflated


class _FixedZip:
    """What python-docx's PackageWriter writes to (its PhysPkgWriter's ``write``):
    each part a zip entry stamped with the brief's date."""

    def __init__(self, when: dt.date):
        self.when = when
        self.out = io.BytesIO()
        self.zip = zipfile.ZipFile(self.out, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        info = _entry(pack_uri.membername, self.when)
        if pack_uri.ext.lower() in STORED_EXTENSIONS:
            info.compress_type = zipfile.ZIP_STORED
            self.zip.writestr(info, blob)
            return
        if info.filename not in KEPT_PARTS:
            self.zip.writestr(info, blob, compresslevel=DRAFT_LEVEL)
            return
        deflated = _DEFLATED.get(blob)
        if deflated is None:
            if len(_DEFLATED) >= 4 * len(KEPT_PARTS):
                _DEFLATED.clear()
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # what zipfile deflates with at level 9
            deflated = _DEFLATED[blob] = packer.compress(blob) + packer.flush()
        info.file_size = len(blob)  # as writestr sets it
        with self.zip.open(info, mode="w") as entry:
            entry._compressor = _Deflated(deflated)  # zipfile writes the entry, with the bytes it would deflate to
            entry.write(blob)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()
        self.data = self.out.getvalue()
