"""Handling markings. No statement reaches a reader above their release
level, the banner shows the highest marking a brief holds, and
`briefgen release-check` proves it from the rendered files.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import docx
import pytest
from conftest import AUDIENCES, MINI, SEED, make_project, normalise, pdf_pages, pdf_text, poppler, run_cli
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from lxml import etree

from briefgen.build import build
from briefgen.markings import marking_rank
from briefgen.model import all_facts
from briefgen.pipeline import Options, load_inputs
from briefgen.project import Project
from briefgen.release import check, check_files, problems, summary, withheld
from briefgen.select import unfitted

# the mini fixture's one restricted statement (TLP:AMBER)
MINI_AMBER = "Practical naval cooperation remains thin."


# ------------------------------------------------------------------ helpers

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def docx_text(path: Path) -> str:
    """Every word a Word user can see: body, tables, headers, footers and any foot/endnotes."""
    document = docx.Document(str(path))
    chunks = [p.text for p in document.paragraphs]
    chunks += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            chunks += [p.text for p in part.paragraphs]
    for part in document.part.package.iter_parts():
        if str(part.partname).endswith(("/footnotes.xml", "/endnotes.xml")):
            root = etree.fromstring(part.blob)
            ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
            chunks += ["".join(t.text or "" for t in p.iter(f"{ns}t")) for p in root.iter(f"{ns}p")]
    return normalise(" ".join(chunks))


def shows(text: str, statement: str, run: int = 6) -> str | None:
    """The first run of ``run`` consecutive words of ``statement`` found in ``text`` (whole
    statement if shorter), punctuation and case ignored: a reflowed or partial leak still shows."""
    def tokens(s: str) -> list[str]:
        return re.findall(r"\w+", s.casefold())

    haystack = " " + " ".join(tokens(text)) + " "
    words = tokens(statement)
    for i in range(max(1, len(words) - run + 1)):
        needle = " ".join(words[i:i + run])
        if f" {needle} " in haystack:
            return needle
    return None


def page_band(path: Path, page: int, where: str) -> str:
    """pdftotext of one page's top or bottom 18 mm: where the running header and footer print."""
    info = poppler("pdfinfo", "-f", str(page), "-l", str(page), path)
    width, height = map(float, re.search(rf"Page\s+{page} size:\s+([\d.]+) x ([\d.]+)", info).groups())
    band = 51
    y = 0 if where == "header" else int(height) - band
    return poppler("pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", "0",
                   "-y", str(y), "-W", str(int(width)), "-H", str(band), path, "-")


def marking_boxes(path: Path, page: int, marking: str) -> list[tuple[float, float, float, float]]:
    """Bounding boxes (xMin, yMin, xMax, yMax) of the words reading ``marking`` on one page."""
    html = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), path, "-")
    return [tuple(float(v) for v in m.groups()) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + re.escape(marking) + "</word>",
        html)]


def restricted(fb, at_least: str) -> list:
    """Facts whose own marking is ``at_least`` or higher (read from the fact base, not a brief)."""
    return [f for _, f in all_facts(fb) if marking_rank(fb, f.marking) >= marking_rank(fb, at_least)]


# --------------------------------------------------------- the seed's briefs

def test_seed_has_realistic_markings(seed_inputs):
    fb = seed_inputs.factbases["eu-japan"]
    facts = [f for _, f in all_facts(fb)]
    clear = [f for f in facts if marking_rank(fb, f.marking) == 0]
    amber = [f for f in facts if f.marking == "TLP:AMBER"]
    red = [f for f in facts if f.marking == "TLP:RED"]
    assert len(clear) >= 0.85 * len(facts)
    assert 2 <= len(amber) <= 8
    assert red, "the seed needs a TLP:RED note for the policymaker"
    audiences = seed_inputs.audiences
    cleared_for_red = [a for a in audiences.values() if a.release == "TLP:RED"]
    assert [a.name for a in cleared_for_red] == ["policymaker"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_press_brief_holds_no_amber_or_red_fact(seed_briefs, seed_inputs, fmt):
    fb = seed_inputs.factbases["eu-japan"]
    press = seed_briefs[("press", fmt)].path
    text = pdf_text(press) if fmt == "pdf" else docx_text(press)
    withheld = restricted(fb, "TLP:AMBER")
    assert len(withheld) >= 3
    leaked = {f.id: run for f in withheld for t in (f.headline, f.detail) if t and (run := shows(text, t))}
    assert not leaked, f"restricted text in the press {fmt}: {leaked}"
    # the same reading does find them where they belong, so the check above can fail
    analyst = seed_briefs[("analyst", fmt)].path
    analyst_text = pdf_text(analyst) if fmt == "pdf" else docx_text(analyst)
    amber = [f for f in withheld if f.marking == "TLP:AMBER"]
    assert all(shows(analyst_text, f.headline) for f in amber)
    assert seed_briefs[("press", fmt)].brief.marking == "TLP:CLEAR"


def test_policymaker_brief_carries_the_red_note(seed_briefs, seed_inputs):
    fb = seed_inputs.factbases["eu-japan"]
    red = restricted(fb, "TLP:RED")
    output = seed_briefs[("policymaker", "pdf")]
    text = pdf_text(output.path)
    for fact in red:
        assert fact.id in output.brief.fact_ids()
        assert normalise(fact.headline) in text
    assert output.brief.marking == "TLP:RED"
    for other in ("analyst", "business", "press", "security"):
        assert not any(shows(pdf_text(seed_briefs[(other, "pdf")].path), f.headline) for f in red), other


def test_every_policymaker_pdf_page_carries_the_highest_marking_top_and_bottom(seed_briefs):
    output = seed_briefs[("policymaker", "pdf")]
    # the highest marking among what the brief prints, worked out from its items
    fb = output.brief.factbase
    highest = fb.meta.marking_scheme[max(marking_rank(fb, i.marking) for i in output.brief.items())]
    assert highest == "TLP:RED"
    pages = pdf_pages(output.path)
    for page in range(1, pages + 1):
        for where in ("header", "footer"):
            assert highest in page_band(output.path, page, where).split(), f"page {page} {where}"
        # the banners: right-aligned, ending at the right margin (20 mm of an A4 page's 595 pt); the label
        # named in prose ("Sources: ..., except for points marked TLP:RED", page 1's handling line) is none
        boxes = [box for box in marking_boxes(output.path, page, highest) if box[2] > 595 - 57 - 3]
        assert len(boxes) >= 2, f"page {page}"
        for _x0, y0, _x1, y1 in boxes:
            # TLP 2.0: at least 12 pt; a word's box is at least its font size tall
            assert y1 - y0 >= 12, f"page {page}: banner {y1 - y0:.1f} pt tall"


def test_pdf_properties_carry_the_marking(seed_briefs):
    for audience in ("policymaker", "press"):
        output = seed_briefs[(audience, "pdf")]
        info = subprocess.run(["pdfinfo", str(output.path)], capture_output=True, text=True, check=True).stdout
        keywords = re.search(r"^Keywords:\s+(.*)$", info, re.M).group(1)
        assert output.brief.marking in keywords.split(", ")


@pytest.mark.parametrize("audience", ["policymaker", "security", "press"])
def test_word_header_footer_and_properties_carry_the_marking(seed_briefs, audience):
    output = seed_briefs[(audience, "docx")]
    document = docx.Document(str(output.path))
    marking = output.brief.marking
    for section in document.sections:
        # page 1 has no running title, but its own header and footer carry the marking too
        parts = [section.header, section.footer]
        if section.different_first_page_header_footer:
            parts += [section.first_page_header, section.first_page_footer]
        for part in parts:
            banners = [(p, r) for p in part.paragraphs for r in p.runs if r.text == marking]
            assert banners, f"{audience}: no {marking} in the Word {part.__class__.__name__.lower()}"
            for para, run in banners:
                # formatting comes from named styles: at least 12 pt, right-aligned
                # (by the paragraph style, or by a tab to the style's right-hand tab stop)
                size = next(s.font.size for s in _style_chain(run.style) if s.font.size)
                assert size.pt >= 12
                assert run.font.size is None and run.font.bold is None
                chain = list(_style_chain(para.style))
                aligned = next((s.paragraph_format.alignment for s in chain
                                if s.paragraph_format.alignment is not None), None)
                tabbed = run._r.getprevious() is not None and run._r.getprevious().xpath(".//w:tab") and any(
                    t.alignment == WD_TAB_ALIGNMENT.RIGHT for s in chain for t in s.paragraph_format.tab_stops)
                assert aligned == WD_ALIGN_PARAGRAPH.RIGHT or tabbed
    props = document.core_properties
    assert props.category == marking
    assert marking in props.keywords.split(", ")


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def test_portion_marks_where_the_profile_asks(seed_briefs):
    # above the brief's base level only: the Minister-only note, not the cleared text around it
    policymaker = pdf_text(seed_briefs[("policymaker", "pdf")].path)
    assert "(TLP:RED)" in policymaker and "(TLP:CLEAR)" not in policymaker
    press = pdf_text(seed_briefs[("press", "pdf")].path)
    assert "(TLP:" not in press


# ------------------------------------------------- raising a fact's marking

def test_raising_a_marking_removes_the_fact_and_what_rests_on_it(tmp_path, seed_briefs):
    seed = make_project(tmp_path / "project", SEED) / "seeds" / SEED.name
    project = Project(root=tmp_path / "project")
    fb = load_inputs(project, [seed]).factbases["eu-japan"]
    # what the press brief prints of its own (takeaways, quotable lines), and what of it rests on the SPA
    for_press = [t for t in list(fb.takeaways) + list(fb.messages) if not t.audiences or "press" in t.audiences]
    resting = [t for t in for_press if "fw-spa" in t.rests_on]
    assert resting and len(resting) < len(for_press)

    def press_texts(out: Path) -> list[str]:
        built[:] = build(project, out, [seed], ["press"])
        return [pdf_text(out / "eu-japan-press.pdf"), docx_text(out / "eu-japan-press.docx")]

    built = []

    def shown(texts: list[str]) -> list[set[str]]:
        return [{t.id for t in for_press if shows(text, t.text)} for text in texts]

    # before: the session's press brief of the same fact base
    before = shown([pdf_text(seed_briefs[("press", "pdf")].path), docx_text(seed_briefs[("press", "docx")].path)])
    for ids in before:
        assert {t.id for t in resting} <= ids
    edit(seed, "  - id: fw-spa\n", '  - id: fw-spa\n    marking: "TLP:AMBER"\n')
    # gone from the PDF and the Word draft, with every takeaway resting on it; the rest stays
    after = shown(press_texts(tmp_path / "after"))
    assert after == [ids - {t.id for t in resting} for ids in before]
    # and the release check, from the fact base, finds nothing of the SPA in those files
    fb = load_inputs(project, [seed]).factbases["eu-japan"]
    assert "fw-spa" in {w.id for w in withheld(fb, "TLP:CLEAR")[0]}
    assert problems([check_files(built[0].brief, fb, {o.fmt: o.path.read_bytes() for o in built})]) == []
    # where the session's press files, from before the edit, print what rests on it
    earlier = {fmt: seed_briefs[("press", fmt)].path.read_bytes() for fmt in ("pdf", "docx")}
    found = problems([check_files(built[0].brief, fb, earlier)])
    for fmt in ("pdf", "docx"):
        named = {re.search(r"'([^']+)'", line).group(1) for line in found if line.startswith(f"eu-japan-press.{fmt}: ")}
        assert {t.id for t in resting} <= named, fmt


def test_a_takeaway_inherits_the_marking_of_what_it_rests_on(tmp_path):
    seed = make_project(tmp_path, MINI) / "seeds" / MINI.name
    edit(seed, "    rests_on: [mar-exercise]\n", "    rests_on: [mar-exercise, mar-assessment]\n")
    inputs = load_inputs(Project(root=tmp_path), [seed])
    fb = inputs.factbases["mini"]
    analyst = unfitted(fb, inputs.audiences["analyst"], "mini-analyst")
    navy = next(i for i in analyst.items() if i.id == "tk-navy")
    assert navy.marking == "TLP:AMBER"  # printed as such in portion marks
    press = unfitted(fb, inputs.audiences["press"], "mini-press")
    assert "tk-navy" not in press.fact_ids() and "mar-assessment" not in press.fact_ids()


def test_a_source_above_the_level_withholds_what_cites_it_and_leaves_the_sources_list(tmp_path):
    seed = make_project(tmp_path, MINI) / "seeds" / MINI.name
    edit(seed, "    kind: secondary\n", '    kind: secondary\n    marking: "TLP:AMBER"\n')
    inputs = load_inputs(Project(root=tmp_path), [seed])
    fb = inputs.factbases["mini"]
    business = unfitted(fb, inputs.audiences["business"], "mini-business")
    assert "drv-security" not in business.fact_ids()  # cites the restricted commentary
    cited = {s.id for i in business.items() for s in i.sources}
    listed = {s.id for sec in business.sections for s in sec.sources}
    assert "src-commentary" not in cited | listed | {s.id for s in business.factbase.sources}
    # the recommendation resting on it goes too
    assert "rec-dialogue" not in business.fact_ids()


def test_corrections_and_timeline_follow_the_fact_they_concern(tmp_path):
    seed = make_project(tmp_path, MINI) / "seeds" / MINI.name
    edit(seed, "  - id: fw-treaty\n", '  - id: fw-treaty\n    marking: "TLP:AMBER"\n')
    edit(seed, "      - id: ms-first-exercise\n", '      - id: ms-first-exercise\n        marking: "TLP:RED"\n')
    inputs = load_inputs(Project(root=tmp_path), [seed])
    fb = inputs.factbases["mini"]
    analyst = unfitted(fb, inputs.audiences["analyst"], "mini-analyst")
    ids = analyst.fact_ids()
    assert "cor-date" in ids and "ms-first-exercise" not in ids
    assert next(i for i in analyst.items() if i.id == "cor-date").marking == "TLP:AMBER"
    press = unfitted(fb, inputs.audiences["press"], "mini-press")
    assert not {"cor-date", "fw-treaty", "ms-first-exercise"} & set(press.fact_ids())


def test_a_template_cannot_reach_withheld_facts(tmp_path):
    """The Brief carries only the redacted fact base: a template that walks all of it prints no more."""
    seed = make_project(tmp_path, MINI) / "seeds" / MINI.name
    edit(tmp_path / "templates" / "brief.html.j2", "</body>",
         "<p>{% for a in brief.factbase.areas %}{% for f in a.facts %}{{ f.headline }} "
         "{% endfor %}{% endfor %}</p>\n</body>")
    project = Project(root=tmp_path)
    out = tmp_path / "out"
    build(project, out, [seed], ["press", "analyst"], Options(formats=("pdf",)))
    assert MINI_AMBER not in pdf_text(out / "mini-press.pdf")
    assert MINI_AMBER in pdf_text(out / "mini-analyst.pdf")
    assert problems(check(project, [seed], ["press"])) == []


# --------------------------------------------------------- release-check

CHANNEL = {"pdf": "page text", "docx": "word/document.xml"}  # where a leak in the body text is found

def test_the_seed_briefs_pass_the_release_check(seed_briefs, seed_inputs):
    """The check, on the files the session's build wrote (the bytes `briefgen release-check`
    renders in memory: the command's own run is test_the_release_check_needs_no_external_program's)."""
    fb = seed_inputs.factbases["eu-japan"]

    def checked(audience: str, files_of: str | None = None):
        files = {fmt: seed_briefs[(files_of or audience, fmt)].path.read_bytes() for fmt in ("pdf", "docx")}
        return check_files(seed_briefs[(audience, "pdf")].brief, fb, files)

    results = [checked(audience) for audience in AUDIENCES]
    assert problems(results) == []
    assert summary(results[AUDIENCES.index("press")]).startswith(
        "eu-japan-press: TLP:CLEAR (release TLP:CLEAR); 3 statement(s) withheld, none in the PDF")
    # the same check of the analyst's files as the press brief's finds the withheld facts they print
    leaks = problems([checked("press", files_of="analyst")])
    assert any(line.startswith("eu-japan-press.pdf: fact ") for line in leaks)
    assert any(line.startswith("eu-japan-press.docx: fact ") for line in leaks)


def test_release_check_catches_a_profile_that_quotes_a_withheld_fact(tmp_path):
    """Selection is right here (the Brief lacks the fact); the profile's own text leaks it.
    Only a check against the fact base, on the rendered files, can see that."""
    seed = make_project(tmp_path, MINI) / "seeds" / MINI.name
    edit(tmp_path / "audiences" / "press.yaml", "    label: Timeline\n",
         "    label: Timeline\n    intro: Between us, practical naval cooperation remains thin.\n")
    results = check(Project(root=tmp_path), [seed], ["press"])
    assert "mar-assessment" not in results[0].brief.fact_ids()
    expected = [
        f"mini-press.{fmt}: fact 'mar-assessment' is TLP:AMBER, above the 'press' audience's release level "
        f"TLP:CLEAR, but its text appears ({CHANNEL[fmt]}): \"practical naval cooperation remains thin\""
        for fmt in ("pdf", "docx")]
    assert problems(results) == expected
    # the command says the same and exits 1; the other audiences pass
    result = run_cli("--project", str(tmp_path), "release-check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audiences", "seeds", "templates"]


def _house_memo(root: Path) -> Path:
    """The new user's project, in small: the house's own memo, TLP:AMBER, published by the organisation
    the house's masthead and footer print in every brief."""
    seed = make_project(root, MINI) / "seeds" / MINI.name
    (root / "briefgen.toml").write_text('[house]\norganisation = "Nordic Council for Foreign Policy"\n',
                                        encoding="utf-8")
    edit(seed, "  organisation: briefgen tests\n", "")  # the house's, as the user's fact base
    edit(seed, "    title: Commentary on the treaty\n    publisher: A think tank\n",
         "    title: Ratification outlook for the treaty in the remaining states\n"
         "    publisher: Nordic Council for Foreign Policy\n    marking: TLP:AMBER\n")
    return seed


def test_a_restricted_source_by_the_house_itself_is_no_leak_of_its_masthead(tmp_path):
    """The publisher's name is printed for reasons of its own (here every page's footer): finding it
    is no evidence that the source shows. Before, every brief below TLP:AMBER was reported."""
    seed = _house_memo(tmp_path)
    project = Project(root=tmp_path)
    build(project, tmp_path / "out", [seed], ["press"], Options(formats=("pdf",)))
    assert "Nordic Council for Foreign Policy" in pdf_text(tmp_path / "out" / "mini-press.pdf")
    results = check(project, [seed])
    assert problems(results) == []
    press = next(r for r in results if r.brief.audience.name == "press")
    assert "src-commentary" in {w.id for w in press.withheld}


def test_a_restricted_source_s_title_is_still_a_leak(tmp_path):
    seed = _house_memo(tmp_path)
    edit(tmp_path / "audiences" / "press.yaml", "    label: Timeline\n",
         "    label: Timeline\n    intro: See our Ratification outlook for the treaty in the remaining states.\n")
    assert problems(check(Project(root=tmp_path), [seed], ["press"])) == [
        f"mini-press.{fmt}: source 'src-commentary' is TLP:AMBER, above the 'press' audience's release level "
        f"TLP:CLEAR, but its text appears ({CHANNEL[fmt]}): \"ratification outlook for the treaty in\""
        for fmt in ("pdf", "docx")]


def test_a_restricted_source_in_the_house_s_own_series_is_no_leak_of_its_masthead(tmp_path):
    """A new user's review: the house's own memo, in the house's series, was reported in every brief
    below its level, the match being the series that page 1 and every footer print. The house's
    series names the publisher's list, as its organisation does (above): no evidence that the source
    shows. Its title still is (next test)."""
    seed = _house_memo(tmp_path)
    (tmp_path / "briefgen.toml").write_text('[house]\norganisation = "Nordic Council for Foreign Policy"\n'
                                            'series = "Nordic Foreign Policy Papers and Analyses"\n',
                                            encoding="utf-8")
    edit(seed, "  series: Test series\n", "")  # the house's, as the user's fact base
    edit(seed, "    publisher: Nordic Council for Foreign Policy\n",
         "    publisher: Nordic Council for Foreign Policy\n    series: Nordic Foreign Policy Papers and Analyses\n")
    project = Project(root=tmp_path)
    build(project, tmp_path / "out", [seed], ["press"], Options(formats=("pdf",)))
    assert "Nordic Foreign Policy Papers and Analyses" in " ".join(pdf_text(tmp_path / "out" / "mini-press.pdf")
                                                                   .split())
    assert problems(check(project, [seed])) == []


def test_the_house_s_own_series_with_an_issue_number_is_no_leak_but_the_issue_is(tmp_path):
    """A code review: a restricted source in the house's series with its issue number
    ("Nordic Foreign Policy Papers and Analyses 3/2023") was reported as a leak of the series name,
    which page 1 and every footer print. The series name is no evidence, with or without a number;
    the number with it names one issue, the source itself: printed, that is a leak."""
    seed = _house_memo(tmp_path)
    (tmp_path / "briefgen.toml").write_text('[house]\norganisation = "Nordic Council for Foreign Policy"\n'
                                            'series = "Nordic Foreign Policy Papers and Analyses"\n',
                                            encoding="utf-8")
    edit(seed, "  series: Test series\n", "")
    house = "    publisher: Nordic Council for Foreign Policy\n"
    edit(seed, house, house + '    series: "Nordic Foreign Policy Papers and Analyses 3/2023"\n')
    project = Project(root=tmp_path)
    build(project, tmp_path / "out", [seed], ["press"], Options(formats=("pdf",)))
    assert "Nordic Foreign Policy Papers and Analyses" in " ".join(pdf_text(tmp_path / "out" / "mini-press.pdf")
                                                                   .split())
    assert problems(check(project, [seed])) == []
    edit(tmp_path / "audiences" / "press.yaml", "    label: Timeline\n",
         "    label: Timeline\n    intro: As Nordic Foreign Policy Papers and Analyses 3/2023 showed.\n")
    assert problems(check(Project(root=tmp_path), [seed], ["press"])) == [
        f"mini-press.{fmt}: source 'src-commentary' is TLP:AMBER, above the 'press' audience's release level "
        f"TLP:CLEAR, but its text appears ({CHANNEL[fmt]}): \"foreign policy papers and analyses 3\""
        for fmt in ("pdf", "docx")]


def test_a_restricted_source_s_series_of_another_name_is_still_a_leak(tmp_path):
    seed = _house_memo(tmp_path)
    house = "    publisher: Nordic Council for Foreign Policy\n"
    edit(seed, house, house + "    series: Confidential Notes on Northern Ratification Politics\n")
    edit(tmp_path / "audiences" / "press.yaml", "    label: Timeline\n",
         "    label: Timeline\n    intro: From our Confidential Notes on Northern Ratification Politics.\n")
    assert problems(check(Project(root=tmp_path), [seed], ["press"])) == [
        f"mini-press.{fmt}: source 'src-commentary' is TLP:AMBER, above the 'press' audience's release level "
        f"TLP:CLEAR, but its text appears ({CHANNEL[fmt]}): \"confidential notes on northern ratification politics\""
        for fmt in ("pdf", "docx")]


def test_release_check_catches_a_template_that_prints_what_it_should_not(tmp_path):
    seed = make_project(tmp_path, MINI) / "seeds" / MINI.name
    edit(tmp_path / "templates" / "brief.html.j2", "</body>",
         "{% if audience.name == 'business' %}<p>Off the record: Practical naval\n"
         "cooperation remains thin.</p>{% endif %}\n</body>")
    results = check(Project(root=tmp_path), [seed])
    assert problems(results) == [
        f"mini-business.{fmt}: fact 'mar-assessment' is TLP:AMBER, above the 'business' audience's release "
        f"level TLP:GREEN, but its text appears ({CHANNEL[fmt]}): \"practical naval cooperation remains thin\""
        for fmt in ("pdf", "docx")]


def test_release_check_catches_a_missing_banner(tmp_path):
    seed = make_project(tmp_path, MINI) / "seeds" / MINI.name
    edit(tmp_path / "templates" / "brief.html.j2",
         '<div class="running-footer"><span class="{{ brief.marking | marking_class }} marking">'
         '{{ brief.marking }}</span></div>',
         '<div class="running-footer"><span class="marking">{{ brief.marking if audience.name != "press" '
         'else "" }}</span></div>')
    found = problems(check(Project(root=tmp_path), [seed], ["press"]))
    assert "mini-press.docx footer: the marking banner TLP:CLEAR is missing" in found
    assert "mini-press.pdf page 1 footer: the marking banner TLP:CLEAR is missing" in found


def test_release_check_cli_exits_1_naming_fact_audience_and_file(tmp_path):
    """A fact base whose own subtitle quotes its restricted statement: printed in every brief."""
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(MINI.read_text(encoding="utf-8").replace(
        "subtitle: A fact base small enough to read in a test",
        "subtitle: Practical naval cooperation remains thin"), encoding="utf-8")
    result = run_cli("release-check", str(leaky), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = [f"leaky-{aud}.{fmt}: fact 'mar-assessment' is TLP:AMBER, above the '{aud}' audience's "
                f"release level {level}, but its text appears ({CHANNEL[fmt]}): "
                f"\"practical naval cooperation remains thin\""
                for aud, level in (("business", "TLP:GREEN"), ("press", "TLP:CLEAR"), ("security", "TLP:GREEN"))
                for fmt in ("pdf", "docx")]
    assert result.stderr.splitlines() == expected
    assert list(tmp_path.iterdir()) == [leaky]  # in memory: nothing written


def test_a_fact_base_with_its_own_scheme(tmp_path):
    """PUBLIC < INTERNAL < RESTRICTED instead of TLP: the same guarantees, its own banner."""
    text = MINI.read_text(encoding="utf-8").replace(
        "  stale_after_days: 730\n", "  stale_after_days: 730\n  marking_scheme: [PUBLIC, INTERNAL, RESTRICTED]\n")
    seed = make_project(tmp_path, MINI, text.replace("marking: TLP:AMBER", "marking: INTERNAL")) / "seeds" / MINI.name
    levels = {"TLP:CLEAR": "PUBLIC", "TLP:GREEN": "PUBLIC", "TLP:AMBER": "INTERNAL", "TLP:RED": "RESTRICTED"}
    for profile in (tmp_path / "audiences").glob("*.yaml"):
        body = profile.read_text(encoding="utf-8")
        body = re.sub(r"^(release|marked_at_least): (\S+)$", lambda m: f"{m[1]}: {levels[m[2]]}", body, flags=re.M)
        profile.write_text(body, encoding="utf-8")
    project = Project(root=tmp_path)
    results = {r.brief.audience.name: r for r in check(project, [seed])}
    assert problems(list(results.values())) == []
    assert {name: r.brief.marking for name, r in results.items()} == {
        "analyst": "INTERNAL", "business": "PUBLIC", "policymaker": "RESTRICTED", "press": "PUBLIC",
        "security": "PUBLIC"}
    # the banner is the highest marking the brief holds, not its level (the policymaker gets no area
    # facts), or the profile's marked_at_least where it sets one: the minister's brief is RESTRICTED
    assert sorted({w.id for w in results["press"].withheld}) == ["mar-assessment"]
    out = tmp_path / "out"
    build(project, out, [seed], ["analyst", "press"], Options(formats=("pdf",)))
    assert "(INTERNAL) Practical naval cooperation remains thin." in pdf_text(out / "mini-analyst.pdf")
    assert shows(pdf_text(out / "mini-press.pdf"), MINI_AMBER) is None
    for page in range(1, pdf_pages(out / "mini-analyst.pdf") + 1):
        assert "INTERNAL" in page_band(out / "mini-analyst.pdf", page, "footer").split()


@pytest.mark.parametrize("scheme, release, reach, allowed", [
    ("", "TLP:AMBER", "public", "TLP:CLEAR"),  # the press profile set to AMBER by mistake
    ("", "TLP:RED", "organisation", "TLP:AMBER+STRICT"),
    ("  marking_scheme: [PUBLIC, INTERNAL, RESTRICTED]\n"
     "  marking_reach: {PUBLIC: public, INTERNAL: organisation, RESTRICTED: named}\n",
     "INTERNAL", "public", "PUBLIC"),
])
def test_a_release_level_above_the_profiles_reach_is_refused(tmp_path, scheme, release, reach, allowed):
    """The deliberately wrong profile: its release level says more than who it reaches may read.
    Refused wherever the profile is read, before anything is rendered."""
    text = MINI.read_text(encoding="utf-8").replace("  stale_after_days: 730\n", "  stale_after_days: 730\n" + scheme)
    if scheme:
        text = text.replace("marking: TLP:AMBER", "marking: INTERNAL")
    seed = make_project(tmp_path, MINI, text) / "seeds" / MINI.name
    press = tmp_path / "audiences" / "press.yaml"
    body = re.sub(r"^release: .*$", f"release: {release}", press.read_text(encoding="utf-8"), flags=re.M)
    press.write_text(re.sub(r"^reach: .*$", f"reach: {reach}", body, flags=re.M), encoding="utf-8")
    for name in ("analyst", "business", "policymaker", "security"):  # only press is under test: the
        other = tmp_path / "audiences" / f"{name}.yaml"  # others (the project's own, overriding briefgen's) are fine
        body = re.sub(r"^(release|marked_at_least): .*$", rf"\1: {allowed}", other.read_text(encoding="utf-8"),
                      flags=re.M)
        other.write_text(re.sub(r"^reach: .*$", f"reach: {reach}", body, flags=re.M), encoding="utf-8")
    line = next(i for i, text in enumerate(press.read_text().splitlines(), 1) if text.startswith("release:"))
    expected = [f"audiences/press.yaml:{line}:10: release: release {release} is above what a '{reach}' "
                f"audience may receive (at most {allowed}); lower release or correct reach"]
    for command in (["validate", str(seed)], ["release-check", str(seed)],
                    ["build", str(seed), "--out", str(tmp_path / "out")]):
        result = run_cli("--project", str(tmp_path), *command, cwd=tmp_path)
        assert result.returncode == 2, command
        assert result.stderr.splitlines() == expected, command
    assert not (tmp_path / "out").exists()


def test_a_fact_base_with_its_own_scheme_and_briefgen_s_profiles_is_told_to_name_its_levels(tmp_path):
    """briefgen's default profiles release up to TLP levels. A fact base with its own scheme cannot
    use them, and the user cannot edit briefgen's files: each profile's line says to name the scheme
    and the profile's level once, in briefgen.toml's [markings] (test_house_markings.py), or to copy it
    into the project's audiences/ and set its release to a level of that scheme."""
    text = MINI.read_text(encoding="utf-8").replace(
        "  stale_after_days: 730\n", "  stale_after_days: 730\n  marking_scheme: [PUBLIC, INTERNAL, RESTRICTED]\n"
    ).replace("marking: TLP:AMBER", "marking: INTERNAL")
    seed = make_project(tmp_path, MINI, text) / "seeds" / MINI.name
    shutil.rmtree(tmp_path / "audiences")  # the project has none of its own: briefgen's apply
    result = run_cli("--project", str(tmp_path), "validate", str(seed), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 5, lines
    for line, name in zip(lines, ("analyst", "business", "policymaker", "press", "security"), strict=True):
        assert re.search(rf"/audiences/{name}\.yaml:\d+:\d+: release: briefgen's default '{name}' profile "
                         r"releases up to TLP:[A-Z+]+, not a level of mini\.yaml's marking_scheme \(PUBLIC, "
                         r"INTERNAL, RESTRICTED\): name scheme = \[\"PUBLIC\", \"INTERNAL\", \"RESTRICTED\"\] "
                         r"\(out of the fact "
                         rf"base's meta\) and release = {{ {name} = \"...\" }} in briefgen.toml, under \[markings\] "
                         r"\(or copy this file into the project's audiences/ and set it there\)", line), line
        # what it says to write is TOML, as copied into briefgen.toml
        scheme = re.search(r"name (scheme = \[.*?\])", line).group(1)
        assert tomllib.loads(scheme) == {"scheme": ["PUBLIC", "INTERNAL", "RESTRICTED"]}, scheme
