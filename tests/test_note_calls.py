"""Every sourced statement carries a note call of its own, its note on the call's page, and no
page's notes hold two identical notes in a row nor open on "Ibid." (briefgen/sourcenotes.py),
read back as a reader gets them: the PDF's characters (calls and note numbers by page), its
tagged Note elements, the HTML both writers read, and the Word draft's footnotes and endnotes."""
from __future__ import annotations

import re
import subprocess
import zipfile
from types import SimpleNamespace

import pytest
from conftest import squeeze
from docx.oxml.ns import qn
from lxml import etree
from lxml import html as lxml_html
from test_citations import notes_on_pages
from test_conformance import tagged_elements

from briefgen.brief import Item, Section
from briefgen.model import Source
from briefgen.render.html import render_html
from briefgen.sourcenotes import RUN_IN_WIDTH, number_notes, settle_on_pages

NOTED = ["analyst", "business", "press", "security"]  # the policymaker's brief has no notes
FOOTNOTED = ["analyst", "security"]
KIND = {"footnotes": "footnote", "endnotes": "endnote"}


def _plain(text: str) -> str:
    """A note's text without its number, as compared: whitespace, word joiners and hyphens aside
    (pdfium reads a hyphen ending a line as U+0002)."""
    return squeeze(re.sub(r"^\s*\d+\.?\s*", "", text.replace("\u2060", "").replace("\x02", "")))


def draft_notes(path, kind: str) -> dict[str, str]:
    """A Word draft's real footnotes or endnotes: id -> text (separators left out)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(f"word/{kind}s.xml"))
    return {n.get(qn("w:id")): "".join(t.text or "" for t in n.iter(qn("w:t")))
            for n in root.findall(qn(f"w:{kind}")) if not n.get(qn("w:type"))}


def pdf_notes(path) -> list[str]:
    """The PDF's notes in order, as a screen reader is given them (a Note element each)."""
    return [text for kind, _, text in tagged_elements(str(path)) if kind == "Note"]


def _classed(path: str, name: str) -> str:
    return f'{path}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]'


@pytest.mark.parametrize("audience", NOTED)
def test_every_sourced_statement_carries_its_own_call(seed_briefs, project, audience):
    """The review's finding: since 208d2cd, statements on the same sources shared one note,
    called after the last of them, so "China's military build-up…" printed with no call and
    its note turned up a page later. Each paragraph or list item that states something
    sourced now holds exactly one call, in the HTML the PDF and the draft are made from."""
    output = seed_briefs[(audience, "pdf")]
    brief = output.brief
    sourced = {item.id: item for item in brief.items() if item.sources}
    assert sourced and all(item.note for item in sourced.values())
    assert [item.note for item in brief.notes] == list(range(1, len(sourced) + 1))
    tree = lxml_html.fromstring(render_html(brief, project.templates))
    call = _classed(".//span", "fn") if brief.audience.source_notes == "footnotes" else _classed(".//a", "noteref")
    blocks = tree.xpath("//p[@data-fact] | //li[@data-fact]")
    assert {b.get("data-fact") for b in blocks} >= set(sourced)
    uncalled = [b.get("data-fact") for b in blocks if b.get("data-fact") in sourced and len(b.xpath(call)) != 1]
    assert uncalled == [], audience


@pytest.mark.parametrize("audience", FOOTNOTED)
def test_each_call_s_note_is_on_its_page_and_no_page_repeats_a_note(seed_briefs, audience):
    """On every page: each call's note at its foot; no two notes in a row that read the same
    ("8. Ibid." "9. Ibid.", or a short form twice); no "Ibid." opening the page's notes, whose
    antecedent would be on the page before."""
    output = seed_briefs[(audience, "pdf")]
    count = len(output.brief.notes)
    calls, notes = notes_on_pages(output.path)
    assert sorted(calls) == sorted(notes) == list(range(1, count + 1))
    assert {n: (calls[n], p) for n, p in notes.items() if calls[n] != p} == {}
    texts = pdf_notes(output.path)
    assert len(texts) == count
    pages = sorted(set(notes.values()))
    for page in pages:
        on_page = [_plain(texts[n - 1]) for n in sorted(n for n, p in notes.items() if p == page)]
        assert on_page[0] != "Ibid.", (audience, page)
        assert [n for n in range(1, len(on_page)) if on_page[n] == on_page[n - 1]] == [], (audience, page)


@pytest.mark.parametrize("audience", NOTED)
def test_the_draft_s_notes_read_as_the_pdf_s(seed_briefs, audience):
    """The Word draft carries real notes, the same as the PDF's, number for number: an "Ibid."
    the PDF's layout turned into the short form (it opened a page) is short in the draft too."""
    pdf, draft = seed_briefs[(audience, "pdf")], seed_briefs[(audience, "docx")]
    in_word = list(draft_notes(draft.path, KIND[draft.brief.audience.source_notes]).values())
    assert [_plain(t) for t in in_word] == [_plain(t) for t in pdf_notes(pdf.path)]
    assert draft.layout["plain_notes"] == pdf.layout["plain_notes"]


def _sections(*blocks: tuple[str, list[Source]]) -> list[Section]:
    return [Section(sid, sid, "full", None, items=[Item(f"{sid}{n}", "h", None, [s], "TLP:CLEAR")
                                                   for n, s in enumerate(sources)]) for sid, sources in blocks]


def test_each_statement_its_note_ibid_once_then_short():
    """Three statements on one source: a note each; the second "Ibid.", the third short (two
    "Ibid." in a row would be a run of identical notes), the fourth "Ibid." again."""
    x, y = (Source(id=i, title=f"Title {i}", publisher="P") for i in ("x", "y"))
    sections = _sections(("a", [x, x, x, x, y]), ("b", [y]), ("c", [x]))
    notes = number_notes(sections)
    assert [(i.id, i.note) for i in notes] == [("a0", 1), ("a1", 2), ("a2", 3), ("a3", 4), ("a4", 5),
                                               ("b0", 6), ("c0", 7)]
    assert [i.ibid for i in notes] == [False, True, False, True, False, True, False]
    assert [[first for _, first in i.cites] for i in notes] == [[True], [False], [False], [False], [True],
                                                                [False], [False]]
    # the short and repeated notes are set run in; a first citation in full is not
    assert [i.run_in for i in notes] == [False, True, True, True, False, True, True]


def test_a_note_opening_a_page_is_never_ibid_and_the_run_goes_on_after_it():
    x = Source(id="x", title="Title x", publisher="P")
    sections = _sections(("a", [x, x, x, x]))
    notes = number_notes(sections, plain={2})
    # note 2 opens a page: short; note 3 may then be "Ibid." (its antecedent, note 2, is on its page)
    assert [i.ibid for i in notes] == [False, False, True, False]


def test_a_long_short_citation_is_not_run_in():
    """A run-in note is kept whole on its line (brief.css): one that could not fit is set as a block."""
    long = Source(id="l", title="T" * RUN_IN_WIDTH, publisher="P")
    wide = Source(id="w", title="한" * (RUN_IN_WIDTH // 2), publisher="P")  # Hangul: two columns a syllable
    notes = number_notes(_sections(("a", [long, long]), ("b", [wide]), ("c", [long, wide])))
    assert [i.run_in for i in notes] == [False, True, False, False, False]


def test_settling_turns_a_page_opening_ibid_short_and_says_so(seed_inputs, project):
    """What the PDF writer asks after a layout: where note 2 would open a page as "Ibid.", the
    brief's HTML again with note 2 short and note 3 "Ibid." in its place, and the notes changed."""
    from briefgen.pipeline import make_brief_and_html

    fb = seed_inputs.factbases["eu-japan"]
    brief, html = make_brief_and_html(fb, seed_inputs.audiences["security"], "eu-japan-security",
                                      project.templates, project.identity(fb)[0])
    ibid = next(i for i in brief.notes if i.ibid)
    revise = settle_on_pages(brief, project.templates)
    assert revise(SimpleNamespace(first_notes=(1,))) is None  # a first note is never "Ibid."
    again, plain = revise(SimpleNamespace(first_notes=(1, ibid.note)))
    assert plain == (ibid.note,) and not ibid.ibid
    shown = lxml_html.fromstring(again).xpath(_classed("//span", "fn"))
    assert shown[ibid.note - 1].text_content() != "Ibid." and again != html


def test_a_project_s_own_footnote_does_not_shift_which_note_opens_a_page(tmp_path):
    """The PDF writer counted every span.fn in the document as the brief's notes, in order: a
    project's template with a footnote of its own (a house disclaimer, say) moved every number by
    one, so the security brief's page 2 opened its notes on "Ibid." again, or a page past the last
    note ended the build with an IndexError (code review, stop 26). A note says its number
    (data-note), and one of the project's own, saying none, is left as it is."""
    from conftest import ROOT, make_project, pdf_text
    from test_readers import cli

    root = make_project(tmp_path / "p", ROOT / "seeds" / "eu-japan.yaml")
    page = root / "templates" / "brief.html.j2"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('<header class="masthead">', '<header class="masthead"><span class="fn">'
                                 "Published for discussion.</span>", 1), encoding="utf-8")
    built = cli(root, "build", "-a", "security", "-f", "pdf")
    assert built.returncode == 0, built.stdout + built.stderr
    pdf = root / "briefs" / "eu-japan-security.pdf"
    assert "Published for discussion." in pdf_text(pdf, 1)
    for number in range(2, 5):
        notes = re.findall(r"(?m)^\d+\. ?(.*)$", subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], check=True,
            capture_output=True, text=True).stdout)
        assert not notes or not notes[0].startswith("Ibid."), (number, notes[:2])
