"""Abbreviations: each brief writes one out in full where it first uses it, and only there
(render/abbreviations.py), in the PDF and the Word draft alike; one above the brief's
release level is never written out; a fact base that defines one badly is refused."""
from __future__ import annotations

import re

import docx
import pytest
from conftest import AUDIENCES, ROOT, SEED, pdf_text, seed_html
from lxml import html as lxml_html

from briefgen.markings import redact
from briefgen.model import Abbreviation
from briefgen.pipeline import make_brief_and_html
from briefgen.project import load_audience, load_factbase
from briefgen.release.withheld import find_leaks, withheld
from briefgen.render.abbreviations import FirstUse, contract, pairs

EPA = ("EPA", "Economic Partnership Agreement")
SPA = ("SPA", "Strategic Partnership Agreement")


def printed(uses: FirstUse, text: str) -> str:
    return "".join(piece for piece, _ in uses.split(text))


def test_the_first_use_is_written_out_and_a_full_form_written_again_later_is_shortened():
    uses = FirstUse([EPA, SPA])
    assert printed(uses, "The SPA and EPA were signed.") == \
        "The Strategic Partnership Agreement (SPA) and Economic Partnership Agreement (EPA) were signed."
    assert printed(uses, "The Economic Partnership  Agreement (EPA) took effect; the EPA's rules apply.") == \
        "The EPA took effect; the EPA's rules apply."
    # the first use is marked with its short form, for the Word writer's anchors
    assert FirstUse([EPA]).split("Under the EPA, duties fell.") == [
        ("Under the ", None), ("Economic Partnership Agreement (EPA)", "EPA"), (", duties fell.", None)]


def test_only_the_short_form_alone_is_a_use():
    uses = FirstUse([("NAVFOR", "Naval Force"), EPA])
    for text in ("EU-NAVFOR Atalanta", "two EPAs", "EPA-based rules", "epa", "Council Decision (EPA) 2016/849"):
        assert printed(uses, text) == text
    assert not uses.used
    # inside brackets, the short form in square brackets (Chicago 6.102), and taken back from them
    assert printed(uses, "(under the EPA)") == "(under the Economic Partnership Agreement [EPA])"
    assert contract("(under the Economic Partnership Agreement [EPA])", [EPA]) == "(under the EPA)"


def test_a_full_form_the_fact_base_writes_itself_counts_as_the_first_use():
    uses = FirstUse([SPA])
    assert printed(uses, "EU–Japan Strategic Partnership Agreement (SPA)") == \
        "EU–Japan Strategic Partnership Agreement (SPA)"
    assert printed(uses, "The SPA applies.") == "The SPA applies."


def test_contract_takes_every_full_form_back_to_the_short_form():
    assert contract("The Economic Partnership Agreement (EPA) and the EPA", [EPA]) == "The EPA and the EPA"
    assert contract("no abbreviation here", []) == "no abbreviation here"


def test_short_and_long_forms_are_read_in_the_fact_base_language():
    entry = Abbreviation(short={"en": "EPA", "fr": "APE"},
                         long={"en": "Economic Partnership Agreement", "fr": "accord de partenariat économique"})
    assert pairs([entry], "fr-FR") == [("APE", "accord de partenariat économique")]
    assert pairs([entry], "en-GB") == [EPA]


def body_text(html: str) -> str:
    """What a reader reads as the brief's own sentences: no source notes, no list of sources."""
    tree = lxml_html.document_fromstring(html)
    for el in tree.xpath("//*[contains(concat(' ', @class, ' '), ' fn ')] | //ol[@class='endnotes']"
                         " | //section[contains(@class, 'sources')] | //section[contains(@class, 'notes')]"
                         " | //div[contains(@class, 'running-')]"):
        el.drop_tree()
    return " ".join(tree.body.text_content().split())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_brief_writes_each_abbreviation_out_once_at_its_first_use(seed_inputs, project, audience):
    fb = seed_inputs.factbases["eu-japan"]
    text = body_text(seed_html(seed_inputs, project, audience))
    used = 0
    for short, long in pairs(fb.abbreviations, fb.meta.language):
        uses = [m.group(0) for m in re.finditer(rf"{long} \({short}\)|(?<![\w-]){short}(?![\w-])", text)]
        if not uses:
            continue
        used += 1
        assert uses[0] == f"{long} ({short})", (short, text[:2000])
        assert uses.count(f"{long} ({short})") == 1, short
        assert len(uses) > 1, short  # a gloss is for the reader's later use: a name used once is written out bare
    # the minister's and the security brief name each agreement once: written out, no short form
    assert used or audience in ("policymaker", "security")


def test_the_pdf_and_the_word_draft_print_the_same_first_use(seed_briefs):
    pdf = " ".join(pdf_text(seed_briefs[("business", "pdf")].path).split())
    first = pdf.index("EPA")
    assert pdf[first - len("Economic Partnership Agreement ("):first] == "Economic Partnership Agreement ("
    draft = [p.text for p in docx.Document(str(seed_briefs[("business", "docx")].path)).paragraphs]
    written_out = [p for p in draft if "Economic Partnership Agreement (EPA)" in p]
    assert len(written_out) == 1 and "took effect" in written_out[0]


def test_an_abbreviation_above_the_release_level_is_not_written_out(seed_inputs, project):
    """Its long form could say more than the press may read: the press brief prints "SPA" only."""
    fb = seed_inputs.factbases["eu-japan"]
    marked = [a.model_copy(update={"marking": "TLP:AMBER"}) if a.short == "SPA" else a for a in fb.abbreviations]
    secret = fb.model_copy(update={"abbreviations": marked})
    press = seed_inputs.audiences["press"]
    assert [a.short for a in redact(secret, press).abbreviations] == [a.short for a in marked if a.short != "SPA"]
    html = make_brief_and_html(secret, press, "eu-japan-press", project.templates, project.identity(fb)[0])[1]
    assert "SPA" in body_text(html) and "Strategic Partnership Agreement (SPA)" not in body_text(html)
    analyst = make_brief_and_html(secret, seed_inputs.audiences["analyst"], "eu-japan-analyst", project.templates,
                                  project.identity(fb)[0])[1]
    assert "Strategic Partnership Agreement (SPA)" in body_text(analyst)


def test_the_seed_fact_base_defines_what_its_briefs_abbreviate(seed_inputs):
    assert {a.short for a in seed_inputs.factbases["eu-japan"].abbreviations} >= {"EPA", "SPA", "JOGMEC"}
    assert SEED.name == "eu-japan.yaml"


def test_the_release_check_counts_what_a_marked_abbreviation_stands_for_as_withheld(seed_inputs):
    fb = seed_inputs.factbases["eu-japan"]
    secret = fb.model_copy(update={"abbreviations": [
        *fb.abbreviations, Abbreviation(short="OPX", long="Operation Paper Crane Exercise", marking="TLP:RED")]})
    press = seed_inputs.audiences["press"]
    items, cleared = withheld(secret, press.release)
    assert [(i.kind, i.id, i.text) for i in items if i.kind == "abbreviation"] == [
        ("abbreviation", "OPX", "Operation Paper Crane Exercise")]
    leaks = find_leaks({"page text": "Japan joined the Operation Paper Crane Exercise (OPX) in May."},
                       "eu-japan-press.pdf", press, items, cleared)
    assert [(leak.item.id, leak.channel) for leak in leaks] == [("OPX", "page text")]
    assert not find_leaks({"page text": "Japan joined OPX in May."}, "eu-japan-press.pdf", press, items, cleared)


def test_the_example_briefgen_new_writes_shows_an_abbreviation_written_out_once(project):
    """A new user's first fact base uses "FTA" twice in the analyst brief, which writes it out the first
    time (the press brief, whose timeline now lists the agreement's signing by its name, uses it once)."""
    example = ROOT / "briefgen" / "defaults" / "example.yaml"
    fb, _ = load_factbase(example)
    assert [(a.short, a.long) for a in fb.abbreviations] == [("FTA", "free trade agreement")]
    analyst = load_audience(project.audience_path("analyst"), [fb])
    text = body_text(make_brief_and_html(fb, analyst, "example-analyst", project.templates,
                                         project.identity(fb)[0])[1])
    assert text.count("free trade agreement (FTA)") == 1 and text.count("FTA") == 2
    assert text.index("free trade agreement (FTA)") < text.index("The FTA removed")


def test_a_possessive_goes_on_the_name_before_its_gloss_and_comes_back():
    """"The TTC's group" reads "The Trade and Technology Council’s (TTC) group", never "… Council (TTC)’s
    group"; the anchor's short form keeps the possessive, and contract takes either apostrophe back."""
    ttc = ("TTC", "Trade and Technology Council")
    uses = FirstUse([ttc])
    assert uses.split("The TTC’s first group; the TTC’s second.") == [
        ("The ", None), ("Trade and Technology Council’s (TTC)", "TTC’s"), (" first group; the TTC’s second.", None)]
    assert printed(FirstUse([ttc]), "(the TTC's group)") == "(the Trade and Technology Council's [TTC] group)"
    once = FirstUse([ttc], once=frozenset({0}))
    assert printed(once, "The TTC’s group") == "The Trade and Technology Council’s group"
    for text in ("The Trade and Technology Council's (TTC) group", "The Trade and Technology Council’s (TTC) group"):
        assert contract(text, [ttc]) == f"The TTC{text.split('Council')[1][0]}s group"
    assert contract("The Trade and Technology Council's group", [ttc], bare=True) == "The TTC's group"


def docx_text(path) -> str:
    return " ".join(" ".join(p.text for p in docx.Document(str(path)).paragraphs).split())


def test_a_long_form_with_its_article_takes_a_capital_where_a_sentence_starts(canada_briefs):
    """Review 27 (item 1): a long form written with its article, as README advises ("the Comprehensive
    Economic and Trade Agreement"), printed "the Comprehensive … (CETA) has applied" at the start of
    the analyst brief's first takeaway; in the PDF and the Word draft alike, it takes the capital
    there and keeps its lowercase mid-sentence (the minister's line to take)."""
    for audience, opening in (("analyst", "The Comprehensive Economic and Trade Agreement (CETA) has applied"),
                              ("business", "The Comprehensive Economic and Trade Agreement (CETA) protects"),
                              ("policymaker", "partners: the Comprehensive Economic and Trade Agreement (CETA) "
                                              "has served")):
        for text in (pdf_text(canada_briefs[(audience, "pdf")]), docx_text(canada_briefs[(audience, "docx")])):
            text = " ".join(text.split())
            assert opening in text, (audience, text[:1500])
            # once: the notes' source title ("“Comprehensive … (CETA) between Canada …”") is quoted as published
            assert text.lower().count("the comprehensive economic and trade agreement (ceta)") == 1, audience


def test_a_quotation_is_printed_as_it_was_said(canada_briefs):
    """Review 27 (item 1): the press line quoting the Commission ("CETA removes customs duties ...",
    with its attribution) had the name written out inside the quotation. It is printed verbatim; the
    name is written out at the next use that is not a quote or a label ("Next CETA Joint Committee"),
    and never after the statement's own article ("The CETA Joint Committee", not "The the ...")."""
    for text in (pdf_text(canada_briefs[("press", "pdf")]), docx_text(canada_briefs[("press", "docx")])):
        text = " ".join(text.split())
        assert "CETA removes customs duties on 98% of tariff lines between the EU and Canada. (European " \
            "Commission" in text, text[:1500]
        assert "Next CETA Joint Committee" in text and "The CETA Joint Committee reviews" in text
        assert "the the" not in text.lower()
        assert text.count("The Comprehensive Economic and Trade Agreement (CETA) and the Strategic") == 1


def test_quotation_marks_keep_their_words_and_either_case_comes_back():
    cptpp = ("CPTPP", "the Comprehensive and Progressive Agreement for Trans-Pacific Partnership")
    uses = FirstUse([EPA, cptpp])
    assert printed(uses, "Officials call it “the EPA of the Pacific”; the EPA applies.") == \
        "Officials call it “the EPA of the Pacific”; the Economic Partnership Agreement (EPA) applies."
    assert printed(uses, "Ottawa said: ‘the CPTPP’s rules are ours’. CPTPP members agree.") == (
        "Ottawa said: ‘the CPTPP’s rules are ours’. The Comprehensive and Progressive Agreement for "
        "Trans-Pacific Partnership (CPTPP) members agree.")
    german = FirstUse([EPA], language="de")
    assert printed(german, "„Das EPA wirkt“, sagt sie. Das EPA gilt.") == \
        "„Das EPA wirkt“, sagt sie. Das Economic Partnership Agreement (EPA) gilt."
    back = "The Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP) members agree."
    assert contract(back, [cptpp]) == "CPTPP members agree."
    assert contract("The Comprehensive and Progressive Agreement for Trans-Pacific Partnership applies.",
                    [cptpp], bare=True) == "CPTPP applies."


def test_a_full_stop_of_an_abbreviation_is_no_sentence_start():
    """Code review, stop 27: any full stop opened a sentence, so 'e.g. JOGMEC' wrote the name out
    capitalised mid-sentence ('e.g. The Japan Organization…'). After an abbreviation's full stop
    ('e.g.', 'U.S.', 'No.') the long form keeps its lowercase; after a sentence's, it takes the capital."""
    jogmec = ("JOGMEC", "the Japan Organization for Metals and Energy Security")
    assert printed(FirstUse([jogmec]), "Lenders, e.g. JOGMEC, invest.") == \
        "Lenders, e.g. the Japan Organization for Metals and Energy Security (JOGMEC), invest."
    assert printed(FirstUse([jogmec]), "Its U.S. peer and JOGMEC invest.") == \
        "Its U.S. peer and the Japan Organization for Metals and Energy Security (JOGMEC) invest."
    assert printed(FirstUse([jogmec]), "Lenders hesitate. JOGMEC invests.") == \
        "Lenders hesitate. The Japan Organization for Metals and Energy Security (JOGMEC) invests."

