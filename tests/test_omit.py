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


MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
MINI_PROFILES = "  business: {lead_themes: [trade, supply-chains, digital, maritime, defence]}\n"


def validate_mini(tmp_path, profiles: str, *args: str):
    text = MINI.read_text(encoding="utf-8")
    assert MINI_PROFILES in text
    text = text.replace(MINI_PROFILES, MINI_PROFILES + profiles)
    seed = make_project(tmp_path, MINI, text) / "seeds" / MINI.name
    result = run_cli("--project", str(tmp_path), "validate", *args, str(seed), cwd=tmp_path)
    return result, text


def test_a_section_left_out_twice_is_a_warning_at_its_second_mention(tmp_path):
    """A code review: omit: [watch, watch] was taken without a word."""
    result, text = validate_mini(tmp_path, "  press: {omit: [watch, watch]}\n")
    line = text.splitlines().index("  press: {omit: [watch, watch]}") + 1
    assert result.returncode == 1, result.stderr
    assert f"seeds/mini.yaml:{line}:25: profiles.press.omit[1]: warning: 'watch' is already left out (omit[0]): " \
        "keep one" in result.stderr.splitlines(), result.stderr


def test_leaving_out_every_section_is_a_warning_and_the_reader_s_text_says_who_left_it_out(tmp_path):
    """A code review: a fact base leaving out every section of the press profile built a brief of its
    masthead alone, exit 0, without a word; and the takeaway written for the press reader was said to be
    for a reader 'whose profile has no takeaways section', which the profile has: the fact base left it out."""
    every = "  press: {omit: [takeaways, lines, watch, timeline, sources]}\n"
    result, text = validate_mini(tmp_path, every)
    line = text.splitlines().index(every.rstrip("\n")) + 1
    said = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert f"seeds/mini.yaml:{line}:11: profiles.press.omit: warning: this fact base leaves out every section of " \
        "the press profile: its brief would print only its masthead" in said, said
    assert not any("whose profile has no takeaways section" in s for s in said), said
    assert any("takeaway tk-press is for 'press', whose profile's takeaways section this fact base leaves out "
               "(profiles.press.omit); only the policymaker brief prints it" in s for s in said), said
