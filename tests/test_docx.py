"""Word drafts an editor can work in, read back as Word and LibreOffice read them."""
from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from functools import partial
from pathlib import Path

import docx
import mammoth
import pypandoc
import pytest
from conftest import (
    AUDIENCES,
    FIXTURES,
    SEED,
    cli,
    in_short_form,
    make_project,
    normalise,
    pdf_pages,
    pdf_text,
    poppler,
    run_cli,
    soffice,
    squeeze,
)
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx2python import docx2python
from lxml import etree
from lxml import html as lxml_html
from test_pdf import full_citation

from briefgen import anchors
from briefgen.build import build
from briefgen.pipeline import Options
from briefgen.project import Project
from briefgen.render.html import render_html
from briefgen.render.word.reference import default_document
from briefgen.review import SECONDARY_ONLY

# Recommendation: a numbered list of its own (its style carries the numbering), an <ol> in the HTML
LIST_STYLES = {"List Bullet", "List Number", "List Paragraph", "Recommendation"}
NOTE_TYPES = {"separator", "continuationSeparator"}


# ------------------------------------------------------------------ helpers

squeeze = partial(squeeze, fold_case=True)  # small headings are set in capitals


def printed(text: str, flat: str) -> bool:
    """``text`` is in the squeezed PDF text whole, or split once (a paragraph
    that runs onto the next page, with footnotes and footer in between)."""
    words = text.split()
    if squeeze(text) in flat:
        return True
    for i in range(1, len(words)):
        head, tail = squeeze(" ".join(words[:i])), squeeze(" ".join(words[i:]))
        at = flat.find(head)
        if at >= 0 and 0 <= flat.find(tail, at + len(head)) - (at + len(head)) < 5000:
            return True
    return False


def pdf_stream_text(path: Path) -> str:
    """The PDF's text in content-stream order (pdftotext -raw): the brief's
    two-column notes list reads column by column, not across."""
    return poppler("pdftotext", "-raw", "-enc", "UTF-8", path, "-")


def part_xml(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name)) if name in z.namelist() else None


def notes(path: Path, kind: str) -> list[str]:
    """The text of every real footnote or endnote, in id order, separators excluded."""
    root = part_xml(path, f"word/{kind}s.xml")
    if root is None:
        return []
    return [normalise("".join(t.text or "" for t in n.iter(qn("w:t"))))
            for n in root.findall(qn(f"w:{kind}")) if n.get(qn("w:type")) not in NOTE_TYPES]


def in_list_style(style) -> bool:
    while style is not None:
        if style.name in LIST_STYLES:
            return True
        style = style.base_style
    return False


def html_of(output, project) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(render_html(output.brief, project.templates))


def comments_by_fact(path: Path) -> dict[str, str]:
    """Comment text keyed by the text of the paragraph it is anchored on."""
    document = docx.Document(str(path))
    texts = {c.comment_id: normalise(c.text) for c in document.comments}
    out = {}
    for p in document.paragraphs:
        for start in p._p.iter(qn("w:commentRangeStart")):
            out[normalise(p.text)] = texts[int(start.get(qn("w:id")))]
    return out


def stale_factbase(tmp: Path) -> Path:
    """The mini fixture with one stale fact and one resting only on a secondary source."""
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    old = "detail: The exercises began in 2019.\n        as_of: 2023-11-23"
    text = text.replace(old, old.replace("2023-11-23", "2019-01-01"))
    both = "headline: Practical naval cooperation remains thin.\n        as_of: 2023-11-23\n" \
           "        sources: [src-commentary, src-treaty]"
    assert old.split("\n")[0] in text and both in text
    text = text.replace(both, both.replace("[src-commentary, src-treaty]", "[src-commentary]"))
    path = tmp / "stale.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def drafts(seed_briefs):
    return {a: seed_briefs[(a, "docx")] for a in AUDIENCES}


@pytest.fixture(scope="session")
def converted(drafts, once, office_profile):
    """Every seed draft converted to PDF by LibreOffice, in one run for the whole session."""
    def make(tmp: Path):
        soffice([o.path for o in drafts.values()], tmp / "pdf", office_profile)
        return {a: tmp / "pdf" / f"{o.path.stem}.pdf" for a, o in drafts.items()}
    return once("libreoffice-pdf", make)


@pytest.fixture(scope="session")
def stale_build(once, project):
    def make(tmp: Path):
        out = build(project, tmp / "out", [stale_factbase(tmp)], ["analyst"], Options(formats=("docx",)), jobs=1)
        assert [o.status for o in out] == ["built"], [o.error for o in out]
        return out[0]
    return once("stale-build", make)


# -------------------------------------------------------------------- tests

@pytest.mark.parametrize("audience", AUDIENCES)
def test_headings_and_lists_in_styles_and_no_direct_formatting(drafts, project, audience):
    output = drafts[audience]
    html = html_of(output, project)
    document = docx.Document(str(output.path))
    paragraphs = document.paragraphs

    headings = [normalise(h.text_content()) for h in html.iter("h2", "h3", "h4")]
    in_heading_style = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert [t for _, t in in_heading_style] == headings
    level = {"h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
    assert [s for s, _ in in_heading_style] == [level[h.tag] for h in html.iter("h2", "h3", "h4")]
    assert [p.text for p in paragraphs if p.style.name == "Title"] == [output.brief.factbase.meta.title]

    # an endnote is a real endnote, and the contents' entries are the toc styles' (the contents test)
    items = [li for li in html.iter("li") if "endnotes" not in (li.getparent().get("class") or "")
             and not li.xpath("ancestor::nav")]
    listed = [p for p in paragraphs if in_list_style(p.style)]
    assert len(listed) == len(items) > 0
    assert [normalise(p.text)[:30] for p in listed] == [normalise(li.text_content())[:30] for li in items]

    # formatting only through styles: runs name a character style and nothing else,
    # body paragraphs name a paragraph style and nothing else
    with zipfile.ZipFile(output.path) as z:
        for name in z.namelist():
            if not name.startswith("word/") or name == "word/styles.xml" or not name.endswith(".xml"):
                continue
            root = etree.fromstring(z.read(name))
            for rpr in root.iter(qn("w:rPr")):
                if rpr.getparent().tag == qn("w:r"):
                    assert {c.tag for c in rpr} <= {qn("w:rStyle")}, (name, etree.tostring(rpr))
            if name == "word/document.xml":
                styles = docx.Document(str(output.path)).styles
                for ppr in root.iter(qn("w:pPr")):
                    assert {c.tag for c in ppr} <= {qn("w:pStyle"), qn("w:sectPr"), qn("w:numPr")}, \
                        etree.tostring(ppr)
                    # a paragraph's own numbering is its style's list, repeated for readers
                    # that ignore a style's numbering (mammoth, docx2python, pandoc)
                    if ppr.find(qn("w:numPr")) is not None:
                        style = next(s for s in styles if s.style_id == ppr.find(qn("w:pStyle")).get(qn("w:val")))
                        own = ppr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
                        while style.element.pPr is None or style.element.pPr.find(qn("w:numPr")) is None:
                            style = style.base_style
                        assert own == style.element.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))


def test_footnotes_are_real_one_per_note(drafts, project):
    output = drafts["analyst"]
    brief = output.brief
    assert brief.audience.source_notes == "footnotes"
    footnotes = notes(output.path, "footnote")
    assert len(footnotes) == len(brief.notes) > 20
    # less the word joiners that keep the PDF from breaking a URL at a hyphen (not for Word)
    expected = [normalise(s.text_content().replace("\u2060", "")) for s in html_of(output, project).find_class("fn")]
    assert footnotes == expected
    # referenced from the text, in order, through the footnote reference character style
    document = part_xml(output.path, "word/document.xml")
    refs = list(document.iter(qn("w:footnoteReference")))
    assert [r.get(qn("w:id")) for r in refs] == [str(i) for i in range(1, len(footnotes) + 1)]
    styles = docx.Document(str(output.path)).styles
    ref_style = styles.get_by_id(refs[0].getparent().find(qn("w:rPr")).find(qn("w:rStyle")).get(qn("w:val")), 2)
    assert ref_style.name == "footnote reference" and ref_style.font.superscript
    # the package wiring Word needs: override, relationship, separators declared in settings
    with zipfile.ZipFile(output.path) as z:
        assert 'PartName="/word/footnotes.xml"' in z.read("[Content_Types].xml").decode()
        assert "relationships/footnotes" in z.read("word/_rels/document.xml.rels").decode()
    settings = part_xml(output.path, "word/settings.xml")
    assert [f.get(qn("w:id")) for f in settings.find(qn("w:footnotePr"))] == ["-1", "0"]
    assert "(2023-11-23" not in "".join(footnotes)
    # no paragraph opens with "[n]": the sources list is unnumbered, the notes' numbers the only ones
    assert not [p.text for p in docx.Document(str(output.path)).paragraphs if re.match(r"\[\d+\]", p.text)]


@pytest.mark.parametrize("audience, kind", [("analyst", "footnote"), ("business", "endnote")])
def test_a_note_reads_number_space_text(drafts, endnoted_briefs, audience, kind):
    """As Word writes them: the note's number, one space, then the source."""
    path = drafts[audience].path if kind == "footnote" else endnoted_briefs["docx"].path
    root = part_xml(path, f"word/{kind}s.xml")
    for note in root.findall(qn(f"w:{kind}")):
        if note.get(qn("w:type")) in NOTE_TYPES:
            continue
        raw = "".join(t.text or "" for t in note.iter(qn("w:t")))
        assert raw.startswith(" ") and not raw.startswith("  ") and raw[1:2].strip(), repr(raw[:40])
        assert not raw.endswith(" "), repr(raw[-40:])


def test_endnotes_are_real_and_footnotes_for_press(drafts, endnoted_briefs):
    """A profile's endnotes are the draft's real endnotes (the business brief built so); the shipped
    press and business profiles set footnotes, each on its call's page, as the analyst's."""
    business = endnoted_briefs["docx"]
    assert business.brief.audience.source_notes == "endnotes"
    endnotes = notes(business.path, "endnote")
    assert len(endnotes) == len(business.brief.notes) > 3
    assert notes(business.path, "footnote") == []
    settings = part_xml(business.path, "word/settings.xml")
    assert settings.find(qn("w:endnotePr")).find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    # the list the PDF prints under "Notes" became the endnotes: it is not printed twice
    texts = [normalise(p.text) for p in docx.Document(str(business.path)).paragraphs
             if p.style.name != "List Paragraph"]  # a sources entry reads as a source's first note
    assert not any(t and t in endnotes for t in texts)
    for audience in ("business", "press"):
        shipped = drafts[audience]
        assert shipped.brief.audience.source_notes == "footnotes"
        assert notes(shipped.path, "endnote") == [] and len(notes(shipped.path, "footnote")) == len(shipped.brief.notes)
    policymaker = drafts["policymaker"]
    assert notes(policymaker.path, "footnote") == notes(policymaker.path, "endnote") == []


def test_footer_counts_pages_and_header_carries_marking(drafts, converted):
    output = drafts["security"]
    document = docx.Document(str(output.path))
    section = document.sections[0]
    footer = etree.tostring(section.footer._element).decode()
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert output.brief.marking in section.footer._element.xpath("string(.)")
    assert output.brief.marking in section.header.paragraphs[-1].text
    assert section.page_width.mm == pytest.approx(210, abs=0.5)


TLP_COLOURS = {"TLP:CLEAR": "FFFFFF", "TLP:GREEN": "33FF00", "TLP:AMBER": "FFC000", "TLP:AMBER+STRICT": "FFC000",
               "TLP:RED": "FF2B2B"}


def test_the_marking_is_set_in_its_tlp_colours_on_black(drafts, converted, tmp_path):
    """The PDF sets a label in its TLP 2.0 colour on black; the Word drafts set it in plain black
    bold, in the header, the footer and the handling line. Each is a style of its level (Marking
    TLP Amber...), which LibreOffice draws in the colour on black."""
    for audience, output in drafts.items():
        document = docx.Document(str(output.path))
        section = document.sections[0]
        parts = [section.header, section.footer, section.first_page_header, section.first_page_footer]
        runs = [r for part in parts for p in part.paragraphs for r in p.runs if r.text == output.brief.marking]
        runs += [r for p in document.paragraphs if p.style.name == "Handling" for r in p.runs
                 if r.text == output.brief.marking]
        assert len(runs) == 5, (audience, len(runs))
        colour = RGBColor.from_string(TLP_COLOURS[output.brief.marking])
        for run in runs:
            style = run.style
            assert style.font.color.rgb == colour, (audience, style.name)
            assert style.element.xpath("./w:rPr/w:shd/@w:fill") == ["000000"], (audience, style.name)
    # as LibreOffice lays out the minister's draft: its TLP:RED label, red on black, at the top of page 1
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(converted["policymaker"]), str(tmp_path / "page")], check=True)
    from PIL import Image

    page = Image.open(tmp_path / "page.png").convert("RGB")
    top = page.crop((0, 0, page.width, page.height // 10))
    pixels = list(top.get_flattened_data())
    red = sum(1 for r, g, b in pixels if r > 230 and g < 70 and b < 70)
    black = sum(1 for p in pixels if p == (0, 0, 0))
    assert red > 30 and black > 200, (red, black)


def page_furniture(pdf: Path) -> list[tuple[str, str, str]]:
    """(first line, last line but one, last line) of each page as LibreOffice laid it out."""
    text = poppler("pdftotext", "-layout", pdf, "-")
    pages = [[squeeze(line) for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    return [(lines[0], lines[-2], lines[-1]) for lines in pages[:pdf_pages(pdf)]]


def test_every_page_libreoffice_lays_out_has_its_header_footer_and_marking(drafts, converted, endnoted_briefs,
                                                                           office_profile, tmp_path):
    """The marking opens and closes every page, and the footer counts the pages, on the pages
    that hold the endnotes too (a draft whose profile sets endnotes ends with them: the business
    brief built so): LibreOffice before 24.8 set DOCX endnotes on a page style of its own, with
    neither (tdf#160984).
    The footer names the organisation as every PDF page's does (its short name, with the
    series), on a line of its own above the count and the marking."""
    endnoted = endnoted_briefs["docx"]
    soffice([endnoted.path], tmp_path / "pdf", office_profile)
    converted = dict(converted) | {"business-endnoted": tmp_path / "pdf" / f"{endnoted.path.stem}.pdf"}
    for audience, output in (drafts | {"business-endnoted": endnoted}).items():
        furniture = page_furniture(converted[audience])
        marking = squeeze(output.brief.marking)
        house = output.brief.house
        organisation = squeeze(f"{house.footer_name}, {house.series}" if house.series else house.footer_name)
        for number, (first, footer, last) in enumerate(furniture, 1):
            assert first.endswith(marking), (audience, number, first)
            # the footer: the organisation, then the page's number of all and the marking
            count = squeeze(f"{number} / {len(furniture)}")
            assert footer == organisation, (audience, number, footer)  # plain text: no word joiner
            assert last == count + marking, (audience, number, last)
        # the masthead names the organisation as the PDF does, in its own case (no capitals from the style);
        # read from the draft's own paragraph: page 1's footer says it too, and "Affairs· Asia" (the space
        # before the dot lost) passed a search of the page's text that way
        masthead = f"{house.organisation} · {house.series}" if house.series else house.organisation
        assert masthead in pdf_text(converted[audience], 1), audience  # plain text: no word joiner
        [said] = [p.text for p in docx.Document(str(output.path)).paragraphs if p.style.name == "Masthead"]
        assert said.replace("\u00a0", " ") == masthead, (audience, said)
    endnotes = notes(endnoted.path, "endnote")
    last_page = pdf_text(converted["business-endnoted"], len(page_furniture(converted["business-endnoted"])))
    assert squeeze(endnotes[-1])[-40:] in squeeze(last_page)


def pdf_outline(path: Path) -> list[tuple[str, int]]:
    """(title, page) of every entry of a PDF's outline, depth first, as qpdf reads it."""
    data = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", str(path)], check=True,
                                     capture_output=True, text=True).stdout)
    out = []

    def walk(entries):
        for entry in entries:
            out.append((normalise(entry["title"]), entry["destpageposfrom1"]))
            walk(entry["kids"])

    walk(data["outlines"])
    return out


def layout_lines(path: Path) -> list[list[str]]:
    """Each page's lines as pdftotext -layout sets them, stripped."""
    def lines(n: int) -> list[str]:
        out = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
                             check=True, capture_output=True, text=True).stdout
        return [line.strip() for line in out.splitlines()]
    return [lines(n) for n in range(1, pdf_pages(path) + 1)]


def contents_listed(pages: list[list[str]]) -> dict[str, int]:
    """Each contents entry on the first two pages, and the page number its dotted leader leads to
    (two entries on a line where the contents run in two columns)."""
    return {m.group(1): int(m.group(2)) for line in pages[0] + pages[1]
            for m in re.finditer(r"([A-Z][^.]*?)\s*\.{3,}\s*(\d+)", line)}


def test_analyst_draft_opens_with_contents_paged_as_the_pdf(drafts, seed_briefs, converted, project):
    output = drafts["analyst"]
    root = part_xml(output.path, "word/document.xml")
    # filled in already: no "update the fields?" prompt on every opening, nothing marked dirty
    assert part_xml(output.path, "word/settings.xml").find(qn("w:updateFields")) is None
    assert not [f for f in root.iter(qn("w:fldChar")) if f.get(qn("w:dirty"))]
    document = docx.Document(str(output.path))
    entries = [p.text.split("\t") for p in document.paragraphs if p.style.name.startswith("toc ")]
    html = html_of(output, project)
    assert [e[0] for e in entries] == [normalise(h.text_content()) for h in html.iter("h2", "h3")]
    # each entry's page is the page its heading is on in the PDF of the same brief
    pdf_pages_of = dict(pdf_outline(seed_briefs[("analyst", "pdf")].path))
    assert [(e[0], int(e[1])) for e in entries] == [(e[0], pdf_pages_of[e[0]]) for e in entries]
    # each entry links to its heading, and its page number is a page reference to the heading's bookmark
    anchors = {b.get(qn("w:name")) for b in root.iter(qn("w:bookmarkStart"))}
    links = [h.get(qn("w:anchor")) for h in root.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert len(links) == len(entries) and set(links) <= anchors
    fields = [" ".join(t.text.split()) for t in root.iter(qn("w:instrText"))]
    assert fields == [f"PAGEREF {link} \\h" for link in links]
    # the PDF carries the same contents, each page computed by its own layout: the pages the draft's numbers
    # come from are pages with the contents on them
    pages = layout_lines(seed_briefs[("analyst", "pdf")].path)
    assert contents_listed(pages) == {e[0]: int(e[1]) for e in entries}
    # whole on page 1, under the takeaways, in two columns: not run on to page 2 (as they first were)
    assert contents_listed([pages[0], []]) == contents_listed(pages)


def test_every_bookmark_of_every_draft_is_hidden_from_the_editor(drafts):
    """Word lists a bookmark whose name starts with "_" only under Insert > Bookmark's "Hidden
    bookmarks", as its own _Toc ones: the analyst draft showed 148 bg_... anchors there, each a
    statement's (anchors.py). The anchors are still read back (test_absorb.py reads them after a
    LibreOffice save), and the contents' page references still name their headings' bookmarks."""
    for audience, output in drafts.items():
        names = [b.get(qn("w:name")) for b in part_xml(output.path, "word/document.xml").iter(qn("w:bookmarkStart"))]
        assert len(names) > 10, audience
        assert [n for n in names if not n.startswith("_")] == [], audience
        assert sum(anchors.parse(n) is not None for n in names) > 10, audience


def test_an_older_draft_s_visible_anchor_names_are_still_read():
    """A draft built before the anchors were hidden names them "bg_...": absorb still reads them."""
    old, new = anchors.parse("bg_0123abcd_h_fw_epa"), anchors.parse("_bg_0123abcd_h_fw_epa")
    assert old is not None and (old.hash, old.field, old.token) == (new.hash, new.field, new.token)
    assert anchors.anchor_name("fw-epa", "headline", "x").startswith("_bg_")
    assert anchors.parse("_Toc3") is None and anchors.parse("__bg_0123abcd_h_x") is None


def test_the_analyst_draft_s_contents_give_libreoffice_s_pages(drafts, converted):
    """In LibreOffice's PDF of the analyst draft, each contents entry gives the page its heading is
    on. The contents were a TOC field filled in with the PDF's page numbers, which LibreOffice shows
    as they are: a page early for every entry (Frameworks listed 2, on 3; Areas 4, on 5), the PDF
    having no contents of its own to push its pages on. Each number is now a page reference that
    LibreOffice computes for its own pages."""
    document = docx.Document(str(drafts["analyst"].path))
    entries = [p.text.split("\t")[0] for p in document.paragraphs if p.style.name.startswith("toc ")]
    pages = layout_lines(converted["analyst"])
    listed = contents_listed(pages)
    assert list(listed) == entries, listed
    on, at = {}, 0
    for entry in entries:
        at = next(n for n in range(at, len(pages)) if entry in pages[n])
        on[entry] = at + 1
    assert listed == on

    for audience in ("business", "policymaker", "press", "security"):
        assert not [p for p in docx.Document(str(drafts[audience].path)).paragraphs
                    if p.style.name.startswith("toc ")]


def test_no_running_header_on_page_one_but_the_marking(drafts, converted):
    for audience in ("security", "analyst"):
        output = drafts[audience]
        section = docx.Document(str(output.path)).sections[0]
        assert section.different_first_page_header_footer  # w:titlePg
        assert section.first_page_header._element.xpath("string(.)").strip() == output.brief.marking
        assert output.brief.factbase.meta.short_title in section.header._element.xpath("string(.)")
        assert output.brief.marking in section.first_page_footer._element.xpath("string(.)")
        # as LibreOffice lays it out: page 1 opens with the marking, page 2 with the running title
        lines = [poppler("pdftotext", "-layout", "-f", str(n), "-l", str(n), converted[audience], "-")
                 .strip().splitlines()[0] for n in (1, 2)]
        assert lines[0].strip() == output.brief.marking, lines
        assert lines[1].split()[0] == output.brief.factbase.meta.short_title.split()[0], lines


def test_app_properties_give_true_page_and_word_counts(drafts, seed_briefs, office_profile, tmp_path):
    app = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    for audience, output in drafts.items():
        props = part_xml(output.path, "docProps/app.xml")
        # pages: the PDF's layout of the same brief
        assert int(props.find(f"{app}Pages").text) == seed_briefs[(audience, "pdf")].pages, audience
        assert props.find(f"{app}Lines") is None  # not known without Word's own layout, so not claimed
    # words: the words of the draft's text as LibreOffice reads it (its plain-text export; a
    # LibreOffice save would only copy the count given, whatever it is)
    output = drafts["security"]
    words = int(part_xml(output.path, "docProps/app.xml").find(f"{app}Words").text)
    soffice([output.path], tmp_path / "text", office_profile, to="txt:Text (encoded):UTF8")
    counted = len((tmp_path / "text" / output.path.with_suffix(".txt").name).read_text(encoding="utf-8").split())
    assert words > 500 and abs(words - counted) / counted < 0.05, (words, counted)


def test_source_addresses_are_hyperlinks_every_reader_follows(drafts):
    output = drafts["press"]  # its sources list: the business brief has none since stop 28
    urls = [s.url for sec in output.brief.sections if sec.id == "sources" for s in sec.sources if s.url]
    assert urls
    document = docx.Document(str(output.path))
    rels = {rid: rel for rid, rel in document.part.rels.items() if rel.reltype.endswith("/hyperlink")}
    linked = {rels[h.get(qn("r:id"))].target_ref for h in document.element.body.iter(qn("w:hyperlink"))
              if h.get(qn("r:id"))}
    assert set(urls) <= linked and all(rel.is_external for rel in rels.values())
    with output.path.open("rb") as f:
        html = mammoth.convert_to_html(f).value
    assert all(f'href="{u}"'.replace("&", "&amp;") in html for u in urls)
    markdown = pypandoc.convert_file(str(output.path), "markdown", extra_args=["--wrap=none"])
    assert all(f"<{u}>" in markdown or f"]({u})" in markdown for u in urls)


def test_links_in_notes_belong_to_the_notes_part_and_only_web_addresses_link():
    from briefgen.render.word import render_docx

    html = ('<html lang="en"><head><title>t</title></head><body><p>Fact.<span class="fn">See '
            '<a href="https://example.org/a?b=1&amp;c=2">the page</a> and <span class="url">https://example.org/x</span>'
            '</span></p><p><a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a> '
            '<span class="url">not a url</span></p></body></html>')
    data = render_docx(html)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        notes_rels = package.read("word/_rels/footnotes.xml.rels").decode()
        body_rels = package.read("word/_rels/document.xml.rels").decode()
        body = package.read("word/document.xml").decode()
    assert 'Target="https://example.org/a?b=1&amp;c=2"' in notes_rels and "https://example.org/x" in notes_rels
    assert 'TargetMode="External"' in notes_rels
    assert "javascript" not in body_rels and "passwd" not in body_rels and "<w:hyperlink" not in body
    assert "js" in body and "not a url" in body  # the text stays, as text


def test_list_numbers_are_on_each_paragraph_so_every_reader_shows_them(drafts):
    output = drafts["policymaker"]
    recommendations = [i for s in output.brief.sections if s.id == "recommendations" for i in s.items]
    document = docx.Document(str(output.path))
    for para in document.paragraphs:
        if para.style.name in ("Recommendation", "List Number", "Key Takeaway"):
            assert para._p.pPr.numPr is not None, para.text
    with output.path.open("rb") as f:
        html = mammoth.convert_to_html(f).value
    first = recommendations[0].headline[:25]
    first_item = r"<ol><li>(?:<a id=\"[^\"]*\"></a>)*(?:<strong>)?\("
    assert re.search(first_item + re.escape(recommendations[0].marking), html) \
        or "<ol><li>" in html.split(first)[0][-200:], html[:2000]
    with docx2python(str(output.path)) as read:
        text = read.text
    # docx2python writes a decimal list's number as "1)"
    assert re.search(r"1\)\t(?:\(" + re.escape(recommendations[0].marking) + r"\) )?" + re.escape(first), text), \
        text[:1500]
    markdown = pypandoc.convert_file(str(output.path), "markdown", extra_args=["--wrap=none"])
    assert re.search(r"^1\.\s+\*\*\(" + re.escape(recommendations[0].marking), markdown, re.M) or \
        re.search(r"^1\.\s+.*" + re.escape(first), markdown, re.M), markdown[:1500]


@pytest.mark.parametrize("audience", ["analyst", "press"])
def test_timeline_figure_with_caption(drafts, project, audience):
    output = drafts[audience]
    html = html_of(output, project)
    figure = html.find_class("timeline-figure")[0]
    document = docx.Document(str(output.path))
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic"))
    inline = paragraphs[index]._p.xpath(".//wp:docPr")[0]
    assert inline.get("descr") == figure.find("img").get("alt")
    caption = paragraphs[index + 1]
    assert caption.style.name == "Caption"
    assert normalise(caption.text) == normalise(figure.find("figcaption").text_content())
    images = [r.target_part for r in document.part.rels.values() if r.reltype.endswith("/image")]
    assert len(images) == 1 and images[0].content_type == "image/png"
    # drawn to the text width, never wider, at the image's own proportions
    extent = paragraphs[index]._p.xpath(".//wp:extent")[0]
    width, height = int(extent.get("cx")), int(extent.get("cy"))
    section = document.sections[0]
    assert width <= section.page_width - section.left_margin - section.right_margin
    png = images[0].blob
    px_w, px_h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width / height == pytest.approx(px_w / px_h, rel=0.01)


def test_core_properties_come_from_the_brief(drafts):
    output = drafts["policymaker"]
    meta = output.brief.factbase.meta
    core = docx.Document(str(output.path)).core_properties
    assert core.title == meta.title
    assert core.author == ", ".join(meta.authors)
    assert output.brief.audience.title in core.subject
    assert all(k in core.keywords for k in meta.keywords)
    assert core.created.date() == core.modified.date() == meta.date
    assert core.language == meta.language
    # handed to the editor by the brief's first author, as Word shows who last saved a file: not by a tool
    assert core.last_modified_by == meta.authors[0] and core.revision == 1
    # the profile's tone is an internal instruction: in no property of any draft
    for audience, draft in drafts.items():
        tone = draft.brief.audience.tone
        with zipfile.ZipFile(draft.path) as package:
            for name in package.namelist():
                if name.startswith("docProps/"):
                    assert tone not in package.read(name).decode(), (audience, name)
        assert not docx.Document(str(draft.path)).core_properties.comments, audience


def test_comments_flag_stale_and_secondary_facts(stale_build):
    flagged = comments_by_fact(stale_build.path)
    # each says what to check, to an editor who has the draft and not the fact base: the date the fact is
    # stated as of and the limit it passed; the secondary sources it rests on, by name
    stale = [text for para, text in flagged.items() if "The navies hold joint exercises" in para]
    assert stale == ["Check before release. It is stated as of 1 January 2019, more than 730 days before the "
                     "brief’s date (23 November 2023): confirm it still holds."]
    secondary = [text for para, text in flagged.items() if "Practical naval cooperation" in para]
    assert secondary == ["Check before release. It rests only on secondary sources (A think tank, “Commentary on "
                         "the treaty”): confirm it against a primary source."]
    # a fact that also cites a primary source, and fresh facts, are not flagged
    assert len(flagged) == 2


def test_the_draft_s_comments_are_the_house_s_editorial_check_not_a_tool(stale_build, project, tmp_path):
    """Word shows each comment's author and initials: the house's editorial check, by the short name the
    footer prints where the house gives one, not "briefgen" / "BG". absorb still knows them for the
    draft's own, and does not report them back as an editor's."""
    from briefgen.absorb.draft import read_draft

    document = docx.Document(str(stale_build.path))
    organisation = stale_build.brief.house.footer_name  # the fact base's own ("briefgen tests")
    assert {(c.author, c.initials) for c in document.comments} == {(f"Editorial check, {organisation}", "EC")}
    assert len(document.comments) == 2 and read_draft(stale_build.path).comments == []
    # a house with a short name signs with it
    root = tmp_path / "house"
    (root / "seeds").mkdir(parents=True)
    (root / "briefgen.toml").write_text('[house]\norganisation = "Institute for Long Names in Policy"\n'
                                        'short_name = "ILNP"\nauthors = ["A. Writer", "B. Writer"]\n')
    factbase = root / "seeds" / "stale.yaml"  # naming no organisation of its own: the house's
    factbase.write_text(stale_factbase(tmp_path).read_text(encoding="utf-8").replace("organisation:", "#"))
    out = build(Project(root), root / "out", [factbase], ["analyst"], Options(formats=("docx",)), jobs=1)
    document = docx.Document(str(out[0].path))
    assert {c.author for c in document.comments} == {"Editorial check, ILNP"}


def test_cli_comment_switches(tmp_path):
    """One output folder, as a user's: the second build takes the page map the first recorded
    (the comments are not laid out), and each writes the draft its switches ask for."""
    fb = stale_factbase(tmp_path)
    base = ["build", str(fb), "-a", "analyst", "-f", "docx", "--force", "--out", str(tmp_path / "out")]
    result = run_cli(*base, "--no-comments")
    assert result.returncode == 0, result.stderr
    assert comments_by_fact(tmp_path / "out" / "stale-analyst.docx") == {}
    result = run_cli(*base, "--stale-days", "5000")
    assert result.returncode == 0, result.stderr
    flagged = comments_by_fact(tmp_path / "out" / "stale-analyst.docx")
    assert len(flagged) == 1 and "secondary" in next(iter(flagged.values()))


def test_a_judgement_resting_on_commentary_is_not_flagged_a_fact_is(tmp_path):
    """A challenge or a recommendation is a judgement: its source is the analysis that made it, and no
    primary document can back advice, so neither validate nor the Word draft flags one that cites
    commentary alone (the sample's seven such warnings made `briefgen validate` fail on a sound fact
    base). A statement of fact resting on commentary alone still is, and the warning says why."""
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    for fact in ("ch-capacity", "rec-dialogue"):
        at = text.index(f"- id: {fact}\n")
        text = text[:at] + text[at:].replace("sources: [src-treaty]", "sources: [src-commentary]", 1)
    root = make_project(tmp_path / "p", seed_text=text)
    checked = cli(root, "validate", "seeds/mini.yaml")
    assert (checked.returncode, checked.stderr) == (0, "")
    assert cli(root, "build", "seeds/mini.yaml", "-a", "analyst", "-f", "docx").returncode == 0
    assert comments_by_fact(root / "briefs" / "mini-analyst.docx") == {}
    # the same commentary alone behind a driver, a statement of fact: flagged, saying what to check
    seed = root / "seeds" / "mini.yaml"
    seed.write_text(text.replace("sources: [src-commentary, src-treaty]", "sources: [src-commentary]", 1),
                    encoding="utf-8")
    checked = cli(root, "validate", "seeds/mini.yaml")
    assert checked.returncode == 1 and f"fact 'drv-security': {SECONDARY_ONLY}" in checked.stderr
    assert cli(root, "build", "seeds/mini.yaml", "-a", "analyst", "-f", "docx").returncode == 0
    flagged = comments_by_fact(root / "briefs" / "mini-analyst.docx")
    assert list(flagged.values()) == ["Check before release. It rests only on secondary sources (A think tank, "
                                      "“Commentary on the treaty”): confirm it against a primary source."], flagged


def test_libreoffice_converts_every_draft_with_headings_and_notes(drafts, converted):
    for audience, output in drafts.items():
        pdf = converted[audience]
        assert pdf.exists() and pdf_pages(pdf) >= 1, audience
        text = squeeze(pdf_text(pdf))
        for style, heading in ((p.style.name, p.text) for p in docx.Document(str(output.path)).paragraphs):
            if style.startswith("Heading") or style == "Title":
                assert squeeze(heading) in text, (audience, heading)
        for note in notes(output.path, "footnote") + notes(output.path, "endnote"):
            # a long note may run on to the next page (LibreOffice continues it there,
            # after the page's furniture): its opening and its close are each whole (the business
            # draft's note 16, a footnote since stop 28, runs on with "November 2024”, press release.")
            flat = squeeze(note)
            assert flat[:60] in text and flat[-20:] in text, (audience, note)


def test_reference_docx_restyles_the_draft(tmp_path, project, office_profile):
    reference = default_document()
    heading = reference.styles["Heading 1"]
    heading.font.name = "DejaVu Serif"
    heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    reference.sections[0].header.paragraphs[0].text = "ACME Ministry of Foreign Affairs"
    reference.add_paragraph("Template text that must not reach the draft.")
    path = tmp_path / "acme.docx"
    reference.save(str(path))

    result = run_cli("build", str(FIXTURES / "mini.yaml"), "-a", "security", "-f", "docx",
                     "--out", str(tmp_path / "out"), "--reference-docx", str(path))
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "out" / "mini-security.docx"
    document = docx.Document(str(draft))
    style = document.styles["Heading 1"]
    assert style.font.name == "DejaVu Serif" and style.font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert "Template text" not in " ".join(p.text for p in document.paragraphs)
    header = document.sections[0].header._element.xpath("string(.)")
    assert "ACME Ministry of Foreign Affairs" in header and "TLP:" in header
    # and a reader sees it: LibreOffice sets the headings in the template's font
    soffice([draft], tmp_path / "pdf", office_profile)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "pdf" / "mini-security.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "DejaVuSerif" in fonts and "Lato" in fonts


def test_marking_on_every_kind_of_page_the_reference_has(tmp_path):
    reference = default_document()
    section = reference.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Cover page"
    reference.settings.odd_and_even_pages_header_footer = True
    path = tmp_path / "covered.docx"
    reference.save(str(path))
    result = run_cli("build", str(FIXTURES / "mini.yaml"), "-a", "analyst", "-f", "docx",
                     "--out", str(tmp_path / "out"), "--reference-docx", str(path))
    assert result.returncode == 0, result.stderr
    section = docx.Document(str(tmp_path / "out" / "mini-analyst.docx")).sections[0]
    for part in (section.header, section.first_page_header, section.even_page_header,
                 section.footer, section.first_page_footer, section.even_page_footer):
        assert "TLP:AMBER" in part._element.xpath("string(.)")
    assert "Cover page" in section.first_page_header._element.xpath("string(.)")
    for footer in (section.footer, section.first_page_footer, section.even_page_footer):
        assert 'w:instr=" PAGE "' in etree.tostring(footer._element).decode()


def test_default_reference_is_written_for_organisations_to_restyle(tmp_path):
    out = tmp_path / "reference.docx"
    result = subprocess.run([sys.executable, "-m", "briefgen.reference", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    assert not document.paragraphs
    names = {s.name for s in document.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number",
            "Quote", "Caption", "Body Text", "Key Takeaway", "Recommendation", "footnote text",
            "footnote reference", "endnote reference", "toc 1"} <= names
    heading = document.styles["Heading 1"]
    assert heading.font.bold and heading.font.color.rgb == RGBColor(0x12, 0x3C, 0x69)
    assert document.styles["Normal"].font.size.pt == 10
    styles = etree.tostring(document.styles.element).decode()
    assert 'w:ascii="Lato"' in styles and "Theme" not in styles.split("<w:latentStyles")[0]
    assert document.sections[0].page_height.mm == pytest.approx(297, abs=0.5)


def test_reference_docx_lacking_styles_still_builds(tmp_path):
    bare = tmp_path / "bare.docx"
    docx.Document().save(str(bare))  # python-docx's own template: no footnote or custom styles
    result = run_cli("build", str(FIXTURES / "mini.yaml"), "-a", "analyst", "-f", "docx",
                     "--out", str(tmp_path / "out"), "--reference-docx", str(bare))
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "out" / "mini-analyst.docx"
    names = {s.name for s in docx.Document(str(draft)).styles}
    assert {"Key Takeaway", "footnote text", "footnote reference", "Recommendation"} <= names
    assert len(notes(draft, "footnote")) > 5


def test_word_template_dotx_is_accepted(tmp_path):
    """An organisation's template is often a .dotx: the same package, another content type."""
    reference = default_document()
    reference.styles["Heading 1"].font.name = "DejaVu Serif"
    buffer = io.BytesIO()
    reference.save(buffer)
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(dotx, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(name, data)
    with pytest.raises(ValueError):
        docx.Document(str(dotx))  # python-docx alone refuses it
    result = run_cli("build", str(FIXTURES / "mini.yaml"), "-a", "press", "-f", "docx",
                     "--out", str(tmp_path / "out"), "--reference-docx", str(dotx))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "out" / "mini-press.docx"))
    assert document.styles["Heading 1"].font.name == "DejaVu Serif"


def test_a_previous_draft_as_reference_brings_no_old_notes_or_comments(tmp_path, stale_build):
    """A reference that already has footnotes and comments parts (here: a draft)
    keeps their separators but none of their notes or comments."""
    result = run_cli("build", str(stale_factbase(tmp_path)), "-a", "analyst", "-f", "docx",
                     "--out", str(tmp_path / "out"), "--reference-docx", str(stale_build.path))
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "out" / "stale-analyst.docx"
    assert len(notes(draft, "footnote")) == len(stale_build.brief.notes)
    types = [n.get(qn("w:type")) for n in part_xml(draft, "word/footnotes.xml")]
    assert types.count("separator") == types.count("continuationSeparator") == 1
    assert len(docx.Document(str(draft)).comments) == 2
    assert len(comments_by_fact(draft)) == 2


def test_bad_reference_docx_is_one_line_exit_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "house.docx"
    bad.write_text("not a zip", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(FIXTURES / "mini.yaml"), "--out", str(out), "--reference-docx", str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}:1:1: not a Word document")
    assert not out.exists() or not any(out.glob("*.docx")) and not any(out.glob("*.pdf"))


def test_two_builds_are_byte_identical_with_or_without_the_pdf(seed_briefs, tmp_path, project):
    """A second build gives the same bytes. It is made here without the PDF: a job making
    both formats hands the PDF's layout to the Word writer; alone, the Word writer lays
    the brief out itself. Either way, the same page numbers and bytes."""
    outputs = build(project, tmp_path, [SEED], ["analyst", "business"], Options(formats=("docx",)), jobs=1)
    assert [o.status for o in outputs] == ["built", "built"], [o.error for o in outputs]
    for again in outputs:
        first = seed_briefs[(again.brief.audience.name, "docx")].path
        assert hashlib.sha256(again.path.read_bytes()).digest() == hashlib.sha256(first.read_bytes()).digest(), \
            again.path.name
    with zipfile.ZipFile(tmp_path / "eu-japan-analyst.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 12, 2, 0, 0, 0)}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_and_word_draft_carry_the_same_brief(seed_briefs, audience):
    """Parity: same headings in the same order, same facts, same number of source notes."""
    pdf, draft = seed_briefs[(audience, "pdf")], seed_briefs[(audience, "docx")]
    assert pdf.status == draft.status == "built", (pdf.error, draft.error)
    pdf_flat = squeeze(pdf_stream_text(pdf.path))
    document = docx.Document(str(draft.path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    position = 0
    for heading in headings:
        found = pdf_flat.find(squeeze(heading), position)
        assert found >= 0, f"{audience}: heading {heading!r} missing or out of order in the PDF"
        position = found + len(squeeze(heading))
    # statements are looked for as the fact base writes them, abbreviations in short form
    fb = draft.brief.factbase
    # (or bare, where a brief uses a name once and writes it out without its gloss)
    docx_text, pdf_text_ = " ".join(p.text for p in document.paragraphs), pdf_stream_text(pdf.path)
    docx_forms = [squeeze(in_short_form(docx_text, fb, bare)) for bare in (False, True)]
    pdf_forms = [squeeze(in_short_form(pdf_text_, fb, bare)) for bare in (False, True)]
    for item in draft.brief.items():
        assert any(squeeze(item.headline) in form for form in docx_forms), (audience, item.id)
        assert any(printed(item.headline, form) for form in pdf_forms), (audience, item.id)
    # the same figure: as many pictures in the draft as images in the PDF
    pictures = len(part_xml(draft.path, "word/document.xml").findall(".//" + qn("pic:pic")))
    listing = poppler("pdfimages", "-list", pdf.path).splitlines()[2:]
    images = [line for line in listing if line.split()[2] == "image"]  # not their soft masks
    assert pictures == len(images) == (1 if any(s.id == "timeline" for s in draft.brief.sections) else 0)
    word_notes = notes(draft.path, "footnote") + notes(draft.path, "endnote")
    assert len(word_notes) == len(draft.brief.notes)
    # count each note's text in the PDF, longest first so a note that contains
    # another is not counted twice; the sources list, whose entries read like a
    # first note, is set aside first: each entry where it opens a line, since a note
    # citing that source in full after another ("…; European Commission, “EU and Japan
    # boost…”, 13 July 2023.") may come between the list's entries (a list across pages)
    remaining, found = "\n".join(map(squeeze, pdf_stream_text(pdf.path).splitlines())), 0
    for section in draft.brief.sections:
        at = remaining.find(squeeze(section.label)) if section.sources else -1
        for source in section.sources:
            entry = squeeze(full_citation(source) + ".")
            listed = re.compile("\n" + "\n?".join(map(re.escape, entry))).search(remaining, at)
            assert listed, (audience, source.id)
            at = listed.start()
            remaining = remaining[:at] + "\n\x00" + remaining[listed.end():]
    remaining = remaining.replace("\n", "")
    for text in sorted(set(map(squeeze, word_notes)), key=len, reverse=True):
        found += remaining.count(text)
        remaining = remaining.replace(text, "\x00")
    assert found == len(word_notes)


def list_marker(document, style_name: str) -> tuple[str, str] | None:
    """(number format, level text) of the list a style's paragraphs belong to,
    followed through the style's bases and the numbering part, as Word does."""
    numbering = document.part.numbering_part.element
    style = document.styles[style_name]
    while style is not None:
        num_pr = style.element.find(qn("w:pPr"))
        num_pr = num_pr.find(qn("w:numPr")) if num_pr is not None else None
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
            num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                            if a.get(qn("w:abstractNumId")) == abstract_id)
            level = abstract.find(qn("w:lvl"))
            return level.find(qn("w:numFmt")).get(qn("w:val")), level.find(qn("w:lvlText")).get(qn("w:val"))
        style = style.base_style
    return None


def test_recommendations_and_sources_are_numbered_as_in_the_pdf(drafts, converted, tmp_path):
    document = docx.Document(str(drafts["policymaker"].path))
    # as the PDF prints them (tests/test_list_numbering.py): the recommendations' number in its disc,
    # an <ol>'s "1." for the endnotes
    assert list_marker(document, "Recommendation") == ("decimal", "%1")
    assert list_marker(document, "List Number") == ("decimal", "%1.")
    # the squares the PDF draws before facts and takeaways (brief.css li::before), not round bullets
    assert list_marker(document, "Key Takeaway") == list_marker(document, "List Bullet") == ("bullet", "\u25a0")
    # a reader sees the numbers: LibreOffice prints them
    text = " ".join(pdf_text(converted["policymaker"]).split())
    takeaways = next(s for s in drafts["policymaker"].brief.sections if s.id == "takeaways").items
    assert f"\u25a0 {takeaways[0].headline[:40]}" in text and "\u2022" not in text
    recommendations = [i for s in drafts["policymaker"].brief.sections if s.id == "recommendations" for i in s.items]
    for n, item in enumerate(recommendations, 1):
        mark = f"({item.marking}) " if item.portion else ""
        assert f"{n} {mark}{item.headline[:30]}" in text, n
    press = " ".join(pdf_text(converted["press"]).split())
    brief = drafts["press"].brief
    first_source = next(s for s in brief.sections if s.id == "sources").sources[0]
    assert f"{first_source.publisher}, “{first_source.title[:30]}" in press

    # a reference document that lacks briefgen's list styles gets them with
    # numbering definitions of its own, not ids pointing at nothing
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    result = run_cli("build", str(FIXTURES / "mini.yaml"), "-a", "policymaker", "-f", "docx",
                     "--out", str(tmp_path / "out"), "--reference-docx", str(plain))
    assert result.returncode == 0, result.stderr
    assert list_marker(docx.Document(str(tmp_path / "out" / "mini-policymaker.docx")),
                       "Recommendation") == ("decimal", "%1")


def test_an_area_s_milestones_heading_is_set_as_in_the_pdf(drafts, project):
    """The PDF sets an area's "Milestones" (h4) in 8 pt bold, in brief.css's h4 colour and in the
    case it is written; the draft's Heading 3 read "MILESTONES", larger and grey (caps on)."""
    rule = re.search(r"(?m)^h4 \{([^}]*)\}", (project.templates[0] / "brief.css").read_text(encoding="utf-8"))[1]
    size = float(re.search(r"font-size:\s*([\d.]+)pt", rule)[1])
    colour = re.search(r"color:\s*#([0-9a-fA-F]{6})", rule)[1].upper()
    style = docx.Document(str(drafts["analyst"].path)).styles["Heading 3"]
    assert (style.font.size.pt, str(style.font.color.rgb), style.font.bold) == (size, colour, True)
    assert not style.font.all_caps and not style.font.small_caps
