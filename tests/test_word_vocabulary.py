"""The HTML vocabulary (briefgen/render/vocabulary.py): every brief of both topics stays
inside it, and the Word writer refuses, in one line naming the template, what is outside it."""
from __future__ import annotations

import pytest
from conftest import AUDIENCES, MINI, ROOT, make_project, run_cli
from lxml import html as lxml_html

from briefgen.errors import BriefgenError
from briefgen.pipeline import load_inputs, make_brief
from briefgen.project import Project
from briefgen.render import vocabulary
from briefgen.render.html import render_html
from briefgen.render.word import render_docx

TOPICS = {"eu-japan": (ROOT, ROOT / "seeds" / "eu-japan.yaml"),
          "eu-korea": (ROOT / "tests" / "topics" / "eu-korea", ROOT / "tests" / "topics" / "eu-korea" / "seeds" /
                       "eu-korea.yaml")}


def rendered(topic: str) -> dict[str, str]:
    """audience -> the brief's HTML, made as the build makes it (with the project's house)."""
    root, seed = TOPICS[topic]
    project = Project(root)
    inputs = load_inputs(project, [seed])
    (fb,) = inputs.factbases.values()
    house = project.identity(fb)[0]
    return {name: render_html(make_brief(fb, audience, f"{topic}-{name}", project.templates, house),
                              project.templates)
            for name, audience in inputs.audiences.items()}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_brief_of_both_topics_is_inside_the_vocabulary(topic):
    briefs = rendered(topic)
    assert sorted(briefs) == AUDIENCES
    seen_elements, seen_classes = set(), set()
    for name, html in briefs.items():
        tree = lxml_html.document_fromstring(html)
        assert vocabulary.unknown_term(tree) is None, name
        for el in tree.iter():
            if isinstance(el.tag, str):
                seen_elements.add(el.tag)
                seen_classes.update(vocabulary.classes(el))
    # a check that saw nothing would pass anything: the briefs use the vocabulary's substance
    assert {"h1", "h2", "p", "li", "span", "strong", "em", "a"} <= seen_elements
    assert {"fact", "marking", "running-header", "byline"} <= seen_classes


def test_every_style_the_vocabulary_names_is_in_the_default_reference():
    from briefgen.render.word.reference import STYLES_NAMED, default_document

    named = set(vocabulary.PARAGRAPH_STYLES.values()) | set(vocabulary.CHARACTER_STYLES.values())
    assert named <= set(STYLES_NAMED)
    have = {s.name for s in default_document().styles}
    assert set(STYLES_NAMED) <= have


NAME_A_STYLE = ('name one on the element (data-word-style="Style name"), or use a class '
                'briefgen/render/vocabulary.py declares')


@pytest.mark.parametrize(("markup", "term", "fix"), [
    ('<p class="callout">Text</p>', 'class p.callout', NAME_A_STYLE),
    ('<table><tr><td>Text</td></tr></table>', 'element <table>',
     "use an element briefgen/render/vocabulary.py declares"),
    ('<p>Text <span class="highlight">here</span></p>', 'class span.highlight', NAME_A_STYLE),
    # an element naming its own style may carry any class: not one that does not
    ('<p class="x" data-word-style="X">A</p><p class="x">B</p>', 'class p.x', NAME_A_STYLE),
])
def test_the_word_writer_refuses_what_the_vocabulary_lacks(markup, term, fix):
    html = f'<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>{markup}</body></html>'
    with pytest.raises(BriefgenError) as caught:
        render_docx(html)
    assert str(caught.value) == f"the brief's HTML:1:1: template error: {term} has no Word style: {fix}"


def test_an_element_naming_its_own_word_style_gets_it_from_the_reference_or_a_new_one():
    """A project's template names the Word style of an element of its own (data-word-style, as
    pandoc's custom-style): the reference's style of that name, or a new one based on Body Text
    (a character style: on the default font) that a Word user restyles; never direct formatting."""
    import io

    import docx

    html = ('<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>'
            '<p class="strapline" data-word-style="Strapline">Read before the summit</p>'
            '<p class="quote-me" data-word-style="Quote">Partners by design</p>'
            '<p>Body <span class="flag" data-word-style="Flag">new</span> text</p></body></html>')
    document = docx.Document(io.BytesIO(render_docx(html)))
    by_text = {p.text: p for p in document.paragraphs}
    strapline = by_text["Read before the summit"].style
    assert (strapline.name, strapline.base_style.name, strapline.type) == ("Strapline", "Body Text",
                                                                           docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    assert by_text["Partners by design"].style.name == "Quote"  # the reference's own
    run = next(r for r in by_text["Body new text"].runs if r.text == "new")
    assert run.style.name == "Flag" and run.style.type == docx.enum.style.WD_STYLE_TYPE.CHARACTER
    xml = document.element.body.xml
    assert "<w:b/>" not in xml and "<w:color " not in xml and "<w:sz " not in xml  # styles only
    with pytest.raises(BriefgenError, match='data-word-style "Strong" names a character style'):
        render_docx(html.replace('data-word-style="Strapline"', 'data-word-style="Strong"'))


@pytest.mark.parametrize("reverse", [False, True], ids=["as-briefgen-writes-them", "the-other-way-round"])
def test_two_known_classes_take_the_narrower_style_whatever_their_order(reverse):
    """A key judgement is a fact ("judgement fact") and a marking a TLP level ("tlp-red marking"):
    each takes the narrower style, the order a project's own template writes the classes in aside."""
    import io

    import docx

    def written(*names):
        return " ".join(reversed(names) if reverse else names)

    html = (f'<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>'
            f'<p class="{written("judgement", "fact")}">Japan will keep its course.</p>'
            f'<p class="handling"><span class="{written("tlp-red", "marking")}">TLP:RED</span> For the Minister</p>'
            f'</body></html>')
    document = docx.Document(io.BytesIO(render_docx(html)))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Japan will keep its course."] == "Key Judgement"
    runs = [run for p in document.paragraphs for run in p.runs if run.text == "TLP:RED"]
    assert [run.style.name for run in runs] == ["Marking TLP Red"]


def test_a_project_template_with_an_unknown_class_fails_the_brief_in_one_line(tmp_path):
    """A colleague's template adds a class the Word writer has no style for: the build
    exits 2 with one line naming the template, its line and the class, writes neither
    file of the brief, and leaves no traceback."""
    root = make_project(tmp_path / "project", MINI)
    template = root / "templates" / "brief.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('<p class="byline">', '<p class="byline callout">', 1), encoding="utf-8")
    line = 1 + text[:text.index('<p class="byline">')].count("\n")
    out = tmp_path / "out"
    result = run_cli("--project", str(root), "build", "seeds/mini.yaml", "-a", "press", "--out", str(out), cwd=root)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    # both files of the brief fail: a PDF written with what the draft lacks would disagree with it
    assert [s for s in result.stderr.splitlines() if s.strip()] == [
        f"failed: mini-press.pdf, mini-press.docx: templates/brief.html.j2:{line}:1: template error: class "
        f"p.callout has no Word style: {NAME_A_STYLE}"]
    assert not (out / "mini-press.docx").exists() and not (out / "mini-press.pdf").exists()
    # named as the message says, the element builds in both formats, in that style in the draft
    template.write_text(text.replace('<p class="byline">', '<p class="byline callout" data-word-style="Byline">', 1),
                        encoding="utf-8")
    result = run_cli("--project", str(root), "build", "seeds/mini.yaml", "-a", "press", "--out", str(out), cwd=root)
    assert result.returncode == 0, result.stderr
    import docx
    styles = {p.style.name for p in docx.Document(str(out / "mini-press.docx")).paragraphs}
    assert "Byline" in styles and (out / "mini-press.pdf").is_file()


# ------------------------------------------------------------ the default reference, as data

def test_the_default_reference_is_its_committed_parts_zipped_the_same_every_time():
    """The default reference document is the XML files under render/word/default-reference,
    zipped in a fixed order with fixed times: no part made by code, the same bytes every time. The one
    thing code adds is the TLP markings' colours, from their one table (fields.TLP_COLOURS)."""
    import io
    import zipfile
    from pathlib import Path

    from briefgen.render.word import package

    folder = Path(package.__file__).parent / "default-reference"
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert {"word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/document.xml"} <= set(files)
    files["word/styles.xml"] = package.with_marking_colours(files["word/styles.xml"])
    made = package.default_reference()
    assert made == package.default_reference.__wrapped__()
    with zipfile.ZipFile(io.BytesIO(made)) as zipped:
        assert zipped.namelist()[0] == "[Content_Types].xml"  # where OPC readers look first
        assert {name: zipped.read(name) for name in zipped.namelist()} == files
        assert {info.date_time for info in zipped.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_an_element_naming_a_style_of_the_other_kind_fails_both_files_at_its_template_line(tmp_path):
    """A span set in "Body Text", a paragraph style of briefgen's reference, failed the Word draft
    alone, at "the brief's HTML:1:1", and the PDF was written (code review): it is known before either
    writer runs, and told at the template's line."""
    root = make_project(tmp_path / "project", MINI)
    template = root / "templates" / "brief.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('<p class="byline">', '<p class="byline"><span class="kicker" '
                                     'data-word-style="Body Text">New</span> ', 1), encoding="utf-8")
    line = 1 + text[:text.index('<p class="byline">')].count("\n")
    out = tmp_path / "out"
    result = run_cli("--project", str(root), "build", "seeds/mini.yaml", "-a", "press", "--out", str(out), cwd=root)
    assert result.returncode == 2, result.stderr
    assert [s for s in result.stderr.splitlines() if s.strip()] == [
        f'failed: mini-press.pdf, mini-press.docx: templates/brief.html.j2:{line}:1: template error: '
        'data-word-style="Body Text" on <span> names a paragraph style of the Word reference; a <span> takes a '
        'character style']
    assert not (out / "mini-press.pdf").exists() and not (out / "mini-press.docx").exists()
