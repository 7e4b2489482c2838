"""Lines below every float skip WeasyPrint's min-content measure (render/floatlines.py), and
the PDF is the same bytes as WeasyPrint's own.

The policymaker and press briefs have every kind of float briefgen sets: the masthead's
marking, the recommendations' numbers, the timeline's dates and the sources' numbers.
"""
from __future__ import annotations

import re

import pytest

from briefgen.pipeline import images_of, make_brief_and_html
from briefgen.render import floatlines
from briefgen.render.pdf import render_pdf


@pytest.mark.parametrize("audience", ["policymaker", "press"])
def test_a_brief_with_floats_is_the_same_bytes_without_the_unread_measures(seed_inputs, project, monkeypatch,
                                                                         audience):
    fb = seed_inputs.factbases["eu-japan"]
    brief, html = make_brief_and_html(fb, seed_inputs.audiences[audience], f"eu-japan-{audience}",
                                      project.templates, project.identity(fb)[0])
    images = images_of(brief, project)
    assert re.search(r'class="[^"]*\bmarking\b', html)
    assert 'class="recommendation"' in html or 'class="timeline"' in html  # floats: a number, a date
    with floatlines.stock():
        theirs, _ = render_pdf(html, project.templates, images=images)
    skipped = []
    above = floatlines._above
    monkeypatch.setattr(floatlines, "_above", lambda shapes, top: skipped.append(above(shapes, top)) or skipped[-1])
    ours, _ = render_pdf(html, project.templates, images=images)
    assert ours == theirs
    assert any(skipped) and not all(skipped)  # lines measured and lines not, in the same brief


def test_only_weasyprint_70_is_reached_into():
    assert floatlines.install()  # this environment's WeasyPrint is the pinned 70.x

