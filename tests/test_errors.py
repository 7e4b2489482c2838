"""Bad input gets one precise line, nothing is lost, nothing is executed.

The corpus of small bad files is tests/test_bad_input.py's; here are hostile inputs
too big to keep in the repository (made here), every problem reported at once,
crashes, user templates in their sandbox, and text that must stay text. Memory is
measured, time is not.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from conftest import KOREA, MINI, ROOT, SENTINEL, bad_input, cli, make_project, normalise, out_dir, pdf_text, untouched

from briefgen.build import build
from briefgen.errors import BriefgenError
from briefgen.figure import FILENAME, timeline_png
from briefgen.load import MAX_FILE_BYTES, display_name
from briefgen.pipeline import Options, load_inputs, make_brief
from briefgen.project import Project
from briefgen.render.html import render_html
from briefgen.render.pdf import asset_fetcher, render_pdf
from briefgen.render.quotes import curl

# ------------------------------------------------------------ hostile, made here

def _huge(path: Path) -> None:
    with path.open("wb") as fh:  # sparse: the size is real, the disk use is not
        fh.truncate(100 * 1024 * 1024)


def _deep(path: Path) -> None:
    path.write_text("meta: " + "[" * 100_000 + "]" * 100_000 + "\n")


def _text_bomb(path: Path) -> None:
    """100 kB of text, under every size limit, aliased 25 times: 2.5 MB once expanded
    (with a 1 MB string and 2,000 aliases, gigabytes when rendered)."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("  subtitle: A fact base small enough to read in a test",
                        f"  subtitle: &big \"{'x' * 100_000}\"", 1)
    text = text.replace("  keywords: [test, partnership]", "  keywords: [" + ", ".join(["*big"] * 25) + "]", 1)
    path.write_text(text, encoding="utf-8")


HOSTILE = {
    # name: (how to make it, the argument given, the expected line)
    "huge.yaml": (_huge, "huge.yaml",
                  f"huge.yaml:1:1: file is 104,857,600 bytes; the limit is {MAX_FILE_BYTES:,} bytes"),
    "deep.yaml": (_deep, "deep.yaml", "deep.yaml:1:57: nested more than 50 levels deep; refused"),
    "folder": (lambda p: p.mkdir(), "folder", "folder:1:1: cannot read file: Is a directory"),
    # the position of the aliased text, where the anchor is
    "text-bomb.yaml": (_text_bomb, "text-bomb.yaml",
                       "text-bomb.yaml:4:13: meta.keywords[19]: document expands to more than "
                       f"{2 * MAX_FILE_BYTES:,} characters of text (an alias bomb?); refused"),
    "missing": (lambda p: None, "missing.yaml", "missing.yaml:1:1: cannot read file: No such file or directory"),
    # reports size 0 and never ends: only a bounded read stops it
    "zero": (lambda p: None, "/dev/zero",
             f"{{zero}}:1:1: file is larger than the limit of {MAX_FILE_BYTES:,} bytes"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_refused_in_one_line(tmp_path, name):
    make, arg, expected = HOSTILE[name]
    root = make_project(tmp_path)
    make(root / name)
    for command in (["validate", arg], ["build", arg, "--out", str(out_dir(root))]):
        result = cli(root, *command)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        # messages name files relative to the working directory, here the project
        assert result.stderr.splitlines() == [expected.format(zero=os.path.relpath("/dev/zero", root))]
    assert untouched(root / "out")


def _png(whole: bool = True) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 40), "#2e5e4e").save(out, format="PNG")
    data = out.getvalue()
    return data if whole else data[:len(data) // 2]


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    # a gradient: coded data of some length after the headers, as a photograph or a scanned logo has
    Image.linear_gradient("L").resize((240, 80)).convert("RGB").save(out, format="JPEG")
    return out.getvalue()


BROKEN_LOGOS = {  # what the file holds -> why it cannot be read
    "logo2.svg": (lambda: (KOREA / "logo.svg").read_bytes()[:200],
                  "not well-formed XML ("),  # then libxml2's words, which its versions vary
    "page.svg": (lambda: b"<html><body>logo</body></html>", "its root element is <html>, not <svg>"),
    "half.png": (lambda: _png(whole=False), "a broken PNG image ("),
    "photo.png": (_jpeg, "not a PNG image; save or export it as PNG (or SVG)"),
    "half.jpg": (lambda: _jpeg()[:len(_jpeg()) * 2 // 3], "a broken JPEG image (cut short: no end-of-image marker)"),
    "head.jpg": (lambda: _jpeg()[:200], "a broken JPEG image (cut short before its image data)"),
    "drawing.jpeg": (_png, "not a JPEG image; save or export it as JPEG (or SVG)"),
}


@pytest.mark.parametrize("logo", sorted(BROKEN_LOGOS))
def test_a_logo_that_cannot_be_read_is_refused_at_its_line(tmp_path, logo):
    """WeasyPrint prints an unreadable image's alt text and carries on: a truncated logo built with exit 0."""
    make, why = BROKEN_LOGOS[logo]
    root = make_project(tmp_path)
    (root / logo).write_bytes(make())
    (root / "briefgen.toml").write_text(f'[house]\norganisation = "Policy Unit"\nlogo = "{logo}"\n', encoding="utf-8")
    for command in (["validate"], ["build", "--out", str(out_dir(root))]):
        result = cli(root, *command)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        [line] = result.stderr.splitlines()
        assert line.startswith(f"briefgen.toml:3:1: house.logo: cannot read {logo}: {why}"), line
    assert untouched(root / "out")


@pytest.mark.parametrize("truncated_ok", [False, True])
def test_a_truncated_png_is_refused_even_after_weasyprint_is_imported(tmp_path, monkeypatch, truncated_ok):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES when imported, after which a cut-short PNG
    decodes without a word: in one process that had built a brief, the check passed it."""
    from PIL import ImageFile

    from briefgen.config import unreadable_logo

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", truncated_ok)
    (tmp_path / "half.png").write_bytes(_png(whole=False))
    (tmp_path / "whole.png").write_bytes(_png())
    assert (unreadable_logo(tmp_path / "half.png") or "").startswith("a broken PNG image (")
    assert unreadable_logo(tmp_path / "whole.png") is None
    # a JPEG as well: Pillow decodes a cut-short one, filled in grey, once truncated images are allowed
    (tmp_path / "half.jpg").write_bytes(_jpeg()[:len(_jpeg()) * 2 // 3])
    (tmp_path / "whole.jpg").write_bytes(_jpeg())
    assert unreadable_logo(tmp_path / "half.jpg") == "a broken JPEG image (cut short: no end-of-image marker); " \
        "save or export it again"
    assert unreadable_logo(tmp_path / "whole.jpg") is None


def _jpeg_with_fill_bytes() -> bytes:
    """A JPEG with fill bytes (FF) before its markers, as ITU T.81 B.1.1.2 allows and some encoders write:
    two before the first segment after the start of image, one before the start of scan."""
    data = _jpeg()
    sos = data.index(b"\xff\xda")
    return data[:2] + b"\xff\xff" + data[2:sos] + b"\xff" + data[sos:]


@pytest.mark.parametrize("logo, make", [("logo.svg", lambda: (KOREA / "logo.svg").read_bytes()), ("logo.png", _png),
                                        ("logo.jpg", _jpeg), ("Logo.JPEG", _jpeg),
                                        ("filled.jpg", _jpeg_with_fill_bytes)])
def test_a_readable_logo_passes(tmp_path, logo, make):
    root = make_project(tmp_path)
    (root / logo).write_bytes(make())
    (root / "briefgen.toml").write_text(f'[house]\norganisation = "Policy Unit"\nlogo = "{logo}"\n', encoding="utf-8")
    result = cli(root, "validate")
    assert "house.logo" not in result.stderr and result.returncode in (0, 1), result.stderr


@pytest.mark.parametrize("make", [_jpeg, _jpeg_with_fill_bytes])
def test_a_jpeg_logo_is_printed_in_the_pdf_masthead_and_the_word_header(tmp_path, make):
    """A new user's review: a JPEG logo was refused (SVG and PNG only). It is checked as a PNG is, and
    printed as it is: the PDF's page 1 draws it (a DCT-coded image, the JPEG's own bytes) and the Word
    draft's header holds it (word/media, image/jpeg). One with fill bytes before its markers, which
    python-docx refused (UnrecognizedImageError, the Word job failed), goes into the draft without them."""
    import docx
    import pikepdf

    root = make_project(tmp_path)
    logo = make()
    (root / "logo.jpg").write_bytes(logo)
    (root / "briefgen.toml").write_text('[house]\norganisation = "Policy Unit"\nlogo = "logo.jpg"\n', encoding="utf-8")
    result = cli(root, "build", "-a", "press")
    assert result.returncode == 0, result.stderr
    with pikepdf.open(root / "briefs" / "mini-press.pdf") as pdf:
        images = [image for image in pdf.pages[0].get_images().values() if image.get("/Filter") == "/DCTDecode"]
        assert [image.read_raw_bytes() == logo for image in images] == [True], images
    draft = docx.Document(str(root / "briefs" / "mini-press.docx"))
    pictures = [rel.target_part for rel in draft.sections[0].header.part.rels.values() if "image" in rel.reltype]
    assert [(p.content_type, p.blob == _jpeg()) for p in pictures] == [("image/jpeg", True)], pictures


def test_a_jpeg_logo_python_docx_does_not_know_is_a_png_in_the_word_header(tmp_path):
    """python-docx knows a JPEG by a JFIF or Exif segment right after the start of image: a valid JPEG
    with neither (here the JFIF segment taken out; Adobe's APP14 first is another) passed the logo check,
    the PDF drew it, and the Word job failed (UnrecognizedImageError). The draft's header now holds it
    decoded and written as a PNG."""
    import docx
    from PIL import Image

    data = _jpeg()
    bare = data[:2] + data[4 + int.from_bytes(data[4:6], "big"):]
    root = make_project(tmp_path)
    (root / "logo.jpg").write_bytes(bare)
    (root / "briefgen.toml").write_text('[house]\norganisation = "Policy Unit"\nlogo = "logo.jpg"\n', encoding="utf-8")
    result = cli(root, "build", "-a", "press")
    assert result.returncode == 0, result.stderr
    draft = docx.Document(str(root / "briefs" / "mini-press.docx"))
    pictures = [rel.target_part for rel in draft.sections[0].header.part.rels.values() if "image" in rel.reltype]
    assert [p.content_type for p in pictures] == ["image/png"], pictures
    assert Image.open(io.BytesIO(pictures[0].blob)).size == (240, 80)


@pytest.mark.parametrize("logo, fmt", [("scan.jpg", "JPEG"), ("scan.png", "PNG")])
def test_a_large_raster_logo_is_drawn_at_most_15_mm_high(tmp_path, logo, fmt):
    """A PNG or JPEG logo was drawn at its pixel size (1/96 inch each): a 2,400 by 600 scan filled page 1,
    the title pushed below it. The masthead draws a logo at most 15 mm high (and the text's width), its
    proportions kept: pdfimages gives 1,016 pixels an inch each way (600 pixels in 15 mm)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.linear_gradient("L").resize((2400, 600)).convert("RGB").save(out, format=fmt)
    root = make_project(tmp_path)
    (root / logo).write_bytes(out.getvalue())
    (root / "briefgen.toml").write_text(f'[house]\norganisation = "Policy Unit"\nlogo = "{logo}"\n', encoding="utf-8")
    assert cli(root, "build", "-a", "press", "-f", "pdf").returncode == 0
    pdf = root / "briefs" / "mini-press.pdf"
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    [row] = [line.split() for line in listed.splitlines()[2:] if line.split()[3:5] == ["2400", "600"]]
    assert row[0] == "1" and abs(float(row[12]) - 1016) <= 2 and abs(float(row[13]) - 1016) <= 2, row
    assert "Test partnership brief" in " ".join(pdf_text(pdf, 1).split())


def peak_rss_mb(root: Path, *args: str) -> tuple[int, float]:
    """Exit code and peak resident memory of one CLI run, measured by a fresh parent
    (RUSAGE_CHILDREN keeps the largest child it ever waited for)."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "briefgen",
                          "--project", str(root), *args], cwd=root, capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    return int(out[0]), int(out[1]) / 1024  # ru_maxrss is in KiB on Linux


@pytest.mark.parametrize("make, arg", [
    (lambda root: (root / "alias-bomb.yaml").write_bytes(bad_input("factbase/alias-bomb.yaml")), "alias-bomb.yaml"),
    (lambda root: (root / "merge-bomb.yaml").write_bytes(bad_input("factbase/merge-bomb.yaml")), "merge-bomb.yaml"),
    (lambda root: _huge(root / "huge.yaml"), "huge.yaml"),
    (lambda root: _deep(root / "deep.yaml"), "deep.yaml"),
    (lambda root: None, "/dev/zero"),
    (lambda root: _text_bomb(root / "text-bomb.yaml"), "text-bomb.yaml"),
], ids=["alias-bomb", "merge-bomb", "100MB", "100000-deep", "dev-zero", "text-bomb"])
def test_hostile_input_is_refused_in_bounded_memory(tmp_path, make, arg):
    root = make_project(tmp_path)
    make(root)
    code, peak = peak_rss_mb(root, "validate", arg)
    assert code == 2
    assert peak < 200, f"{arg}: peak RSS {peak:.0f} MB"


@pytest.mark.parametrize("arg", ["huge.yaml", "/dev/zero"])
def test_build_refuses_the_100mb_file_in_bounded_memory(tmp_path, arg):
    root = make_project(tmp_path)
    _huge(root / "huge.yaml")
    # the build fingerprints its inputs before it validates them: that must
    # stream, not read the file whole (nor forever, for a device)
    code, peak = peak_rss_mb(root, "build", arg, "--out", str(out_dir(root)))
    assert code == 2
    assert peak < 80, f"peak RSS {peak:.0f} MB"
    assert untouched(root / "out")


# ------------------------------------------------------------ every problem at once

def _edited_mini(edits: list[tuple[str, str]]) -> str:
    text = MINI.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("edits, expected", [
    # schema problems: all of them, in line order (meta is wrong, so no
    # reference check can be trusted: they wait for the next run)
    ([("authors: [Test Author]", "authors: Test Author"),
      ("    kind: secondary\n", "    kind: secondary\n    colour: blue\n"),
      ("    detail: Both sides see", "    headline: Again.\n    detail: Both sides see"),
      ("    in_force: 2019-02-01", "    in_force: 1 February 2019")],
     ["many.yaml:8:12: meta.authors: expected a list, got 'Test Author'",
      "many.yaml:25:5: sources[1].colour: unknown key 'colour' (expected one of: date, id, kind, marking, "
      "medium, publisher, series, short_title, title, url)",
      "many.yaml:38:5: drivers[0].headline: duplicate key 'headline' (first defined on line 37)",
      "many.yaml:55:15: frameworks[0].in_force: not a date (expected YYYY-MM-DD), got '1 February 2019'"]),
    # cross-reference problems (checked once the schema holds), errors and warnings mixed
    ([("rests_on: [drv-security, ch-capacity]", "rests_on: [drv-security, ch-capacty]"),
      ("sources: [src-commentary, src-treaty]\n    themes: [defence]",
       "sources: [src-commentary]\n    themes: [defence]"),
      ("    rests_on: [mar-exercise]", "    rests_on: [mar-exercise, drv-trad]"),
      ("headline: First joint naval exercise.\n        as_of: 2023-11-23",
       "headline: First joint naval exercise.\n        as_of: 2023-12-01"),
      ("    themes: [trade, multilateral]", "    themes: [trade, multilateal]")],
     ["many.yaml:32:30: takeaways[2].rests_on[1]: unknown fact 'drv-trad' (did you mean 'drv-trade'?)",
      "many.yaml:45:14: drivers[1].sources: warning: fact 'drv-security': rests only on secondary sources; a "
      "statement of fact should also cite the document that states it (a primary source)",
      "many.yaml:60:21: frameworks[0].themes[1]: unknown theme 'multilateal' (did you mean 'multilateral'?)",
      "many.yaml:85:16: areas[0].milestones[0].as_of: as_of 2023-12-01 is later than the brief's date 2023-11-23",
      "many.yaml:102:32: road_ahead.recommendations[0].rests_on[1]: unknown fact 'ch-capacty' "
      "(did you mean 'ch-capacity'?)"]),
    # both at once: the reference checks run on what the schema accepted, and
    # say nothing of references to the items it refused (drv-security here)
    ([("rests_on: [drv-security, ch-capacity]", "rests_on: [drv-security, ch-capacty]"),
      ("        date: 2019-10-01", "        date: 2019-02-30"),
      ("    kind: secondary\n", "    kind: secondary\n    colour: blue\n"),
      ("    rests_on: [mar-exercise]", "    rests_on: [mar-exercise, drv-trad]"),
      ("    themes: [defence]\n    priority: 2", "    themes: [defence]\n    priority: high")],
     ["many.yaml:25:5: sources[1].colour: unknown key 'colour' (expected one of: date, id, kind, marking, "
      "medium, publisher, series, short_title, title, url)",
      "many.yaml:33:30: takeaways[2].rests_on[1]: unknown fact 'drv-trad' (did you mean 'drv-trade'?)",
      "many.yaml:48:15: drivers[1].priority: expected a whole number, got 'high'",
      "many.yaml:84:15: areas[0].milestones[0].date: no such date: '2019-02-30'",
      "many.yaml:103:32: road_ahead.recommendations[0].rests_on[1]: unknown fact 'ch-capacty' "
      "(did you mean 'ch-capacity'?)"]),
], ids=["schema", "references", "both"])
def test_validate_reports_every_problem_at_once_sorted_by_line(tmp_path, edits, expected):
    root = make_project(tmp_path)
    (root / "many.yaml").write_text(_edited_mini(edits), encoding="utf-8")
    result = cli(root, "validate", "many.yaml")
    assert result.returncode == 2
    assert result.stderr.splitlines() == expected


# ------------------------------------------------------------ crashes are one line too

CRASH = ("import sys, briefgen.pipeline\n"
         "def boom(*a, **k):\n"
         "    raise KeyError('a bug, not bad input')\n"
         "briefgen.pipeline.load_inputs = boom\n"
         "from briefgen.cli import main\n"
         "main(['validate', 'x.yaml'], prog_name='briefgen')\n")


def test_an_unexpected_exception_is_one_line_and_exit_3(tmp_path):
    (tmp_path / "briefgen.toml").write_text("")  # a project, so the command gets as far as the bug
    result = subprocess.run([sys.executable, "-c", CRASH], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        "briefgen: internal error: KeyError: 'a bug, not bad input' (set BRIEFGEN_DEBUG=1 to see the traceback)"]


def test_briefgen_debug_shows_the_traceback(tmp_path):
    (tmp_path / "briefgen.toml").write_text("")
    result = subprocess.run([sys.executable, "-c", CRASH], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "BRIEFGEN_DEBUG": "1"})
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "KeyError: 'a bug, not bad input'" in result.stderr


@pytest.mark.parametrize("command", [["audiences"], ["diff", "seeds/eu-japan.yaml", "policymaker", "analyst"]])
def test_a_reader_that_went_away_ends_the_command_quietly(command):
    """`briefgen absorb DRAFT | head -2`: the pipe closes while the command prints. Every command
    stops as the build's table does (exit 1, nothing on stderr), not with 'internal error'. Here
    the pipe is closed before the command starts, so its first write finds it gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "-m", "briefgen", *command], cwd=ROOT, stdout=write,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (1, "")


# ------------------------------------------------------------ templates

@pytest.fixture
def mini_brief():
    inputs = load_inputs(Project(ROOT), [MINI], ["analyst"])
    return inputs.factbases["mini"], inputs.audiences["analyst"]


def user_templates(tmp_path: Path, name: str, edit) -> Path:
    """A copy of the templates with one file edited, as a colleague might hand it over."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    path = templates / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return templates


def before_body(tmp_path: Path, snippet: str) -> Path:
    """A copy of the templates with snippet written into brief.html.j2 just before <body."""
    return user_templates(tmp_path, "brief.html.j2", lambda s: s.replace("<body", snippet + "<body", 1))


def render_with(templates: Path, mini_brief) -> str:
    fb, audience = mini_brief
    return render_html(make_brief(fb, audience, "mini-analyst", ROOT / "templates"), templates)


def pdf_fetches(fb, audience, templates: Path):
    """Render the PDF with a fetcher we keep, to see what it served and refused,
    and the error the refusals raised (None if there were none)."""
    brief = make_brief(fb, audience, "mini-analyst", ROOT / "templates")
    html = render_html(brief, templates)
    png = timeline_png(brief)
    images = {FILENAME: png} if png else {}
    fetcher = asset_fetcher(templates, images)
    try:
        render_pdf(html, templates, images=images, fetcher=fetcher)
    except BriefgenError as exc:
        return html, fetcher, exc
    return html, fetcher, None


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_template_syntax_error_names_file_and_line(tmp_path, mini_brief):
    templates = user_templates(tmp_path, "macros.html.j2",
                               lambda s: s.replace("{%- endmacro %}", "{%- endmacr %}", 1))
    line = _line_of(templates / "macros.html.j2", "endmacr")
    with pytest.raises(BriefgenError) as caught:
        render_with(templates, mini_brief)
    assert str(caught.value) == (
        f"{display_name(templates / 'macros.html.j2')}:{line}:1: template error: Encountered unknown tag "
        "'endmacr'. Jinja was looking for the following tags: 'endmacro'. "
        "The innermost block that needs to be closed is 'macro'.")


def test_template_runtime_error_names_file_and_line(tmp_path, mini_brief):
    templates = before_body(tmp_path, "{{ brief.no_such_thing }}")
    line = _line_of(templates / "brief.html.j2", "no_such_thing")
    with pytest.raises(BriefgenError) as caught:
        render_with(templates, mini_brief)
    assert str(caught.value) == (f"{display_name(templates / 'brief.html.j2')}:{line}:1: template error: "
                                 "'briefgen.brief.Brief object' has no attribute 'no_such_thing'")


def test_cli_build_with_a_broken_template_names_it_and_writes_no_brief(tmp_path):
    root = make_project(tmp_path)
    template = root / "templates" / "brief.html.j2"
    template.write_text(template.read_text().replace("<body", "{{ brief.no_such_thing }}<body", 1))
    line = _line_of(template, "no_such_thing")
    out = out_dir(root)
    result = cli(root, "build", "seeds/mini.yaml", "--audience", "press", "--out", str(out))
    assert result.returncode == 2  # a broken template is bad input, like a broken fact base
    assert "Traceback" not in result.stderr
    # one line for the one cause, though both formats failed on it
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        f"failed: mini-press.pdf, mini-press.docx: templates/brief.html.j2:{line}:1: template error: "
        "'briefgen.brief.Brief object' has no attribute 'no_such_thing'"]
    assert not list(out.glob("*.docx")) and (out / "earlier.pdf").read_bytes() == SENTINEL
    assert not (out / "mini-press.pdf").exists()


@pytest.mark.parametrize("include", ["../secret.html", "/etc/passwd", "../../../../etc/passwd"])
def test_a_template_cannot_include_a_file_outside_its_folder(tmp_path, mini_brief, include):
    (tmp_path / "secret.html").write_text("SECRET-OUTSIDE-TEMPLATES")
    templates = before_body(tmp_path, f"{{% include '{include}' %}}")
    line = _line_of(templates / "brief.html.j2", "include '")
    with pytest.raises(BriefgenError) as caught:
        render_with(templates, mini_brief)
    assert str(caught.value) == (
        f"{display_name(templates / 'brief.html.j2')}:{line}:1: template error: template '{include}' "
        f"not found: templates may use only files inside {display_name(templates)}")


def test_a_template_cannot_include_a_symlink_to_a_file_outside_its_folder(tmp_path, mini_brief):
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET-OUTSIDE-TEMPLATES")
    templates = before_body(tmp_path, "{% include 'notes.html' %}")
    (templates / "notes.html").symlink_to(secret)
    with pytest.raises(BriefgenError) as caught:
        render_with(templates, mini_brief)
    assert str(caught.value).endswith(
        f"template error: template 'notes.html' not found: templates may use only files "
        f"inside {display_name(templates)}")


def test_a_template_may_include_a_file_inside_its_folder(tmp_path, mini_brief):
    templates = before_body(tmp_path, "{% include 'notes.html' %}")
    (templates / "notes.html").write_text("<!-- notes included from inside the folder -->")
    assert "notes included from inside the folder" in render_with(templates, mini_brief)


@pytest.mark.parametrize("expression, refused", [
    ("''.__class__.__mro__[1].__subclasses__()", "access to attribute '__class__' of 'str' object is unsafe."),
    ("brief.audience.sections.append(1)", "access to attribute 'append' of 'list' object is unsafe."),
    # the sandbox judges a name once per type (render/sandbox.py): safe on a namespace, not on a generator
    ("namespace(gi_code=1).gi_code ~ ([1]|map('string')).gi_code",
     "access to attribute 'gi_code' of 'generator' object is unsafe."),
    # small expressions that would build gigabytes
    ("'x' * 1000000000", "'*' would build a value of more than 1,000,000 items"),
    ("[1, 2] * 600000", "'*' would build a value of more than 1,000,000 items"),
    ("10 ** 10000000", "'**' would build a number of more than 100,000 bits"),
    # and the ways around '*': padding, printf, filters, join, methods
    ('"{:>300000000}".format("x")', "str.format would build a value of more than 1,000,000 characters"),
    ('"{:>{}}".format("x", 300000000)', "str.format would build a value of more than 1,000,000 characters"),
    ('"%0300000000d" % 1', "'%' formatting would build a value of more than 1,000,000 characters"),
    ('"%*d" % (300000000, 1)', "'%' formatting would build a value of more than 1,000,000 characters"),
    ('"%0300000000d"|format(1)', "'%' formatting would build a value of more than 1,000,000 characters"),
    ('"x"|center(300000000)', "center would build a value of more than 1,000,000 characters"),
    ('"x".rjust(300000000)', "str.rjust would build a value of more than 1,000,000 characters"),
    ('([("x" * 300)] * 1000000)|join', "join would build a value of more than 1,000,000 characters"),
    ('"".join([("x" * 300)] * 1000000)', "join would build a value of more than 1,000,000 characters"),
    ('("x" * 1000000)|replace("x", "yy")', "replace would build a value of more than 1,000,000 characters"),
    ('("a\\n" * 400000)|indent(1000)', "indent would build a value of more than 1,000,000 characters"),
    ('[1]|batch(300000000, "x")|list', "batch would build a value of more than 1,000,000 characters"),
    ("lipsum(300000000)", "'lipsum' is undefined"),
])
def test_user_templates_run_in_the_sandbox(tmp_path, mini_brief, expression, refused):
    templates = before_body(tmp_path, f"{{{{ {expression} }}}}")
    line = _line_of(templates / "brief.html.j2", expression)
    with pytest.raises(BriefgenError) as caught:
        render_with(templates, mini_brief)
    assert str(caught.value) == f"{display_name(templates / 'brief.html.j2')}:{line}:1: template error: {refused}"


@pytest.mark.parametrize("code, refused", [
    ("{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(0) }}",
     "recursion too deep (a macro calling itself?)"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "rendering took more than 1 s; refused"),
    ("{% for i in range(100000) %}{% for j in range(100) %}xx{% endfor %}{% endfor %}",
     "output longer than 10,000,000 characters; refused"),
])
def test_a_runaway_template_is_stopped_and_named(tmp_path, mini_brief, monkeypatch, code, refused):
    # 1 s for the endless loop; the long output must hit its own limit first, even on a busy machine
    monkeypatch.setattr("briefgen.render.html.MAX_RENDER_SECONDS", 1 if "took more" in refused else 300)
    templates = before_body(tmp_path, code)
    with pytest.raises(BriefgenError) as caught:
        render_with(templates, mini_brief)
    message = str(caught.value)
    assert message.startswith(display_name(templates / "brief.html.j2") + ":")
    assert message.endswith(f"template error: {refused}")


def test_assets_outside_the_templates_folder_are_never_read(tmp_path, mini_brief):
    """A colleague's stylesheet and template point at files outside the project:
    the PDF fetcher refuses each one, even a real file and a symlink to it."""
    secret = tmp_path / "secret.css"
    secret.write_text("h1 { color: red }")
    templates = user_templates(
        tmp_path, "brief.css",
        lambda s: ('@import url("../secret.css");\n@import url("file:///etc/passwd");\n' + s +
                   '\n.masthead { background: url("../../../../etc/passwd") }\n'
                   '.subtitle { background: url("linked.css") }\n'))
    (templates / "linked.css").symlink_to(secret)
    (templates / "brief.html.j2").write_text(
        (templates / "brief.html.j2").read_text().replace(
            "<body", '<img src="file:///etc/passwd" alt=""><img src="../secret.css" alt=""><body', 1))
    _, fetcher, error = pdf_fetches(*mini_brief, templates)
    refused = " ".join(fetcher.refused)
    assert refused.count("secret.css") == 2 and refused.count("passwd") == 3 and "linked.css" in refused
    for url in fetcher.served:
        assert url.startswith("briefgen:") or url.startswith(templates.resolve().as_uri() + "/")
        assert not any(bad in url for bad in ("secret", "passwd", "linked"))
    assert any(url.endswith("/brief.css") for url in fetcher.served)
    # and the user is told, at the line that asked, instead of getting a brief without it
    css = display_name(templates / "brief.css")
    last = len((templates / "brief.css").read_text().splitlines())
    html = display_name(templates / "brief.html.j2")
    body = _line_of(templates / "brief.html.j2", "<body")
    outside = "a brief may use only files inside the templates folder"
    assert [str(p) for p in error.problems] == [
        f"{css}:1:14: refused to read ../secret.css: {outside}",
        f"{css}:2:14: refused to read file:///etc/passwd: {outside}",
        f"{css}:{last - 1}:30: refused to read ../../../../etc/passwd: {outside}",
        f"{css}:{last}:30: refused to read linked.css: {outside}",
        f"{html}:{body}:11: refused to read file:///etc/passwd: {outside}",
        f"{html}:{body}:48: refused to read ../secret.css: {outside}",
    ]


# ------------------------------------------------------------ text stays text

INJECTED = {
    "tk-trade": ("text", "Jinja {{ 7*7 }} and {% include 'x' %} stay text."),
    "drv-trade": ("headline", "Tags <script>alert(1)</script> and <b>bold</b> stay text."),
    "drv-security": ("headline", "Markdown **x** and _y_ and [link](http://example.org) stay text."),
    "fw-treaty": ("detail", "Style </p><style>body{display:none}</style> and &amp; stay text."),
}


def test_markup_and_template_syntax_in_facts_print_literally(tmp_path):
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    found = 0
    for section in ("takeaways", "drivers", "frameworks"):
        for item in data[section]:
            if item["id"] in INJECTED:
                key, text = INJECTED[item["id"]]
                item[key] = text
                found += 1
    assert found == len(INJECTED)
    seed = tmp_path / "mini.yaml"
    seed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    outputs = build(Project(ROOT), tmp_path / "out", [seed], ["analyst"], Options(), jobs=1)
    assert [o.status for o in outputs] == ["built", "built"], [o.error for o in outputs]
    paths = {o.fmt: o.path for o in outputs}
    pdf = pdf_text(paths["pdf"])
    word = normalise(" ".join(p.text for p in docx.Document(str(paths["docx"])).paragraphs))
    # the PDF may break a line after "/" ("</ style>"): compare without whitespace
    pdf_glyphs = "".join(pdf.split())
    for _, typed in INJECTED.values():
        text = curl(typed, "en")  # its quotes set as every text's are (render/quotes.py): still text
        assert "".join(text.split()) in pdf_glyphs, text
        assert normalise(text) in word, text
    assert "Jinja 49" not in pdf and "Jinja 49" not in word  # {{ 7*7 }} was never evaluated


def test_injected_text_makes_the_pdf_fetch_nothing_new(tmp_path, mini_brief):
    fb, audience = mini_brief
    hostile = fb.model_copy(update={"drivers": [
        fb.drivers[0].model_copy(update={"headline": '<img src="file:///etc/passwd"> '
                                                     '<link rel="stylesheet" href="../../x.css">'})]
        + list(fb.drivers[1:])})
    html, fetcher, error = pdf_fetches(hostile, audience, ROOT / "templates")
    assert fetcher.refused == [] and error is None
    assert "&lt;img src=" in html


def test_two_fact_bases_of_one_name_are_refused_not_merged(tmp_path):
    root = make_project(tmp_path)
    for folder in ("a", "b"):
        (root / folder).mkdir()
        shutil.copy(MINI, root / folder / "mini.yaml")
    out = out_dir(root)
    first = cli(root, "build", "a/mini.yaml", "-a", "press", "-f", "docx", "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # the same bytes under a second path: not a reason to skip, nor to merge
    for command in (["validate", "a/mini.yaml", "b/mini.yaml", "a/mini.yaml"],
                    ["build", "a/mini.yaml", "b/mini.yaml", "-a", "press", "-f", "docx", "--out", str(out)]):
        result = cli(root, *command)
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            "b/mini.yaml:1:1: another fact base is also named 'mini' (a/mini.yaml); rename one"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_validate_and_build_check_every_template_first(tmp_path):
    root = make_project(tmp_path)
    macros = root / "templates" / "macros.html.j2"
    macros.write_text(macros.read_text() + "\n{% endif %}{# stray #}\n")
    line = _line_of(macros, "stray")
    expected = [f"templates/macros.html.j2:{line}:1: template error: Encountered unknown tag 'endif'."]
    out = out_dir(root)
    for command in (["validate", "seeds/mini.yaml"], ["build", "seeds/mini.yaml", "--out", str(out)]):
        result = cli(root, *command)
        assert result.returncode == 2, command
        assert result.stderr.splitlines() == expected, command
    assert untouched(out)


def test_audiences_reports_every_bad_profile_with_the_cross_checks(tmp_path):
    root = make_project(tmp_path)
    press, security = root / "audiences" / "press.yaml", root / "audiences" / "security.yaml"
    press.write_text(press.read_text().replace("budget: {pages: 4, words: 1400}", "budget: {pages: four, words: 1400}"))
    security.write_text(security.read_text().replace("lead_themes: [maritime,", "lead_themes: [maritme,"))
    result = cli(root, "audiences")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"audiences/press.yaml:{_line_of(press, 'budget:')}:")
    assert "budget.pages" in lines[0]
    assert lines[1].startswith(f"audiences/security.yaml:{_line_of(security, 'lead_themes')}:")
    # a lead theme the fact base lacks is a warning (profiles are shared across topics),
    # reported with the error that stops the command
    assert "security leads with 'maritme', which mini.yaml does not declare (did you mean 'maritime'?)" in lines[1]
    # and what it costs: the security brief's maritime area is no longer its lead, and prints nothing
    assert lines[2].startswith("seeds/mini.yaml:") and "security's 'Responses' prints nothing" in lines[2]


# ------------------------------------------------------------ the command line's own inputs

def test_a_build_of_nothing_is_an_error_not_success(tmp_path):
    root = make_project(tmp_path)
    for path in (root / "seeds").glob("*.yaml"):
        path.unlink()
    result = cli(root, "build", "--out", str(out_dir(root)))
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        "seeds: no fact base (*.yaml) found: a project's fact bases are the YAML files in its seeds/ folder"])
    assert untouched(root / "out")


def test_a_project_without_profiles_of_its_own_builds_with_briefgen_s(tmp_path):
    """An empty audiences/ in a project is no error: briefgen's profiles apply
    (a project overrides them file by file)."""
    root = make_project(tmp_path)
    for path in (root / "audiences").glob("*.yaml"):
        path.unlink()
    result = cli(root, "build", "-a", "press", "-f", "pdf", "--out", str(root / "out"))
    assert result.returncode == 0, result.stderr
    assert (root / "out" / "mini-press.pdf").is_file()


@pytest.mark.parametrize("name", ["../press-copy", "../../etc/x", "sub/press", ".hidden", "/tmp/press"])
def test_an_audience_name_cannot_reach_outside_audiences(tmp_path, name):
    """`-a ../press-copy` would read a profile placed beside the folder, and
    build it: a name is a name, never a path."""
    root = make_project(tmp_path)
    profile = (root / "audiences" / "press.yaml").read_text(encoding="utf-8")
    (root / "press-copy.yaml").write_text(profile.replace("name: press", "name: press-copy"), encoding="utf-8")
    result = cli(root, "build", "seeds/mini.yaml", "-a", name, "-f", "pdf", "--out", str(out_dir(root)))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"audiences:1:1: '{name}' is not an audience name: give the name "
                                          "of a profile in this folder, without a path"]
    assert untouched(root / "out")


def test_a_zip_bomb_reference_is_refused_in_bounded_memory(tmp_path):
    root = make_project(tmp_path)
    (root / "zip-bomb.docx").write_bytes(bad_input("reference/zip-bomb.docx"))
    code, peak = peak_rss_mb(root, "build", "-f", "docx", "--reference-docx", "zip-bomb.docx",
                             "--out", str(out_dir(root)))
    assert code == 2
    assert peak < 200, f"peak RSS {peak:.0f} MB"


def test_a_bad_table_header_with_a_long_run_of_spaces_is_refused_in_one_pass(tmp_path):
    """briefgen.toml's header pattern gave back its name one character at a time, each retried against the
    spaces after it: '[a' + 20,000 spaces + 'x]]' took 6 s to validate, 200,000 would take ten minutes.
    The real command must print its one line before the (generous) timeout; it never waits on it otherwise."""
    root = make_project(tmp_path)
    (root / "briefgen.toml").write_text('[house]\norganisation = "x"\n[a' + " " * 200_000 + "x]]\n")
    result = subprocess.run([sys.executable, "-m", "briefgen", "--project", str(root), "validate", "seeds/mini.yaml"],
                            cwd=root, capture_output=True, text=True, timeout=30)
    assert result.stderr.splitlines() == ["briefgen.toml:3:200003: TOML syntax error: Expected ']' at the end of "
                                          "a table declaration"]
    assert result.returncode == 2


def test_weasyprint_is_pinned_to_the_series_the_layout_was_made_with():
    """Page budgets and the PDF checks depend on one WeasyPrint's layout: the
    requirement must hold the installed version and exclude the next major."""
    import tomllib
    from importlib.metadata import version

    from packaging.requirements import Requirement

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    spec = next(Requirement(d) for d in deps if Requirement(d).name == "weasyprint").specifier
    installed = version("weasyprint")
    major = int(installed.split(".")[0])
    assert installed in spec
    assert f"{major + 1}.0" not in spec and f"{major - 1}.0" not in spec


@pytest.mark.parametrize("expression, printed", [
    ('"{:>6}|{:.2f}".format("x", 1.5)', "     x|1.50"),
    ('("<b>{}</b>"|safe).format("<i>")', "<b>&lt;i&gt;</b>"),
    ('"%5d|%(a)s" % 3 if false else "%(a)s-%(b)03d" % {"a": "x", "b": 7}', "x-007"),
    ('["a", "<b>"]|join(", ")', "a, &lt;b&gt;"),
    ('[{"n": "x"}, {"n": "y"}]|join("+", attribute="n")', "x+y"),
    ('"ab"|center(6) ~ "|" ~ "a\\nb"|indent(2)', "  ab  |a\n  b"),
    ('"aXa"|replace("a", "bb")', "bbXbb"),
])
def test_the_capped_operations_still_work_within_their_limits(tmp_path, mini_brief, expression, printed):
    templates = before_body(tmp_path, f"<p id=probe>{{{{ {expression} }}}}</p>")
    html = render_with(templates, mini_brief)
    assert html.split("<p id=probe>", 1)[1].split("</p>", 1)[0] == printed


def test_a_broken_pipe_that_is_not_the_reader_s_is_a_bug_not_a_quiet_exit(tmp_path):
    """A closed stdout ends a command quietly with exit 1; any other BrokenPipeError (a worker's, the
    fork server's) was taken for it too, and a failure looked like 'warnings only' with nothing said
    (code review). stdout is open here: the broken pipe is briefgen's own, a bug, exit 3."""
    (tmp_path / "briefgen.toml").write_text("")
    code = CRASH.replace("raise KeyError('a bug, not bad input')", "raise BrokenPipeError(32, 'a worker went')")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert (result.returncode, result.stderr.splitlines()) == (3, [
        "briefgen: internal error: BrokenPipeError: [Errno 32] a worker went (set BRIEFGEN_DEBUG=1 to see the "
        "traceback)"])
