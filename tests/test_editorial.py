"""The editorial checks (briefgen/editorial.py) on the sample, which every new user sees first:
it must be what they ask for. The bad-input corpus (tests/bad/cases.yaml) has each check's line."""
from __future__ import annotations

import pytest
from conftest import ROOT, SEED

from briefgen.editorial import SHORT_TITLE_WORDS
from briefgen.pipeline import load_inputs
from briefgen.project import Project


@pytest.fixture(scope="module")
def sample():
    return load_inputs(Project(ROOT), [SEED])


def test_the_sample_warns_of_nothing_an_editor_would_send_back(sample):
    """Review 25: the sample's publishers held ';' (items 3), and the check that briefs open alike
    and that long titles have a short form must not fire on it (items 1 and 2)."""
    editorial = [str(p) for p in sample.warnings if "short_title" in p.message or "open with the same" in p.message]
    assert editorial == []
    for source in sample.factbases["eu-japan"].sources:
        assert ";" not in source.publisher
        # a short form that is short: a repeat note of the sample reads in a line
        assert len((source.short_title or source.title).split()) <= SHORT_TITLE_WORDS, source.id
