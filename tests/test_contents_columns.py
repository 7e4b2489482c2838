"""The contents' second column opens where WeasyPrint's own balancing of the two columns opened it.

The template marks that entry (html.py column_start) and brief.css breaks the column there, so
that WeasyPrint 70 lays the contents out once instead of balancing them by trial layouts. Each
shape of contents below is laid out both ways, with brief.css, on a page of its own: the old way
(column-fill: balance, no mark) and the new; the entries each column holds must be the same."""
from __future__ import annotations

import pytest
from conftest import ROOT

from briefgen.render.html import column_start
from briefgen.render.weasy import weasyprint

# the entries' levels in print order (1 a section, 2 an area under the areas' entry)
SHAPES = {
    "eu-japan analyst": [1, 1, 1, 1, *[2] * 8, 1, 1, 1, 1, 1],
    "flat, even": [1] * 6,
    "flat, odd": [1] * 7,
    "a break that would leave a list's first item alone": [1, 1, 1, 2, 2, 2, 1, 1],
    "a break that would open a column on a list's last item": [1, 2, 2, 2, 1, 1, 1],
    "a break between a section and its first area": [1, 1, 1, 1, 2, 2, 1],
    "areas to the end": [1, 1, 1, 2, 2, 2, 2, 2],
    "too short to break": [1, 1, 1],
}
BALANCED = "nav.contents > ol.contents { column-fill: balance; } li.column-start { break-before: auto; }"


def contents_html(levels: list[int], mark: int | None, extra_css: str = "") -> str:
    items, depth = [], 1
    for i, level in enumerate(levels):
        if level > depth:
            items[-1] = items[-1].removesuffix("</li>") + "<ol>"
        elif level < depth:
            items.append("</ol></li>")
        depth = level
        label = f"Entry {i} {'of an area' if level == 2 else 'of a section'}"
        items.append(f'<li{" class=column-start" if i == mark else ""}><a href="#h{i}">{label}</a></li>')
    if depth == 2:
        items.append("</ol></li>")
    headings = "".join(f'<h2 id="h{i}">Entry {i}</h2>' for i in range(len(levels)))
    return (f'<html><head><link rel="stylesheet" href="brief.css"><style>{extra_css}</style></head><body>'
            f'<nav class="contents"><ol class="contents">{"".join(items)}</ol></nav>'
            f'<div style="break-before: page">{headings}</div></body></html>')


def columns_of(html: str) -> tuple[list[str], list[str]]:
    """The entries' labels in the first column and in the second, as WeasyPrint lays them out."""
    page = weasyprint.HTML(string=html, base_url=(ROOT / "templates").as_uri() + "/").render().pages[0]
    middle = page._page_box.content_box_x() + page._page_box.width / 2
    first, second = [], []
    for box in page._page_box.descendants():
        if box.element_tag == "a" and hasattr(box, "children") and box.children:
            text = "".join(getattr(child, "text", "") for child in box.descendants())
            label = text.split(" of ")[0]
            (first if box.position_x < middle else second).append(label)
    return first, second


@pytest.mark.parametrize("shape", SHAPES)
def test_the_marked_entry_opens_the_column_balancing_opened(shape):
    levels = SHAPES[shape]
    start = column_start(levels)
    balanced = columns_of(contents_html(levels, None, BALANCED))
    marked = columns_of(contents_html(levels, start if start < len(levels) else None))
    assert marked == balanced, (start, balanced)
    assert len(balanced[0]) + len(balanced[1]) == len(levels)
