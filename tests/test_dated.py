"""What a later brief's date changes: dates to watch that have passed, facts gone stale.

A policy team moves meta.date on week after week; each test reads the EU–Japan fact base
a year on (2025-12-01), as the reviewer's team did, without building anything.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import SEED

from briefgen.model import Milestone, all_facts
from briefgen.project import load_factbase
from briefgen.review import editor_notes
from briefgen.select import unfitted

LATER = "2025-12-01"


@pytest.fixture(scope="module")
def a_year_on(tmp_path_factory):
    """The EU–Japan fact base dated a year later, and its warnings (as validate prints them)."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count("\n  date: 2024-12-02\n") == 1
    path = tmp_path_factory.mktemp("dated") / "eu-japan.yaml"
    path.write_text(text.replace("\n  date: 2024-12-02\n", f"\n  date: {LATER}\n"), encoding="utf-8")
    fb, warnings = load_factbase(path)
    return fb, [str(dataclasses.replace(w, file=Path(w.file).name)) for w in warnings]


def test_a_date_to_watch_that_has_passed_is_not_printed_as_coming_up(a_year_on, seed_inputs):
    fb, _ = a_year_on
    spa = next(m for m in fb.messages if m.id == "watch-spa")
    assert spa.date < fb.meta.date
    press = unfitted(fb, seed_inputs.audiences["press"], "eu-japan-press")
    assert "watch-spa" not in press.fact_ids()
    assert "watch-dialogue" in press.fact_ids()  # undated: still to come
    # at the seed's own date the same item is still ahead, and printed
    now = unfitted(seed_inputs.factbases["eu-japan"], seed_inputs.audiences["press"], "eu-japan-press")
    assert "watch-spa" in now.fact_ids()


def test_validate_says_at_its_line_that_a_date_to_watch_has_lapsed(a_year_on):
    _, warnings = a_year_on
    lapsed = [w for w in warnings if "lapsed" in w]
    line = SEED.read_text(encoding="utf-8").splitlines().index("    date: 2025-01-01") + 1
    assert lapsed == [f"eu-japan.yaml:{line}:11: messages[13].date: warning: 'watch-spa' has lapsed: dated "
                      f"2025-01-01, before the brief's date {LATER}, so no brief prints it as coming up; "
                      "update it or remove it"]


def test_a_milestone_never_goes_stale(a_year_on):
    fb, warnings = a_year_on
    stones = {f.id for _, f in all_facts(fb) if isinstance(f, Milestone)}
    old = [f for _, f in all_facts(fb) if f.id in stones and (fb.meta.date - f.as_of).days > 730]
    assert len(old) >= 10  # checked long ago, as the facts beside them that are stale
    stale = [w for w in warnings if ": stale: " in w]
    assert len(stale) > 20 and not [w for w in stale if "milestones[" in w]
    assert not stones & set(editor_notes(fb))  # nor a "Check before release" comment in the Word draft


def test_every_stale_line_names_its_fact_and_many_are_summed_up_once(a_year_on):
    fb, warnings = a_year_on
    ids = {f.id for _, f in all_facts(fb)}
    stale = [w for w in warnings if ": stale: " in w]
    for w in stale:
        file, line, col, path, rest = w.split(":", 4)
        assert file == "eu-japan.yaml" and int(line) > 0 and int(col) > 0
        assert rest.split("'")[1] in ids, w
    summary = [w for w in warnings if "facts are stale" in w]
    assert summary == [f"eu-japan.yaml:34:9: meta.date: warning: {len(stale)} facts are stale at this date (as_of "
                       "more than 730 days before it), each listed by id: check them and update their as_of, "
                       "or raise meta.stale_after_days"]
