"""One note for a run of statements on the same sources (briefgen/sourcenotes.py), read back
as a reader gets it: the PDF's notes (poppler's text, the tagged Note elements) and the
Word draft's footnotes and endnotes, each statement reaching its sources through the
first note call after it."""
from __future__ import annotations

import re
import zipfile

import pytest
from conftest import poppler, squeeze
from docx.oxml.ns import qn
from lxml import etree
from test_conformance import tagged_elements

from briefgen import anchors
from briefgen.brief import Item, Section
from briefgen.model import Source
from briefgen.sourcenotes import number_notes

NOTED = ["analyst", "business", "press", "security"]  # the policymaker's brief has no notes
KIND = {"footnotes": "footnote", "endnotes": "endnote"}


def _plain(text: str) -> str:
    """A note's text without its number, as compared: whitespace, word joiners and hyphens aside."""
    return squeeze(re.sub(r"^\s*\d+\.?\s*", "", text.replace("\u2060", "")))


def draft_notes(path, kind: str) -> dict[str, str]:
    """A Word draft's real footnotes or endnotes: id -> text (separators left out)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(f"word/{kind}s.xml"))
    return {n.get(qn("w:id")): "".join(t.text or "" for t in n.iter(qn("w:t")))
            for n in root.findall(qn(f"w:{kind}")) if not n.get(qn("w:type"))}


def _repeats(texts: list[str]) -> list[tuple[int, str]]:
    plain = [_plain(t) for t in texts]
    return [(n, texts[n]) for n in range(1, len(plain)) if plain[n] == plain[n - 1]]


@pytest.mark.parametrize("audience", NOTED)
def test_no_two_notes_in_a_row_read_the_same(seed_briefs, audience):
    """"8. Ibid." then "9. Ibid." (the security brief's drivers) is a run of identical notes."""
    pdf = seed_briefs[(audience, "pdf")]
    count = len(pdf.brief.notes)
    # poppler's text: no two note numbers in a row are both "Ibid."
    text = poppler("pdftotext", "-layout", "-enc", "UTF-8", pdf.path, "-")
    ibid = [int(n) for n in re.findall(r"(?m)^\s*(\d+)\.\s+Ibid\.\s*$", text)]
    assert not [n for n in ibid if n - 1 in ibid], (audience, ibid)
    # every note, as a screen reader is given it (a Note element each)
    tagged = [text for kind, _, text in tagged_elements(str(pdf.path)) if kind == "Note"]
    assert len(tagged) == count > 0
    assert _repeats(tagged) == [], audience
    # and the Word draft's notes
    draft = seed_briefs[(audience, "docx")]
    in_word = list(draft_notes(draft.path, KIND[draft.brief.audience.source_notes]).values())
    assert len(in_word) == count
    assert _repeats(in_word) == [], audience


def _note_order(path, kind: str) -> list[tuple[str, str]]:
    """The draft's body in reading order as ("statement", id token), ("note", its text) and
    ("heading", ""): each statement at its first anchor, each note at its reference."""
    notes = draft_notes(path, kind)
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(qn("w:body"))
    order = []
    for para in body.iter(qn("w:p")):
        style = para.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")).startswith("Heading"):
            order.append(("heading", ""))
        for node in para.iter(qn("w:bookmarkStart"), qn(f"w:{kind}Reference")):
            if node.tag == qn("w:bookmarkStart"):
                anchor = anchors.parse(node.get(qn("w:name")))
                if anchor and anchor.field in ("headline", "text", "document_says"):
                    order.append(("statement", anchor.token))
            else:
                order.append(("note", notes[node.get(qn("w:id"))]))
    return order


@pytest.mark.parametrize("audience", NOTED)
def test_each_statement_reaches_its_sources_through_the_next_note(seed_briefs, audience):
    """A statement without a call of its own is served by the note after the run it opens:
    the first note reference after it, before any heading, cites each of its sources
    ("Ibid." citing what the note before it cites)."""
    draft = seed_briefs[(audience, "docx")]
    brief = draft.brief
    sourced = {anchors.id_token(i.id): i for i in brief.items() if i.sources}
    # a bookmark name is cut at Word's 40 letters: a long id's token is the start of it
    room = anchors.MAX_NAME - len(anchors.PREFIX + "12345678_h_")
    whole = {cut: token for token in sourced for cut in (token, token[:room])}
    read = _note_order(draft.path, KIND[brief.audience.source_notes])
    order = [(what, whole.get(value, value)) for what, value in read]
    pending: list[str] = []
    served: dict[str, str] = {}
    previous = ""
    for what, value in order:
        if what == "heading":
            pending = []
        elif what == "statement" and value in sourced and value not in served and value not in pending:
            pending.append(value)
        elif what == "note":
            value = previous if _plain(value) == "Ibid." else value
            served.update((token, value) for token in pending)
            pending, previous = [], value
    assert set(served) == set(sourced), sorted(set(sourced) - set(served))
    for token, note in served.items():
        for source in sourced[token].sources:
            title = squeeze(source.short_title or source.title)
            assert squeeze(source.publisher) in _plain(note) and (
                title in _plain(note) or squeeze(source.title) in _plain(note)), (token, source.id, note)
    # fewer notes than sourced statements: some runs share one
    assert len(brief.notes) <= len(sourced)


def test_a_run_shares_one_note_and_ibid_never_follows_ibid():
    """Within a printed block a run of statements on the same sources gets one note, at its end;
    across headings a repeat is "Ibid." once, then the short form (the same sources in three
    sections in a row would otherwise print "Ibid." twice)."""
    x, y = (Source(id=i, title=f"Title {i}", publisher="P") for i in ("x", "y"))

    def block(sid: str, *sources: Source) -> Section:
        return Section(sid, sid, "full", None, items=[Item(f"{sid}{n}", "h", None, [s], "TLP:CLEAR")
                                                      for n, s in enumerate(sources)])

    sections = [block("a", x, x, y), block("b", y), block("c", y), block("d", x)]
    notes = number_notes(sections)
    assert [(i.id, i.note) for i in notes] == [("a1", 1), ("a2", 2), ("b0", 3), ("c0", 4), ("d0", 5)]
    assert sections[0].items[0].note is None  # a0's note is a1's, after the run
    assert [i.ibid for i in notes] == [False, False, True, False, False]
    assert [[first for _, first in i.cites] for i in notes] == [[True], [True], [False], [False], [False]]
    # recommendations are callouts read one by one: each keeps its own note (Ibid. once, then short)
    sections = [block("recommendations", x, x, x)]
    assert [(i.id, i.note, i.ibid) for i in number_notes(sections)] == [
        ("recommendations0", 1, False), ("recommendations1", 2, True), ("recommendations2", 3, False)]

