"""briefgen as a tool in a team's own folder, on any topic.

The second topic (tests/topics/eu-korea: EU–Republic of Korea, with Hangul and
Hanja in its facts, a 196-character title and a 118-character organisation
name) is built with briefgen's default profiles and read back as a reader's
tools see it: its headings, its fonts, where its footer's words sit.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import docx
import jsonschema
import pikepdf
import pytest
import yaml
from conftest import (
    AUDIENCES,
    FIXTURES,
    ROOT,
    SEED,
    bad_input,
    empty_above_notes,
    normalise,
    pdf_pages,
    pdf_text,
    run_cli,
    soffice,
    squeeze,
)

from briefgen.config import DEFAULT_ACCENT, tint
from briefgen.project import Project
from briefgen.schema import as_json, schemas

TOPIC = ROOT / "tests" / "topics" / "eu-korea"
KOREA = TOPIC / "seeds" / "eu-korea.yaml"
MM = 72 / 25.4  # PDF points per millimetre
A4_HEIGHT = 297 * MM  # the briefs' paper (brief.css: @page size A4)


@pytest.fixture(scope="session")
def korea(once):
    """Every brief of the second topic, built by the command line in the topic's own folder (in this
    process, tests/inprocess.py: what is tested is the topic, not the process)."""
    def make(out: Path):
        return run_cli("build", "--out", str(out), "--jobs", "2", cwd=TOPIC), out
    return once("korea", make)


# ------------------------------------------------------------ the second topic

def test_the_second_topic_builds_with_the_default_profiles(korea):
    result, out = korea
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        f"eu-korea-{a}.{f}" for a in AUDIENCES for f in ("pdf", "docx"))


def test_a_lead_theme_the_topic_lacks_is_a_warning_naming_both_files(korea):
    result, out = korea
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "leads with" in line]
    assert any(line.endswith("policymaker leads with 'global-commons', which eu-korea.yaml does not declare")
               and "policymaker.yaml:" in line for line in warnings), result.stderr
    # the fact base sets the security brief's lead themes for itself: no warning for that profile
    assert not [line for line in warnings if "security leads with" in line]
    assert "Bottom line" in pdf_text(out / "eu-korea-policymaker.pdf", 1)


def _headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]


def test_no_label_names_another_topic(korea, seed_briefs):
    _, out = korea
    for audience in AUDIENCES:
        korean = _headings(out / f"eu-korea-{audience}.docx")
        assert korean and not [h for h in korean if "Japan" in h], audience
        japanese = _headings(seed_briefs[(audience, "docx")].path)
        assert not [h for h in japanese if "Korea" in h], audience
    # the fact base's own label for one profile wins over the profile's, and takes the
    # topic's words from the fact base
    assert "What the EU and the Republic of Korea do together" in _headings(out / "eu-korea-analyst.docx")
    assert "What the EU and the Republic of Korea do together" in pdf_text(out / "eu-korea-analyst.pdf")
    assert "Areas of cooperation" in _headings(seed_briefs[("analyst", "docx")].path)


def test_briefgen_s_own_labels_read_for_any_topic(korea, seed_briefs):
    """Review 25 (item 4): a topic of one actor (the EU's critical raw materials) printed "Drivers of
    convergence", "Areas of cooperation", "Market access and supply chains" and "Security cooperation":
    briefgen's profiles assumed a two-party partnership. Their labels now say what a section holds
    whatever the topic; the sample, a partnership, names its own (meta profiles: labels), as before."""
    from briefgen.defaults import folder

    partnership = ("cooperation", "convergence", "partner", "market access", "together")
    for path in sorted(folder("audiences").glob("*.yaml")):
        labels = [s["label"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sections"]]
        assert not [label for label in labels if any(word in label.lower() for word in partnership)], path.name
    _, out = korea  # a topic that names no label of the business profile's prints briefgen's
    assert "Where business is affected" in _headings(out / "eu-korea-business.docx")
    for audience, label in [("analyst", "Drivers of convergence"), ("analyst", "Areas of cooperation"),
                            ("business", "Market access and supply chains"), ("security", "Security cooperation")]:
        assert label in _headings(seed_briefs[(audience, "docx")].path), (audience, label)


def _to_unicode(font) -> dict[int, str]:
    """Glyph id -> text, from a font's ToUnicode CMap (WeasyPrint writes bfchar entries)."""
    data = font.ToUnicode.read_bytes().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for cid, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(cid, 16)] = bytes.fromhex(text).decode("utf-16-be") if text else ""
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for i, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[cid] = chr(first + i)
    return mapping


def drawn_characters(path: Path) -> tuple[set[str], set[str]]:
    """(characters drawn with a real glyph of an embedded font, characters drawn with .notdef)."""
    real, boxes = set(), set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {})
            for _, font in fonts.items():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                    f"{path.name}: font {font.BaseFont} is not embedded"
                for cid, text in _to_unicode(font).items():
                    (boxes if cid == 0 else real).update(text)
    return real, boxes


def test_every_character_has_a_glyph_in_an_embedded_font(korea):
    _, out = korea
    for audience in AUDIENCES:
        pdf = out / f"eu-korea-{audience}.pdf"
        real, boxes = drawn_characters(pdf)
        assert not boxes, f"{pdf.name}: drawn as an empty box: {sorted(boxes)}"
        text = set(pdf_text(pdf).replace(" ", ""))
        assert text <= real, f"{pdf.name}: no embedded glyph for {sorted(text - real)}"
        assert {"대", "한", "민", "국", "韓"} <= text  # the title's Hangul and Hanja are printed


def test_word_draft_names_an_east_asian_font_and_carries_the_hangul(korea):
    _, out = korea
    draft = docx.Document(str(out / "eu-korea-analyst.docx"))
    defaults = draft.styles.element.find(docx.oxml.ns.qn("w:docDefaults"))
    fonts = defaults.find(".//" + docx.oxml.ns.qn("w:rFonts"))
    # its Hangul names Korean's family, not the default Japanese one (test_east_asian.py)
    assert fonts.get(docx.oxml.ns.qn("w:eastAsia")) == "Noto Sans CJK KR"
    assert "대한민국은 민주공화국이다" in "\n".join(p.text for p in draft.paragraphs)


def footer_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, the word boxes (xmin, ymin, xmax, ymax, word) in the bottom margin, in points."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = []
    for page in re.findall(r"<page width=\"[\d.]+\" height=\"([\d.]+)\">(.*?)</page>", html, re.S):
        height, body = float(page[0]), page[1]
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)]
        pages.append([w for w in words if w[1] > height - 19 * MM])
    return pages


def overlaps(words) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5:
                out.append((a[4], b[4]))
    return out


def korea_marking(audience: str) -> str:
    """Each EU-Korea brief's marking: its facts are all TLP:CLEAR, and the default profiles that set
    marked_at_least (the minister's, and the community briefs) mark their briefs no lower."""
    return {"policymaker": "TLP:RED", "security": "TLP:GREEN", "business": "TLP:GREEN"}.get(audience, "TLP:CLEAR")


def test_the_footer_words_never_overlap(korea):
    _, out = korea
    for audience in AUDIENCES:
        pdf = out / f"eu-korea-{audience}.pdf"
        for number, words in enumerate(footer_words(pdf), 1):
            text = " ".join(w[4] for w in words)
            assert "Institute" in text and korea_marking(audience) in text, (pdf.name, number, text)
            assert re.search(rf"\b{number} / \d+", text), (pdf.name, number, text)
            assert overlaps(words) == [], (pdf.name, number)
            # the name's three lines and the series: all of it above the paper's edge, 3 mm clear of it
            assert max(w[3] for w in words) < A4_HEIGHT - 3 * MM, (pdf.name, number, text)


def test_no_note_starts_with_its_number_alone_on_a_line(korea):
    """As test_note_calls' check on the EU–Japan briefs: each note's number and its first words on one line."""
    from test_note_calls import stranded_note_starts

    _, out = korea
    assert {a: stranded_note_starts(out / f"eu-korea-{a}.pdf") for a in AUDIENCES} == {a: [] for a in AUDIENCES}


def test_a_citation_gives_its_date_once_and_an_undated_source_n_d(korea):
    """As test_citations' check on the EU–Japan briefs, for the second topic: '대한민국헌법 (Constitution of the
    Republic of Korea), as amended on 29 October 1987”, 29 October 1987' gave its date twice."""
    from test_pdf import full_citation, repeated_date

    from briefgen.project import load_factbase
    from briefgen.render.dates import gives_date

    _, out = korea
    fb, _ = load_factbase(TOPIC / "seeds" / "eu-korea.yaml")
    text = squeeze(pdf_text(out / "eu-korea-analyst.pdf"))
    listed = [s for s in fb.sources if squeeze(f"{s.publisher}, “{s.title}”") in text]
    assert any(s.id == "src-constitution" for s in listed) and any(not s.date for s in listed)
    assert [s.id for s in listed if squeeze(full_citation(s)) not in text] == []
    assert [s.id for s in listed if s.date and gives_date(s.title, s.date) and squeeze(repeated_date(s)) in text] == []


def test_the_house_identity_comes_from_briefgen_toml(korea):
    _, out = korea
    house = tomllib.loads((TOPIC / "briefgen.toml").read_text())["house"]
    page1 = pdf_text(out / "eu-korea-press.pdf", 1)
    assert normalise(house["organisation"]) in page1 and house["series"] in page1
    # a long name wraps in the masthead, but the separator stays with the name it follows
    lines = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", str(out / "eu-korea-press.pdf"), "-"],
                           check=True, capture_output=True, text=True).stdout.splitlines()
    assert not [line for line in lines if line.startswith("·")], lines[:8]
    # the SVG logo's red (#c60c30, in no other part of the brief) is drawn at the top of page 1
    import pypdfium2
    page = pypdfium2.PdfDocument(str(out / "eu-korea-press.pdf"))[0]
    image = page.render(scale=1).to_pil().convert("RGB")
    top = image.crop((0, 0, image.width, image.height // 6))
    red = sum(1 for r, g, b in top.get_flattened_data() if abs(r - 198) < 12 and g < 40 and abs(b - 48) < 20)
    assert red > 50
    draft = docx.Document(str(out / "eu-korea-press.docx"))
    header = draft.sections[0].header._element
    assert header.xpath(".//a:blip")  # the logo, rasterised for Word
    # and on page 1, whose own header carries the marking alone otherwise: the PDF's masthead opens
    # with the logo, and the draft's page 1 had none (its header was made after the logo went in)
    assert draft.sections[0].first_page_header._element.xpath(".//a:blip")
    heading = draft.styles["Heading 1"].element
    assert heading.xpath(".//w:color/@w:val")[0] == house["accent"].lstrip("#").upper()


def test_the_takeaways_and_title_take_the_house_accent_not_the_default_navy(korea):
    """The takeaways' box and the title take the accent's hue (#7a1f3d: a pale rose, a dark
    maroon), in the PDF and in the Word draft's styles, and none of the default navy's is left."""
    _, out = korea
    house = tomllib.loads((TOPIC / "briefgen.toml").read_text())["house"]
    rose = tint(house["accent"])
    assert rose == "#f5e8ec" and tint(DEFAULT_ACCENT) == "#e8eef5"
    import pypdfium2

    page = pypdfium2.PdfDocument(str(out / "eu-korea-press.pdf"))[0]
    pixels = list(page.render(scale=1).to_pil().convert("RGB").get_flattened_data())
    count = {colour: sum(1 for p in pixels if p == tuple(bytes.fromhex(colour[1:]))) for colour in (rose, "#e8eef5")}
    assert count[rose] > 10_000 and count["#e8eef5"] == 0, count
    # the title in a dark shade of the accent, not the default's dark navy
    dark = tint(house["accent"], "#0d2a4a")
    assert dark == "#4a0d21"
    title = {colour: sum(1 for p in pixels if p == tuple(bytes.fromhex(colour[1:]))) for colour in (dark, "#0d2a4a")}
    assert title[dark] > 500 and title["#0d2a4a"] == 0, title
    draft = docx.Document(str(out / "eu-korea-press.docx"))
    fills = {style.name: style.element.xpath(".//w:shd/@w:fill") for style in draft.styles
             if style.element.xpath(".//w:shd/@w:fill")}
    # (the recommendations keep their gold: what the reader should act on, whatever the house)
    assert fills["Key Takeaway"] == [rose[1:].upper()] and "E8EEF5" not in str(fills), fills
    assert draft.styles["Title"].element.xpath(".//w:color/@w:val") == [dark[1:].upper()]


# ------------------------------------------------------------ a new project

def test_new_writes_a_project_that_builds(tmp_path):
    made = run_cli("new", "policy-unit", "--organisation", "Policy Unit", "--author", "A. Analyst", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "policy-unit"
    config = tomllib.loads((root / "briefgen.toml").read_text())
    assert config["house"]["organisation"] == "Policy Unit" and config["house"]["authors"] == ["A. Analyst"]
    example = (root / "seeds" / "example.yaml").read_text()
    assert example.splitlines()[0] == "# yaml-language-server: $schema=../schemas/factbase.schema.json"
    assert (root / "schemas" / "factbase.schema.json").is_file()
    assert (root / ".gitignore").read_text().splitlines()[-1] == "briefs/"
    checked = run_cli("validate", "seeds/example.yaml", cwd=root)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    built = run_cli("build", "--audience", "press", "--format", "pdf", cwd=root / "seeds")  # found upward
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (root / "briefs").iterdir() if not p.name.startswith(".")) == [
        "example-press.pdf"]
    assert "Policy Unit" in pdf_text(root / "briefs" / "example-press.pdf", 1)
    again = run_cli("new", "policy-unit", cwd=tmp_path)
    assert again.returncode == 2 and len(again.stderr.splitlines()) == 1
    assert "already a briefgen project" in again.stderr


def test_without_a_project_or_a_fact_base_build_says_what_is_missing(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("build", cwd=empty)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "no briefgen.toml" in result.stderr and "briefgen new" in result.stderr
    assert list(empty.iterdir()) == []
    (empty / "briefgen.toml").write_text("[house]\norganisation = \"Desk\"\n")
    result = run_cli("build", cwd=empty)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("seeds: no fact base")
    assert sorted(p.name for p in empty.iterdir()) == ["briefgen.toml"]
    assert "--project DIR" in run_cli("--help", cwd=empty).stdout


def test_outside_a_project_a_fact_base_given_with_out_builds_with_briefgen_s_defaults(tmp_path):
    (tmp_path / "templates").mkdir()  # a folder of that name here is not a project's: never read
    (tmp_path / "templates" / "brief.css").write_text("body { color: red }")
    alone = run_cli("build", str(KOREA), "-a", "press", "-f", "pdf", cwd=tmp_path)
    assert alone.returncode == 2 and "no briefgen.toml" in alone.stderr  # where would it write?
    built = run_cli("build", str(KOREA), "-a", "press", "-f", "pdf", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "templates"]
    assert "EU–Republic of Korea partnership" in pdf_text(tmp_path / "out" / "eu-korea-press.pdf")


def test_a_project_overrides_profiles_and_templates_file_by_file(tmp_path):
    root = tmp_path / "desk"
    assert run_cli("new", str(root), cwd=tmp_path).returncode == 0
    (root / "audiences").mkdir()
    press = (ROOT / "audiences" / "press.yaml").read_text().replace("title: Press backgrounder",
                                                                     "title: Newsroom note")
    (root / "audiences" / "press.yaml").write_text(press)
    (root / "audiences" / "desk.yaml").write_text(press.replace("name: press", "name: desk")
                                                  .replace("Newsroom note", "Desk note"))
    (root / "templates").mkdir()
    (root / "templates" / "brief.html.j2").write_text(  # it still imports briefgen's macros.html.j2
        (ROOT / "templates" / "brief.html.j2").read_text().replace("<body", '<body data-desk="1"', 1))
    listed = run_cli("audiences", cwd=root)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^desk\b", listed.stdout, re.M) and re.search(r"^analyst\b", listed.stdout, re.M)
    built = run_cli("build", "-a", "press", "-a", "desk", "-f", "pdf", cwd=root)
    assert built.returncode == 0, built.stderr
    assert "Newsroom note" in pdf_text(root / "briefs" / "example-press.pdf", 1)
    assert "Desk note" in pdf_text(root / "briefs" / "example-desk.pdf", 1)
    from briefgen.pipeline import load_inputs, make_brief
    from briefgen.render.html import render_html
    project = Project(root)
    inputs = load_inputs(project, None, ["press"])
    brief = make_brief(inputs.factbases["example"], inputs.audiences["press"], "example-press", project.templates)
    assert 'data-desk="1"' in render_html(brief, project.templates)  # the project's page, briefgen's macros


def test_a_character_no_font_draws_is_an_error_naming_fact_character_and_code_point(tmp_path):
    """In a fact, and in a source or a framework (review: a source's title printed tofu boxes in the
    sources list and the notes, and validate said nothing): every printed field is checked."""
    root = tmp_path / "glyphs"
    RUNE = "\u16a0"  # noqa: N806 - DejaVu Sans, Lato and Noto Sans CJK have no runes
    assert run_cli("new", str(root), cwd=tmp_path).returncode == 0
    example = root / "seeds" / "example.yaml"
    example.write_text(example.read_text().replace(
        'headline: "The EU–Korea free trade agreement was',
        'headline: "\U00013000 The EU–Korea free trade agreement was').replace(
        'Korea Digital Partnership"', f'Korea Digital Partnership {RUNE}"'))
    fonts = ("fonts: Lato, DejaVu Sans, Noto Sans CJK JP (install a font that has it, or name one in "
             "briefgen.toml's typeface)")
    for command in (["validate", "seeds/example.yaml"], ["build", "-f", "pdf", "-a", "press"]):
        result = run_cli(*command, cwd=root)
        assert result.returncode == 2, command
        assert result.stderr.splitlines() == [
            f"seeds/example.yaml:{_line(example, 'Korea Digital Partnership ' + RUNE)}:12: sources[3].title: "
            f"no font of the brief can draw '{RUNE}' (U+16A0 RUNIC LETTER FEHU FEOH FE F) in source 'src-digital'; "
            + fonts,
            f"seeds/example.yaml:{_line(example, 'The EU–Korea free trade agreement was')}:15: drivers[0].headline: "
            "no font of the brief can draw '\U00013000' (U+13000 EGYPTIAN HIEROGLYPH A001) in fact 'dr-first-asian'; "
            + fonts,  # and a framework's (its name was not checked either)
            f"seeds/example.yaml:{_line(example, 'EU–Korea Digital Partnership ' + RUNE)}:11: frameworks[1].name: "
            f"no font of the brief can draw '{RUNE}' (U+16A0 RUNIC LETTER FEHU FEOH FE F) in fact 'fw-digital'; "
            + fonts], command
    assert not (root / "briefs").exists()


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# ------------------------------------------------------------ JSON Schema

FACT_BASES = [SEED, KOREA, FIXTURES / "mini.yaml", ROOT / "briefgen" / "defaults" / "example.yaml"]
PROFILES = sorted((ROOT / "audiences").glob("*.yaml"))
# the bad-input corpus' cases a schema can see (the rest are cross-references,
# YAML syntax or limits, which only briefgen validate checks)
SCHEMA_CASES = [
    "factbase/missing-headline.yaml", "factbase/missing-road-ahead.yaml", "factbase/framework-kind-unknown.yaml",
    "factbase/priority-out-of-range.yaml", "factbase/top-level-list.yaml", "factbase/type-bool-for-text.yaml",
    "factbase/type-int-expected.yaml", "factbase/type-list-expected.yaml", "factbase/type-mapping-for-text.yaml",
    "factbase/unknown-key-typo.yaml", "factbase/unknown-key-unlike.yaml", "factbase/date-words.yaml",
    "factbase/date-with-time.yaml", "factbase/url-without-scheme.yaml", "factbase/url-not-web.yaml",
    "factbase/language-name.yaml", "factbase/language-underscore.yaml",
    "audience/budget-too-small.yaml", "audience/missing-budget.yaml", "audience/sections-not-list.yaml",
    "audience/source-notes-unknown.yaml", "audience/unknown-key.yaml", "audience/unknown-section.yaml",
]


def validator(name: str):
    schema = schemas()[name]
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("path", FACT_BASES, ids=lambda p: p.name)
def test_the_schema_accepts_every_shipped_fact_base(path):
    errors = list(validator("factbase.schema.json").iter_errors(as_json(yaml.safe_load(path.read_text()))))
    assert errors == []


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_the_schema_accepts_every_shipped_profile(path):
    assert list(validator("profile.schema.json").iter_errors(as_json(yaml.safe_load(path.read_text())))) == []


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_the_schema_rejects_the_schema_level_bad_inputs(case):
    name = "factbase.schema.json" if case.startswith("factbase/") else "profile.schema.json"
    data = as_json(yaml.safe_load(bad_input(case)))
    assert list(validator(name).iter_errors(data)), case


def test_every_field_of_the_schemas_has_a_description():
    for name, schema in schemas().items():
        for owner, definition in [("", schema), *schema.get("$defs", {}).items()]:
            for field, spec in definition.get("properties", {}).items():
                assert spec.get("description"), f"{name}: {owner}.{field} has no description"


def test_schema_command_writes_both_schemas(tmp_path):
    result = run_cli("schema", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["factbase.schema.json", "profile.schema.json"]


# ------------------------------------------------------------ installed from a wheel

def test_the_wheel_installed_not_editable_builds_a_new_project(tmp_path):
    """Build the wheel, install it (not editable) into a fresh venv, then `briefgen new` and
    `briefgen build` in a temporary folder. The fresh venv borrows the test venv's
    third-party packages through a path file (no download), never its briefgen."""
    # from a copy of the sources, so that no build/ folder left in the checkout feeds the wheel
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "briefs", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache"))
    dist = tmp_path / "dist"
    # with this venv's setuptools (the test extra), the backend pyproject.toml's build-system names
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(source)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("briefgen-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    ours = [p for p in sys.path if p.endswith("site-packages")][0]
    (site / "borrowed-dependencies.pth").write_text(ours + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    briefgen = venv / "bin" / "briefgen"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import briefgen.defaults as d; print(d.folder('templates'))"],
                           cwd=tmp_path, check=True, capture_output=True, text=True, env=env).stdout.strip()
    assert Path(where).is_relative_to(site)  # package data, installed with the wheel
    work = tmp_path / "work"
    work.mkdir()
    made = subprocess.run([str(briefgen), "new", "team"], cwd=work, capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr
    built = subprocess.run([str(briefgen), "build", "--jobs", "2"], cwd=work / "team", capture_output=True,
                           text=True, env=env, timeout=900)
    assert built.returncode == 0, built.stderr
    briefs = sorted(p.name for p in (work / "team" / "briefs").iterdir() if not p.name.startswith("."))
    assert briefs == sorted(f"example-{a}.{f}" for a in AUDIENCES for f in ("pdf", "docx"))
    assert "Team" in pdf_text(work / "team" / "briefs" / "example-analyst.pdf", 1)
    assert not [p for p in site.rglob("briefs")]  # nothing written inside the installation
    nothing = subprocess.run([str(briefgen), "build"], cwd=work, capture_output=True, text=True, env=env)
    assert nothing.returncode == 2 and len(nothing.stderr.splitlines()) == 1


def test_the_word_draft_prints_hangul_with_real_glyphs_and_its_header_and_footer_apart(korea, office_profile,
                                                                                         tmp_path):
    """LibreOffice, as an editor's word processor, lays the Word draft out: the Hangul is
    drawn with a real glyph of an embedded font, and no two words of the page header or
    footer sit on each other, with the 196-character title and the long organisation."""

    _, out = korea
    soffice([out / "eu-korea-analyst.docx"], tmp_path / "pdf", office_profile)
    pdf = tmp_path / "pdf" / "eu-korea-analyst.pdf"
    real, boxes = drawn_characters(pdf)
    assert {"대", "한", "민", "국", "韓"} <= real and not boxes & {"대", "한", "민", "국", "韓"}
    # a quote after Hangul is the Latin text's narrow one: set full-width, the Constitution's words
    # read "‘대한민국은 민주공화국이다’ : the" (the word with the quote and colon ran 9 pt past its
    # seven syllables, each as wide as one of the word before's five; 2.4 pt now)
    words = dict((w, float(b) - float(a)) for a, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout))
    syllable = words["‘대한민국은"] / 5
    assert words["민주공화국이다’:"] - 7 * syllable < syllable / 2, (words["민주공화국이다’:"], syllable)
    # and a Hangul word is whole at a line's end: tagged English, the title broke it ("Korea (대 / 한민국,")
    assert "(대한민국, 大韓民國)" in pdf_text(pdf, 1)
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    for height, body in re.findall(r"<page width=\"[\d.]+\" height=\"([\d.]+)\">(.*?)</page>", html, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)]
        bands = [w for w in words if w[1] < 22 * MM or w[1] > float(height) - 20 * MM]
        assert overlaps(bands) == []


def test_a_typeface_given_as_font_files_in_the_project_is_embedded(tmp_path):
    root = tmp_path / "house"
    assert run_cli("new", str(root), cwd=tmp_path).returncode == 0
    (root / "fonts").mkdir()
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", root / "fonts" / "HouseSerif-Regular.ttf")
    with (root / "briefgen.toml").open("a") as config:
        config.write('typeface = "House Serif"\nfont_files = ["fonts/HouseSerif-Regular.ttf"]\n')
    built = run_cli("build", "-a", "press", "-f", "pdf", cwd=root)
    assert built.returncode == 0, built.stderr
    fonts = subprocess.run(["pdffonts", str(root / "briefs" / "example-press.pdf")], check=True,
                           capture_output=True, text=True).stdout
    faces = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
    assert faces and all(face.startswith("House-Serif") for face in faces), fonts
    # a font file outside the project, or missing, is refused with its line of briefgen.toml
    (root / "briefgen.toml").write_text((root / "briefgen.toml").read_text().replace(
        "fonts/HouseSerif-Regular.ttf", "../elsewhere.ttf"))
    refused = run_cli("validate", "seeds/example.yaml", cwd=root)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"briefgen.toml:{_line(root / 'briefgen.toml', 'elsewhere.ttf')}:1: house.font_files[0]: "
        "../elsewhere.ttf is outside the project"]


def test_each_brief_of_the_second_topic_opens_for_its_reader(korea):
    """The analyst's key takeaways, the business brief's 'What it means for business', the press
    'In brief' and the Minister's bottom line were the same three sentences ('Trade came first: …'):
    four briefs opened alike. Each opening box now holds what its reader came for (audiences: on
    the takeaways, and the messages: the Minister's purpose and decision, the security community's
    judgements with their confidence), and no sentence of one opens another."""
    _, out = korea
    opening = {}
    for audience in ("analyst", "business", "policymaker", "press"):
        draft = docx.Document(str(out / f"eu-korea-{audience}.docx"))
        opening[audience] = {p.text for p in draft.paragraphs if p.style.name == "Key Takeaway"}
        assert len(opening[audience]) == 3, (audience, opening[audience])
    for a in opening:
        for b in opening:
            assert a == b or not opening[a] & opening[b], (a, b, opening[a] & opening[b])
    assert "Almost all customs duties" in pdf_text(out / "eu-korea-business.pdf", 1)
    # the security brief opened on its drivers, with no judgement; the Minister's on the bottom line,
    # with no purpose or decision
    security = pdf_text(out / "eu-korea-security.pdf", 1)
    assert security.index("Key judgements") < security.index("Threat picture") and "High confidence." in security
    minister = pdf_text(out / "eu-korea-policymaker.pdf", 1)
    assert minister.index("Purpose") < minister.index("Decision asked") < minister.index("Bottom line")


def test_a_timeline_entry_says_what_happened_that_day(korea):
    """The press timeline read "1. 10 May 2010 The Framework Agreement is the legal basis of political
    dialogue …" and "2. 6 October 2010 The agreement removed almost all customs duties …": a
    framework's headline, which says what it is, stood for the day it was signed. Each signing is
    a milestone of its own (frameworks: on the milestone), so the entry tells the event."""
    _, out = korea
    text = " ".join(pdf_text(out / "eu-korea-press.pdf").split())
    frameworks = yaml.safe_load(KOREA.read_text())["frameworks"]
    for fw in frameworks:
        assert not re.search(r"\d{4} " + re.escape(fw["headline"][:40]), text), fw["id"]
    assert "A · 10 May 2010 The EU and Korea sign the Framework Agreement" in text
    assert "B · 6 October 2010 The EU and Korea sign the free trade agreement." in text


def test_a_list_of_one_item_stays_with_its_section(korea):
    """The business brief's digital section ended on a one-item milestones list: its item, first
    and last at once, was kept with what followed (li:first-child), which took 'The rules that
    apply' with it, so page 2 opened on 'Milestones / 17 December 2021 …' under a page 1 left a
    third empty. No page opens on one milestone cut from its area (a list of two or more may open a
    page under its sub-heading: test_a_milestones_list_may_open_the_next_page)."""
    _, out = korea
    business = out / "eu-korea-business.pdf"
    [page] = [n for n in range(1, pdf_pages(business) + 1)
              if "The Commission adopts its adequacy decision" in pdf_text(business, n)]
    assert "Digital economy and data" in pdf_text(business, page)
    date = r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"
    for audience in AUDIENCES:
        pdf = out / f"eu-korea-{audience}.pdf"
        for n in range(2, pdf_pages(pdf) + 1):
            text = pdf_text(pdf, n)  # the running head: the marking and the short title, in either order
            opening = re.match(r"(\S+\s+)?EU–Republic of Korea partnership\s+(\S+\s+)?Milestones\b(.*)", text)
            # the list under it: its first two entries, each opening on a date
            assert not opening or re.match(rf" {date} .{{1,200}}? {date} ", opening[3]), (audience, n, text[:200])


def test_the_press_brief_s_timeline_shares_a_page_with_its_figure(korea):
    """With the figure after its key, the press brief's seven entries and the figure both ended page 1
    (the figure's legend row, what the caption says again, had made it 6 mm too tall for the space
    left). Since stop 28 the press brief's notes are footnotes and the figure comes first, keeping
    the key's first entries with it: the heading, the figure and all seven entries open page 2, and
    page 1, its notes at its foot, is not half empty (87 mm above the notes, of a 240 mm block)."""
    _, out = korea
    pdf = out / "eu-korea-press.pdf"
    assert empty_above_notes(pdf, 1) < 100
    page = pdf_text(pdf, 2)
    assert "Letters refer to the list below" in page and "A · 10 May 2010" in page and "G · 22 May 2023" in page


LONG_NAME = ("Institute for European and Korean Studies, Centre for Trade, Technology and Security Policy in the "
             "Indo-Pacific Region, in association with the Network of Asia-Europe Research Foundations")


def _footer(pdf: Path, page: int) -> str:
    """The words below the text area (brief.css: 19 mm bottom margin) of one page, in reading order."""
    cropped = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", "0",
                              "-y", str(round(A4_HEIGHT - 19 * MM)), "-W", "600", "-H", str(round(19 * MM)),
                              str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(cropped.split())


def _set_on(path: Path, key: str) -> int:
    """The line a key is set on (the scaffold also names it in a comment)."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(f"{key} ="))


def test_a_long_organisation_name_prints_its_short_name_in_the_footer(tmp_path):
    """A 176-character name took four lines of the footer's 66 mm box; with short_name the footer
    prints the short form (and the series), page 1 and the Word draft's properties the full name."""
    root = tmp_path / "house"
    assert run_cli("new", str(root), "--organisation", LONG_NAME, cwd=tmp_path).returncode == 0
    assert len(LONG_NAME) > 150
    with (root / "briefgen.toml").open("a") as config:  # [house] is the file's last table
        config.write('short_name = "IEKS Centre for Trade and Security"\nseries = "Partnership Papers"\n')
    built = run_cli("build", "-a", "policymaker", cwd=root)
    assert built.returncode == 0, built.stderr
    pdf = root / "briefs" / "example-policymaker.pdf"
    assert normalise(LONG_NAME) in normalise(pdf_text(pdf, 1))
    for page in range(1, pdf_pages(pdf) + 1):
        assert _footer(pdf, page).startswith("IEKS Centre for Trade and Security, Partnership Papers"), page
        assert "Indo-Pacific" not in _footer(pdf, page)
    draft = docx.Document(str(root / "briefs" / "example-policymaker.docx"))
    masthead = [p.text for p in draft.paragraphs if p.style.name == "Masthead"]
    assert masthead and masthead[0].startswith(LONG_NAME), masthead
    app = zipfile.ZipFile(root / "briefs" / "example-policymaker.docx").read("docProps/app.xml").decode()
    assert f"<Company>{LONG_NAME}</Company>" in app
    # bad input: one line naming the file, the line and the field; nothing built
    text = (root / "briefgen.toml").read_text()
    for short, message in [("x" * 61, "expected 1 to 60 characters, got 'xxx"),
                           ("  ", "expected 1 to 60 characters, got '  '")]:
        (root / "briefgen.toml").write_text(text.replace('"IEKS Centre for Trade and Security"', f'"{short}"'))
        refused = run_cli("validate", "seeds/example.yaml", cwd=root)
        assert refused.returncode == 2 and len(refused.stderr.splitlines()) == 1, refused.stderr
        line = _set_on(root / "briefgen.toml", "short_name")
        assert refused.stderr.startswith(f"briefgen.toml:{line}:1: house.short_name: {message}"), refused.stderr
    (root / "briefgen.toml").write_text(text.replace(f'organisation = "{LONG_NAME}"\n', ""))
    refused = run_cli("validate", "seeds/example.yaml", cwd=root)
    assert refused.returncode == 2 and refused.stderr.splitlines() == [
        f"briefgen.toml:{_set_on(root / 'briefgen.toml', 'short_name')}:1: house.short_name: "
        'a short form of organisation, which is not set (organisation = "...")']


def test_no_shipped_profile_names_a_topic():
    """Profiles are shared by every topic: none names a partner of a shipped fact base."""
    partners = set()
    for path in (SEED, KOREA, ROOT / "briefgen" / "defaults" / "example.yaml"):
        partners.add(yaml.safe_load(path.read_text())["meta"]["parties"][-1].removeprefix("the "))
    assert {"Japan", "Republic of Korea"} <= partners
    for profile in PROFILES:
        text = profile.read_text()
        for partner in partners:
            assert partner.split()[-1] not in text, f"{profile.name} names {partner}"


def test_the_second_topic_reads_as_an_editor_would_have_it(korea):
    """The analyst brief read "Framework Agreement. The Framework Agreement is …", a status that
    said its dates again ("Signed 28 November 2022. Status: Signed in Seoul on 28 November 2022"),
    and "The agreement's first panel" in an area where no agreement was named. A headline that
    opens on its framework's name has no label before it; a status says what the dates do not."""
    _, out = korea
    text = " ".join(pdf_text(out / "eu-korea-analyst.pdf").split())
    assert "Framework Agreement. The Framework Agreement" not in text
    assert "Digital Partnership. The Digital Partnership" not in text
    assert "Free Trade Agreement. The agreement removed" in text  # a label stays where the headline needs it
    for status in re.findall(r"Status: ([^.]*)\.", text):
        assert not re.search(r"\d{4}", status) or "2011" in status, status  # the dates are in the line before
    assert "the agreement’s first panel" not in text.casefold()
    assert "The first panel of experts under the free trade agreement found" in text


def test_an_area_s_milestones_keep_with_the_fact_before_them_in_word(korea, office_profile, tmp_path):
    """brief.css keeps an area's "Milestones" over one milestone with the fact before it (h4
    break-before: avoid), and a list's first item with its second (li:first-child); a list of two
    or more may open the next page under its heading (test_a_milestones_list_may_open_the_next_page).
    Word has no keep-with-previous, so the paragraph before such a heading keeps with the next, and
    a list's first entry too, through their styles (no direct formatting). LibreOffice's page 2 of
    the security draft opened on "MILESTONES", cut from the sanctions fact that ended page 1; then,
    the fact kept with its three milestones, page 1 ended on the first one alone ("10 May 2010")."""
    _, out = korea
    checked = []
    for audience in AUDIENCES:
        paragraphs = docx.Document(str(out / f"eu-korea-{audience}.docx")).paragraphs
        for before, heading, first, second in zip(paragraphs, paragraphs[1:], paragraphs[2:], paragraphs[3:] + [None],
                                                  strict=False):
            if heading.style.name == "Heading 3":
                several = second is not None and second.style.name.startswith("Timeline Entry")
                kept = first if several else before
                assert kept.style.paragraph_format.keep_with_next, (audience, kept.style.name, kept.text)
                assert kept.paragraph_format.keep_with_next is None, (audience, kept.text)
                assert not several or not before.style.paragraph_format.keep_with_next, (audience, before.text)
                checked.append((audience, several))
    # the drafts with an area's milestones: one in each of the business draft's areas, three in the security's
    assert {("business", False), ("security", True)} <= set(checked), checked
    soffice([out / "eu-korea-security.docx"], tmp_path / "pdf", office_profile)
    pdf = tmp_path / "pdf" / "eu-korea-security.pdf"
    pages = [pdf_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1)]
    heading = next(n for n, text in enumerate(pages) if "MILESTONES" in text.upper())
    fact = next(n for n, text in enumerate(pages) if "The EU applies the UN’s sanctions on North Korea" in text)
    assert fact <= heading and "10 May 2010" in pages[heading] and "23 May 2014" in pages[heading], (heading + 1,
                                                                                                      fact + 1)


def test_the_second_topic_s_later_notes_cite_short_titles(korea):
    """Chicago: a source's later notes cite it by a short title. The second topic's sources had
    none, so the business brief's note 8 repeated the Free Trade Agreement's 25-word title."""
    from briefgen.project import load_factbase

    fb, _ = load_factbase(KOREA)
    assert [s.id for s in fb.sources if len(s.title.split()) > 4 and not s.short_title] == []
    _, out = korea
    # its notes at each page's foot, and no sources list (stop 28): the first note alone is in full
    notes = pdf_text(out / "eu-korea-business.pdf")
    assert "Official Journal of the European Union, “Free Trade Agreement”;" in notes
    assert notes.count("of the one part, and the Republic of Korea") == 1  # the first note alone, in full


def test_the_minister_s_issues_to_weigh_repeat_no_point_of_the_bottom_line(korea, seed_briefs):
    """'Issues to weigh' prints a challenge by its headline alone, and a challenge the bottom line
    rests on said the bottom line's point again: the EU-Korea Minister's page 2 held only 'Security
    and defence cooperation has no framework of its own…' under 'Security is the gap: … with no
    framework of its own' on page 1; EU-Japan's repeated 'both still rely on the United States'
    and the test of delivery. A minister's brief is one page, or two with something new on the second."""
    _, out = korea
    for seed, pdf in ((KOREA, out / "eu-korea-policymaker.pdf"), (SEED, seed_briefs[("policymaker", "pdf")].path)):
        fb = yaml.safe_load(seed.read_text())
        bottom_line = {r for tk in fb["takeaways"] if "policymaker" in tk.get("audiences", []) for r in tk["rests_on"]}
        text = normalise(pdf_text(pdf))
        assert "Bottom line" in text and "Recommendations" in text
        for challenge in fb["road_ahead"]["challenges"]:
            if challenge["id"] in bottom_line:
                assert normalise(challenge["headline"])[:60] not in text.replace("’", "'"), challenge["id"]
    assert pdf_pages(out / "eu-korea-policymaker.pdf") == 1
    japan = pdf_text(seed_briefs[("policymaker", "pdf")].path)
    assert "Political and security dialogue has been the weak link" in japan


def test_a_milestones_list_may_open_the_next_page(korea):
    """The security brief's 'Security cooperation' area (its heading, its one fact and its three
    milestones, kept together) moved whole to page 2 and left page 1 42 mm empty above its notes
    (48.6 mm between the last line and the first note, where a full page leaves about 7). A list of
    two or more milestones may now open the next page under its sub-heading: the area's heading
    and fact end page 1."""
    _, out = korea
    pdf = out / "eu-korea-security.pdf"
    assert "The EU applies the UN’s sanctions on North Korea" in pdf_text(pdf, 1)
    assert empty_above_notes(pdf, 1) < 16
    assert re.match(r"(\S+\s+)?EU–Republic of Korea partnership\s+(\S+\s+)?Milestones 10 May 2010", pdf_text(pdf, 2))
