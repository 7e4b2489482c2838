"""Text per language: a fact base whose reader-facing fields are given as {language: text} builds in
its own language, in the PDF and the Word draft; a text missing that language is one validate line at
its field; and a template that meets text per language unlocalised fails at its own line."""
from __future__ import annotations

import docx
import jsonschema
import pytest
from conftest import MINI, cli, make_project, pdf_text

from briefgen.errors import BriefgenError
from briefgen.project import load_audience, load_factbase
from briefgen.schema import FACTBASE_SCHEMA, as_json, schemas

# mini.yaml (language en-GB) with each kind of reader-facing field given in English and French
PER_LANGUAGE = [
    ("title: Test partnership brief", "title: {en-GB: Test partnership brief, fr: Note sur le partenariat}"),
    ("short_title: Test brief", "short_title: {en: Test brief, fr: Note d'essai}"),
    ("subtitle: A fact base small enough to read in a test",
     "subtitle: {en-GB: A fact base small enough to read in a test, fr: Une base de faits minuscule}"),
    ("headline: Trade between the partners has grown for two decades.",
     "headline: {en-GB: Trade between the partners has grown for two decades., "
     "fr: Le commerce entre les partenaires progresse depuis vingt ans.}"),
    ("detail: Both sides see open trade as the base of their relationship.",
     "detail: {fr: Les deux voient dans le commerce ouvert le socle de leur relation., "
     "en: Both sides see open trade as the base of their relationship.}"),
    ("name: Test Treaty", "name: {en-GB: Test Treaty, fr: Traité d'essai}"),
    ("status: In force", "status: {en-GB: Under joint review, fr: En cours de révision}"),
    ("scope: Trade and political dialogue", "scope: {en-GB: Trade and political dialogue, fr: Commerce et dialogue}"),
    ("name: Maritime security", "name: {en-GB: Maritime security, fr: Sécurité maritime}"),
    # a source's kind of document is the note's words, in the brief's language (its title is as published)
    ("publisher: A think tank\n", "publisher: A think tank\n    medium: {en-GB: blog post, fr: billet de blog}\n"),
]
FRENCH = ["Note sur le partenariat", "Le commerce entre", "socle de leur relation", "Traité d'essai",
          "En cours de révision", "Commerce et dialogue", "Sécurité maritime", "Ce qui la motive", "billet de blog",
          "'fr'", "{'en"]
ENGLISH = ["Test partnership brief", "Trade between the partners has grown for two decades.",
           "Both sides see open trade as the base of their relationship.", "Test Treaty", "Under joint review",
           "Trade and political dialogue", "Maritime security", "What drives it", "blog post"]


def per_language(text: str) -> str:
    for old, new in PER_LANGUAGE:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    # a fact base's own heading for a profile's section, per language too
    return text.replace("profiles:\n", "profiles:\n  analyst:\n    labels:\n"
                        "      drivers: {en-GB: What drives it, fr: Ce qui la motive}\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("languages"), seed_text=per_language(MINI.read_text("utf-8")))
    result = cli(root, "build", "-a", "analyst", "--out", str(root / "out"))
    assert result.returncode == 0, result.stderr
    return root


def test_text_per_language_prints_the_fact_base_s_language_in_the_pdf(built):
    text = pdf_text(built / "out" / "mini-analyst.pdf")
    assert [t for t in ENGLISH if t not in text] == []
    assert [t for t in FRENCH if t in text] == []


def test_text_per_language_prints_the_fact_base_s_language_in_the_word_draft(built):
    document = docx.Document(str(built / "out" / "mini-analyst.docx"))
    paragraphs = [p.text for p in document.paragraphs] + [document.core_properties.title]
    paragraphs += [p.text for s in document.sections for p in s.header.paragraphs]
    text = " ".join(" ".join(paragraphs).split())
    assert [t for t in ENGLISH if t not in text] == []
    assert [t for t in FRENCH if t in text] == []


def test_a_text_without_the_fact_base_s_language_is_one_line_at_its_field(tmp_path):
    text = per_language(MINI.read_text("utf-8")).replace(
        "name: {en-GB: Maritime security, fr: Sécurité maritime}", "name: {fr: Sécurité maritime}")
    root = make_project(tmp_path, seed_text=text)
    result = cli(root, "validate", "seeds/mini.yaml")
    assert result.stderr.splitlines() == [
        "seeds/mini.yaml:65:11: areas[0].name: has no text in the fact base's language 'en-GB' (has: fr)"]
    assert result.returncode == 2


def test_a_template_meeting_text_per_language_unlocalised_fails_at_its_line(tmp_path, monkeypatch):
    """Were a field left unlocalised (here the fact base's meta, which texts.in_language is made to pass
    over), the brief would print {'en-GB': …, 'fr': …}; the template's finalize refuses it, at its line."""
    import briefgen.select
    from briefgen.pipeline import make_brief
    from briefgen.texts import in_language

    root = make_project(tmp_path, seed_text=per_language(MINI.read_text("utf-8")))
    fb, _ = load_factbase(root / "seeds" / "mini.yaml")
    audience = load_audience(root / "audiences" / "analyst.yaml", [fb])
    monkeypatch.setattr(briefgen.select, "in_language",
                        lambda model, language: in_language(model, language).model_copy(update={"meta": model.meta}))
    with pytest.raises(BriefgenError) as caught:
        make_brief(fb, audience, "mini-analyst", [root / "templates"])
    [problem] = caught.value.problems
    assert (problem.file.endswith("brief.html.j2"), problem.line) == (True, 9)
    assert problem.message.startswith("template error: printed a mapping where text belongs: {'en-GB': 'Test partn")


def test_the_json_schema_takes_text_per_language_keyed_by_language_tags():
    """What an editor's YAML extension checks as the user types (briefgen schema)."""
    import yaml

    validator = jsonschema.Draft202012Validator(schemas()[FACTBASE_SCHEMA])
    data = as_json(yaml.safe_load(per_language(MINI.read_text("utf-8"))))
    assert list(validator.iter_errors(data)) == []
    data["areas"][0]["name"] = {"English": "Maritime security"}
    assert [list(e.absolute_path) for e in validator.iter_errors(data)] == [["areas", 0, "name"]]
