"""Each stream of a PDF is deflated once (render/pdfbytes.py): the document ID's hash reads the
bytes pydyf has just made, and the file is the same bytes as pydyf's two passes make.

The EU–Japan business brief (4 pages, 19 streams: pages, fonts, tags) and the EU–Korea
press brief (Hangul: Noto Sans CJK subset), each written with the shortcut and with the stock code.
"""
from __future__ import annotations

import pydyf
import pytest
from conftest import topic_brief

from briefgen.render import pdfbytes
from briefgen.render.pdf import render_pdf


@pytest.mark.parametrize("topic, audience", [("eu-japan", "business"), ("eu-korea", "press")])
def test_a_brief_is_the_same_bytes_with_each_stream_made_once(seed_inputs, topic, audience, monkeypatch):
    project, html, images = topic_brief(seed_inputs, topic, audience)
    assert pdfbytes.install()
    with pdfbytes.stock():
        theirs, _ = render_pdf(html, project.templates, images=images)
    made = []  # the streams whose bytes the stock property made, in order
    stock_data = pydyf.Stream.data.fget.__wrapped__  # what the shortcut wraps (functools.wraps)
    counting = property(pdfbytes._kept(lambda stream: made.append(id(stream)) or stock_data(stream)))
    monkeypatch.setattr(pydyf.Stream, "data", counting)
    ours, _ = render_pdf(html, project.templates, images=images)
    assert ours == theirs
    assert made and len(made) == len(set(made))  # every stream made, and each once
