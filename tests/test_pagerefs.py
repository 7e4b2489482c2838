"""The PDF's page references are made once per page count (render/pagerefs.py): the same bytes
as the stock property, which made the tuple again for every tagged element naming its page.

The EU–Japan analyst brief (10 pages, its notes tagged Note and Reference: notetags.py), written
with the shortcut and with the stock property.
"""
from __future__ import annotations

import pydyf
from conftest import topic_brief

from briefgen.render import pagerefs
from briefgen.render.pdf import render_pdf


def test_a_brief_is_the_same_bytes_with_its_page_references_made_once(seed_inputs, monkeypatch):
    project, html, images = topic_brief(seed_inputs, "eu-japan", "analyst")
    assert pagerefs.install()
    with pagerefs.stock():
        theirs, _ = render_pdf(html, project.templates, images=images)
    made = []  # the page counts the stock property made a tuple for, in order
    stock_references = pydyf.PDF.page_references.fget.__wrapped__  # what the shortcut wraps
    counting = property(pagerefs._made_once(lambda pdf: made.append(len(pdf.pages["Kids"]) // 3)
                                            or stock_references(pdf)))
    monkeypatch.setattr(pydyf.PDF, "page_references", counting)
    ours, pages = render_pdf(html, project.templates, images=images)
    assert ours == theirs
    assert made and len(made) == len(set(made)) <= pages  # one tuple per page count, not one per element
