"""An area's heading may be given per kind of reader (``names``), as a fact's so-what line is: a brief
keeps some of an area's facts, and the heading names what it keeps. Editor review, stop 28, item 8: the
business brief printed "Cybersecurity and digital cooperation" over digital facts only, the security
brief the same heading over cyber facts only."""
from __future__ import annotations

import re

from conftest import ROOT, make_project, pdf_text, run_cli

from briefgen.project import load_audience, load_factbase
from briefgen.select import unfitted

SEED = ROOT / "seeds" / "eu-japan.yaml"
NAMES = '    names: {business: "Digital cooperation", security: "Cybersecurity"}\n'


def headings(brief) -> list[str]:
    return [g.title for s in brief.sections for g in s.groups]


def test_each_brief_heads_the_area_by_what_it_keeps(seed_briefs):
    business, security, analyst = (seed_briefs[(a, "pdf")] for a in ("business", "security", "analyst"))
    assert "Digital cooperation" in headings(business.brief)
    assert "Cybersecurity" in headings(security.brief)
    assert "Cybersecurity and digital cooperation" in headings(analyst.brief)  # it keeps both
    for brief in (business, security):
        assert "Cybersecurity and digital cooperation" not in pdf_text(brief.path)
    assert re.search(r"Digital cooperation Under the Digital Partnership", pdf_text(business.path))
    assert re.search(r"Cybersecurity Cybersecurity is a long-standing", pdf_text(security.path))


def test_a_heading_for_an_unknown_reader_is_an_error_at_its_line(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    assert text.count(NAMES) == 1
    wrong = text.replace(NAMES, NAMES.replace("business:", "busines:"))
    seed = make_project(tmp_path, SEED, wrong) / "seeds" / SEED.name
    result = run_cli("--project", str(tmp_path), "validate", str(seed), cwd=tmp_path)
    line = text.splitlines().index(NAMES.rstrip("\n")) + 1
    assert result.returncode == 2
    assert re.search(rf"seeds/eu-japan\.yaml:{line}:\d+: areas\[\d+\]\.names\.busines: unknown reader 'busines' "
                     r"\(did you mean 'business'\?\)", result.stderr), result.stderr


def test_a_heading_per_reader_may_be_given_per_language(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace(
        NAMES, '    names: {business: {en-GB: "Digital cooperation", fr: "Coopération numérique"}}\n')
    seed = make_project(tmp_path, SEED, text) / "seeds" / SEED.name
    fb, problems = load_factbase(seed)
    assert not [p for p in problems if p.severity == "error"], problems
    business = unfitted(fb, load_audience(tmp_path / "audiences" / "business.yaml", [fb]), "eu-japan-business")
    assert "Digital cooperation" in headings(business)
