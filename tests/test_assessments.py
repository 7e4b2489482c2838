"""A fact the fact base marks as the analysts' assessment (``assessment: {confidence: ...}``), read
as a reader reads it: labelled and with its confidence in the PDF and the Word draft, in the
brief's own words; no "rests only on secondary sources" comment on it; its field checked by
validate (the bad-input corpus, tests/bad/cases.yaml, has its one-line errors)."""
from __future__ import annotations

import json
import re

import docx
import pytest
from conftest import FIXTURES, cli, make_project, normalise, pdf_text, run_cli
from docx.oxml.ns import qn
from test_docx import comments_by_fact

from briefgen.absorb.draft import read_draft
from briefgen.pipeline import make_brief_and_html
from briefgen.project import Project, load_audience, load_factbase

CYBER = "The Cyber Dialogue is a policy exchange, not an operational cooperation channel."
US = "Doubts about the durability of US security guarantees encourage both partners to hedge"
GAP = "Beyond naval exercises and data flows, the security partnership is still mostly declaratory"


def test_the_pdf_labels_each_assessment_and_prints_its_confidence(seed_briefs):
    """ "Assessment:" before the statement, a plain sentence, and its confidence after it, as a key
    judgement's: in every brief that prints one. Before, the label was typed into the headline
    ("Assessment: the Cyber Dialogue…") and no confidence was given."""
    analyst = pdf_text(seed_briefs[("analyst", "pdf")].path)
    security = pdf_text(seed_briefs[("security", "pdf")].path)
    minister = pdf_text(seed_briefs[("policymaker", "pdf")].path)
    for text in (analyst, security):
        assert f"Assessment: {CYBER} Its rounds compare" in text
        assert re.search(r"should be set accordingly\. Moderate confidence\.\d+ ", text), text
    assert f"(TLP:AMBER) Assessment: {US}" in analyst
    assert re.search(r"should not be made in open settings\. Low confidence\.\d+ ", analyst)
    # the minister's brief lists the challenge by its headline: label and confidence still
    assert f"(TLP:AMBER) Assessment: {GAP}, with new formats outnumbering deliverables. Moderate confidence." \
        in minister
    # the label is the brief's, once: never typed into a statement any more
    for audience in ("analyst", "business", "policymaker", "press", "security"):
        text = pdf_text(seed_briefs[(audience, "pdf")].path)
        assert not re.search(r"Assessment: [a-z]", text), audience
        assert "Assessment: Assessment" not in text, audience
    # a key judgement prints its confidence as before
    assert "without any mutual defence commitment. Moderate confidence." in security


def test_the_word_draft_sets_the_label_in_its_own_style_and_the_statement_without_it(seed_briefs):
    """The label is a run in the character style Assessment Label (no direct formatting: an
    organisation's reference restyles it), the confidence an Emphasis run as a judgement's, and the
    statement's anchored text, the one absorb reads back, holds no label."""
    path = seed_briefs[("analyst", "docx")].path
    document = docx.Document(str(path))
    [para] = [p for p in document.paragraphs if CYBER in p.text]
    assert para.style.name == "Body Text"
    labelled = [r for r in para.runs if r.text.strip()]
    assert (labelled[0].text, labelled[0].style.name) == ("Assessment:", "Assessment Label")
    assert [child.tag for child in labelled[0]._r.rPr] == [qn("w:rStyle")]  # the style only
    assert (labelled[1].text, labelled[1].style.name) == (CYBER, "Strong")
    # kept on one line, as the PDF keeps it (span.nobreak): joined by a no-break space
    assert ("Moderate\u00a0confidence.", "Emphasis") in [(r.text, r.style.name) for r in para.runs]
    assert normalise(para.text).startswith(f"Assessment: {CYBER}")
    # the style is the reference's, defined there: bold, in the accent
    style = document.styles["Assessment Label"]
    assert style.type == docx.enum.style.WD_STYLE_TYPE.CHARACTER and style.font.bold
    assert str(style.font.color.rgb) == "123C69"
    # the anchored statement: the headline as the fact base has it
    anchored = {(a.anchor.field, normalise(a.current)) for a in read_draft(path).texts}
    assert ("headline", CYBER) in anchored
    assert not any(text.startswith("Assessment") for _, text in anchored)
    # the minister's draft: the challenge's list item, labelled the same way
    minister = docx.Document(str(seed_briefs[("policymaker", "docx")].path))
    [item] = [p for p in minister.paragraphs if GAP in p.text]
    assert [(r.text, r.style.name) for r in item.runs if r.text.strip()][1] == ("Assessment:", "Assessment Label")


def test_an_assessment_on_commentary_alone_is_no_editorial_comment_a_statement_of_fact_is(seed_briefs, tmp_path):
    """"Rests only on secondary sources" is for a statement of fact: an analyst's judgement rests on
    the analysis that made it. The sample's US-reliability driver, an assessment resting on one
    commentary, carries no comment in the Word draft and no warning; the naval-deployments fact,
    a statement of fact on the same commentary alone, still does."""
    flagged = comments_by_fact(seed_briefs[("analyst", "docx")].path)
    assert not [text for para, text in flagged.items() if US in para]
    [comment] = [text for para, text in flagged.items() if "Naval deployments to the Indo-Pacific" in para]
    assert "It rests only on secondary sources" in comment
    # the mini fixture's driver on the commentary alone: flagged as a statement of fact, not once assessed
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("sources: [src-commentary, src-treaty]", "sources: [src-commentary]", 1)
    assessed = text.replace("    themes: [defence]\n    priority: 2\n",
                            "    themes: [defence]\n    priority: 2\n    assessment: {confidence: low}\n", 1)
    assert assessed != text
    for seed, comments in ((text, 1), (assessed, 0)):
        root = make_project(tmp_path / f"p{comments}", seed_text=seed)
        checked = cli(root, "validate", "seeds/mini.yaml")
        assert ("rests only on secondary sources" in checked.stderr) == bool(comments), checked.stderr
        assert cli(root, "build", "seeds/mini.yaml", "-a", "analyst", "-f", "docx").returncode == 0
        assert len(comments_by_fact(root / "briefs" / "mini-analyst.docx")) == comments


def test_the_label_and_the_confidence_come_from_the_vocabulary_of_the_brief_s_language(monkeypatch, tmp_path):
    """A brief in another language prints that language's words where the vocabulary has them
    (labels.WORDS), and English where it has none; the fact's text is the fact base's."""
    from briefgen import labels

    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8").replace("language: en-GB", "language: fr")
    text = text.replace("        marking: TLP:AMBER\n",
                        "        marking: TLP:AMBER\n        assessment: {confidence: high}\n")
    text = text.replace("      themes: [defence]\n  recommendations:",
                        "      themes: [defence]\n      assessment: {confidence: low}\n  recommendations:")
    root = make_project(tmp_path / "p", seed_text=text)
    project = Project(root)
    fb, _ = load_factbase(root / "seeds" / "mini.yaml")
    profile = load_audience(project.audience_path("analyst"), [fb])

    def html() -> str:
        return make_brief_and_html(fb, profile, "mini-analyst", project.templates, project.identity(fb)[0])[1]

    assert '<span class="assessment">Assessment:</span> ' in html()  # no French words: the English ones
    monkeypatch.setitem(labels.WORDS, "fr", {"assessment": "Évaluation\u202f:", "confidence high": "Confiance élevée."})
    printed = html()
    assert '<span class="assessment">Évaluation\u202f:</span> ' in printed
    assert '<em class="confidence"><span class="nobreak">Confiance élevée.</span></em>' in printed
    # a word the French entry lacks: English
    assert '<em class="confidence"><span class="nobreak">Low confidence.</span></em>' in printed


def test_the_schema_describes_the_field(tmp_path):
    """`briefgen schema` gives editors the field, its levels and ladder, on every kind of fact."""
    assert run_cli("schema", str(tmp_path)).returncode == 0
    schema = json.loads((tmp_path / "factbase.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    assessment = defs["Assessment"]
    assert assessment["required"] == ["confidence"]
    assert assessment["properties"]["confidence"]["enum"] == ["high", "moderate", "low"]
    assert "likely" in assessment["properties"]["likelihood"]["anyOf"][0]["enum"]
    for kind in ("Fact", "Framework"):
        assert "Assessment" in json.dumps(defs[kind]["properties"]["assessment"]), kind


@pytest.mark.parametrize("said", ["Practical naval cooperation is likely to stay thin.",
                                  "Likely, practical naval cooperation stays thin."])
def test_an_assessment_that_says_its_likelihood_is_not_warned_of(tmp_path, said):
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("headline: Practical naval cooperation remains thin.\n",
                        f"headline: {said}\n        assessment: {{confidence: moderate, likelihood: likely}}\n")
    root = make_project(tmp_path / "p", seed_text=text)
    checked = cli(root, "validate", "seeds/mini.yaml")
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr
