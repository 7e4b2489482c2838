"""The words a brief prints of its own (labels.WORDS: headings, captions, "n.d."), per language: a brief
in another language prints that language's words where the vocabulary has them, in the PDF's HTML
and in the Word draft alike, and English where it has none."""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import get_args

import docx
from conftest import FIXTURES, make_project

from briefgen import labels
from briefgen.fields import REACHES
from briefgen.labels import word
from briefgen.model import Framework
from briefgen.pipeline import images_of, make_brief_and_html
from briefgen.project import Project, load_audience, load_factbase
from briefgen.render.dates import date_text, gives_date
from briefgen.render.word import render_docx


def test_a_word_is_the_language_s_own_else_its_primary_language_s_else_english(monkeypatch):
    monkeypatch.setitem(labels.WORDS, "fr", {"contents": "Sommaire"})
    monkeypatch.setitem(labels.WORDS, "fr-ca", {"contents": "Table des matières"})
    assert word("contents", "fr-CA") == "Table des matières"
    assert word("contents", "fr-FR") == "Sommaire"
    assert word("contents", "de") == word("contents", None) == "Contents"
    assert word("timeline alt", "en", count=3).startswith("Timeline chart: 3 frameworks")


def test_headings_and_captions_come_from_the_vocabulary_in_the_pdf_and_the_word_draft(monkeypatch, tmp_path):
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8").replace("language: en-GB", "language: fr")
    root = make_project(tmp_path / "p", seed_text=text)
    project = Project(root)
    fb, _ = load_factbase(root / "seeds" / "mini.yaml")
    profile = load_audience(project.audience_path("analyst"), [fb])

    def made():
        return make_brief_and_html(fb, profile, "mini-analyst", project.templates, project.identity(fb)[0])

    def html() -> str:
        return made()[1]

    english = html()
    assert '<p class="contents-title" id="contents-title">Contents</p>' in english
    monkeypatch.setitem(labels.WORDS, "fr", {"contents": "Sommaire", "milestones": "Jalons",
                                             "timeline caption": "Cadres et jalons, par date."})
    printed = html()
    assert '<p class="contents-title" id="contents-title">Sommaire</p>' in printed
    assert "<figcaption>Cadres et jalons, par date.</figcaption>" in printed
    assert "Timeline chart:" in printed  # a word the French entry lacks: English
    draft = docx.Document(io.BytesIO(render_docx(printed, images_of(made()[0], project))))
    headings = [p.text for p in draft.paragraphs if p.style.name == "TOC Heading"]
    assert headings == ["Sommaire"]


# A French vocabulary for the sentences a brief builds around its data (labels.WORDS): each reorders or
# rewords the English, so a test finds the French where a template or status.py built the English.
FRENCH = {
    "date": "d MMMM y",
    "title quoted": "« {title} »",
    "corrections intro dated": "Sur ces points, {title} de {publisher} du {date} s’écarte des faits.",
    "draws on marked": "S’appuie sur le {brief} du {date} ({marking}), qui en donne les sources",
    "except marked": "{sentence}, sauf pour les points marqués {markings}",
    "or": "{these} ou {that}",
    "signed as agreement": "signé",
    "timeline event": "{name} : {event}.",
    "dated": "{event} le {date}",
    "in force dated": "en vigueur depuis le {date}",
    "scope": "Portée : {scope}",
    "notes": "Notes de fin",
    "disclosure clients": "Diffusion limitée : aux organisations des destinataires et à leurs clients",
}


def french_brief(tmp_path, audience: str, **update):
    """The mini fact base's brief for ``audience`` in French, its HTML and its Word draft's paragraphs."""
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8").replace("language: en-GB", "language: fr")
    text = text.replace("  stale_after_days: 730\n", "  stale_after_days: 730\n  source_document: src-commentary\n")
    # lines for the minister marked above the analyst brief's level, whose sources that brief does not give
    above = "".join(f"  - {{id: msg-{n}, kind: line, audiences: [policymaker], text: A read-out.,"
                    f" rests_on: [fw-treaty], marking: {marking}}}\n"
                    for n, marking in enumerate(["TLP:RED", "TLP:AMBER+STRICT"]))
    text = text.replace("messages:\n", "messages:\n" + above)
    root = make_project(tmp_path / "p", seed_text=text)
    project = Project(root)
    fb, _ = load_factbase(root / "seeds" / "mini.yaml")
    profile = load_audience(project.audience_path(audience), [fb]).model_copy(update=update)
    if profile.sources_in:  # the profile whose brief gives its sources, as the project loads it (Project)
        profile = profile.citing(load_audience(project.audience_path(profile.sources_in), [fb]))
    brief, html = make_brief_and_html(fb, profile, f"mini-{audience}", project.templates, project.identity(fb)[0])
    draft = docx.Document(io.BytesIO(render_docx(html, images_of(brief, project))))
    return html, [p.text for p in draft.paragraphs], draft


def test_the_sentences_a_brief_builds_around_its_data_are_the_vocabulary_s_in_the_pdf_and_the_word_draft(
        monkeypatch, tmp_path):
    monkeypatch.setitem(labels.WORDS, "fr", FRENCH)
    html, paragraphs, draft = french_brief(tmp_path, "analyst", source_notes="endnotes")
    # a framework's status line (status.py): its verb, its dates in French month names, its scope
    status = "Signé le 17 juillet 2018; en vigueur depuis le 1 février 2019. Portée : Trade and political dialogue."
    assert status in html
    assert any(status in p for p in paragraphs)
    # the timeline's entry for a framework no milestone signed: its name, then what its date marks
    assert "17 juillet 2018 Test Treaty : signé." in re.sub("<[^>]+>", "", html)
    assert any("17 juillet 2018 Test Treaty : signé." in p for p in paragraphs)
    # the corrections' opening, the source document's title in the language's quotation marks
    intro = "Sur ces points, « Commentary on the treaty » de A think tank du 23 novembre 2023 s’écarte des faits."
    assert f'<p class="intro">{intro}</p>' in html
    assert intro in paragraphs
    # a citation's title, in a note (the Word draft's: a real endnote)
    assert "Council of the EU, « The Test Treaty »" in html
    [endnotes] = [part.blob.decode() for part in draft.part.package.parts if part.partname == "/word/endnotes.xml"]
    assert "Council of the EU, « The Test Treaty »" in endnotes
    # the handling line of a brief marked to travel wider than its profile sends it: what the marking allows
    handling = "TLP:AMBER Diffusion limitée : aux organisations des destinataires et à leurs clients"
    assert handling in re.sub("<[^>]+>", "", html)
    assert [p.text for p in draft.paragraphs if p.style.name == "Handling"] == [handling]
    # the contents' entry for the endnotes
    assert '<a href="#notes">Notes de fin</a>' in html
    assert [p.text for p in draft.paragraphs if p.style.name.startswith("toc")][-1].startswith("Notes de fin")


def test_the_handling_line_of_a_brief_without_notes_is_the_vocabulary_s_in_the_pdf_and_the_word_draft(
        monkeypatch, tmp_path):
    monkeypatch.setitem(labels.WORDS, "fr", FRENCH)
    html, paragraphs, _ = french_brief(tmp_path, "policymaker")
    said = ("S’appuie sur le analyst reference brief du 23 novembre 2023 (TLP:AMBER), qui en donne les sources, "
            "sauf pour les points marqués TLP:AMBER+STRICT ou TLP:RED")
    assert said in re.sub("<[^>]+>", "", html)
    assert any(p.endswith(" · " + said) for p in paragraphs)


def test_every_kind_of_framework_and_every_reach_of_a_marking_has_its_words():
    kinds = get_args(Framework.model_fields["kind"].annotation)
    assert {f"signed as {kind}" for kind in kinds} <= set(labels.WORDS["en"])
    assert {f"disclosure {reach}" for reach in REACHES} <= set(labels.WORDS["en"])


def test_a_date_is_worded_in_the_brief_s_language_by_the_vocabulary_s_pattern(monkeypatch):
    monkeypatch.setitem(labels.WORDS, "de", {"date": "d. MMMM y"})
    day = dt.date(2019, 2, 1)
    assert date_text(day) == date_text(day, "en-GB") == "1 February 2019"
    assert date_text(day, "fr-CA") == "1 février 2019"  # the month the language's own (CLDR), English's pattern
    assert date_text(day, "de") == "1. Februar 2019"
    assert date_text(day, "tlh") == "1 February 2019"  # a language CLDR does not know: English
    assert gives_date("signé le 1 février 2019", day, "fr") and not gives_date("signé le 11 février 2019", day, "fr")
