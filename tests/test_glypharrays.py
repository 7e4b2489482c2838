"""Font subsets hand HarfBuzz their glyph ids without cffi parsing an array type per length
(render/glypharrays.py): the same bytes as the stock code, and no sized type parsed.

The EU–Japan business brief (Lato's faces) and the EU–Korea press brief (Hangul: Noto Sans
CJK), each written with the shortcut and with the stock code.
"""
from __future__ import annotations

import re

import pytest
from conftest import topic_brief

from briefgen.render import glypharrays
from briefgen.render.pdf import render_pdf


@pytest.mark.parametrize("topic, audience", [("eu-japan", "business"), ("eu-korea", "press")])
def test_a_brief_is_the_same_bytes_with_its_glyph_arrays_typed_once(seed_inputs, topic, audience):
    from weasyprint.text.ffi import ffi

    project, html, images = topic_brief(seed_inputs, topic, audience)
    assert glypharrays.install()
    with glypharrays.stock():
        theirs, _ = render_pdf(html, project.templates, images=images)
    sized = re.compile(r"hb_codepoint_t\[\d+\]")
    for name in [name for name in ffi._parsed_types if isinstance(name, str) and sized.fullmatch(name)]:
        del ffi._parsed_types[name]  # cffi's cache of parsed types: forget what the stock code parsed
    ours, _ = render_pdf(html, project.templates, images=images)
    assert ours == theirs
    assert not [name for name in ffi._parsed_types if isinstance(name, str) and sized.fullmatch(name)]
    assert "hb_codepoint_t[]" in ffi._parsed_types  # the subsets did pass through the shortcut

