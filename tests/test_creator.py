"""briefgen.toml's [house] creator: the program a house's documents name as having made them. A new user's
review asked for it: every PDF's Creator and every Word draft's Application said "briefgen", whoever's
system made them. Read as a reader's tools read them: the PDF's document information and XMP (pikepdf),
the draft's docProps/app.xml."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
from conftest import MINI, cli, make_project
from lxml import etree

from briefgen.scaffold import config_text


def properties(briefs: Path) -> tuple[str, str, str, str]:
    """(the PDF's Info Creator, its XMP CreatorTool, its Producer, the draft's Application)."""
    with pikepdf.open(briefs / "mini-press.pdf") as pdf:
        creator, producer = str(pdf.docinfo["/Creator"]), str(pdf.docinfo["/Producer"])
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            tool = str(xmp.get("xmp:CreatorTool"))
    with zipfile.ZipFile(briefs / "mini-press.docx") as draft:
        app = etree.fromstring(draft.read("docProps/app.xml"))
    application = app.findtext("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application")
    return creator, tool, producer.split()[0], application


def test_the_house_names_the_program_that_made_its_documents(tmp_path):
    root = make_project(tmp_path, MINI)
    config = root / "briefgen.toml"
    config.write_text('[house]\norganisation = "Nordic Council"\n', encoding="utf-8")
    assert cli(root, "build", "-a", "press").returncode == 0
    assert properties(root / "briefs") == ("briefgen", "briefgen", "WeasyPrint", "briefgen")  # the default
    config.write_text('[house]\norganisation = "Nordic Council"\ncreator = "Nordic Council publishing"\n',
                      encoding="utf-8")
    built = cli(root, "build", "-a", "press")
    assert built.returncode == 0 and "2 built" in built.stdout, built.stdout  # the configuration changed
    assert properties(root / "briefs") == ("Nordic Council publishing", "Nordic Council publishing", "WeasyPrint",
                                           "Nordic Council publishing")
    # same inputs, same bytes
    first = {p.name: p.read_bytes() for p in (root / "briefs").glob("mini-press.*")}
    assert cli(root, "build", "-a", "press", "--force", "--out", str(tmp_path / "again")).returncode == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "again").glob("mini-press.*")} == first


def test_a_creator_is_one_line_and_briefgen_new_says_where_to_set_it(tmp_path):
    root = make_project(tmp_path, MINI)
    (root / "briefgen.toml").write_text('[house]\norganisation = "Nordic Council"\ncreator = ""\n',
                                        encoding="utf-8")
    refused = cli(root, "validate")
    assert refused.returncode == 2
    assert refused.stderr.startswith("briefgen.toml:3:"), refused.stderr
    assert "house.creator: expected 1 to 100 characters, got ''" in refused.stderr, refused.stderr
    assert '# creator = "' in config_text("Nordic Council", [])


def test_a_creator_is_printed_as_written(tmp_path):
    """A program's name is not prose: its straight quotes stay straight in the PDF's Creator and the
    draft's Application (they went through the curly-quote filter, "q" becoming ”q”)."""
    root = make_project(tmp_path, MINI)
    (root / "briefgen.toml").write_text('[house]\norganisation = "Nordic Council"\ncreator = \'"q" & Co\'\n',
                                        encoding="utf-8")
    assert cli(root, "build", "-a", "press").returncode == 0
    assert properties(root / "briefs") == ('"q" & Co', '"q" & Co', "WeasyPrint", '"q" & Co')


def test_the_draft_made_on_a_house_template_names_the_house_creator(tmp_path):
    """The Word draft's Application is the house's creator (default briefgen) whatever reference its
    styles came from: the organisation's own template (here python-docx's, whose app.xml says
    Microsoft Macintosh Word) did not make the draft, and an explicit creator = "briefgen" was ignored."""
    from test_house_reference import house_template

    root = make_project(tmp_path, MINI)
    house_template(root / "house.docx")
    config = root / "briefgen.toml"
    for creator, named in (("", "briefgen"), ('creator = "briefgen"\n', "briefgen"),
                           ('creator = "Nordic Council publishing"\n', "Nordic Council publishing")):
        config.write_text(f'[house]\norganisation = "Nordic Council"\nreference_docx = "house.docx"\n{creator}',
                          encoding="utf-8")
        assert cli(root, "build", "-a", "press").returncode == 0
        assert properties(root / "briefs") == (named, named, "WeasyPrint", named)
