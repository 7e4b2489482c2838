"""PDF conformance, checked with pikepdf where veraPDF cannot be installed.

The default PDF is tagged to PDF/UA-1 semantics; ``--pdf-variant pdf/a-3b``
is archival and tagged too. These are the veraPDF rules checked here, by the
rule's ISO clause (and veraPDF's test number where it is given):

PDF/UA-1 (ISO 14289-1), every default brief:
- 5-1, 5-2: the XMP metadata carries the PDF/UA identification, pdfuaid:part = 1;
- 7.1 (Metadata, dc:title): the catalog has a Metadata stream whose dc:title is the brief's title;
- 7.1 (DisplayDocTitle): ViewerPreferences/DisplayDocTitle is true;
- 7.1 (structure): MarkInfo/Marked is true and the catalog has a StructTreeRoot;
- 7.1-7: no standard structure type is remapped (no RoleMap);
- 7.1-3: all text on a page is marked content (tagged or artifact): no text
  showing operator outside BDC/BMC ... EMC;
- 7.2 (language): the catalog declares the document's language;
- 7.2 (lists): an L holds only L, LI and Caption; an LI only Lbl and LBody;
- 7.3-1: every Figure has alternate text;
- 7.4.2-1: heading levels do not skip (H1, H2, H3 in order);
- 7.9 (notes): every footnote and endnote is a Note with a unique ID (listed in the
  StructTreeRoot's IDTree, ISO 32000-1 14.7.2), and every note call a Reference,
  read back with each element's text as pdfium extracts it;
- 7.18.3-1: a page with annotations has Tabs /S;
- 7.21.4.1-1: every font program is embedded;
- and what a reader hears: the brief's overall marking is in the tagged text
  of page 1, not only in the running heads (margin boxes are not tagged),
  and the recommendations are a list (L/LI).

PDF/A-3b (ISO 19005-3), the archival variant:
- 6.1.3-1: the trailer has an ID; 6.1.3-2: no Encrypt;
- 6.2.8-3: no image has /Interpolate true (image-rendering: crisp-edges);
- 6.2.4.2 (output intent): a GTS_PDFA1 output intent with an ICC profile;
- 6.6.4 (identification): XMP pdfaid:part = 3, pdfaid:conformance = B;
- 6.2.11.4.1-1: every font program is embedded.

Not covered (veraPDF would): the running heads, which sit in margin boxes
WeasyPrint leaves untagged (the marking is in the masthead's text instead); the validity of the ICC profile and of the
font programs' glyph widths, that tagged text matches the structure's reading
order, table header associations (the briefs have no tables), .notdef glyphs.
"""
from __future__ import annotations

import ctypes
import re

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from conftest import AUDIENCES, squeeze

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
XMP = {"pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
       "dc": "http://purl.org/dc/elements/1.1/"}


def structure(pdf) -> list:
    """Every structure element, depth first, in document order."""
    out = []

    def walk(node):
        kids = node.get("/K")
        if kids is None:
            return
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
                out.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return out


def tagged_text(pdf, page_index: int) -> str:
    """The text of a page's marked content that has an MCID (tagged content,
    which a screen reader reads), in content-stream order."""
    out, depth_with_mcid = [], []
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[page_index]):
        op = str(operator)
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            depth_with_mcid.append(isinstance(props, pikepdf.Dictionary) and "/MCID" in props)
        elif op == "EMC" and depth_with_mcid:
            depth_with_mcid.pop()
        elif op in TEXT_SHOWING and any(depth_with_mcid):
            out.append(op)
    return " ".join(out)


def unmarked_text_operators(pdf) -> int:
    count = 0
    for page in pdf.pages:
        depth = 0
        for _, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
            elif op in TEXT_SHOWING and depth == 0:
                count += 1
    return count


def fonts_without_programs(pdf) -> list[str]:
    missing = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            if not any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(obj.get("/FontName")))
    return missing


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_default_pdf_is_tagged_to_pdf_ua_1(seed_briefs, audience):
    output = seed_briefs[(audience, "pdf")]
    with pikepdf.open(output.path) as pdf:
        root = pdf.Root
        with pdf.open_metadata() as xmp:
            assert xmp.get(f"{{{XMP['pdfuaid']}}}part") == "1"  # 5-1, 5-2
            assert xmp.get(f"{{{XMP['dc']}}}title") == output.brief.factbase.meta.title  # 7.1
        assert root.ViewerPreferences.DisplayDocTitle is True  # 7.1
        assert root.MarkInfo.Marked is True and "/StructTreeRoot" in root  # 7.1
        assert "/RoleMap" not in root.StructTreeRoot  # 7.1-7
        assert str(root.Lang) == output.brief.factbase.meta.language  # 7.2
        assert unmarked_text_operators(pdf) == 0  # 7.1-3
        elements = structure(pdf)
        kinds = [str(e.S) for e in elements]
        for element in elements:
            kids = [str(k.S) for k in (element.K if isinstance(element.K, pikepdf.Array) else [element.K])
                    if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            if element.S == "/L":
                assert set(kids) <= {"/L", "/LI", "/Caption"}, kids  # 7.2
            if element.S == "/LI":
                assert set(kids) <= {"/Lbl", "/LBody"}, kids
            if element.S == "/Figure":
                assert str(element.get("/Alt", "")).strip()  # 7.3-1
        levels = [int(k[2]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels  # 7.4.2-1
        for page in pdf.pages:
            if "/Annots" in page.obj:
                assert page.obj.get("/Tabs") == "/S"  # 7.18.3-1
        assert fonts_without_programs(pdf) == []  # 7.21.4.1-1
        assert "/Encrypt" not in pdf.trailer


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_screen_reader_hears_the_marking_on_page_one(seed_briefs, audience):
    """The running heads sit in margin boxes, which WeasyPrint does not tag:
    the marking is also in the tagged text of the masthead."""
    output = seed_briefs[(audience, "pdf")]
    with pikepdf.open(output.path) as pdf:
        assert tagged_text(pdf, 0)  # page 1 has tagged text at all
        top = [e for e in structure(pdf) if e.S == "/P"]
    document = pypdfium2.PdfDocument(output.path)
    page = document[0]
    width, height = page.get_size()
    body = page.get_textpage().get_text_bounded(0, 60, width, height - 60)  # inside the margins
    document.close()
    assert output.brief.marking in body
    assert top


def test_recommendations_are_a_list(seed_briefs):
    with pikepdf.open(seed_briefs[("policymaker", "pdf")].path) as pdf:
        elements = structure(pdf)
    lists = [e for e in elements if e.S == "/L"]
    items = sum(len([k for k in e.K if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/LI"])
                for e in lists if isinstance(e.K, pikepdf.Array))
    recommendations = len([s for s in seed_briefs[("policymaker", "pdf")].brief.sections
                           if s.id == "recommendations"][0].items)
    assert items >= recommendations > 0


def marked_texts(page) -> dict[int, str]:
    """MCID -> the text of the page's text objects marked with it, in content-stream order,
    as pdfium (Chrome's PDF reader) decodes the glyphs to text."""
    textpage = page.get_textpage()
    texts: dict[int, list[str]] = {}
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT and mcid >= 0:
            size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)  # in bytes, UTF-16 with its NUL
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
            texts.setdefault(mcid, []).append(buffer.raw[:size - 2].decode("utf-16-le"))
    return {mcid: "".join(parts) for mcid, parts in texts.items()}


def tagged_elements(path) -> list[tuple[str, str, str]]:
    """(type, ID, text) of every structure element, depth first in reading order: the
    structure tree as pikepdf reads it, each element's text that of the marked content
    under it (its MCIDs, on the page each names) as pdfium extracts it: what a screen reader is given."""
    document = pypdfium2.PdfDocument(path)
    texts = {(index, mcid): text for index, page in enumerate(document) for mcid, text in marked_texts(page).items()}
    document.close()
    elements: list[tuple[str, str, list[str]]] = []
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def walk(node, page: int | None, open_: list[list[str]]) -> None:
            page = pages[node.Pg.objgen] if "/Pg" in node else page
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
                if isinstance(kid, int):  # marked content on the element's page
                    for text in open_:
                        text.append(texts.get((page, kid), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    at = pages[kid.Pg.objgen] if "/Pg" in kid else page
                    for text in open_:
                        text.append(texts.get((at, int(kid.MCID)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
                    elements.append((str(kid.S)[1:], str(kid.get("/ID", "")), []))
                    walk(kid, page, [*open_, elements[-1][2]])

        walk(pdf.Root.StructTreeRoot, None, [])
    return [(kind, ident, "".join(text)) for kind, ident, text in elements]


@pytest.mark.parametrize("audience", ["analyst", "business", "press", "security"])
def test_source_notes_are_tagged_note_with_an_id_and_their_calls_reference(seed_briefs, audience):
    output = seed_briefs[(audience, "pdf")]
    notes = output.brief.notes
    assert notes
    tagged = tagged_elements(output.path)
    note_elements = [(ident, text) for kind, ident, text in tagged if kind == "Note"]
    calls = [text for kind, _, text in tagged if kind == "Reference"]
    ids = [ident for ident, _ in note_elements]
    assert len(note_elements) == len(notes), (len(note_elements), len(notes))
    assert all(ids) and len(set(ids)) == len(ids)
    # the calls, in reading order, are the note numbers; each note reads its sources
    assert calls == [str(item.note) for item in notes]
    for item, (_, text) in zip(notes, note_elements, strict=True):
        expected = item.cites[0][0].publisher
        # pdfium drops a hyphen that ends a line ("Self-|Defense"): compared without hyphens or spaces
        assert squeeze(expected) in squeeze(text), (item.note, text[:120])
    with pikepdf.open(output.path) as pdf:
        names = pdf.Root.StructTreeRoot.IDTree.Names
        keys = [bytes(names[i]) for i in range(0, len(names), 2)]
    assert keys == sorted(keys) and {k.decode() for k in keys} == set(ids)


def test_the_archival_pdf_keeps_the_pdf_a_rules(archival):
    for path in archival:
        with pikepdf.open(path) as pdf:
            assert "/ID" in pdf.trailer and "/Encrypt" not in pdf.trailer  # 6.1.3-1, 6.1.3-2
            images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
            assert images, "the timeline figure"
            assert [o.get("/Interpolate") for o in images if o.get("/Interpolate") is True] == []  # 6.2.8-3
            intents = [i for i in pdf.Root.OutputIntents if i.S == "/GTS_PDFA1"]
            assert intents and "/DestOutputProfile" in intents[0]  # 6.2.4.2
            with pdf.open_metadata() as xmp:
                assert xmp.get(f"{{{XMP['pdfaid']}}}part") == "3"  # 6.6.4
                assert xmp.get(f"{{{XMP['pdfaid']}}}conformance") == "B"
            assert fonts_without_programs(pdf) == []  # 6.2.11.4.1-1
            assert pdf.Root.MarkInfo.Marked is True  # tagged, for screen readers, though 3b does not ask


@pytest.mark.parametrize("audience", ["analyst", "press"])
def test_the_word_drafts_handling_line_reads_marking_first(seed_briefs, audience):
    """The same masthead marking in the Word draft, as a word of its own, not run into the handling text."""
    import docx

    output = seed_briefs[(audience, "docx")]
    handling = [p.text for p in docx.Document(str(output.path)).paragraphs if p.style.name == "Handling"]
    assert handling == [f"{output.brief.marking} {output.brief.handling}"]
