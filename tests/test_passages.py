"""A passage of statements on the same sources takes one note, at its end (Chicago 17th ed., 14.57;
briefgen/sourcenotes.py), read as a reader gets the briefs: the PDF's pages (pdftotext, a page at a
time, and its tagged Note elements), the Word draft's notes read back, and `absorb` reading a draft
in which an editor moved statements.

The editor's review (stop 28): with "Ibid." gone, consecutive notes repeated one another ("Korea On
Point, 'EU and Japan: towards a truly strategic partnership'" three times, analyst notes 70-72), and
two of them set side by side on one line read as one note."""
from __future__ import annotations

import re
import subprocess

import docx
import pytest
from conftest import pdf_text, squeeze
from test_absorb import (  # noqa: F401 (workspace: the fixture)
    absorb,
    draft_of,
    git_diff,
    only_values_changed,
    set_anchored_text,
    value,
    workspace,
)
from test_citations import _page_finder, notes_on_pages
from test_note_calls import KIND, _plain, draft_notes, pdf_notes

from briefgen.brief import Brief, Item

NOTED = ["analyst", "business", "press", "security"]  # the policymaker's brief has no notes


def headed(brief: Brief) -> dict[str, tuple[str, int]]:
    """Each statement's id -> the heading it is printed under: its section, and its area (with the
    area's milestones) within it."""
    out = {}
    for section in brief.sections:
        runs = [section.items] + [group.items + group.milestones for group in section.groups]
        for n, run in enumerate(runs):
            out.update({item.id: (section.id, n) for item in run})
    return out


def repeats(texts: list[str], callers: list[Item], brief: Brief) -> list[tuple[int, str]]:
    """The notes (number, opening words) that read as the note before them, under one heading."""
    where = headed(brief)
    return [(n, texts[n - 1][:60]) for n in range(2, len(texts) + 1)
            if _plain(texts[n - 1]) == _plain(texts[n - 2])
            and where[callers[n - 1].id] == where[callers[n - 2].id]]


@pytest.mark.parametrize("audience", NOTED)
def test_no_run_of_identical_notes_under_one_heading(seed_briefs, audience):
    """No note repeats the note before it where both serve statements under one heading, in the
    PDF (its notes, as a screen reader is given them) or in the Word draft (its real notes): such
    statements make one passage with one note. Before, the analyst's notes 70, 71 and 72 (three
    challenges), 78-80 (three recommendations), the security brief's 8-9 and 28-29, the press
    brief's 8-9 and the business brief's 22-23 each read alike."""
    pdf, draft = seed_briefs[(audience, "pdf")], seed_briefs[(audience, "docx")]
    callers = pdf.brief.notes
    in_pdf = pdf_notes(pdf.path)
    in_word = list(draft_notes(draft.path, KIND[draft.brief.audience.source_notes]).values())
    assert len(in_pdf) == len(in_word) == len(callers)
    assert repeats(in_pdf, callers, pdf.brief) == [], audience
    assert repeats(in_word, callers, pdf.brief) == [], audience


# two notes on one line of a page's foot: "70. Korea On Point, “…”.    71. Korea On Point, “…”."
_TWO_NOTES = re.compile(r"^\s*(\d+)\.\s(.+?)\s{2,}(\d+)\.\s(.+?)\s*$")


@pytest.mark.parametrize("audience", NOTED)
def test_no_two_notes_alike_share_a_line(seed_briefs, audience):
    """Two run-in notes that say the same thing, side by side on one line, read as one note (the
    analyst's 70/71 and 78/79, the security brief's 28/29): a note that repeats the one before it is
    not run in. Read from each page's laid-out text (pdftotext -layout)."""
    path = seed_briefs[(audience, "pdf")].path
    alike = []
    for page, text in enumerate(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                                               text=True, check=True).stdout.split("\f"), 1):
        for line in text.splitlines():
            found = _TWO_NOTES.match(line)
            if found and int(found[3]) == int(found[1]) + 1 and squeeze(found[2]) == squeeze(found[4]):
                alike.append((page, line.strip()[:80]))
    assert alike == [], audience


@pytest.mark.parametrize("audience", NOTED)
def test_a_passage_s_statements_rest_on_its_note_s_sources_on_its_page(seed_briefs, audience):
    """Every sourced statement is traceable: it carries a call of its own, or its passage's note is
    called at the end of the passage's last statement, which rests on exactly its sources; and every
    statement of the passage is printed on the page of that call, and so of its note (brief.css
    keeps a passage together; Word keeps its paragraphs with the next)."""
    output = seed_briefs[(audience, "pdf")]
    brief = output.brief
    calls, notes = notes_on_pages(output.path)
    assert calls == notes
    by_note = {item.note: item for item in brief.notes}
    shared = [item for item in brief.items() if item.shares_note]
    assert all(item.note or item.shares_note for item in brief.items() if item.sources)
    page_of = _page_finder(output)  # the statement's opening words, an abbreviation written out or not
    for item in shared:
        last = by_note[item.shares_note]
        assert [s.id for s in item.sources] == [s.id for s in last.sources], item.id
        on = page_of(item.headline, 0) + 1
        assert on == calls[item.shares_note], (audience, item.id, on, item.shares_note)
    if audience in ("analyst", "security"):
        # the editor's run: three challenges on one source, one note called after the third
        [momentum] = [i for i in brief.items() if i.id == "ch-momentum"]
        assert momentum.shares_note and by_note[momentum.shares_note].id == "ch-great-power"


def test_the_word_draft_keeps_a_passage_with_its_call(seed_briefs):
    """In the Word draft the statements before a passage's call keep with the next paragraph (the
    Keep With Next twin of their style), as brief.css keeps them on the call's page."""
    output = seed_briefs[("analyst", "docx")]
    paragraphs = docx.Document(str(output.path)).paragraphs
    for ident in ("ch-neighbourhood", "ch-momentum", "ch-limited-toolbox"):
        [para] = [p for p in paragraphs if _starts(p, ident, output.brief)]
        assert para.style.name.endswith("Keep With Next"), (ident, para.style.name)


def _starts(paragraph, ident: str, brief: Brief) -> bool:
    [item] = [i for i in brief.items() if i.id == ident]
    return squeeze(paragraph.text).startswith(squeeze(item.headline)[:40])


def _move_after(document, ident: str, target: str, brief: Brief) -> None:
    """python-docx: the paragraph printing statement ``ident`` moved to after ``target``'s."""
    paragraphs = document.paragraphs
    [moved] = [p for p in paragraphs if _starts(p, ident, brief)]
    [after] = [p for p in paragraphs if _starts(p, target, brief)]
    after._p.addnext(moved._p)


def test_absorb_reads_a_draft_whose_editor_moved_a_passage_s_statements(workspace, seed_briefs, tmp_path):  # noqa: F811
    """An editor moves the statement that carries a passage's note (its call and note go with it, and
    still name that statement's sources), moves one that carried none, and rewords a third: absorb
    finds every statement, reports no note as changed and nothing typed outside a statement, and
    writes back the rewording only."""
    brief = seed_briefs[("analyst", "docx")].brief
    before = (workspace / "seeds" / "eu-japan.yaml").read_bytes()
    draft = draft_of(workspace, "analyst")
    document = docx.Document(str(draft))
    _move_after(document, "ch-great-power", "ch-neighbourhood", brief)  # the call's statement, up
    _move_after(document, "ch-momentum", "drv-us-china", brief)  # a statement of the passage, to Drivers
    toolbox = value(workspace, "ch-limited-toolbox", "headline")
    reworded = toolbox.replace("still rely on", "still depend on")
    assert reworded != toolbox
    set_anchored_text(document, "ch-limited-toolbox", "headline", reworded)
    edited = tmp_path / "moved.docx"
    document.save(str(edited))

    result = absorb(workspace, str(edited))
    out = result.stdout
    assert result.returncode == 1, out + result.stderr  # a rewording to apply, nothing for a person
    assert "ch-limited-toolbox headline: reworded" in out, out
    assert "note " not in out and "outside any statement" not in out and "deleted" not in out, out
    applied = absorb(workspace, str(edited), "--apply")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert value(workspace, "ch-limited-toolbox", "headline") == reworded
    assert only_values_changed(git_diff(workspace), before, [("ch-limited-toolbox", "headline")])


# ------------------------------------------------------------------ the frameworks' headlines

pdfium = pytest.importorskip("pypdfium2")
import pypdfium2.raw as pdfium_raw  # noqa: E402


def _font(text, i: int) -> str:
    """The name of the font a character is drawn in ("ABCDEF+Lato-Bold")."""
    buffer = pdfium_raw.ctypes.create_string_buffer(128)
    flags = pdfium_raw.ctypes.c_int()
    size = pdfium_raw.FPDFText_GetFontInfo(text, i, buffer, 128, flags)
    return buffer.raw[:max(size - 1, 0)].decode("latin-1")


def _weights(path, page: int) -> tuple[str, list[int]]:
    """A page's characters as pdfium reads them, and each one's weight: 700 where its font is a
    bold face, 400 otherwise."""
    pdf = pdfium.PdfDocument(str(path))
    text = pdf[page - 1].get_textpage()
    chars = [chr(pdfium_raw.FPDFText_GetUnicode(text, i)) for i in range(text.count_chars())]
    weights = [700 if re.search(r"Bold|Black|Heavy", _font(text, i)) else 400 for i in range(len(chars))]
    pdf.close()
    return "".join(chars), weights


def _headline_weights(path, pages: int, headline: str) -> list[int]:
    """The font weights of a headline's printed letters, found on whichever page prints it."""
    key = squeeze(headline)[:50]
    for page in range(1, pages + 1):
        chars, weights = _weights(path, page)
        kept = [(c, w) for c, w in zip(chars, weights, strict=True) if c.strip() and c != "-"]
        flat = squeeze("".join(c for c, _ in kept))
        at = flat.find(key)
        if at >= 0:
            return [w for _, w in kept[at:at + len(key)]]
    raise AssertionError(f"not printed: {headline[:60]}")


def test_every_framework_s_headline_is_bold_in_the_pdf_and_the_draft(seed_briefs):
    """The editor's finding (analyst pp.3-4): a framework's headline was bold only where a detail
    followed it, so the Security and Defence Partnership's, the Green Alliance's, the Cyber
    Dialogue's and the Strategic Dialogue's were plain among seven bold ones. Each is bold now, in the
    PDF (the font of its letters) and in the Word draft (its runs in the Strong character style)."""
    pdf, draft = seed_briefs[("analyst", "pdf")], seed_briefs[("analyst", "docx")]
    [section] = [s for s in pdf.brief.sections if s.id == "frameworks"]
    plain = [i.id for i in section.items if not i.detail]
    assert {"fw-sdp", "fw-green-alliance", "fw-cyber-dialogue", "fw-strategic-dialogue"} <= set(plain)
    for item in section.items:
        assert min(_headline_weights(pdf.path, pdf.pages, item.headline)) >= 600, item.id
    paragraphs = docx.Document(str(draft.path)).paragraphs
    for item in section.items:
        [para] = [p for p in paragraphs if squeeze(item.headline)[:40] in squeeze(p.text)
                  and p.style.name.startswith("Body Text")]
        key = squeeze(item.headline)
        styled = "".join(r.text for r in para.runs if r.style is not None and r.style.name == "Strong")
        assert key in squeeze(styled), (item.id, [(r.text[:20], r.style.name if r.style else None) for r in para.runs])
        assert all(r.bold is None for r in para.runs), item.id  # by the style's name, no direct formatting


# ------------------------------------------------------------------ the timeline's figure and its key

@pytest.mark.parametrize("audience", ["analyst", "press"])
def test_the_timeline_s_figure_shares_a_page_with_its_key_s_start(seed_briefs, audience):
    """The editor's finding: the analyst's key A-I on page 7 (and a gap), J-M and the figure on page 8;
    the press brief's A-C on page 1, D-M and the figure on page 2; the caption said "the list above".
    The figure now comes first, under its heading, with the key's first entries on its page, and the
    caption says where the list is: below it. Read a page at a time (pdftotext); in the Word draft the
    figure and its caption keep with the key's first entry."""
    output = seed_briefs[(audience, "pdf")]
    pages = [pdf_text(output.path, n) for n in range(1, output.pages + 1)]
    [page] = [n for n, text in enumerate(pages, 1) if "Letters refer to the list" in text]
    text = pages[page - 1]
    assert "Letters refer to the list below." in text
    first = re.search(r"\bA · \d{1,2} [A-Z][a-z]+ \d{4}", text)
    assert first and text.index("Timeline") < text.index("Letters refer") < first.start(), (audience, page, text[:300])
    assert re.search(r"\bB · \d{1,2} [A-Z][a-z]+ \d{4}", text), (audience, page)
    document = docx.Document(str(seed_briefs[(audience, "docx")].path))
    styles = [p.style.name for p in document.paragraphs]
    at = styles.index("Figure")
    assert styles[at:at + 3] == ["Figure", "Caption", "Timeline Entry Keep With Next"], styles[at - 2:at + 4]
    assert document.paragraphs[at + 2].text.replace("\xa0", " ").startswith("A · ")
    assert all(document.styles[name].paragraph_format.keep_with_next for name in ("Figure", "Caption"))


# ------------------------------------------------------------------ each note on its call's page

@pytest.mark.parametrize("audience", ["business", "press"])
def test_the_business_and_press_notes_sit_on_their_calls_pages(seed_briefs, audience):
    """The editor's finding (checklist: "each note sits on its call's page"): the business brief's
    calls 1-24 were on pages 1-2 and their notes on pages 3-4, the press brief's calls 1-22 on pages
    1-2 and their notes on page 3. Both set footnotes now, as the analyst and security briefs do. The
    business brief prints each source in full once, in its first note: its Sources list, which
    printed each a second time, is gone, and the brief is three pages, not four; the press brief
    keeps the list a journalist works from."""
    output = seed_briefs[(audience, "pdf")]
    calls, notes = notes_on_pages(output.path)
    assert sorted(calls) == sorted(notes) == list(range(1, len(output.brief.notes) + 1))
    assert {n: (calls[n], p) for n, p in notes.items() if calls[n] != p} == {}
    text = pdf_text(output.path)
    if audience == "business":
        assert output.pages == 3 and "Sources" not in text and "Notes" not in text
        flat = squeeze(text)
        linked = [s for s in {s.id: s for item in output.brief.notes for s, _ in item.cites}.values() if s.url]
        assert linked and all(flat.count(squeeze(s.url)) == 1 for s in linked)  # its first note alone
    else:
        assert output.pages == 3 and "Sources you can check" in text
