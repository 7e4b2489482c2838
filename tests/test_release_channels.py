"""Every string of every withheld statement, in every channel of the file.

A canary fact base gives each field of each restricted item its own unique
word (``qz...``). Then:

- no brief below an item's level holds any of its canaries in any byte of the
  file, decompressed (PDF streams through pikepdf, every part of the Word
  package), nor in the text a reader's tool extracts;
- the release check withholds every one of those fields, and finds each in
  every channel it can hide in: the PDF's page text, document info, XMP,
  bookmarks, alt text, link targets and other strings; any part of the Word
  package, with its attributes (alt text, hyperlink targets).
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from conftest import FIXTURES, make_project
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from briefgen.build import build
from briefgen.pipeline import load_inputs
from briefgen.project import Project
from briefgen.release import check, docx_parts_text, find_leaks, pdf_text, problems, withheld

MINI = FIXTURES / "mini.yaml"

# field -> canary: one unique word per field of each restricted item
CANARIES = {
    "source.id": "qzsrcid", "source.title": "qzsrctitle", "source.publisher": "qzsrcpublisher",
    "source.url": "qzsrcurl",
    "framework.id": "qzfwid", "framework.name": "qzfwname", "framework.status": "qzfwstatus",
    "framework.scope": "qzfwscope", "framework.headline": "qzfwheadline", "framework.detail": "qzfwdetail",
    "correction.id": "qzcorid", "correction.document_says": "qzcorsays", "correction.finding": "qzcorfinding",
    "takeaway.id": "qztkid", "takeaway.text": "qztktext",
    "driver.id": "qzdrvid", "driver.headline": "qzdrvheadline", "driver.detail": "qzdrvdetail",
    "milestone.id": "qzmsid", "milestone.headline": "qzmsheadline",
    "recommendation.id": "qzrecid", "recommendation.headline": "qzrecheadline",
    "recommendation.detail": "qzrecdetail",
}
RED = {k: v for k, v in CANARIES.items() if k.startswith("recommendation.")}  # the rest is TLP:AMBER


def canary_text() -> str:
    """mini.yaml plus one restricted item of each kind, every field a canary."""
    c = CANARIES
    text = MINI.read_text(encoding="utf-8")

    def after(anchor: str, block: str) -> None:
        nonlocal text
        assert anchor in text, anchor
        text = text.replace(anchor, anchor + block, 1)

    after("sources:\n", f"""  - id: src-{c['source.id']}
    title: {c['source.title'].title()} report
    publisher: {c['source.publisher'].title()}
    url: https://{c['source.url']}.example/report
    marking: TLP:AMBER
""")
    after("takeaways:\n", f"""  - id: tk-{c['takeaway.id']}
    text: {c['takeaway.text'].title()} is the hidden takeaway.
    rests_on: [drv-trade]
    themes: [trade]
    marking: TLP:AMBER
""")
    after("drivers:\n", f"""  - id: drv-{c['driver.id']}
    headline: {c['driver.headline'].title()} drives the partnership.
    detail: {c['driver.detail'].title()} explains why.
    as_of: 2023-11-23
    sources: [src-{c['source.id']}]
    themes: [trade]
    priority: 1
""")
    after("frameworks:\n", f"""  - id: fw-{c['framework.id']}
    name: {c['framework.name'].title()} Accord
    kind: agreement
    signed: 2020-01-01
    status: {c['framework.status'].title()} pending
    scope: {c['framework.scope'].title()} and more
    headline: {c['framework.headline'].title()} is a secret accord.
    detail: {c['framework.detail'].title()} says what it covers.
    as_of: 2023-11-23
    sources: [src-treaty]
    themes: [trade]
    priority: 1
    marking: TLP:AMBER
""")
    after("    milestones:\n", f"""      - id: ms-{c['milestone.id']}
        date: 2021-05-01
        headline: {c['milestone.headline'].title()} happened.
        as_of: 2023-11-23
        sources: [src-treaty]
        themes: [maritime]
        marking: TLP:AMBER
""")
    after("  recommendations:\n", f"""    - id: rec-{c['recommendation.id']}
      headline: {c['recommendation.headline'].title()} for the minister alone.
      detail: {c['recommendation.detail'].title()} gives the reason.
      as_of: 2023-11-23
      sources: [src-treaty]
      themes: [defence]
      rests_on: [drv-security]
      priority: 1
      marking: TLP:RED
""")
    after("corrections:\n", f"""  - id: cor-{c['correction.id']}
    about: fw-treaty
    document_says: the {c['correction.document_says']} claim
    finding: {c['correction.finding'].title()} is what we found.
    sources: [src-treaty]
    marking: TLP:AMBER
""")
    return text


@pytest.fixture(scope="session")
def canary_project(once) -> tuple[Project, Path]:
    def make(root: Path):
        make_project(root, Path("canary.yaml"), seed_text=canary_text())
        return Project(root), root / "seeds" / "canary.yaml"
    return once("canary-project", make)


@pytest.fixture(scope="session")
def canary_briefs(canary_project, once):
    project, seed = canary_project

    def make(out: Path):
        outputs = build(project, out, [seed])
        assert {o.status for o in outputs} == {"built"}, [o.error for o in outputs]
        return {(o.brief.audience.name, o.fmt): o for o in outputs}
    return once("canary-briefs", make)


def every_byte(path: Path) -> bytes:
    """The file with everything compressed inflated: a PDF's streams decoded by
    pikepdf (object streams too), each part of a Word package; lower-cased."""
    if path.suffix == ".pdf":
        buffer = io.BytesIO()
        with pikepdf.open(path) as pdf:
            pdf.save(buffer, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.all,
                     object_stream_mode=pikepdf.ObjectStreamMode.disable)
        data = buffer.getvalue()
    else:
        with zipfile.ZipFile(path) as package:
            data = b"\n".join(package.read(name) for name in package.namelist())
    return data.lower()


def found_in(path: Path, canaries: dict[str, str]) -> set[str]:
    """The canaries in any byte of the file (as UTF-8 and as the UTF-16 of PDF
    strings) or in the text extracted from it (glyphs in a PDF's content
    streams are font codes, not text, so they are read as text too)."""
    data = every_byte(path)
    if path.suffix == ".pdf":
        extracted = pdf_text(path.read_bytes())
        text = "\n".join(extracted.pages + list(extracted.channels.values()))
    else:
        text = "\n".join(docx_parts_text(path.read_bytes()).values())
    text = text.lower()
    return {field for field, word in canaries.items()
            if word.encode() in data or word.encode("utf-16-be") in data or word in text}


LEVELS = {"press": "TLP:CLEAR", "business": "TLP:GREEN", "security": "TLP:GREEN", "analyst": "TLP:AMBER",
          "policymaker": "TLP:RED"}


@pytest.mark.parametrize("audience", ["press", "business", "security", "analyst"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_no_canary_in_any_byte_of_a_lower_brief(canary_briefs, audience, fmt):
    above = RED if audience == "analyst" else CANARIES
    assert found_in(canary_briefs[(audience, fmt)].path, above) == set()


def test_the_canary_search_finds_what_is_there(canary_briefs):
    """The control: the analyst's brief is cleared for the AMBER items and
    prints some of them, and the minister's for the RED recommendation."""
    analyst = found_in(canary_briefs[("analyst", "pdf")].path, CANARIES)
    assert {"framework.name", "framework.headline", "correction.finding", "source.title"} <= analyst
    assert {"recommendation.headline", "recommendation.detail"} <= found_in(
        canary_briefs[("policymaker", "docx")].path, RED)


def test_the_release_check_withholds_every_field_of_every_item(canary_project):
    project, seed = canary_project
    fb = load_inputs(project, [seed]).factbases["canary"]
    items, _ = withheld(fb, "TLP:CLEAR")
    texts = " ".join(item.text for item in items).lower()
    # but a source's publisher: a name a brief prints for reasons of its own (withheld._attribution)
    assert [field for field, word in CANARIES.items() if word not in texts] == ["source.publisher"]
    kinds = {(item.kind, item.id) for item in items if "qz" in item.id}
    assert kinds == {("source", "src-qzsrcid"), ("fact", "fw-qzfwid"), ("correction", "cor-qzcorid"),
                     ("takeaway", "tk-qztkid"), ("fact", "drv-qzdrvid"), ("fact", "ms-qzmsid"),
                     ("fact", "rec-qzrecid")}
    analyst, _ = withheld(fb, "TLP:AMBER")
    assert {item.id for item in analyst if "qz" in item.id} == {"rec-qzrecid"}


@pytest.mark.parametrize("pasted, run", [("Qzfwscope and more.", "qzfwscope and more"),
                                         ("Qzfwstatus pending.", "qzfwstatus pending")])
def test_a_frameworks_scope_or_status_pasted_into_a_profile_is_caught(canary_project, tmp_path, pasted, run):
    """The review's reproduction: an AMBER framework's scope and status in the
    press profile passed the check, which matched only headlines and details."""
    project, seed = canary_project
    root = tmp_path / "project"
    shutil.copytree(project.root, root)
    press = root / "audiences" / "press.yaml"
    press.write_text(press.read_text(encoding="utf-8").replace(
        "    label: Timeline\n", f"    label: Timeline\n    intro: {pasted}\n", 1), encoding="utf-8")
    found = problems(check(Project(root), [root / "seeds" / "canary.yaml"], ["press"]))
    assert found == [
        f"canary-press.{fmt}: fact 'fw-qzfwid' is TLP:AMBER, above the 'press' audience's release level "
        f"TLP:CLEAR, but its text appears ({channel}): \"{run}\""
        for fmt, channel in (("pdf", "page text"), ("docx", "word/document.xml"))]


# ------------------------------------------------------------ each channel

@pytest.fixture(scope="module")
def press_inputs(canary_project, canary_briefs):
    project, seed = canary_project
    fb = load_inputs(project, [seed]).factbases["canary"]
    items, cleared = withheld(fb, "TLP:CLEAR")
    audience = canary_briefs[("press", "pdf")].brief.audience
    return items, cleared, audience


def _leaks(channels, items, cleared, audience, file):
    return {(leak.item.id, leak.channel) for leak in find_leaks(channels, file, audience, items, cleared)}


def test_each_pdf_channel_is_searched(canary_briefs, press_inputs, tmp_path):
    """A clean press PDF, then each withheld item hidden in one channel of it
    with pikepdf, where no text extraction of the page would see it."""
    items, cleared, audience = press_inputs
    path = canary_briefs[("press", "pdf")].path
    with pikepdf.open(path) as pdf:
        assert _leaks({"page text": "\n".join(pdf_text(path.read_bytes()).pages),
                       **pdf_text(path.read_bytes()).channels}, items, cleared, audience, "x.pdf") == set()
        pdf.docinfo["/Subject"] = "Qzsrctitle report"
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:description"] = "Qzcorfinding is what we found."
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem("Qzfwname Accord", 0))
        page = pdf.pages[0]
        link = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/qztktext-is-the-hidden-takeaway"))))
        figure = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure,
                                                      Alt=pikepdf.String("Qzmsheadline happened.")))
        note = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
                                                    Rect=[0, 0, 10, 10],
                                                    Contents=pikepdf.String("Qzdrvdetail explains why.")))
        page.obj["/Annots"] = pdf.make_indirect(pikepdf.Array([link, note]))
        pdf.Root["/BriefgenTest"] = figure
        pdf.save(tmp_path / "hidden.pdf")
    data = (tmp_path / "hidden.pdf").read_bytes()
    extracted = pdf_text(data)
    assert _leaks({"page text": "\n".join(extracted.pages), **extracted.channels}, items, cleared, audience,
                  "x.pdf") == {
        ("src-qzsrcid", "document info"), ("cor-qzcorid", "XMP metadata"), ("fw-qzfwid", "bookmarks"),
        ("tk-qztkid", "link targets"), ("ms-qzmsid", "alt text"), ("drv-qzdrvid", "other strings")}


def test_each_part_of_the_word_package_is_searched(canary_briefs, press_inputs, tmp_path):
    items, cleared, audience = press_inputs
    path = canary_briefs[("press", "docx")].path
    assert _leaks(docx_parts_text(path.read_bytes()), items, cleared, audience, "x.docx") == set()
    document = docx.Document(str(path))
    document.core_properties.keywords = "Qzsrctitle report"
    document.part.relate_to("https://example.org/qztktext-is-the-hidden-takeaway", RT.HYPERLINK, is_external=True)
    pictures = document.element.body.xpath(".//wp:docPr")
    assert pictures, "the press draft has the timeline figure"
    pictures[0].set("descr", "Qzmsheadline happened.")
    section = document.sections[0]
    section.header.paragraphs[0].add_run(" Qzfwname Accord")
    document.save(tmp_path / "hidden.docx")
    leaks = _leaks(docx_parts_text((tmp_path / "hidden.docx").read_bytes()), items, cleared, audience, "x.docx")
    header = {channel for ident, channel in leaks if ident == "fw-qzfwid"}
    assert leaks - {("fw-qzfwid", c) for c in header} == {
        ("src-qzsrcid", "docProps/core.xml"), ("tk-qztkid", "word/_rels/document.xml.rels"),
        ("ms-qzmsid", "word/document.xml")}
    assert len(header) == 1 and header.pop().startswith("word/header")


def test_the_release_check_needs_no_external_program(tmp_path):
    """Poppler is a test dependency only: the check reads PDFs in-process
    (pypdfium2, pikepdf), so it runs with nothing on PATH."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "briefgen", "release-check", str(MINI)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600, env={"PATH": str(tmp_path / "empty")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ok: 5 brief(s) in PDF and Word hold nothing above their release level"
