"""The colours both formats print have one table (briefgen/palette.py): brief.css declares each
once, in :root, and the Word reference's styles and list numbering use the same. The callout's
fill had drifted (#f7f2e6 in the PDF, F5F1E6 in Word) with nothing to say so."""
from __future__ import annotations

import re

import docx
import tinycss2
from conftest import ROOT
from docx.oxml.ns import qn
from lxml import etree

from briefgen.palette import PALETTE, word_colour
from briefgen.render.word.package import reference_parts

STYLESHEET = ROOT / "templates" / "brief.css"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def root_properties(css: str) -> dict[str, str]:
    """The custom properties brief.css's :root declares: name (no dashes) -> value."""
    found = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
            for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                               skip_whitespace=True):
                if declaration.type == "declaration" and declaration.name.startswith("--"):
                    found[declaration.name[2:]] = tinycss2.serialize(declaration.value).strip()
    return found


def near(a: str, b: str) -> bool:
    """Two "RRGGBB" colours no reader tells apart (each channel within 12 of 255): a copy that drifted."""
    return all(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) <= 12 for i in (0, 2, 4))


def word_colours(part: bytes) -> set[str]:
    """Every colour a Word part writes (w:color, w:fill, a w:color element's w:val)."""
    root = etree.fromstring(part)
    out = set()
    for el in root.iter():
        for attr in (f"{W}color", f"{W}fill") + ((f"{W}val",) if el.tag == f"{W}color" else ()):
            if re.fullmatch(r"[0-9A-Fa-f]{6}", el.get(attr) or ""):
                out.add(el.get(attr).upper())
    return out


def test_the_stylesheet_declares_each_colour_of_the_table_once():
    css = STYLESHEET.read_text(encoding="utf-8")
    declared = root_properties(css)
    assert {name: declared.get(name) for name in PALETTE} == PALETTE
    # and writes none of them out anywhere else: every rule takes it through var()
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for name, colour in PALETTE.items():
        assert body.lower().count(colour) == 1, name
    # nor a near copy of one, which would be a second definition drifting from it
    for colour in {m.group(0).lower() for m in HEX.finditer(body)} - set(PALETTE.values()):
        if len(colour) == 7:
            assert not any(near(colour[1:], ours[1:]) for ours in PALETTE.values()), colour


def test_the_word_reference_uses_the_table_s_colours():
    parts = reference_parts()
    styles = etree.fromstring(parts["word/styles.xml"])
    by_name = {s.find(f"{W}name").get(f"{W}val"): s for s in styles.iter(f"{W}style")}
    recommendation = by_name["Recommendation"].find(f"{W}pPr")
    assert recommendation.find(f"{W}pBdr/{W}left").get(f"{W}color") == word_colour("gold")
    assert recommendation.find(f"{W}shd").get(f"{W}fill") == word_colour("gold-tint")
    numbering = etree.fromstring(parts["word/numbering.xml"])
    number = next(a for a in numbering.iter(f"{W}abstractNum") if a.find(f"{W}name").get(f"{W}val") == "Recommendation")
    assert number.find(f"{W}lvl/{W}rPr/{W}color").get(f"{W}val") == word_colour("gold")
    assert by_name["Key Takeaway"].find(f"{W}pPr/{W}shd").get(f"{W}fill") == word_colour("accent-tint")
    # no colour of the two parts is a near copy of one of the table's
    ours = {word_colour(name) for name in PALETTE}
    for colour in word_colours(parts["word/styles.xml"]) | word_colours(parts["word/numbering.xml"]):
        assert colour in ours or not any(near(colour, c) for c in ours), colour


def test_the_draft_keeps_the_gold_and_takes_the_house_accent(seed_briefs, tmp_path):
    """Read back from a draft: the recommendations' gold and its fill as the PDF's, whatever the
    accent (the README: they keep their gold), while the navy becomes the house's."""
    document = docx.Document(str(seed_briefs[("policymaker", "docx")].path))
    ppr = document.styles["Recommendation"].element.pPr
    assert ppr.find(qn("w:shd")).get(qn("w:fill")) == word_colour("gold-tint")
    assert ppr.find(qn("w:pBdr")).find(qn("w:left")).get(qn("w:color")) == word_colour("gold")

    from briefgen.config import Identity
    from briefgen.render.word.reference import apply_house, default_document
    house = Identity(organisation="House", series=None, authors=(), accent="#7a1f3d")
    draft = default_document()
    apply_house(draft, house)
    ppr = draft.styles["Recommendation"].element.pPr
    assert ppr.find(qn("w:pBdr")).find(qn("w:left")).get(qn("w:color")) == word_colour("gold")
    assert draft.styles["Key Takeaway"].element.pPr.find(qn("w:shd")).get(qn("w:fill")) == \
        house.accent_tint.lstrip("#").upper() != word_colour("accent-tint")


def test_a_linked_character_style_is_in_its_paragraph_style_s_colour():
    """Word applies a heading's linked character style ("Heading 1 Char") to a heading set on part of
    a paragraph: it was python-docx's blue (365F91) under briefgen's navy Heading 1, and the house
    accent never reached it."""
    styles = etree.fromstring(reference_parts()["word/styles.xml"])
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    checked = 0
    for style in by_id.values():
        link, colour = style.find(f"{W}link"), style.find(f"{W}rPr/{W}color")
        if style.get(f"{W}type") != "paragraph" or link is None or colour is None:
            continue
        linked = by_id[link.get(f"{W}val")].find(f"{W}rPr/{W}color")
        if linked is None:  # the text's colour, as the paragraph's (Header's grey) is near enough
            continue
        assert linked.get(f"{W}val") == colour.get(f"{W}val"), link.get(f"{W}val")
        assert linked.get(f"{W}themeColor") == colour.get(f"{W}themeColor"), link.get(f"{W}val")
        checked += 1
    assert checked >= 4  # Title, Heading 1, 2 and 3 at least


# What the PDF and the draft both print, by brief.css's rule and the Word style that sets it:
# (selector, CSS property) -> (Word style, where the style keeps that colour)
TWINS = {
    ("html", "color"): ("Normal", "w:rPr/w:color"),
    ("h1", "color"): ("Title", "w:rPr/w:color"),
    ("h2", "color"): ("heading 1", "w:rPr/w:color"),
    ("h3", "color"): ("heading 2", "w:rPr/w:color"),
    ("h4", "color"): ("heading 3", "w:rPr/w:color"),
    (".subtitle", "color"): ("Subtitle", "w:rPr/w:color"),
    (".intro", "color"): ("Intro", "w:rPr/w:color"),
    (".byline", "color"): ("Byline", "w:rPr/w:color"),
    (".handling", "color"): ("Handling", "w:rPr/w:color"),
    (".running-header", "color"): ("header", "w:rPr/w:color"),
    (".running-header", "border-bottom"): ("header", "w:pPr/w:pBdr/w:bottom"),
    ("figcaption", "color"): ("caption", "w:rPr/w:color"),
    (".fn", "color"): ("footnote text", "w:rPr/w:color"),
    (".recommendation", "background"): ("Recommendation", "w:pPr/w:shd"),
    (".recommendation", "border-left"): ("Recommendation", "w:pPr/w:pBdr/w:left"),
    ("section.takeaways", "background"): ("Key Takeaway", "w:pPr/w:shd"),
}


def stylesheet_colour(css: str, selector: str, prop: str) -> str:
    """The colour brief.css's last rule naming ``selector`` gives ``prop``, as "RRGGBB" (a var() read
    from :root, "#555" written out)."""
    variables = root_properties(css)
    found = None
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule" or selector not in [s.strip() for s in
                                                              tinycss2.serialize(rule.prelude).split(",")]:
            continue
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type == "declaration" and declaration.lower_name == prop:
                value = tinycss2.serialize(declaration.value)
                value = re.sub(r"var\(--([\w-]+)\)", lambda m: variables[m.group(1)], value)
                colour = HEX.search(value)
                if colour:
                    digits = colour.group(1)
                    found = (digits if len(digits) == 6 else "".join(c * 2 for c in digits)).upper()
    assert found, (selector, prop)
    return found


def test_each_colour_the_pdf_prints_the_draft_prints_in_the_style_that_matches():
    """The greys and the accent beyond the table's own: the draft's Subtitle and Intro were #333
    where the PDF's are the navy-grey #3a4a5c, its Handling grey where the PDF's is bold accent,
    its running head's rule #bbb against #9aa9ba."""
    css = STYLESHEET.read_text(encoding="utf-8")
    styles = etree.fromstring(reference_parts()["word/styles.xml"])
    by_name = {s.find(f"{W}name").get(f"{W}val"): s for s in styles.iter(f"{W}style")}
    for (selector, prop), (style, where) in TWINS.items():
        el = by_name[style].find(where.replace("w:", W))
        ours = el.get(f"{W}fill") or el.get(f"{W}color") or el.get(f"{W}val")
        assert ours == stylesheet_colour(css, selector, prop), (selector, prop, style)
