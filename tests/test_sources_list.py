"""The sources list as a reader sees it: a bibliography, alphabetical by publisher and unnumbered,
beside notes that cite each source by publisher and title (Chicago)."""
from __future__ import annotations

import re

import docx
import pytest
from conftest import pdf_text


def _after_heading(lines: list[str], heading: str) -> list[str]:
    at = lines.index(heading)  # whitespace collapsed: the draft keeps a date on one line with a no-break space
    return lines[at + 1:]


def test_the_sources_list_is_an_unnumbered_bibliography(built_mini):
    """Chicago: the sources list is alphabetical by publisher and carries no numbers, so the notes'
    are the only numbers a reader follows, in the PDF and in the Word draft."""
    out = built_mini.root / "briefs"
    entry = "Council of the EU, “The Test Treaty”, 17 July 2018, https://example.org/treaty."
    press = pdf_text(out / "mini-press.pdf")
    assert f"Sources you can check {entry}" in press, press[press.find("Sources"):][:200]
    assert not re.search(r"\[\d+\]", press)
    paragraphs = [" ".join(p.text.split()) for p in docx.Document(str(out / "mini-press.docx")).paragraphs]
    assert _after_heading(paragraphs, "Sources you can check")[0] == entry
    # two sources: by publisher, "A think tank" before "Council of the EU" (third in the fact base)
    security = pdf_text(out / "mini-security.pdf")
    listed = security[security.index("Sources"):]
    assert listed.index("A think tank") < listed.index("Council of the EU, “The Test Treaty”")
    assert not re.search(r"\[\d+\]", security)
    paragraphs = [" ".join(p.text.split()) for p in docx.Document(str(out / "mini-security.docx")).paragraphs]
    assert not [p for p in paragraphs if re.match(r"\[\d+\]", p)]
    after = _after_heading(paragraphs, "Sources")
    assert after[0].startswith("A think tank") and after[1].startswith("Council of the EU")


@pytest.mark.parametrize("audience", ["press"])
def test_a_note_call_leads_to_one_source_entry(seed_briefs, audience):
    """The review's business and press briefs: calls 1-25, a Sources list [1]-[25] with gaps beside
    them, and timeline entries 1-13. A reader now follows one series: each note (1, 2, 3...) names
    its sources by publisher and title, and the Sources list, unnumbered and alphabetical, holds each
    under that publisher; the timeline is lettered, as its figure marks it. (The business brief prints
    no Sources list since stop 28: its notes are footnotes, each source's first one in full.)"""
    output = seed_briefs[(audience, "pdf")]
    text = pdf_text(output.path)
    sources_at = text.index("Sources")
    listed = text[sources_at:]
    assert not re.search(r"\[\d+\]", text), re.findall(r".{30}\[\d+\].{30}", text)[:3]
    publishers = [s.publisher for s in next(s for s in output.brief.sections if s.id == "sources").sources]
    assert publishers == sorted(publishers, key=str.casefold)
    assert all(" ".join(p.split()) in " ".join(listed.split()) for p in publishers)
    for item in output.brief.notes:  # every source a note names is in the list
        assert {s.publisher for s, _ in item.cites} <= set(publishers)
    if audience == "press":
        timeline = text[text.index("Timeline"):sources_at]
        assert re.search(r"list below\. A · \d+ [A-Z][a-z]+ \d{4}", timeline)
        assert not re.search(r"(?<![\w.])\d{1,2}\. \d{1,2} [A-Z][a-z]+ \d{4}", timeline)
        assert "Letters refer to the list below" in timeline
    paragraphs = [p.text for p in docx.Document(str(seed_briefs[(audience, "docx")].path)).paragraphs]
    assert not [p for p in paragraphs if re.match(r"\[\d+\]|\d+\. \d+ \w+ \d{4}", p)]
