"""Every list prints the same marker in the PDF and the Word draft, and the default reference's
list numbering can be traced from a style to its definition.

The PDF's markers come from brief.css (the recommendations' counter in its disc, an <ol>'s
default "1."), the draft's from the reference's numbering.xml (each list style's w:lvlText): two
copies of the look, which drifted ("1" against "1."). The test reads both as a reader gets them:
the text the PDF prints before a list's first item, and the level text of the style the draft
sets that item in."""
from __future__ import annotations

import re

import docx
from conftest import ROOT, poppler
from docx.oxml.ns import qn
from lxml import etree
from lxml import html as lxml_html

from briefgen.render.vocabulary import PARAGRAPH_STYLES, classes, style_for
from briefgen.render.word.package import reference_parts

GOLDEN = ROOT / "tests" / "golden"


def first_items() -> list[tuple[str, str, str, str, str]]:
    """(audience, the list's classes, the Word style its items take, the heading over the list, its
    first item's first words)
    for each kind of list the seed briefs print, from their committed HTML (tests/golden). The
    contents list is left out: the draft makes Word's own table of contents of it."""
    found: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    for page in sorted(GOLDEN.glob("eu-japan-*.html")):
        audience = page.stem.removeprefix("eu-japan-")
        tree = lxml_html.fromstring(page.read_bytes())
        for listed in tree.iter("ol", "ul"):
            if listed.xpath("ancestor::nav") or not len(listed):
                continue
            li = listed[0]
            kind = (listed.tag, listed.get("class") or "")
            for note in li.xpath(".//*[contains(concat(' ', @class, ' '), ' fn ')]"):
                note.getparent().remove(note)  # a source note floats to the page's foot
            words = " ".join(li.text_content().split()[:3])
            heading = " ".join(listed.xpath("preceding::*[self::h2 or self::h3 or self::h4][1]")[0]
                               .text_content().split())
            found.setdefault(kind, (audience, kind[1] or kind[0], style_for(PARAGRAPH_STYLES, li, classes(listed)),
                                    heading, words))
    return list(found.values())


def level(document, style_name: str) -> etree._Element | None:
    """The first level (w:lvl) of the list a style numbers its paragraphs with, followed through
    its base styles, its w:numId and the w:abstractNum that names, as Word follows them."""
    numbering = document.part.numbering_part.element
    style = document.styles[style_name]
    while style is not None:
        num_id = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            num = numbering.num_having_numId(int(num_id.get(qn("w:val"))))
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                            if a.get(qn("w:abstractNumId")) == abstract_id)
            return abstract.find(qn("w:lvl"))
        style = style.base_style
    return None


def word_number(document, style_name: str) -> str:
    """What the draft prints before a list's first item as its number ("1", "1.", "[1]"), or ""
    for a bulleted or unnumbered list: a bullet is a shape, not text the PDF would print."""
    lvl = level(document, style_name)
    if lvl is None or lvl.find(qn("w:numFmt")).get(qn("w:val")) != "decimal":
        return ""
    return lvl.find(qn("w:lvlText")).get(qn("w:val")).replace("%1", "1")


def pdf_number(lines: list[str], heading: str, words: str) -> str:
    """The text the PDF prints before ``words`` on their line, the first such line under the line
    that is ``heading`` alone (not the contents' entry, nor a note citing the same source earlier):
    the list's marker, if it is text."""
    pattern = re.compile(r"\s+".join(map(re.escape, words.split())))
    under = [" ".join(line.split()) for line in lines].index(heading)
    hits = [line[:m.start()].strip() for line in lines[under:] if (m := pattern.search(line))]
    assert hits, f"{words!r} is not in the PDF's text under {heading!r}"
    return hits[0]


def test_every_list_is_numbered_in_the_draft_as_in_the_pdf(seed_briefs, endnoted_briefs):
    lists = first_items()
    kinds = {kind for _, kind, _, _, _ in lists}
    # the numbered lists of a brief (recommendations; the endnotes, which no shipped profile prints
    # since stop 28, from a build of its own below) and the lettered and the unnumbered ones (the
    # timeline's key, which carries its letters as text; the sources, a bibliography)
    assert {"recommendations", "timeline", "sources", "takeaways", "facts"} <= kinds, kinds
    html = lxml_html.fromstring(_endnoted_html(endnoted_briefs))
    [listed] = html.xpath("//ol[@class='endnotes']")
    words = " ".join(listed[0].text_content().split()[:3])
    lists.append(("business", "endnotes", style_for(PARAGRAPH_STYLES, listed[0], classes(listed)), "Notes", words))
    briefs = dict(seed_briefs) | {("business-endnoted", fmt): o for fmt, o in endnoted_briefs.items()}
    numbers = {}
    for audience, kind, style, heading, words in lists:
        audience = "business-endnoted" if kind == "endnotes" else audience
        document = docx.Document(str(briefs[(audience, "docx")].path))
        pdf = briefs[(audience, "pdf")].path
        lines = poppler("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-").splitlines()
        numbers[kind] = (pdf_number(lines, heading, words), word_number(document, style))
        assert numbers[kind][0] == numbers[kind][1], (audience, kind, style, words)
    assert numbers["recommendations"] == ("1", "1")
    assert numbers["endnotes"] == ("1.", "1.")
    assert numbers["timeline"] == numbers["sources"] == ("", "")  # a key's letter is its text, in both


def _endnoted_html(endnoted_briefs) -> str:
    """The HTML the endnoted business brief was rendered from, rendered again from its Brief."""
    from briefgen.project import Project
    from briefgen.render.html import render_html
    return render_html(endnoted_briefs["pdf"].brief, Project(ROOT).templates)


def test_the_comparison_sees_the_level_text_the_draft_had(seed_briefs):
    """The check reads what it should: the recommendations' level text before ("%1.") disagrees."""
    audience, _, style, heading, words = next(item for item in first_items() if item[1] == "recommendations")
    document = docx.Document(str(seed_briefs[(audience, "docx")].path))
    level(document, style).find(qn("w:lvlText")).set(qn("w:val"), "%1.")
    lines = poppler("pdftotext", "-layout", "-enc", "UTF-8", seed_briefs[(audience, "pdf")].path, "-").splitlines()
    assert word_number(document, style) == "1." != pdf_number(lines, heading, words)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def numbering_chains() -> dict[str, tuple[str, str, str]]:
    """Each list style of the default reference -> (its w:numId, the w:abstractNum that names, that
    definition's w:name), read from the committed styles.xml and numbering.xml."""
    parts = reference_parts()
    styles = etree.fromstring(parts["word/styles.xml"])
    numbering = etree.fromstring(parts["word/numbering.xml"])
    abstract_of = {n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iter(f"{W}num")}
    names = {a.get(f"{W}abstractNumId"): a.find(f"{W}name").get(f"{W}val") if a.find(f"{W}name") is not None else None
             for a in numbering.iter(f"{W}abstractNum")}
    chains = {}
    for style in styles.iter(f"{W}style"):
        num_id = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num_id is not None:
            ident = num_id.get(f"{W}val")
            chains[style.find(f"{W}name").get(f"{W}val")] = (ident, abstract_of[ident], names[abstract_of[ident]])
    return chains


def test_the_default_numbering_is_traceable_from_each_list_style():
    """Every list definition of numbering.xml is named after the style that uses it, and every
    one is used: a team restyling a list finds its definition without working the ids out."""
    numbering = etree.fromstring(reference_parts()["word/numbering.xml"])
    chains = numbering_chains()
    assert {style: name for style, (_, _, name) in chains.items()} == {style: style for style in chains}
    assert {num_id for num_id, _, _ in chains.values()} == {n.get(f"{W}numId") for n in numbering.iter(f"{W}num")}
    assert ({abstract for _, abstract, _ in chains.values()}
            == {a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")})
    assert chains["Recommendation"][0] != chains["List Number"][0]


def test_the_default_reference_and_a_draft_are_valid_word_documents(seed_briefs, tmp_path):
    """Against the Office Open XML schema and Word's own rules (openxml-audit): a w:name out of its
    place in a w:abstractNum, or a style's w:numId naming no w:num, is what Word would repair."""
    from openxml_audit import OpenXmlValidator

    from briefgen.render.word.package import default_reference
    reference = tmp_path / "reference.docx"
    reference.write_bytes(default_reference())
    validator = OpenXmlValidator()
    for path in (reference, seed_briefs[("policymaker", "docx")].path):
        result = validator.validate(str(path))
        assert result.is_valid, [(e.part_uri, e.path, e.description) for e in result.errors[:5]]


def test_the_architecture_notes_state_each_list_style_s_chain():
    """docs/architecture.md tells a team restyling the draft where each list's number is defined: its
    table is the files' chains, so an id renumbered in numbering.xml fails here until it is updated."""
    readme = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for style, (num_id, abstract, _) in numbering_chains().items():
        row = f"| {style} | {num_id} | {abstract} |"
        assert row in readme, row
