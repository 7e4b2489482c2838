"""The TLP labels' colours have one table (fields.TLP_COLOURS, FIRST's TLP 2.0): the Word styles
take theirs from it, and the stylesheet, which prints the same labels in the PDF, must agree."""
from __future__ import annotations

import docx
import tinycss2
import tinycss2.color3
from conftest import ROOT

from briefgen.fields import TLP_COLOURS, TLP_SCHEME
from briefgen.render.html import marking_class
from briefgen.render.vocabulary import CHARACTER_STYLES
from briefgen.render.word.package import reference_parts

STYLESHEET = ROOT / "templates" / "brief.css"
STYLES_XML = ROOT / "briefgen" / "render" / "word" / "default-reference" / "word" / "styles.xml"


def stylesheet_colours(css: str) -> dict[str, str]:
    """The text colour brief.css gives each ``.marking.tlp-*`` label: its class -> "RRGGBB"."""
    found: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
        labels = [s.removeprefix(".marking.") for s in selectors if s.startswith(".marking.tlp-")]
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if labels and declaration.type == "declaration" and declaration.lower_name == "color":
                rgba = tinycss2.color3.parse_color(tinycss2.serialize(declaration.value).strip())
                colour = "".join(f"{round(channel * 255):02X}" for channel in rgba[:3])
                found.update(dict.fromkeys(labels, colour))
    return found


def test_the_table_colours_every_label_of_the_scheme():
    assert list(TLP_COLOURS) == TLP_SCHEME


def test_the_stylesheet_prints_each_label_in_the_table_s_colour():
    expected = {marking_class(marking): colour for marking, colour in TLP_COLOURS.items()}
    assert stylesheet_colours(STYLESHEET.read_text(encoding="utf-8")) == expected
    # the check reads what it should: one colour edited in the stylesheet is a disagreement
    edited = STYLESHEET.read_text(encoding="utf-8").replace("rgb(255, 43, 43)", "rgb(255, 0, 0)")
    assert stylesheet_colours(edited)["tlp-red"] == "FF0000"


def test_the_word_styles_take_the_table_s_colours(seed_briefs):
    """The draft's marking styles, read back from a DOCX, are in the table's colours; the committed
    styles.xml leaves them out, so there is nothing there to disagree."""
    styles = docx.Document(str(seed_briefs[("analyst", "docx")].path)).styles
    for marking, colour in TLP_COLOURS.items():
        name = CHARACTER_STYLES[("span", marking_class(marking))]
        assert str(styles[name].font.color.rgb) == colour, name
    committed = STYLES_XML.read_text(encoding="utf-8")
    for marking in TLP_COLOURS:
        style_id = CHARACTER_STYLES[("span", marking_class(marking))].replace(" ", "")
        block = committed.split(f'w:styleId="{style_id}"')[1].split("</w:style>")[0]
        assert "<w:color " not in block, style_id
    assert reference_parts()["word/styles.xml"].count(b'<w:color w:val="FF2B2B"/>') == 1
