"""A run of text that fits its line but for its last space lets that space hang (render/hanging.py).

Small paragraphs in DejaVu Sans 12pt, written by briefgen's PDF writer at fixed widths, their
lines read back with poppler. 'Alpha beta gamma' is 152.7 px wide and 157.8 px with its space:
at 155 px it fits its line but for that space. WeasyPrint 70 alone split such a run after its
first word ('Alpha' alone on a line) when an inline element followed it; the security brief's
note 27 read '27. European' alone on its line, before the note's date (span.nobreak).
"""
from __future__ import annotations

import re

import pytest
from conftest import poppler

from briefgen.render import hanging
from briefgen.render.pdf import render_pdf

FITS_BUT_FOR_ITS_SPACE = 155  # px: 'Alpha beta gamma' and not its space


def lines(project, tmp_path, width: float, body: str) -> list[str]:
    """The lines of one paragraph ``width`` px wide, as a reader's tool reads them."""
    path = paragraph(project, tmp_path, width, body)
    text = poppler("pdftotext", "-raw", "-enc", "UTF-8", path, "-")
    return [line.strip() for line in text.splitlines() if line.strip()]


def paragraph(project, tmp_path, width: float, body: str):
    html = (f'<html lang="en"><body style="margin:0"><p style="font: 12pt DejaVu Sans; margin: 0; width: {width}px">'
            f"{body}</p></body></html>")
    data, _ = render_pdf(html, project.templates)
    path = tmp_path / "paragraph.pdf"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("body, after", [
    ("Alpha beta gamma <span>delta</span> epsilon", "delta epsilon"),
    ("Alpha beta gamma <b>delta</b> epsilon", "delta epsilon"),
    ('Alpha beta gamma <span style="white-space: nowrap">1 May 2024</span>.', "1 May 2024."),  # a note's date
])
def test_a_run_that_fits_but_for_its_last_space_breaks_at_that_space(project, tmp_path, body, after):
    assert lines(project, tmp_path, FITS_BUT_FOR_ITS_SPACE, body) == ["Alpha beta gamma", after]
    with hanging.stock():  # WeasyPrint's own line breaking: the case is the one it got wrong
        assert lines(project, tmp_path, FITS_BUT_FOR_ITS_SPACE, body)[0] == "Alpha"


def test_what_is_narrower_than_the_space_is_not_drawn_over_it(project, tmp_path):
    """A 2pt 'x' after the run (1.6 px) fits in the room the run leaves but for its space (2.3 px),
    not with the space: it goes to the next line, not over the space ('gammax')."""
    body = 'Alpha beta gamma <span style="font-size: 2pt">x</span> epsilon'
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                       poppler("pdftotext", "-bbox", paragraph(project, tmp_path, FITS_BUT_FOR_ITS_SPACE, body), "-"))
    at = {text: (float(x), float(top), float(bottom)) for x, top, bottom, text in words}
    assert at["x"][1] > at["gamma"][2] and at["x"][0] < at["beta"][0]  # below, at the next line's start


@pytest.mark.parametrize("body", [
    "Alpha beta gamma delta epsilon zeta <span></span>",
    "<i>Alpha beta gamma delta epsilon zeta </i><span></span>",
    "<i><span>Alpha beta gamma delta epsilon zeta </span><span></span></i><span></span>",
])
def test_a_run_whose_space_hangs_before_an_empty_inline_is_one_line(project, tmp_path, body):
    """Nothing after the run takes room, so its line is the run's (the first patch broke before 'zeta')."""
    assert lines(project, tmp_path, 300, body) == ["Alpha beta gamma delta epsilon zeta"]


def test_only_weasyprint_70_is_reached_into():
    assert hanging.install()  # this environment's WeasyPrint is the pinned 70.x
