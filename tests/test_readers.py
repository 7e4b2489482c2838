"""Readers a fact base names are the project's profiles' (briefgen/readers.py), and a section a
fact base has no material for is told at the fact base, only where lacking it is not normal.

The one-line cases (a misspelt reader in audiences or so_what, a misspelt profile name, a so-what
line no brief prints, a section that prints nothing) are in tests/bad/cases.yaml; these need a
project of their own: a profile it adds, and a fact base without corrections. All run in process.
"""
from __future__ import annotations

import docx
from conftest import CANADA, MINI, cli, make_project, pdf_text

from briefgen.pipeline import load_inputs
from briefgen.project import Project

MINI_TEXT = MINI.read_text(encoding="utf-8")
CORRECTIONS = MINI_TEXT[MINI_TEXT.index("corrections:\n"):MINI_TEXT.index("# one message of each kind")]


def validated_after(root, old: str, new: str) -> tuple[int, list[str]]:
    """The project's mini.yaml with ``old`` made ``new``, validated: (exit code, stderr's lines)."""
    seed = root / "seeds" / "mini.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    checked = cli(root, "validate", "seeds/mini.yaml")
    return checked.returncode, checked.stderr.splitlines()


def test_a_reader_the_project_adds_is_known_and_a_profile_s_name_points_to_its_reader(tmp_path):
    """The readers come from the project's profiles, not from a list in briefgen: a project's own
    profile 'investors', for the reader 'investor', makes 'investor' a reader; its name is not one."""
    root = make_project(tmp_path / "p", seed_text=MINI_TEXT.replace(
        "    rests_on: [drv-trade]\n", "    rests_on: [drv-trade]\n    audiences: [investor]\n"))
    analyst = (root / "audiences" / "analyst.yaml").read_text(encoding="utf-8")
    (root / "audiences" / "investors.yaml").write_text(
        analyst.replace("name: analyst", "name: investors").replace("reader: analyst", "reader: investor"),
        encoding="utf-8")
    assert cli(root, "validate", "seeds/mini.yaml").returncode == 0
    assert validated_after(root, "audiences: [investor]", "audiences: [investors]") == (2, [
        "seeds/mini.yaml:29:17: takeaways[0].audiences[0]: unknown reader 'investors' (did you mean 'investor', "
        "the reader of the 'investors' profile?): no brief would print it; the project's profiles are for "
        "analyst, business, investor, policymaker, press, security"])


def test_no_corrections_is_normal_without_a_source_document_and_told_at_it_with_one(tmp_path):
    """The review: every fact base without corrections was warned of, at briefgen's installed
    analyst.yaml, so validate could not pass on a healthy new topic. Without a source document
    there is nothing to correct; with one, the warning is at meta.source_document."""
    root = make_project(tmp_path / "p", seed_text=MINI_TEXT.replace(CORRECTIONS, ""))
    checked = cli(root, "validate", "seeds/mini.yaml")
    assert (checked.returncode, checked.stderr) == (0, "")
    assert validated_after(root, "  stale_after_days: 730\n",
                           "  stale_after_days: 730\n  source_document: src-treaty\n") == (1, [
        "seeds/mini.yaml:12:3: meta.source_document: warning: analyst's 'Where earlier accounts differ' prints "
        "nothing: the fact base has no corrections of its source_document (corrections: - about: ..., "
        "document_says: ..., finding: ...)"])


def test_a_recommendation_no_brief_prints_is_warned_of_by_validate_and_build(tmp_path):
    """Advice written, sourced and then read by no one: addressed to the security reader alone, on a
    theme the security brief does not lead with (it keeps no other), it printed nowhere, silently.
    The warning gives select's reason for each brief written for its readers."""
    root = make_project(tmp_path / "p", seed_text=MINI_TEXT.replace(
        "      priority: 1\ncorrections:", "      priority: 1\n      audiences: [security]\ncorrections:").replace(
        "      themes: [defence]\n      rests_on: [drv-", "      themes: [trade]\n      rests_on: [drv-"))
    warning = ("seeds/mini.yaml:96:7: road_ahead.recommendations[0]: warning: no brief prints this recommendation: "
               "the security brief keeps only recommendations of its lead themes (maritime, cyber, non-proliferation, "
               "defence, russia-ukraine, china); the other briefs are not for its readers (security)")
    code, lines = validated_after(root, "", "")
    assert code == 1 and warning in lines, lines
    # the build prints the warnings its inputs were loaded with
    built = [str(p) for p in load_inputs(Project(root)).warnings]
    assert any(line.endswith(warning.split("seeds/mini.yaml", 1)[1]) for line in built), built
    # written for the analyst too, it prints in the analyst's brief: no warning
    code, lines = validated_after(root, "audiences: [security]", "audiences: [security, analyst]")
    assert not [line for line in lines if "no brief prints" in line], lines


def test_a_so_what_line_on_a_milestone_listed_under_its_area_is_printed_there(tmp_path):
    """The security brief, which has no timeline, lists an area's milestones under it by date and
    headline; select gave them no so-what line, so one written for the security reader was never
    printed, and validate warned of it. What the fact base wrote for its reader is what the reader
    should get: the line follows the milestone's headline, as in a timeline, in the PDF and in the
    Word draft, and validate has nothing to say."""
    root = make_project(tmp_path / "p", seed_text=MINI_TEXT.replace(
        "        headline: First joint naval exercise.\n",
        "        headline: First joint naval exercise.\n"
        "        so_what:\n          security: The navies train together.\n"))
    checked = cli(root, "validate", "seeds/mini.yaml")
    assert (checked.returncode, checked.stderr) == (0, "")
    assert cli(root, "build", "seeds/mini.yaml", "-a", "security").returncode == 0
    assert "1 October 2019 First joint naval exercise. The navies train together." in pdf_text(
        root / "briefs" / "mini-security.pdf")
    entries = [p.text for p in docx.Document(str(root / "briefs" / "mini-security.docx")).paragraphs
               if p.style.name.startswith("Timeline Entry")]
    assert entries == ["1 October 2019 First joint naval exercise. The navies train together."], entries


def test_an_empty_so_what_line_on_a_printed_fact_is_no_internal_error(tmp_path):
    """`security: ""` on a fact the security brief prints made validate end in "internal error:
    KeyError: 'drv-trade'": the line counted as unprinted (it prints nothing), and its reason was
    looked up among what the brief left out, where a printed fact is not (code review, stop 26)."""
    root = make_project(tmp_path / "p")
    code, lines = validated_after(root, "    themes: [trade]\n    priority: 1\n  - id: drv-security",
                                  "    themes: [trade]\n    priority: 1\n    so_what:\n      analyst: \"\"\n"
                                  "  - id: drv-security")
    assert code in (0, 1) and not any("internal error" in line for line in lines), lines


def canada_checked(tmp_path) -> list[str]:
    """What `briefgen validate` prints of a new user's EU–Canada topic (tests/fixtures/eu-canada.yaml)."""
    root = make_project(tmp_path / "p", CANADA)
    checked = cli(root, "validate", "seeds/eu-canada.yaml")
    assert checked.returncode == 1, checked.stderr
    return checked.stderr.splitlines()


def test_text_written_for_a_reader_whose_profile_cannot_print_it_is_warned_of(tmp_path, canada_briefs):
    """Review 27 (item 2): two takeaways were written for the security reader, whose profile has no
    takeaways section: one printed nowhere, the other only in the analyst brief, and validate said
    nothing (it warns of a so-what line so). Each is warned of at its own line."""
    lines = canada_checked(tmp_path)
    assert ("seeds/eu-canada.yaml:108:5: takeaways[6]: warning: takeaway tk-security is for 'security', whose "
            "profile has no takeaways section; no brief prints it") in lines, lines
    assert ("seeds/eu-canada.yaml:83:5: takeaways[1]: warning: takeaway tk-analyst-security is for 'security', "
            "whose profile has no takeaways section; only the analyst brief prints it") in lines, lines
    # as the briefs have it: the security brief has no takeaways, the analyst brief prints the shared one
    assert "supply-security partner" not in " ".join(pdf_text(p) for p in canada_briefs.values() if p.suffix == ".pdf")
    assert "Security and Defence Partnership to a relationship" in pdf_text(canada_briefs[("analyst", "pdf")])


def test_a_section_selection_leaves_empty_is_warned_of_with_select_s_reasons(tmp_path, canada_briefs):
    """Review 27 (item 2): the user's security brief came out at 87 words, three of its six sections
    printing nothing, because no fact carried the lead themes the fact base gives it; validate said
    nothing. One warning per section, at the fact base's settings for that profile, with the reason
    select recorded for each statement it left out."""
    lines = [line for line in canada_checked(tmp_path) if "prints nothing" in line]
    at = "seeds/eu-canada.yaml:22:3: profiles.security: warning: security's"
    leads = "the security brief keeps only facts of its lead themes (defence, supply-chains) or of priority 0 or less"
    assert sorted(lines) == [
        f"{at} 'Gaps and constraints' prints nothing: {leads} (ch-ratification); ch-outlook is marked above the "
        "security brief's release level (TLP:GREEN)",
        f"{at} 'Responses' prints nothing: {leads} (ar-gi, ar-ics, ms-signing, ms-provisional, ar-green-alliance)",
        f"{at} 'Threat picture and drivers' prints nothing: {leads} (dr-like-minded, dr-cptpp)"], lines
    text = pdf_text(canada_briefs[("security", "pdf")])
    assert "Key judgements" in text and "Recommendations" in text
    for heading in ("Threat picture and drivers", "Responses", "Gaps and constraints"):
        assert heading not in text
