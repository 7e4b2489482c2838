"""A brief's marking is that of what it prints, and the fact base's meta texts are the topic's, printed in
every brief (docs/decisions.md, "A brief is marked by what it prints"). A press brief of a fact base whose
default_marking is TLP:AMBER prints none of its unmarked statements, yet its banner read TLP:AMBER beside
'Public · Distribution: unlimited', its file properties said TLP:AMBER, and release-check called it above
its release. Read as a user reads it: the page text (poppler), the PDF's document information and XMP
(pikepdf), every part of the Word draft; the CLI's output and exit code."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import MINI, cli, make_project, pdf_text

TITLE, SUBTITLE = "Test partnership brief", "A fact base small enough to read in a test"
KEYWORDS = "test, partnership"


def pdf_properties(pdf: Path) -> tuple[dict[str, str], str]:
    """The document information, and the XMP metadata as one text."""
    with pikepdf.open(pdf) as document:
        info = {str(k): str(v) for k, v in document.docinfo.items()}
        with document.open_metadata() as xmp:
            metadata = " | ".join(f"{k}={v}" for k, v in xmp.items())
    return info, metadata


def draft_parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as draft:
        return {name: draft.read(name).decode("utf-8", "replace") for name in draft.namelist()}


@pytest.fixture(scope="module")
def amber(tmp_path_factory) -> Path:
    """mini.yaml with default_marking TLP:AMBER: the press brief (release TLP:CLEAR) keeps no statement."""
    text = MINI.read_text(encoding="utf-8").replace("  stale_after_days: 730\n",
                                                    "  stale_after_days: 730\n  default_marking: TLP:AMBER\n", 1)
    root = make_project(tmp_path_factory.mktemp("amber"), seed_text=text)
    (root / "briefgen.toml").write_text('[house]\norganisation = "briefgen tests"\n', encoding="utf-8")
    built = cli(root, "build", "-a", "press", "-a", "business", "-a", "analyst")
    assert built.returncode == 0, built.stderr
    return root


def test_a_brief_that_prints_no_statement_is_marked_by_what_it_prints(amber):
    """The press brief prints the topic's title and no statement: TLP:CLEAR in its banners, its handling
    line's 'Public' beside it, and in every property that states the marking (it read TLP:AMBER)."""
    pdf = amber / "briefs" / "mini-press.pdf"
    text = pdf_text(pdf)
    assert "TLP:CLEAR" in text and "TLP:AMBER" not in text and "Public · Distribution: unlimited" in text, text
    assert "Sources you can check" not in text  # it cites nothing: no empty heading either
    info, metadata = pdf_properties(pdf)
    assert info["/Keywords"] == f"TLP:CLEAR, {KEYWORDS}", info
    assert f"TLP:CLEAR, {KEYWORDS}" in metadata and "AMBER" not in metadata, metadata
    parts = draft_parts(amber / "briefs" / "mini-press.docx")
    assert "<cp:category>TLP:CLEAR</cp:category>" in parts["docProps/core.xml"], parts["docProps/core.xml"]
    assert [name for name, t in parts.items() if "TLP:AMBER" in t] == []
    assert any("TLP:CLEAR" in t for name, t in parts.items() if name.startswith("word/header"))


def test_a_floor_still_marks_an_empty_brief_and_what_is_printed_still_counts(amber):
    """The business profile marks its briefs at least TLP:GREEN: so is its empty brief; the analyst brief,
    released up to TLP:AMBER, prints the unmarked (so TLP:AMBER) statements and is TLP:AMBER."""
    business = pdf_text(amber / "briefs" / "mini-business.pdf")
    assert "TLP:GREEN" in business and "TLP:AMBER" not in business, business
    analyst = pdf_text(amber / "briefs" / "mini-analyst.pdf")
    assert "TLP:AMBER" in analyst and "Trade between the partners" in analyst


def test_the_meta_texts_are_printed_in_every_channel_of_every_brief(amber):
    """The title, subtitle and keywords name the topic: the press brief prints them on its page and in
    every property a reader's tools show (document information, XMP, core.xml), as it prints them on
    page 1; no channel says more (app.xml and custom.xml hold the organisation and briefgen's names)."""
    pdf = amber / "briefs" / "mini-press.pdf"
    assert TITLE in pdf_text(pdf) and SUBTITLE in pdf_text(pdf)
    info, metadata = pdf_properties(pdf)
    assert info["/Title"] == TITLE and SUBTITLE in info["/Subject"] and KEYWORDS in info["/Keywords"], info
    assert all(t in metadata for t in (TITLE, SUBTITLE, KEYWORDS)), metadata
    parts = draft_parts(amber / "briefs" / "mini-press.docx")
    core = parts["docProps/core.xml"]
    assert f"<dc:title>{TITLE}</dc:title>" in core and SUBTITLE in core and KEYWORDS in core, core
    assert "<Company>briefgen tests</Company>" in parts["docProps/app.xml"]
    assert "TLP" not in parts["docProps/app.xml"] + parts["docProps/custom.xml"]


def test_release_check_agrees(amber):
    """release-check called the press brief above its release level (its TLP:AMBER banner); now it passes,
    and names it TLP:CLEAR."""
    checked = cli(amber, "release-check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "mini-press: TLP:CLEAR (release TLP:CLEAR)" in checked.stdout, checked.stdout


def test_an_abbreviation_a_brief_writes_out_counts_in_its_marking(project):
    """What an abbreviation stands for is printed where the brief first uses it, and is marked (its own
    marking, or default_marking): a brief of TLP:CLEAR statements that writes out a TLP:AMBER name is
    TLP:AMBER (it read TLP:CLEAR, 'No limit on disclosure' beside an AMBER name). One it does not use
    counts for nothing."""
    from briefgen.model import Abbreviation
    from briefgen.pipeline import make_brief_and_html
    from briefgen.project import load_audience, load_factbase

    fb, _ = load_factbase(MINI)
    clear = fb.model_copy(update={"areas": [a.model_copy(update={"facts": [f.model_copy(update={"marking": None})
                                                                          for f in a.facts]}) for a in fb.areas]})
    analyst = load_audience(project.audience_path("analyst"), [fb])
    plain = make_brief_and_html(clear, analyst, "mini-analyst", project.templates, project.identity(fb)[0])
    assert plain[0].marking == "TLP:CLEAR"
    unused = clear.model_copy(update={"abbreviations": [
        Abbreviation(short="OPX", long="Operation Paper Crane Exercise", marking="TLP:AMBER")]})
    assert make_brief_and_html(unused, analyst, "mini-analyst", project.templates,
                               project.identity(fb)[0])[0].marking == "TLP:CLEAR"
    drivers = [d.model_copy(update={"headline": "Trade between the partners has grown for two decades, OPX aside."})
               if d.id == "drv-trade" else d for d in clear.drivers]
    used = unused.model_copy(update={"drivers": drivers})
    brief, html = make_brief_and_html(used, analyst, "mini-analyst", project.templates, project.identity(fb)[0])
    assert "Operation Paper Crane Exercise" in html and brief.marking == "TLP:AMBER"


def test_a_withheld_statement_s_words_in_the_keywords_are_a_leak_in_every_channel(tmp_path):
    """The meta texts are no reader's cleared text: keywords that quote the TLP:AMBER assessment are found in
    the press brief's document information and XMP and the Word draft's core.xml, not excused as meta."""
    text = MINI.read_text(encoding="utf-8").replace(
        "  keywords: [test, partnership]", "  keywords: [test, practical naval cooperation remains thin in Asia]", 1)
    root = make_project(tmp_path, seed_text=text)
    checked = cli(root, "release-check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    leaks = [line for line in checked.stderr.splitlines() if "'mar-assessment'" in line]
    assert [line.split(":")[0] for line in leaks] == [f"mini-{a}.{f}" for a in ("business", "press", "security")
                                                      for f in ("pdf", "docx")], checked.stderr
    assert all("(document info)" in x or "(docProps/core.xml)" in x for x in leaks), leaks
