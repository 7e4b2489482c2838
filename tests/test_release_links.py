"""What a statement tells of others, and copies: two ways a brief could hold text above its level.

- A milestone and the framework it signs (``frameworks:``), or the fact of its area
  that tells its event (``told_by:``), are one event: marking one marks the other.
- A cleared statement that repeats a withheld one's sentence prints it: validate
  names both, and the release check counts it as a leak. A phrase statements share
  is still no leak.

Cheap: the fact base is edited and loaded, and the release check reads the session's
own files (built before the edit, so they print what the edit withholds).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import KOREA, SEED, make_project, run_cli

from briefgen.copies import COPY_RUN, COPY_SENTENCE, copies
from briefgen.markings import statements
from briefgen.model import FactBase
from briefgen.pipeline import load_inputs
from briefgen.project import Project
from briefgen.release import check_files, problems, withheld
from briefgen.select import unfitted

SIGNING = ("Atalanta and Japan's counter-piracy force signed their administrative\n"
           "          arrangement on joint exercises in Tokyo.")


def edited(tmp_path: Path, *edits: tuple[str, str], load: bool = True):
    """The project's EU–Japan seed with each (old, new) edit made once, and its loaded inputs (if asked)."""
    seed = make_project(tmp_path, SEED) / "seeds" / SEED.name
    text = seed.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    seed.write_text(text, encoding="utf-8")
    return seed, load_inputs(Project(root=tmp_path), [seed]) if load else None


def marked(ident: str, marking: str = "TLP:AMBER") -> tuple[str, str]:
    """The edit that marks a statement: a top-level item's fields are indented 4 spaces, an area's 8."""
    indent = " " * (4 if ident.startswith(("fw-", "watch-")) else 8)
    return f"- id: {ident}\n", f"- id: {ident}\n{indent}marking: \"{marking}\"\n"


# the sample says the exercises fact tells the arrangement's signing (told_by), which links their
# markings; the copy tests need the two unlinked, as two statements that merely share a sentence
UNTOLD = ("frameworks: [fw-atalanta-aa]\n        told_by: [mar-atalanta-exercises]\n",
          "frameworks: [fw-atalanta-aa]\n")


def line_of(seed: Path, needle: str, after: str = "") -> int:
    """The number of the first line holding ``needle`` (after the first holding ``after``)."""
    lines = seed.read_text(encoding="utf-8").splitlines()
    start = next(n for n, text in enumerate(lines) if after in text)
    return next(n for n, text in enumerate(lines[start:], start + 1) if needle in text)


def session_files(seed_briefs, audience: str) -> dict[str, bytes]:
    return {fmt: seed_briefs[(audience, fmt)].path.read_bytes() for fmt in ("pdf", "docx")}


@pytest.mark.parametrize("marked_id, linked", [
    ("fw-atalanta-aa", "ms-atalanta-aa"),  # the reviewer's case: the milestone that signs it
    ("ms-atalanta-aa", "fw-atalanta-aa"),  # and back: the framework's status line prints the signing
    ("npr-g7-hiroshima", "ms-g7-hiroshima"),  # told_by: the fact that tells the milestone's event
    ("ms-g7-hiroshima", "npr-g7-hiroshima"),
])
def test_marking_one_telling_of_an_event_marks_the_other(tmp_path, marked_id, linked):
    _, inputs = edited(tmp_path, marked(marked_id))
    fb, audiences = inputs.factbases["eu-japan"], inputs.audiences
    for name in ("press", "security", "business"):
        assert linked not in unfitted(fb, audiences[name], f"eu-japan-{name}").fact_ids(), name
    # the analyst, cleared for it, gets both, each with its portion mark
    analyst = {i.id: i.marking for i in unfitted(fb, audiences["analyst"], "eu-japan-analyst").items()}
    assert analyst.get(marked_id) == analyst.get(linked) == "TLP:AMBER"
    assert linked in {w.id for w in withheld(fb, "TLP:GREEN")[0]}


def test_the_release_check_finds_the_signing_of_a_withheld_framework(tmp_path, seed_briefs):
    """The session's press files print the signing; once the framework is AMBER, that is a leak."""
    _, inputs = edited(tmp_path, marked("fw-atalanta-aa"))
    found = problems([check_files(seed_briefs[("press", "pdf")].brief, inputs.factbases["eu-japan"],
                                  session_files(seed_briefs, "press"))])
    for fmt in ("pdf", "docx"):
        assert any(line.startswith(f"eu-japan-press.{fmt}: fact 'ms-atalanta-aa' is TLP:AMBER, above the 'press' "
                                   "audience's release level TLP:CLEAR, but its text appears") for line in found), found


def test_a_copy_not_sure_to_be_wrong_is_a_warning_everywhere(tmp_path, seed_briefs):
    """The milestone is AMBER by its framework; a CLEAR fact of its area repeats its sentence.
    Not sure to be wrong (the milestone's rank is inherited): a warning to validate, and the
    release check of the press files, which print that sentence, does not count it either."""
    detail = "          a formal arrangement on them.\n"
    seed, inputs = edited(tmp_path, marked("fw-atalanta-aa"), (detail, detail.replace(".\n", ". ") + SIGNING + "\n"),
                          UNTOLD)
    result = run_cli("--project", str(tmp_path), "validate", str(seed), cwd=tmp_path)
    assert result.returncode == 1  # warnings only
    assert [line for line in result.stderr.splitlines() if "repeats" in line] == [
        f"seeds/eu-japan.yaml:{line_of(seed, 'By March 2023') - 1}:17: areas[2].facts[1].detail: warning: "
        "'mar-atalanta-exercises' (TLP:CLEAR) repeats word for word 'ms-atalanta-aa' (TLP:AMBER, line "
        f"{line_of(seed, 'headline:', after='- id: ms-atalanta-aa')}): \"Atalanta and Japan's counter-piracy "
        "force signed their administrative arrangement on joint exercises in Tokyo\"; briefs below TLP:AMBER would "
        "print it: reword one, or mark 'mar-atalanta-exercises' TLP:AMBER"]
    fb = inputs.factbases["eu-japan"]
    assert all(not w.copied for w in withheld(fb, "TLP:CLEAR")[0])
    found = problems([check_files(seed_briefs[("press", "pdf")].brief, fb, session_files(seed_briefs, "press"))])
    assert not [line for line in found if "ms-atalanta-aa" in line or "copied word for word" in line], found


def test_a_statement_that_copies_a_withheld_statement_s_own_claim_is_refused(tmp_path):
    """The framework is marked AMBER by hand and a CLEAR fact repeats its headline, the framework
    itself in a sentence: the fact base says the same sentence is both. An error, before anything
    is rendered: validate, build and release-check exit 2, naming both statements."""
    headline = ("EU operation Atalanta and Japan's counter-piracy force agreed a common\n"
                "          framework to plan and run joint naval exercises.")
    detail = "          a formal arrangement on them.\n"
    seed, _ = edited(tmp_path, marked("fw-atalanta-aa"), (detail, detail.replace(".\n", ". ") + headline + "\n"),
                     UNTOLD, load=False)
    expected = (f"seeds/eu-japan.yaml:{line_of(seed, 'By March 2023') - 1}:17: areas[2].facts[1].detail: "
                "'mar-atalanta-exercises' (TLP:CLEAR) repeats word for word 'fw-atalanta-aa' (TLP:AMBER, line "
                f"{line_of(seed, 'headline:', after='- id: fw-atalanta-aa')}): \"EU operation Atalanta and Japan's "
                "counter-piracy force agreed a common framework to plan and run joint naval exercises\"; briefs below "
                "TLP:AMBER would print it: reword one, or mark 'mar-atalanta-exercises' TLP:AMBER")
    for command in (["validate"], ["release-check"], ["build", "--out", str(tmp_path / "out")]):
        result = run_cli("--project", str(tmp_path), *command, str(seed), cwd=tmp_path)
        assert result.returncode == 2, command
        assert expected in result.stderr.splitlines(), (command, result.stderr)
    assert not (tmp_path / "out").exists()
    # the release check, given the fact base as it stands, counts this copy as a leak: the error validate makes
    fb = FactBase.model_validate(yaml.safe_load(seed.read_text(encoding="utf-8")))
    copied = {w.id: set(w.copied.values()) for w in withheld(fb, "TLP:CLEAR")[0] if w.copied}
    assert copied == {"fw-atalanta-aa": {"mar-atalanta-exercises"}}


def test_a_phrase_statements_share_is_no_copy(tmp_path, seed_inputs, seed_briefs):
    """The sample's longest shared run (13 words, a dialogue's participants, in a framework's
    detail and a date to watch) is below COPY_RUN and no whole sentence: with the date to watch
    RED, the analyst brief, which prints the framework's detail, still passes."""
    assert copies(seed_inputs.factbases["eu-japan"]) == []
    _, inputs = edited(tmp_path, marked("watch-dialogue", "TLP:RED"))
    fb = inputs.factbases["eu-japan"]
    shared = "strategic dialogue between japan s foreign minister and the eu s high representative"
    texts = {x.id: " ".join(re.findall(r"\w+", str(x.model_dump()).casefold()))
             for x in [*fb.frameworks, *fb.messages]}
    assert shared in texts["fw-strategic-dialogue"] and shared in texts["watch-dialogue"]
    assert len(shared.split()) < COPY_RUN
    assert copies(fb) == []
    analyst = check_files(seed_briefs[("analyst", "pdf")].brief, fb, session_files(seed_briefs, "analyst"))
    assert "watch-dialogue" in {w.id for w in analyst.withheld}
    assert problems([analyst]) == []


def test_a_cleared_sentence_inside_a_restricted_statement_is_a_copy(tmp_path):
    """A CLEAR fact prints a 13-word sentence (below COPY_RUN) that an AMBER statement says and
    qualifies: a copy, found from the cleared side. Part of the AMBER claim, not all of it
    (it may restate public text): a warning, and no leak to the release check."""
    said = "Japan will deploy two destroyers to the Gulf of Aden in March 2024"
    detail = "          a formal arrangement on them.\n"
    signing = SIGNING.replace("\n          ", " ")
    seed, inputs = edited(tmp_path, marked("ms-atalanta-aa"), (detail, detail.replace(".\n", f". {said}.\n")),
                          (SIGNING, f"{said} under a secret bilateral arrangement."), UNTOLD)
    assert COPY_SENTENCE <= len(said.split()) < COPY_RUN and signing not in seed.read_text(encoding="utf-8")
    fb = inputs.factbases["eu-japan"]
    [copy] = copies(fb)
    assert (copy.holder, copy.holder_path[-1], copy.restricted, copy.path[-1], copy.quote, copy.sure) == (
        "mar-atalanta-exercises", "detail", "ms-atalanta-aa", "headline", said, False)
    assert all(not w.copied for w in withheld(fb, "TLP:CLEAR")[0])


def test_the_copy_check_runs_beside_an_unrelated_error(tmp_path):
    """A fact dated after the brief and a sure copy (a CLEAR fact repeating an AMBER framework's
    headline) are both reported by one run: only an error that leaves a marking unknown (an
    unknown marking, a broken reference, a duplicate id) holds the copy check back."""
    headline = ("EU operation Atalanta and Japan's counter-piracy force agreed a common\n"
                "          framework to plan and run joint naval exercises.")
    detail = "          a formal arrangement on them.\n"
    later = (detail + "        as_of: 2023-11-23\n", detail + "        as_of: 2025-11-23\n")
    seed, _ = edited(tmp_path, marked("fw-atalanta-aa"), later,
                     (detail, detail.replace(".\n", ". ") + headline + "\n"), UNTOLD, load=False)
    result = run_cli("--project", str(tmp_path), "validate", str(seed), cwd=tmp_path)
    assert result.returncode == 2
    assert "later than the brief's date 2024-12-02" in result.stderr, result.stderr
    assert "'mar-atalanta-exercises' (TLP:CLEAR) repeats word for word 'fw-atalanta-aa'" in result.stderr


@pytest.mark.parametrize("topic", ["eu-japan", "eu-korea"])
def test_no_statement_of_the_samples_copies_another_however_one_is_marked(topic, seed_inputs):
    """Each statement marked in turn with the scheme's top marking: none of the others repeats it."""
    inputs = seed_inputs if topic == "eu-japan" else load_inputs(Project(KOREA), [KOREA / "seeds" / "eu-korea.yaml"])
    fb = inputs.factbases[topic].model_copy(deep=True)
    top = fb.meta.marking_scheme[-1]
    for _, _, x in statements(fb):  # the models are frozen; this copy of the fact base is the test's own
        own = x.marking
        object.__setattr__(x, "marking", top)
        assert copies(fb) == [], x.id
        object.__setattr__(x, "marking", own)
