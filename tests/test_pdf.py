"""The PDF as a reader, a screen reader and an archivist get it.

Everything is read back from the written PDF with poppler/qpdf (pdftotext,
pdfinfo, pdffonts, pdfimages, qpdf --json), never from the HTML it came from.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AUDIENCES, FIXTURES, ROOT, SEED, bad_input, in_short_form, normalise, pdf_text, poppler, squeeze
from PIL import Image

from briefgen.build import build
from briefgen.errors import BriefgenError
from briefgen.figure import DPI, FILENAME, WIDTH_MM, Event, draw, timeline_png
from briefgen.pipeline import Options, load_inputs, make_brief
from briefgen.project import Project
from briefgen.render.html import date_text, render_html
from briefgen.render.pdf import asset_fetcher, render_pdf
from briefgen.timeline import timeline_key


def pdfinfo(path: Path) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in poppler("pdfinfo", str(path)).splitlines() if ":" in line)
    return {key: value.strip() for key, value in pairs}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdf(seed_briefs, audience: str):
    return seed_briefs[(audience, "pdf")]


# ------------------------------------------------------------------ fonts, metadata, navigation

@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_font_is_embedded_and_the_text_face_is_lato(seed_briefs, audience):
    rows = poppler("pdffonts", str(pdf(seed_briefs, audience).path)).splitlines()[2:]
    assert rows, "pdffonts lists no font"
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", f"{audience}: font {name} is not embedded"
    # Lato's faces alone: a list square drawn as the character ■ (which Lato lacks) embedded
    # DejaVu Sans in every PDF for that one glyph
    families = {row.split()[0].split("+")[-1] for row in rows}
    assert families and all(name.startswith("Lato") for name in families), f"{audience}: {sorted(families)}"


def test_the_list_squares_are_drawn_not_typed(seed_briefs):
    """The bottom line's three items each open with an accent square (1.9 mm, as DejaVu's ■ at
    7 pt), left of the text and level with its first line; no ■ reaches the text layer."""
    path = pdf(seed_briefs, "policymaker").path
    assert "\u25a0" not in pdf_text(path, 1)
    dpi = 150
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", str(path)],
                         check=True, capture_output=True).stdout
    page = Image.open(io.BytesIO(png)).convert("RGB")
    mm = dpi / 25.4
    x0, x1 = round(25 * mm), round(29 * mm)  # the text of the box starts at 30 mm
    def is_accent(x, y):
        return page.getpixel((x, y)) == (0x12, 0x3C, 0x69)

    rows = [y for y in range(page.height) if any(is_accent(x, y) for x in range(x0, x1))]
    squares = []
    for band in _consecutive(rows):  # a solid square: as wide as tall, every pixel inside the accent
        xs = [x for x in range(x0, x1) if any(is_accent(x, y) for y in band)]
        solid = all(is_accent(x, y) for x in xs[1:-1] for y in band[1:-1])
        if 1.5 < len(band) / mm < 2.3 and abs(len(xs) - len(band)) <= 2 and solid:
            squares.append(round(band[0] / mm))
    assert len(squares) == 3, f"solid accent squares at 25-29 mm, their tops (mm): {squares}"
    # drawn where they stand: the items' words are painted in their place in the page's content,
    # before the recommendations below them (a positioned li was painted after everything else)
    raw = poppler("pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", str(path), "-")
    assert raw.index("Neither side can offer") < raw.index("Recommendations"), raw


def _consecutive(values: list[int]):
    band: list[int] = []
    for value in values:
        if band and value != band[-1] + 1:
            yield band
            band = []
        band.append(value)
    if band:
        yield band


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdfinfo_shows_title_author_subject_keywords_pages(seed_briefs, audience):
    output = pdf(seed_briefs, audience)
    meta = output.brief.factbase.meta
    fields = pdfinfo(output.path)
    assert fields["Title"] == meta.title
    assert fields["Author"] == ", ".join(meta.authors)
    assert output.brief.audience.title in fields["Subject"]
    for keyword in meta.keywords:
        assert keyword in fields["Keywords"]
    assert int(fields["Pages"]) == output.pages
    # document dates come from the brief, never from the clock
    assert re.match(rf"{meta.date:%a %b} +{meta.date.day} 00:00:00 {meta.date.year}", fields["CreationDate"])
    assert fields["Page size"].endswith("(A4)")


def test_language_is_declared_in_the_catalog(seed_briefs):
    output = pdf(seed_briefs, "press")
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(output.path), "-"],
                         check=True, capture_output=True).stdout
    assert re.search(rb"/Lang \(([^)]*)\)", qdf).group(1).decode() == output.brief.factbase.meta.language


def outline_titles(path: Path) -> list[tuple[int, str]]:
    tree = json.loads(poppler("qpdf", "--json", "--json-key=outlines", str(path)))["outlines"]
    found: list[tuple[int, str]] = []

    def walk(nodes, level):
        for node in nodes:
            found.append((level, node["title"]))
            walk(node["kids"], level + 1)
    walk(tree, 1)
    return found


@pytest.mark.parametrize("audience", ["analyst", "business"])
def test_bookmarks_follow_the_headings(seed_briefs, audience):
    output = pdf(seed_briefs, audience)
    titles = outline_titles(output.path)
    assert titles[0] == (1, output.brief.factbase.meta.title)
    sections = [t for level, t in titles if level == 2]
    expected = [s.label for s in output.brief.audience.sections]
    if output.brief.audience.source_notes == "endnotes":
        expected.append("Notes")
    assert sections == expected
    areas = next(s for s in output.brief.sections if s.id == "areas")
    assert [g.title for g in areas.groups] == [t for level, t in titles if level == 3][:len(areas.groups)]
    # the small "Milestones" run-in headings would only clutter the navigation
    assert "Milestones" not in [t for _, t in titles]


# ------------------------------------------------------------------ what the reader sees

@pytest.mark.parametrize("audience", AUDIENCES)
def test_page_one_has_masthead_and_the_whole_opening_section(seed_briefs, audience):
    output = pdf(seed_briefs, audience)
    meta = output.brief.factbase.meta
    first = pdf_text(output.path, 1)
    for part in (meta.organisation, meta.series, meta.title, meta.subtitle, date_text(meta.date),
                 output.brief.audience.title, *meta.authors):
        assert normalise(part) in first, f"{audience}: {part!r} is not on page 1"
    # what the reader meets first: takeaways, the Minister's purpose, the key judgements
    opening = output.brief.sections[0]
    assert opening.label in first and opening.items
    # statements as the fact base writes them: a first use written out goes back to its short form
    # (squeezed: within a paragraph poppler drops a hyphen that ends a line, "duty-|free" -> "dutyfree")
    statements = squeeze(in_short_form(first, output.brief.factbase))
    for item in opening.items:
        assert squeeze(item.headline) in statements, f"{audience}: {item.id} is not on page 1"
    assert first.index(opening.label) > first.index(normalise(meta.title))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_page_has_running_header_and_n_of_total_footer(seed_briefs, audience):
    output = pdf(seed_briefs, audience)
    meta = output.brief.factbase.meta
    short = meta.short_title
    # each page's lines as poppler breaks them (pdf_text joins them): pages end with a form feed
    raw_pages = poppler("pdftotext", "-enc", "UTF-8", str(output.path), "-").split("\f")
    for n in range(1, output.pages + 1):
        text = pdf_text(output.path, n)
        assert re.search(rf"\b{n} ?/ ?{output.pages}\b", text), f"{audience} page {n} has no 'N / total'"
        assert output.brief.marking in text
        head = text[:len(short) + len(output.brief.marking) + 2]  # poppler may put either first
        if n > 1:
            assert short in head, f"{audience} page {n} has no running header"
        else:
            assert short not in head, "page 1 opens with the masthead, not the running header"
        # the footer names the organisation and its series, the series whole on one line
        # (run on after the name, it wrapped mid-series: "· Asia–Europe" / "Briefings")
        lines = [line.strip() for line in raw_pages[n - 1].splitlines()]
        assert meta.organisation in normalise(" ".join(lines)), f"{audience} page {n}: footer {lines[-8:]}"
        assert any(meta.series in line for line in lines), f"{audience} page {n}: footer {lines[-8:]}"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_layout_keeps_each_brief_within_its_page_budget(seed_briefs, audience):
    """Guards the footnote area too: when it misfires, WeasyPrint sets every later
    note on a page of its own and an 11-page brief grows past 30 pages."""
    output = pdf(seed_briefs, audience)
    assert output.pages <= output.brief.audience.budget.pages


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_word_is_stranded_on_a_line_of_its_own(seed_briefs, audience):
    """A line holding one word, between a line that does not end a sentence and one
    that carries on in lower case, is a line-breaking slip a reader sees at once."""
    path = pdf(seed_briefs, audience).path
    lines = [line.strip() for line in poppler("pdftotext", "-enc", "UTF-8", str(path), "-").splitlines()]
    stranded = [(before, line, after) for before, line, after in zip(lines, lines[1:], lines[2:], strict=False)
                if len(line.split()) == 1 and not re.match(r"[\d\[]", line) and after[:1].islower()
                and before and not before.endswith((".", ":"))]
    assert not stranded


def full_citation(source) -> str:
    """Chicago style, first note: publisher, title, what kind of document and its series, date, link; the
    date left out where the title gives it ("… of 23 January 2019"), "n.d." for an undated source."""
    date = date_text(source.date) if source.date else "n.d."
    told = bool(source.date) and re.search(rf"(?<!\d){date}(?!\d)", source.title)
    return (f"{source.publisher}, “{source.title}”" + "".join(f", {x}" for x in (source.medium, source.series) if x)
            + ("" if told else f", {date}")
            + (f", {source.url}" if source.url else ""))


def repeated_date(source) -> str:
    """The entry as it read when its title gave its date and the entry gave it again, up to that date."""
    return (f"{source.publisher}, “{source.title}”" + "".join(f", {x}" for x in (source.medium, source.series) if x)
            + f", {date_text(source.date)}")


def expected_note(item) -> str:
    """A source note as the reader sees it: a source's first citation in full, later ones
    short (publisher, short title), a repeat too."""
    parts = [full_citation(s) if first else f"{s.publisher}, “{s.short_title or s.title}”" for s, first in item.cites]
    return normalise(f"{item.note}. " + "; ".join(parts) + ".")


def test_analyst_pdf_has_a_footnote_for_every_statement(seed_briefs):
    output = pdf(seed_briefs, "analyst")
    brief = output.brief
    assert brief.audience.source_notes == "footnotes"
    items = brief.items()
    # every statement that has sources has a note, numbered in reading order: its own, or its passage's,
    # called at the passage's last statement (sourcenotes.py)
    assert items and [i.note for i in items if i.note] == list(range(1, len(brief.notes) + 1))
    assert all(i.note or i.shares_note for i in items if i.sources)
    listed = next(s for s in brief.sections if s.id == "sources").sources
    text = pdf_text(output.path)
    missing = [i.id for i in brief.notes if squeeze(expected_note(i)) not in squeeze(text)]
    assert not missing, f"statements without their footnote in the analyst PDF: {missing}"
    # and the sources list gives each cited source in full, with its address
    for source in listed:
        entry = squeeze(f"{source.publisher}, “{source.title}”")
        assert entry in squeeze(text)
        if source.url:
            assert squeeze(source.url) in squeeze(text)


def test_without_a_sources_list_notes_are_chicago_style(tmp_path):
    """A profile with footnotes but no sources section: first citations in full, then short."""
    root = tmp_path / "project"
    (root / "audiences").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "templates").symlink_to(ROOT / "templates")
    (root / "audiences" / "desk.yaml").write_text(
        "name: desk\ntitle: Desk note\npurpose: Footnotes without a sources list.\n"
        "sections:\n  - {id: takeaways, label: Key points, detail: headline}\n"
        "  - {id: drivers, label: Background, detail: full}\n"
        "budget: {pages: 2, words: 500}\nsource_notes: footnotes\ntone: Plain.\n"
        "handling: Internal\ndistribution: 'Distribution: desk'\nrelease: TLP:CLEAR\n", encoding="utf-8")
    outputs = build(Project(root), tmp_path / "out", [FIXTURES / "mini.yaml"], ["desk"], Options(formats=("pdf",)))
    text = pdf_text(outputs[0].path)
    brief = outputs[0].brief
    assert brief.notes
    assert any(not first for item in brief.notes for _, first in item.cites)
    for item in brief.notes:
        assert squeeze(expected_note(item)) in squeeze(text)


def test_a_pdf_with_endnotes_numbers_them_under_notes(endnoted_briefs):
    """A profile may still set its notes at the end (`source_notes: endnotes`): the business brief so built."""
    output = endnoted_briefs["pdf"]
    brief = output.brief
    assert brief.audience.source_notes == "endnotes"
    text = pdf_text(output.path)
    notes = text[text.rindex("Notes"):]
    for item in brief.notes:
        assert squeeze(expected_note(item)) in squeeze(notes)


def test_press_pdf_gives_sources_a_journalist_can_check(seed_briefs):
    """Footnotes, each on its call's page, and a sources list of what the backgrounder cites, each
    with its link: the list a journalist works from, kept though each source's first note is in full."""
    output = pdf(seed_briefs, "press")
    assert output.brief.audience.source_notes == "footnotes"
    assert "Notes" not in [t for _, t in outline_titles(output.path)]
    text = squeeze(pdf_text(output.path))
    listed = next(s for s in output.brief.sections if s.id == "sources").sources
    assert {s.id for s in listed} == {s.id for i in output.brief.items() for s in i.sources}
    for source in listed:
        assert squeeze(full_citation(source)) in text


@pytest.mark.parametrize("audience, has_figure", [("press", True), ("analyst", True), ("policymaker", False)])
def test_timeline_figure_is_printed_where_the_audience_has_a_timeline(seed_briefs, audience, has_figure):
    output = pdf(seed_briefs, audience)
    assert any(s.id == "timeline" for s in output.brief.sections) == has_figure
    rows = poppler("pdfimages", "-list", str(output.path)).splitlines()[2:]
    if not has_figure:
        assert rows == []
        return
    assert len(rows) == 1
    cols = rows[0].split()
    width, x_ppi = int(cols[3]), int(cols[12])
    assert width == round(WIDTH_MM / 25.4 * DPI) and x_ppi == DPI  # full text width, at print resolution
    text = pdf_text(output.path)
    timeline = next(s for s in output.brief.sections if s.id == "timeline")
    for n, item in enumerate(timeline.items, 1):
        assert f"{timeline_key(n)} · {date_text(item.date)}" in text  # the list is the figure's key


def test_timeline_png_is_deterministic_and_print_sized(seed_briefs):
    brief = pdf(seed_briefs, "analyst").brief
    png = timeline_png(brief)
    draw.cache_clear()  # draw afresh, not from the cache
    assert timeline_png(brief) == png
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == round(WIDTH_MM / 25.4 * DPI)
    assert round(image.info["dpi"][0]) == DPI
    assert timeline_png(pdf(seed_briefs, "policymaker").brief) is None


@pytest.mark.parametrize("events", [
    [(dt.date(2020, 5, 1), False)],  # one milestone, no framework row above the band
    [(dt.date(1950, 1, 1), True), (dt.date(2023, 12, 31), False)],  # 74 years: labels thin out
    [(dt.date(2023, 7, d), d % 2 == 0) for d in range(1, 13)],  # a dozen events in twelve days
])
def test_timeline_figure_copes_with_any_span_and_cluster(events):
    png = draw(tuple(Event(n, when, framework) for n, (when, framework) in enumerate(events, 1)))
    image = Image.open(io.BytesIO(png))
    assert image.width == round(WIDTH_MM / 25.4 * DPI)
    # taller with every row a cluster adds, yet never taller than it is wide
    assert 150 < image.height < round(WIDTH_MM / 25.4 * DPI)


# ------------------------------------------------------------------ variants and reproducibility

def test_two_builds_give_identical_pdfs(seed_briefs, tmp_path, project):
    # the analyst brief has every part a PDF can have: contents, footnotes, the figure
    [again] = build(project, tmp_path, [SEED], ["analyst"], options=Options(formats=("pdf",)))
    assert sha256(again.path) == sha256(pdf(seed_briefs, "analyst").path)
    # the document ID is fixed by the content, not random, yet differs between briefs
    ids = {re.search(rb"/ID \[\((\w+)\)", pdf(seed_briefs, a).path.read_bytes()).group(1) for a in AUDIENCES}
    assert len(ids) == len(AUDIENCES)


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b"])
def test_pdf_variants_are_written_and_reproducible(tmp_path, project, seed_briefs, archival, variant):
    """Built here, the press PDF in each variant is the bytes of the session's build in that
    variant: the archival build, or the seed build for pdf/ua-1, the default."""
    [output] = build(project, tmp_path, [SEED], ["press"], Options(formats=("pdf",), pdf_variant=variant))
    paths = [output.path, pdf(seed_briefs, "press").path if variant == "pdf/ua-1"
             else next(p for p in archival if p.name == "eu-japan-press.pdf")]
    assert sha256(paths[0]) == sha256(paths[1])
    fields = pdfinfo(paths[0])
    assert fields["Metadata Stream"] == "yes"
    if variant == "pdf/ua-1":
        assert fields["Tagged"] == "yes"
        qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(paths[0]), "-"],
                             check=True, capture_output=True).stdout
        assert b"/S /Figure" in qdf and b"/Alt (Timeline chart:" in qdf  # the figure speaks to a screen reader
    else:
        xmp = poppler("pdfinfo", "-meta", str(paths[0]))
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "Timeline" in pdf_text(paths[0])


# ------------------------------------------------------------------ safe rendering

HOSTILE = ('Trade grew <img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css"> '
           '<style>@import url(http://127.0.0.1:9/y.css);</style> background: url(http://127.0.0.1:9/z.png) '
           '<iframe src="file:///etc/hostname"></iframe> {{ 7 * 7 }}.')


def hostile_factbase(tmp_path: Path) -> Path:
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    original = "headline: Trade between the partners has grown for two decades."
    assert original in text
    path = tmp_path / "hostile.yaml"
    path.write_text(text.replace(original, f"headline: {json.dumps(HOSTILE)}"), encoding="utf-8")
    return path


class FileReads:
    """Every file Python opens while active (sys.audit 'open' events, which
    builtins.open, io.open, os.open and pathlib all raise)."""

    paths: list[str] = []
    active = False
    installed = False

    def __enter__(self):
        if not FileReads.installed:
            sys.addaudithook(FileReads._hook)  # hooks cannot be removed: install once, gate with a flag
            FileReads.installed = True
        FileReads.paths = []
        FileReads.active = True
        return self

    def __exit__(self, *exc):
        FileReads.active = False

    @staticmethod
    def _hook(event, args):
        if FileReads.active and event == "open" and isinstance(args[0], (str, bytes, Path)):
            FileReads.paths.append(str(Path(args[0] if not isinstance(args[0], bytes) else args[0].decode())))


def test_hostile_fact_text_prints_as_text_and_nothing_outside_the_assets_is_read(tmp_path, project):
    inputs = load_inputs(project, [hostile_factbase(tmp_path)], ["analyst"])
    brief = make_brief(inputs.factbases["hostile"], inputs.audiences["analyst"], "hostile-analyst",
                       project.templates)
    html = render_html(brief, project.templates)
    # warm WeasyPrint's own one-time reads outside the measurement
    render_pdf(html, project.templates, images={FILENAME: timeline_png(brief)})
    fetcher = asset_fetcher(project.templates, {FILENAME: timeline_png(brief)})
    with FileReads():
        data, _ = render_pdf(html, project.templates, fetcher=fetcher)
    templates = project.templates[0].resolve()
    # the stylesheets (briefgen's extra.css, empty, after brief.css) and the image briefgen drew
    assert fetcher.served == [(templates / "brief.css").as_uri(), (templates / "extra.css").as_uri(),
                              f"briefgen:{FILENAME}"]
    assert fetcher.refused == []  # escaped markup asks for nothing at all
    assert [p for p in FileReads.paths if not Path(p).resolve().is_relative_to(templates)] == []
    out = tmp_path / "hostile.pdf"
    out.write_bytes(data)
    assert squeeze(HOSTILE) in squeeze(pdf_text(out))


def test_the_fetcher_refuses_everything_but_template_assets(project, tmp_path):
    """Defence in depth: even markup that reached WeasyPrint unescaped fetches nothing."""
    raw = ('<html><head><link rel="stylesheet" href="brief.css">'
           '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
           '<img src="file:///etc/passwd"><img src="../pyproject.toml"><img src="briefgen:other.png">'
           f'<img src="briefgen:{FILENAME}"><p style="background: url(http://127.0.0.1:9/z.png)">text</p>'
           '</body></html>')
    image = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(image, format="PNG")
    with pytest.raises(BriefgenError):  # warm: WeasyPrint's one-time imports, outside the measurement
        render_pdf(raw, project.templates, fetcher=asset_fetcher(project.templates, {FILENAME: image.getvalue()}))
    fetcher = asset_fetcher(project.templates, {FILENAME: image.getvalue()})
    with FileReads(), pytest.raises(BriefgenError) as refusal:
        render_pdf(raw, project.templates, fetcher=fetcher)
    # and the build is told: a brief missing what its markup asked for is not written
    assert len(refusal.value.problems) == 5
    templates = project.templates[0].resolve()
    assert sorted(fetcher.served) == sorted([(templates / "brief.css").as_uri(), f"briefgen:{FILENAME}"])
    assert sorted(fetcher.refused) == sorted([
        "http://127.0.0.1:9/x.css", "file:///etc/passwd", (templates.parent / "pyproject.toml").as_uri(),
        "briefgen:other.png", "http://127.0.0.1:9/z.png"])
    assert [p for p in FileReads.paths if not Path(p).resolve().is_relative_to(templates)] == []


def test_a_takeaway_resting_on_nothing_prints_without_an_empty_note(tmp_path, project):
    bad = tmp_path / "bare.yaml"
    bad.write_bytes(bad_input("factbase/warn-takeaway-cites-nothing.yaml"))
    outputs = build(project, tmp_path / "out", [bad], ["analyst"], Options(formats=("pdf",)), jobs=1)
    assert outputs[0].status == "built", outputs[0].error
    brief = outputs[0].brief
    bare = next(i for i in brief.items() if i.id == "tk-navy")
    assert not bare.sources and bare.note is None
    assert all(i.sources for i in brief.notes)
    text = pdf_text(outputs[0].path)
    assert normalise(bare.headline)[:40] in normalise(text)
    assert not re.search(r"^\s*\d+\.\s*\.\s*$", text, re.M)  # no footnote reading just "."


def test_weasyprint_is_loaded_by_soname_first_then_with_the_full_search(tmp_path, monkeypatch, capsys):
    """render/weasy.py: while WeasyPrint is first imported, ctypes' library search (ldconfig,
    gcc, ld) answers "not found", so the sonames are opened directly; a library not found that
    way is imported again with the full search, without the help text the first try printed."""
    import ctypes.util

    from briefgen.render import weasy

    tries = tmp_path / "tries.txt"
    (tmp_path / "fake_weasyprint.py").write_text(
        "import ctypes.util\n"
        "found = ctypes.util.find_library('gobject-2.0')\n"
        f"with open({str(tries)!r}, 'a') as f: f.write(repr(found) + '\\n')\n"
        "if found is None:\n"
        "    print('WeasyPrint could not import some external libraries')\n"
        "    raise OSError('cannot load library gobject-2.0')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    searched = []

    def full_search(name):
        searched.append(name)
        return f"lib{name}.so.0"

    monkeypatch.setattr(ctypes.util, "find_library", full_search)
    module = weasy.load("fake_weasyprint")
    assert module.found == "libgobject-2.0.so.0"
    assert tries.read_text().splitlines() == ["None", "'libgobject-2.0.so.0'"]  # by soname, then searched
    assert searched == ["gobject-2.0"]
    assert ctypes.util.find_library is full_search  # put back
    assert capsys.readouterr().out == ""


def test_fonttools_subsetter_and_instancer_are_imported_only_when_used(tmp_path, monkeypatch):
    """render/weasy.py: the modules WeasyPrint imports but a brief may never use stand in while
    it is imported, and each is imported for real, and works, the first time it is used. A
    WeasyPrint that reads from a stand-in a name it does not have gets the real module there
    and then (its deferral given up, nothing retried); one that imports a module inside a
    stand-in (no package) fails, and is imported again plainly."""
    from briefgen.render import weasy

    imported = tmp_path / "imported.txt"

    def logging(name: str, code: str) -> None:  # a module that says in imported.txt each time it runs
        (tmp_path / name).write_text(f"with open({str(imported)!r}, 'a') as f: f.write({name!r} + '\\n')\n{code}",
                                     encoding="utf-8")

    logging("fake_heavy.py", "def scaled(x): return 2 * x\nclass Options: pass\n")
    (tmp_path / "fake_printer.py").write_text(
        "import fake_heavy\nfrom fake_heavy import scaled\n", encoding="utf-8")
    logging("fake_other_printer.py", "from fake_heavy import Options\n")  # a name the stand-in does not have
    (tmp_path / "fake_package").mkdir()
    logging("fake_package/__init__.py", "")
    logging("fake_package/part.py", "value = 7\n")
    logging("fake_part_printer.py", "import fake_package.part\n")  # a module inside the stand-in
    monkeypatch.syspath_prepend(str(tmp_path))
    deferred = {"fake_heavy": ("scaled",), "fake_package": ()}
    for name in ("fake_heavy", "fake_printer", "fake_other_printer", "fake_package", "fake_package.part",
                 "fake_part_printer"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    printer = weasy.load("fake_printer", deferred)
    assert not imported.exists() and "fake_heavy" not in sys.modules  # stood in, then let go
    assert printer.scaled(21) == 42  # the first call imports it
    assert imported.read_text() == "fake_heavy.py\n" and printer.fake_heavy.Options is sys.modules["fake_heavy"].Options
    assert imported.read_text() == "fake_heavy.py\n"  # once

    del sys.modules["fake_heavy"]
    imported.unlink()
    other = weasy.load("fake_other_printer", deferred)
    # the heavy module was imported during the load, where the name was read, and the printer ran once
    assert imported.read_text() == "fake_other_printer.py\nfake_heavy.py\n"
    assert other.Options is sys.modules["fake_heavy"].Options

    imported.unlink()
    part_printer = weasy.load("fake_part_printer", deferred)
    # its first import failed at the stand-in, before the package ran; the second, plain, imported it
    assert imported.read_text().splitlines() == ["fake_part_printer.py", "fake_part_printer.py",
                                                 "fake_package/__init__.py", "fake_package/part.py"]
    assert part_printer.fake_package.part.value == 7 and not isinstance(sys.modules["fake_package"], weasy._OnFirstUse)

    # WeasyPrint itself, in a fresh process: a brief is written without either fontTools module,
    # and the subsetter WeasyPrint falls back on without HarfBuzz's still works
    script = """
import sys
from briefgen.render.weasy import weasyprint
from weasyprint.pdf import fonts
html = '<p style="font-family: Lato">Tokyo, 17 July 2018</p>'
weasyprint.HTML(string=html).write_pdf()
print(sorted(m for m in ('fontTools.subset', 'fontTools.varLib.instancer') if m in sys.modules))
fonts.harfbuzz_subset = None
print(len(weasyprint.HTML(string=html).write_pdf()) > 1000, 'fontTools.subset' in sys.modules)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n")[:2] == ["[]", "True True"], run.stdout + run.stderr


# ------------------------------------------------------------------ timeline entries


def page_words(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as a reader's tool places them: (x0, y0, x1, y1, word), in points from the top left."""
    pages = re.findall(r"<page [^>]*>(.*?)</page>", poppler("pdftotext", "-bbox", path, "-"), re.S)
    return [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
        for page in pages]


# (the business brief's "Coming up" ends it: it prints no sources list since stop 28)
@pytest.mark.parametrize(("audience", "heading"), [("press", "Timeline")])
def test_a_date_to_watch_whose_label_wraps_ends_above_the_next_heading(canada_briefs, audience, heading):
    """Review 27 (item 3): "Next CETA Joint Committee", a date to watch's label two lines long in the
    timeline's date column (a float), ran into the heading under it: its entry ended with its one-line
    event, and "Committee" printed on the space above the press brief's "Timeline" and the business
    brief's "Sources" (brief.css), 2 mm above the heading's words. The label's last line is above the
    heading with the heading's own space between them (h2: 5.5 mm above, less the lines' leading), on
    the page that prints both."""
    for words in page_words(canada_briefs[(audience, "pdf")]):
        label = [w for w in words if w[4] == "Committee" and w[0] < 55 * 72 / 25.4]  # in the date column
        if label:
            below = [w for w in words if w[4] == heading and w[1] > label[0][1] - 2]
            assert below, f"'{heading}' is not on the label's page"
            assert below[0][1] - label[0][3] >= 4 * 72 / 25.4, (label, below)
            return
    raise AssertionError("no label 'Next CETA Joint Committee' found")
