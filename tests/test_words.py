"""The words a brief prints of its own (labels.WORDS: headings, captions, "n.d."), per language: a brief
in another language prints that language's words where the vocabulary has them, in the PDF's HTML
and in the Word draft alike, and English where it has none."""
from __future__ import annotations

import io

import docx
from conftest import FIXTURES, make_project

from briefgen import labels
from briefgen.labels import word
from briefgen.pipeline import images_of, make_brief_and_html
from briefgen.project import Project, load_audience, load_factbase
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
