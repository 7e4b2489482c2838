"""The sample briefs' pages as a publications editor reads them (/work/shared/editorial-checklist.md):
where the pages break, and how names and their short forms read. Everything is read back
from the session's seed build (seed_briefs): text extracted from the PDF page by page, the
Word draft's paragraphs."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from conftest import AUDIENCES, pdf_pages, pdf_text, seed_html, squeeze
from lxml import html as lxml_html


@cache
def page_texts(path: Path) -> tuple[str, ...]:
    """Each page's extracted text, squeezed (no whitespace or hyphens): where a text falls."""
    return tuple(squeeze(pdf_text(path, n)) for n in range(1, pdf_pages(path) + 1))


def page_of(pages: tuple[str, ...], text: str) -> int:
    """The page (1-based) where a statement's text ends; its note call may follow it."""
    tail = squeeze(text)[-80:]
    found = [n for n, page in enumerate(pages, 1) if tail in page]
    assert len(found) == 1, (text, found)
    return found[0]


def statements(section) -> list[str]:
    """A section's statements as printed, without their notes (which the PDF sets at the page's foot)."""
    for note in section.xpath(".//*[contains(concat(' ', @class, ' '), ' fn ') or @class='noteref']"):
        note.drop_tree()
    return [" ".join(el.text_content().split()) for el in section.xpath("./*[@data-fact] | ./*/li[@data-fact]")]


# ------------------------------------------------------------------ page breaks

@pytest.mark.parametrize("audience", AUDIENCES)
def test_recommendations_are_not_carried_whole_to_a_new_page(seed_briefs, seed_inputs, project, audience):
    """Three recommendations kept together left the security brief's page 3 a quarter empty: the
    heading and the first now end the page the section before them ends on, and the last still
    never stands alone at the top of a page."""
    tree = lxml_html.document_fromstring(seed_html(seed_inputs, project, audience))
    sections = tree.xpath("//body/section")
    at = [n for n, s in enumerate(sections) if "recommendations" in s.get("class").split()]
    if not at:
        pytest.skip(f"the {audience} brief has no recommendations")
    before, recs = sections[at[0] - 1], sections[at[0]]
    pages = page_texts(seed_briefs[(audience, "pdf")].path)
    items = statements(recs)
    heading = squeeze(recs.findtext("h2"))
    opening = [n for n, page in enumerate(pages, 1) if re.search(re.escape(heading) + r"\d?" +
                                                                 re.escape(squeeze(items[0])[:30]), page)]
    assert opening == [page_of(pages, statements(before)[-1])], (audience, opening)
    if len(items) > 1:
        assert page_of(pages, items[-1]) == page_of(pages, items[-2]), audience
