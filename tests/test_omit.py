"""A fact base may leave a profile's section out of its brief (``profiles: NAME: omit``), where the
section serves that reader nothing for the topic. Editor review, stop 28, item 9: the business brief's
"Coming up" held only the SPA's entry into force, of no use to a company, and no source dates anything
a company should watch; dropping the item alone left validate warning that the section prints nothing."""
from __future__ import annotations

from conftest import ROOT, make_project, pdf_text, run_cli

SEED = ROOT / "seeds" / "eu-japan.yaml"
OMIT = '  business: {labels: {areas: "Market access and supply chains"}, omit: [watch]}\n'


def test_the_business_brief_has_nothing_to_watch_and_no_coming_up(seed_briefs):
    business = seed_briefs[("business", "pdf")]
    assert "watch" not in {s.id for s in business.brief.sections}
    text = pdf_text(business.path)
    assert "Coming up" not in text and "enters fully into force" not in text
    assert "Coming up" in pdf_text(seed_briefs[("policymaker", "pdf")].path)  # the minister's still has it


def validate(tmp_path, text: str) -> str:
    seed = make_project(tmp_path, SEED, text) / "seeds" / SEED.name
    return run_cli("--project", str(tmp_path), "validate", str(seed), cwd=tmp_path).stderr


def test_validate_warns_of_an_empty_section_unless_the_fact_base_leaves_it_out(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    assert OMIT in text
    assert "Coming up" not in validate(tmp_path / "a", text)
    said = validate(tmp_path / "b", text.replace(OMIT, OMIT.replace(", omit: [watch]", "")))
    assert "business's 'Coming up' prints nothing" in said, said


def test_leaving_out_a_section_the_profile_lacks_is_a_warning_at_its_line(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("omit: [watch]", "omit: [watch, judgements]")
    said = validate(tmp_path, text)
    line = text.splitlines().index(OMIT.replace("[watch]", "[watch, judgements]").rstrip("\n")) + 1
    assert f"seeds/eu-japan.yaml:{line}:" in said and "the business profile has no 'judgements' section to " \
        "leave out" in said, said
