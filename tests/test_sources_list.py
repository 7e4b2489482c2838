"""The sources list as a reader sees it: numbered as in the fact base when it lists
several sources, and without a number when it lists one (a lone "[2]" reads as a slip)."""
from __future__ import annotations

import re

import docx
from conftest import pdf_text


def _after_heading(lines: list[str], heading: str) -> list[str]:
    at = lines.index(heading)  # whitespace collapsed: the draft keeps a date on one line with a no-break space
    return lines[at + 1:]


def test_a_list_of_one_source_is_not_numbered(built_mini):
    """The mini fact base's business brief cites one source: its list is that entry alone,
    in the PDF and in the Word draft; the security brief's two keep their numbers."""
    out = built_mini.root / "briefs"
    entry = "Council of the EU, “The Test Treaty”, 17 July 2018, https://example.org/treaty."
    business = pdf_text(out / "mini-business.pdf")
    assert f"Sources {entry}" in business, business[business.find("Sources"):][:200]
    assert not re.search(r"\[\d+\]", business)
    paragraphs = [" ".join(p.text.split()) for p in docx.Document(str(out / "mini-business.docx")).paragraphs]
    assert _after_heading(paragraphs, "Sources")[0] == entry
    assert not [p for p in paragraphs if re.match(r"\[\d+\]", p)]
    # two sources: each under its number in the fact base
    security = pdf_text(out / "mini-security.pdf")
    assert "[1] Council of the EU, “The Test Treaty”" in security and "[2] A think tank" in security
    paragraphs = [p.text for p in docx.Document(str(out / "mini-security.docx")).paragraphs]
    assert [p[:3] for p in paragraphs if re.match(r"\[\d+\]", p)] == ["[1]", "[2]"]
