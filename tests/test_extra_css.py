"""A project's templates/extra.css: its rules read after briefgen's brief.css, guarded as brief.css is."""
from __future__ import annotations

from conftest import MINI, cli
from test_citations import chars

RULE = "h2 {{ color: {}; }}\n"


def project(root):
    """A project as `briefgen new` leaves one, with a fact base, and no templates of its own but extra.css."""
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "briefgen.toml").write_text('[house]\norganisation = "Test unit"\n', encoding="utf-8")
    (root / "templates").mkdir()
    return root


def heading_colour(pdf, heading: str = "Purpose") -> tuple[int, int, int]:
    """The fill colour of the first heading of that text on page 1, as the PDF draws it."""
    page = chars(pdf)[0]
    text = "".join(c[0] for c in page)
    return page[text.index(heading)][3]


def build(root):
    return cli(root, "build", "seeds/mini.yaml", "-a", "policymaker", "-f", "pdf")


def test_extra_css_restyles_one_thing_of_the_pdf_and_an_edit_rebuilds_it(tmp_path):
    """A team restyling one thing copied the whole brief.css into its templates/; now an extra.css
    holding the one rule does it, the rest of the look staying briefgen's, and editing it rebuilds
    the PDF, the build table saying why."""
    root = project(tmp_path / "p")
    extra = root / "templates" / "extra.css"
    extra.write_text("/* the house's headings */\n" + RULE.format("#8b1e3f"), encoding="utf-8")
    assert build(root).returncode == 0
    pdf = root / "briefs" / "mini-policymaker.pdf"
    assert heading_colour(pdf) == (0x8B, 0x1E, 0x3F)
    assert heading_colour(pdf, "Test partnership brief") != (0x8B, 0x1E, 0x3F)  # the title (h1) is brief.css's

    extra.write_text("/* the house's headings */\n" + RULE.format("#1e6b3f"), encoding="utf-8")
    rebuilt = build(root)
    line = next(line for line in rebuilt.stdout.splitlines() if "mini-policymaker.pdf" in line)
    assert " built " in line and "stylesheet or assets changed" in line, rebuilt.stdout
    assert heading_colour(pdf) == (0x1E, 0x6B, 0x3F)


def test_extra_css_reads_no_file_outside_the_templates_and_nothing_from_the_network(tmp_path):
    """As brief.css: a url() to a file outside the templates folders, or to the network, fails the
    brief with one line at its file, line and column, and no PDF is written."""
    root = project(tmp_path / "p")
    extra = root / "templates" / "extra.css"
    for url in ("/etc/passwd", "https://example.org/paper.png"):
        extra.write_text(f'/* a texture */\nbody {{ background: url("{url}"); }}\n', encoding="utf-8")
        built = build(root)
        column = extra.read_text(encoding="utf-8").splitlines()[1].index(url) + 1
        assert built.returncode != 0 and (f"templates/extra.css:2:{column}: refused to read {url}: a brief may "
                                          "use only files inside the templates folder") in built.stderr, built.stderr
        assert not (root / "briefs" / "mini-policymaker.pdf").exists()
