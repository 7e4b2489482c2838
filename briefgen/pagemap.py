"""The page map: the PDF's layout of a brief (its page count, the page each
heading lands on) as the output
folder's manifest records it, keyed by all the layout depends on, so the Word
draft of content laid out before (by the PDF job of an earlier build, say) takes
its contents' page numbers and page count without laying the brief out
again (WeasyPrint's layout is most of a draft's time), in a build or in `absorb`,
which writes a draft's text again to compare.
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
    from .software import environment_digest

    return hashlib.sha256("\0".join(("layout", content, assets, environment_digest("pdf"), code)).encode()).hexdigest()


def as_record(key: str, layout: Layout) -> dict:
    return {"key": key, "pages": layout.pages, "headings": [list(h) for h in layout.headings]}


def recorded_in(folders, brief, html: str, images: dict, project) -> Layout | None:
    """The layout a build recorded, in the manifest of one of ``folders``, for this brief's
    content (under either format's file of the brief's name), if any: what a command that
    needs only the Word draft's text (absorb) takes instead of laying the brief out again."""
    from .cache import Fingerprints, Manifest
    from .pipeline import Options
    from .task import content_digest

    parts = Fingerprints(project.templates, project.house_files()).parts("pdf", Options())
    key = layout_key(content_digest("pdf", brief, html, images, {}), parts["assets"], parts["code"])
    for folder in dict.fromkeys(folders):
        entries = Manifest(folder).entries
        records = [entry["layout"] for entry in (entries.get(f"{brief.name}{suffix}") for suffix in (".pdf", ".docx"))
                   if isinstance(entry, dict) and entry.get("layout")]
        if (layout := recorded(records, key)) is not None:
            return layout
    return None


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
