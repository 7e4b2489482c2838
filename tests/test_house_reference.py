"""An organisation's own Word template, named in briefgen.toml (house.reference_docx): what the
reader of the draft sees, in python-docx and in LibreOffice.

The template is the one a second organisation made with python-docx: its own header and
footer line (after the empty paragraph python-docx's header starts with), Letter paper
with 30 mm margins, and python-docx's Header and Footer styles, whose tab stops are set
for 1-inch margins. The project has its own accent, marking scheme and Korean text.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import AUDIENCES, FIXTURES, KOREA, ROOT, cli, make_project, soffice
from docx.oxml.ns import qn
from docx.shared import Mm

from briefgen.build import build
from briefgen.pipeline import Options
from briefgen.project import Project
from briefgen.render.word.headfoot import DEFAULT_TEXT_WIDTH, style_tabs
from briefgen.render.word.reference import default_document

HEADER, FOOTER = "NCASS — internal template", "Nordic Centre for Asian Security Studies · Oslo"
ACCENT, NAVY = "0B6E4F", "123C69"
PAGE_WIDTH, MARGIN = Mm(215.9), Mm(30)  # Letter
TEXT_WIDTH = PAGE_WIDTH.twips - 2 * MARGIN.twips


def house_template(path: Path, header: str = HEADER, footer: str = FOOTER) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, Mm(279.4)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = Mm(22)
    section.header.add_paragraph(header)
    section.footer.add_paragraph(footer)
    document.save(str(path))
    return path


def house_project(root: Path) -> Path:
    """tests/topics/eu-korea as the second organisation has it: its accent, its PUBLIC <
    INTERNAL < RESTRICTED scheme (one recommendation RESTRICTED) and its template."""
    shutil.copytree(KOREA, root)
    shutil.copytree(ROOT / "audiences", root / "audiences")
    for profile in (root / "audiences").glob("*.yaml"):
        text = profile.read_text(encoding="utf-8")
        for tlp, own in (("TLP:CLEAR", "PUBLIC"), ("TLP:GREEN", "PUBLIC"), ("TLP:AMBER", "INTERNAL"),
                         ("TLP:RED", "RESTRICTED")):
            text = text.replace(f"release: {tlp}\n", f"release: {own}\n").replace(
                f"marked_at_least: {tlp}\n", f"marked_at_least: {own}\n")
        profile.write_text(text, encoding="utf-8")
    seed = root / "seeds" / "eu-korea.yaml"
    text = seed.read_text(encoding="utf-8").replace(
        "  language: en-GB\n", "  language: en-GB\n  marking_scheme: [PUBLIC, INTERNAL, RESTRICTED]\n")
    text = text.replace('      themes: [defence, korean-peninsula]\n',
                        '      themes: [defence, korean-peninsula]\n      marking: RESTRICTED\n', 1)
    seed.write_text(text, encoding="utf-8")
    house_template(root / "house.docx")
    (root / "briefgen.toml").write_text(
        '[house]\norganisation = "Nordic Centre for Asian Security Studies"\nseries = "Briefing Notes"\n'
        'accent = "#0B6E4F"\nlogo = "logo.svg"\nreference_docx = "house.docx"\n', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def house_draft(once) -> Path:
    """The Minister's Word draft of the house project, built once (no --reference-docx)."""
    def make(folder: Path):
        root = house_project(folder / "project")
        outputs = build(Project(root), root / "briefs", None, ["policymaker"], Options(formats=("docx",)), jobs=1)
        assert [o.status for o in outputs] == ["built"], [o.error for o in outputs]
        return outputs[0].path
    return once("house-draft", make)


def lines(part) -> list[str]:
    return [p.text for p in part.paragraphs]


def test_the_template_s_header_and_footer_win_and_briefgen_adds_one_line_each(house_draft):
    section = docx.Document(str(house_draft)).sections[0]
    assert lines(section.header) == [HEADER, "EU–Republic of Korea partnership\tRESTRICTED"]
    # page 1 carries the template's header too, and the marking alone (the masthead follows)
    assert lines(section.first_page_header) == [HEADER, "RESTRICTED"]
    # the template's footer names its organisation: briefgen adds no second organisation line
    for footer in (section.footer, section.first_page_footer):
        assert lines(footer) == [FOOTER, "\t / \tRESTRICTED"]  # the page fields' results are not text
        assert footer._element.xpath("count(.//w:fldSimple[contains(@w:instr, 'PAGE')])") == 2
    # nor a second logo above the template's header, which names the organisation already
    for header in (section.header, section.first_page_header):
        assert not header._element.xpath(".//w:drawing")


@pytest.fixture(scope="module")
def styles_only_draft(once) -> Path:
    """The mini analyst draft of a project whose template (Letter, 30 mm margins) has an empty
    header and footer, with the house logo, built once through the command line."""
    def make(folder: Path):
        root = make_project(folder / "project", FIXTURES / "mini.yaml")
        shutil.copy(KOREA / "logo.svg", root / "logo.svg")
        house_template(root / "styles-only.docx", header="", footer="")
        (root / "briefgen.toml").write_text('[house]\norganisation = "Policy Unit"\nlogo = "logo.svg"\n'
                                            'reference_docx = "styles-only.docx"\n', encoding="utf-8")
        result = cli(root, "build", "-a", "analyst", "-f", "docx")
        assert result.returncode == 0, result.stderr
        return root / "briefs" / "mini-analyst.docx"
    return once("styles-only-draft", make)


def test_a_template_with_an_empty_header_and_footer_gets_briefgen_s_logo_and_organisation(styles_only_draft):
    section = docx.Document(str(styles_only_draft)).sections[0]
    for header, running in ((section.header, "\tTLP:AMBER"), (section.first_page_header, "TLP:AMBER")):
        assert lines(header)[0] == "" and header.paragraphs[0]._p.xpath(".//w:drawing"), lines(header)
        assert lines(header)[1].endswith(running) and len(lines(header)) == 2
    for footer in (section.footer, section.first_page_footer):
        assert lines(footer) == ["briefgen tests, Test\xa0series", "\t / \tTLP:AMBER"]  # mini.yaml's meta


def test_every_picture_has_an_id_of_its_own_and_no_part_asks_word_to_repair(styles_only_draft):
    """python-docx numbers pictures part by part: the logo in both headers and the body's timeline all
    had id 1, and the template's stylesWithEffects.xml lacked the styles copied in; Word repairs
    either (openxml-audit)."""
    with zipfile.ZipFile(styles_only_draft) as package:
        ids = [i for name in package.namelist() if name.endswith(".xml")
               for i in re.findall(r'<wp:docPr id="(\d+)"', package.read(name).decode())]
        assert len(ids) >= 3 and len(set(ids)) == len(ids), ids
        assert "word/stylesWithEffects.xml" not in package.namelist()


def test_the_contents_page_numbers_stand_at_the_template_s_right_margin(styles_only_draft):
    """At this page's right margin, not the default A4 page's (past it on Letter with 30 mm margins)."""
    document = docx.Document(str(styles_only_draft))
    assert {"toc 1", "toc 2"} <= {p.style.name for p in document.paragraphs}
    for name in ("toc 1", "toc 2"):
        assert style_tabs(document.styles, document.styles[name].style_id) == {TEXT_WIDTH: "right"}, name
    default = default_document().sections[0]
    assert DEFAULT_TEXT_WIDTH == default.page_width.twips - default.left_margin.twips - default.right_margin.twips


def test_a_template_footer_that_names_itself_beside_its_page_number_gets_no_organisation_line(tmp_path):
    """The organisation's line goes only to a footer that says nothing of its own: a footer whose one
    line is 'ACME Institute for Policy · page {PAGE}' had briefgen's organisation line put above it."""
    from docx.oxml import OxmlElement

    root = make_project(tmp_path / "project", FIXTURES / "mini.yaml")
    template = house_template(root / "acme.docx", footer="ACME Institute for Policy · page ")
    document = docx.Document(str(template))
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    document.sections[0].footer.paragraphs[-1]._p.append(page)
    document.save(str(template))
    (root / "briefgen.toml").write_text('[house]\norganisation = "Policy Unit"\nreference_docx = "acme.docx"\n',
                                        encoding="utf-8")
    result = cli(root, "build", "-a", "analyst", "-f", "docx")
    assert result.returncode == 0, result.stderr
    footer = docx.Document(str(root / "briefs" / "mini-analyst.docx")).sections[0].footer
    assert lines(footer)[0] == "ACME Institute for Policy · page " and "TLP:AMBER" in lines(footer)[-1]
    assert not any("briefgen tests" in line or "Policy Unit" in line for line in lines(footer)), lines(footer)


def test_the_template_keeps_its_wrapped_header_text_and_its_own_styles_tab_stops(tmp_path):
    """Two things briefgen must leave as the organisation made them: a header line whose text sits
    in a smart tag (Word wraps an address or a place so) was taken for a blank line and deleted;
    and a style of the template's own with a tab stop where the default A4 page's right margin
    is had it moved, as if it were a style copied in from the default. A footer whose own words
    sit in a smart tag says something of its own too: no organisation line of briefgen's joins it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.shared import Twips

    root = make_project(tmp_path / "project", FIXTURES / "mini.yaml")
    template = house_template(root / "org.docx", header="", footer="")
    document = docx.Document(str(template))
    for part, text in ((document.sections[0].header, "Oslo"), (document.sections[0].footer, "Nordic Centre")):
        part._element.append(parse_xml(
            '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:smartTag w:uri="urn:x" '
            f'w:element="Place"><w:r><w:t>{text}</w:t></w:r></w:smartTag></w:p>'))
    own = document.styles.add_style("Org Table Text", WD_STYLE_TYPE.PARAGRAPH)
    own.paragraph_format.tab_stops.add_tab_stop(Twips(DEFAULT_TEXT_WIDTH))
    document.save(str(template))
    (root / "briefgen.toml").write_text('[house]\norganisation = "Policy Unit"\nreference_docx = "org.docx"\n',
                                        encoding="utf-8")
    result = cli(root, "build", "-a", "analyst", "-f", "docx")
    assert result.returncode == 0, result.stderr
    draft = docx.Document(str(root / "briefs" / "mini-analyst.docx"))
    for header in (draft.sections[0].header, draft.sections[0].first_page_header):
        assert "Oslo" in header._element.xpath("string(.)"), lines(header)
    for footer in (draft.sections[0].footer, draft.sections[0].first_page_footer):
        assert "Nordic Centre" in footer._element.xpath("string(.)"), lines(footer)
        assert not any("Policy Unit" in line or "briefgen tests" in line for line in lines(footer)), lines(footer)
    assert style_tabs(draft.styles, draft.styles["Org Table Text"].style_id) == {DEFAULT_TEXT_WIDTH: "left"}
    assert style_tabs(draft.styles, draft.styles["toc 1"].style_id) == {TEXT_WIDTH: "right"}  # copied in: moved


def test_the_house_logo_goes_to_every_header_that_shows_nothing_of_its_own(tmp_path):
    """A letterhead template names itself on page 1 only, and sets even pages apart: the house logo
    went above page 1's letterhead (a second logo there), and even pages got none."""
    root = make_project(tmp_path / "project", FIXTURES / "mini.yaml")
    shutil.copy(KOREA / "logo.svg", root / "logo.svg")
    template = house_template(root / "letterhead.docx", header="", footer="")
    document = docx.Document(str(template))
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "LETTERHEAD"
    document.settings.odd_and_even_pages_header_footer = True
    section.even_page_header.is_linked_to_previous = False
    document.save(str(template))
    (root / "briefgen.toml").write_text('[house]\norganisation = "Policy Unit"\nlogo = "logo.svg"\n'
                                        'reference_docx = "letterhead.docx"\n', encoding="utf-8")
    result = cli(root, "build", "-a", "analyst", "-f", "docx")
    assert result.returncode == 0, result.stderr
    section = docx.Document(str(root / "briefs" / "mini-analyst.docx")).sections[0]
    logos = {name: len(header._element.xpath(".//w:drawing")) for name, header in
             (("default", section.header), ("first", section.first_page_header), ("even", section.even_page_header))}
    assert logos == {"default": 1, "first": 0, "even": 1}, logos
    assert lines(section.first_page_header)[0] == "LETTERHEAD"


def test_the_running_lines_tab_stops_are_the_template_s_page(house_draft):
    document = docx.Document(str(house_draft))
    section = document.sections[0]
    assert section.page_width.twips - section.left_margin.twips - section.right_margin.twips == TEXT_WIDTH

    def stops(p) -> dict[int, str]:  # what the paragraph's tabs go to: its style's, as its own change them
        found = style_tabs(document.styles, p.style.style_id)
        for tab in p._p.xpath("./w:pPr/w:tabs/w:tab"):
            position, kind = int(tab.get(qn("w:pos"))), tab.get(qn("w:val"))
            found.pop(position) if kind == "clear" else found.__setitem__(position, kind)
        return found

    # python-docx's Header and Footer styles stop at 4680 (centre) and 9360 (right), past this page's margin
    assert style_tabs(document.styles, document.styles["Header"].style_id) == {4680: "center", 9360: "right"}
    running, count = section.header.paragraphs[-1], section.footer.paragraphs[-1]
    assert stops(running) == {TEXT_WIDTH: "right"}  # the marking's one tab: to the right margin
    assert stops(count) == {TEXT_WIDTH // 2: "center", TEXT_WIDTH: "right"}
    assert not section.header.paragraphs[0]._p.xpath("./w:pPr/w:tabs")  # the template's own line untouched


def test_styles_briefgen_supplies_take_the_house_accent(house_draft):
    document = docx.Document(str(house_draft))
    styles = document.styles

    def colours(name: str) -> set[str]:
        element = styles[name].element
        return {c.get(qn("w:val")) for c in element.iter(qn("w:color"))} | \
            {c.get(qn("w:color")) for c in element.iter(qn("w:bottom"), qn("w:left"), qn("w:top"))}

    for name in ("Masthead", "Hyperlink", "page number"):
        assert colours(name) == {ACCENT}, name
    assert colours("Key Takeaway") >= {ACCENT}
    # a style the template defines itself keeps its own colour
    assert colours("Heading 1") == {"365F91"}
    # nowhere the default's navy, in the styles or in the list numbering
    for part in (styles.element, document.part.numbering_part.element):
        assert not [e for e in part.iter() if NAVY in (e.get(qn("w:val")), e.get(qn("w:color")), e.get(qn("w:fill")))]


def test_libreoffice_sets_the_marking_at_the_right_margin_once_a_line(house_draft, tmp_path, office_profile):
    soffice([house_draft], tmp_path, office_profile)
    pdf = tmp_path / house_draft.with_suffix(".pdf").name
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    assert pages
    right = float(pages[0][0]) - MARGIN.pt
    for n, (_, height, words) in enumerate(pages, 1):
        found = [(float(x0), float(y0), float(x1), word) for x0, y0, x1, word in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', words)]
        markings = [(x0, y0, x1) for x0, y0, x1, word in found if word == "RESTRICTED"]
        header = [m for m in markings if m[1] < 100]
        footer = [m for m in markings if m[1] > float(height) - 100]
        assert len(header) == len(footer) == 1, (n, markings)
        for *_, x1 in header + footer:
            # at the right margin: not past it, and not at a stop mid-page
            assert right - 1.5 < x1 <= right + 0.5, (n, x1, right)
        assert sum(word == "NCASS" for *_, word in found) == 1, n
        assert sum(word == "Oslo" for *_, word in found) == 1, n


def test_the_command_line_s_template_wins_and_a_changed_template_rebuilds_the_drafts_only(tmp_path):
    root = make_project(tmp_path / "project", FIXTURES / "mini.yaml")
    house_template(root / "house.docx")
    (root / "briefgen.toml").write_text('[house]\nreference_docx = "house.docx"\n', encoding="utf-8")

    def header(draft: Path) -> list[str]:
        return lines(docx.Document(str(draft)).sections[0].header)

    def built(*args: str) -> dict[str, str]:
        result = cli(root, "build", "-a", "press", *args)
        assert result.returncode == 0, result.stderr
        return dict(re.findall(r"(mini-press\.\w+)\s*│\s*(\w+)", result.stdout))

    assert built() == {"mini-press.pdf": "built", "mini-press.docx": "built"}
    assert header(root / "briefs" / "mini-press.docx")[0] == HEADER
    house_template(root / "house.docx", header="NCASS — revised template")
    assert built() == {"mini-press.pdf": "skipped", "mini-press.docx": "built"}
    assert header(root / "briefs" / "mini-press.docx")[0] == "NCASS — revised template"
    other = house_template(tmp_path / "other.docx", header="Another house")
    assert built("-f", "docx", "--reference-docx", str(other)) == {"mini-press.docx": "built"}
    assert header(root / "briefs" / "mini-press.docx")[0] == "Another house"


def test_a_new_project_s_configuration_names_the_key_commented(tmp_path):
    from briefgen.scaffold import config_text

    text = config_text("Policy Unit", [])
    assert '\n# reference_docx = "house.docx"\n' in text
    import tomllib
    assert "reference_docx" not in tomllib.loads(text)["house"]
    enabled = tomllib.loads(text.replace('# reference_docx = "house.docx"', 'reference_docx = "house.docx"'))
    assert enabled["house"]["reference_docx"] == "house.docx"


def sets_bold(document, style_id) -> int:
    """How many styles in ``style_id``'s chain of base styles set w:b (a toggle: odd is bold)."""
    count, style = 0, document.styles.element.get_by_id(style_id)
    while style is not None:
        b = style.find(f"{qn('w:rPr')}/{qn('w:b')}")
        count += b is not None and b.get(qn("w:val"), "true") in ("true", "1", "on")
        based = style.basedOn
        style = document.styles.element.get_by_id(based.val) if based is not None else None
    return count


def bold_in_word(document, p, run) -> bool:
    """Whether Word and LibreOffice set ``run`` bold: w:b is a toggle property, so a paragraph
    style and a character style that both set it (in their chains of base styles) cancel out."""
    return (sets_bold(document, p.style.style_id) + sets_bold(document, run.style.style_id)) % 2 == 1


def test_every_marking_is_bold_in_word_as_in_the_pdf(house_draft, seed_briefs):
    """A paragraph style and a character style that are both bold cancel out (w:b is a toggle).
    The Marking Banner paragraph style was bold as well as the Marking character style in it, and
    page 1's marking was set regular; so was the Handling line's, whose paragraph style was bold
    too (LibreOffice's PDF showed both). No run anywhere may lose its character style's bold so."""
    for path in (house_draft, *(seed_briefs[(audience, "docx")].path for audience in AUDIENCES)):
        document = docx.Document(str(path))
        section = document.sections[0]
        first, other = section.first_page_header.paragraphs[-1], section.header.paragraphs[-1]
        assert first.style.name == "Marking Banner" and first.runs[-1].style.name.startswith("Marking")
        assert bold_in_word(document, first, first.runs[-1]), path.name
        assert bold_in_word(document, other, other.runs[-1]), path.name
        handling = next(p for p in document.paragraphs if p.style.name == "Handling")
        assert handling.runs[0].style.name.startswith("Marking") and bold_in_word(document, handling, handling.runs[0])
        cancelled = [(p.style.name, run.style.name) for p in document.paragraphs for run in p.runs
                     if run.style is not None and sets_bold(document, run.style.style_id)
                     and not bold_in_word(document, p, run)]
        assert not cancelled, (path.name, cancelled)
