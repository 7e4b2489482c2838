"""The page map: the PDF's layout of a brief (its page count, and the page each
heading lands on) as the output folder's manifest records it, keyed by all the
layout depends on, so the Word draft of content laid out before (by the PDF job
of an earlier build, say) takes its contents' page numbers and page count
without laying the brief out again (WeasyPrint's layout is most of a draft's time).
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .render.pdf import Layout


def layout_key(content: str, assets: str, code: str) -> str:
    """What a layout depends on: the brief's content as the PDF writer receives it
    (task.content_digest: the HTML and the images), the stylesheets and font files
    (the assets part), the software and fonts that lay it out, and briefgen."""
    from .cache import environment_digest

    return hashlib.sha256("\0".join(("layout", content, assets, environment_digest("pdf"), code)).encode()).hexdigest()


def as_record(key: str, layout: Layout) -> dict:
    return {"key": key, "pages": layout.pages, "headings": [list(h) for h in layout.headings]}


def recorded(records: list, key: str) -> Layout | None:
    """The layout recorded under ``key``, if any; a record of another shape (a
    manifest edited by hand, an older briefgen) is not one."""
    for record in records:
        if isinstance(record, dict) and record.get("key") == key:
            from .render.pdf import Layout

            try:
                return Layout(int(record["pages"]), tuple((int(level), str(text), int(page))
                                                          for level, text, page in record["headings"]))
            except (KeyError, TypeError, ValueError):
                return None
    return None
