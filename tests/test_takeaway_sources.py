"""A takeaway may name the sources its note cites, as a message may: the document its figures come
from. Editor review, stop 28, item 10: the business brief's first takeaway ("91% … 99%") cited only the
Council's release, the freshest primary source of the fact it rests on, which gives 99% but not 91%;
the figures are the Legislative Observatory summary's, which note 4 cited for the same fact."""
from __future__ import annotations

import re

from conftest import ROOT, make_project, pdf_text, run_cli

SEED = ROOT / "seeds" / "eu-japan.yaml"


def test_the_tariff_takeaway_cites_the_document_its_figures_are_from(seed_briefs):
    business = seed_briefs[("business", "pdf")]
    [takeaway] = [i for s in business.brief.sections if s.id == "takeaways" for i in s.items
                  if i.id == "tk-biz-tariffs"]
    assert [s.id for s in takeaway.sources] == ["src-oeil-epa-2018"]
    text = pdf_text(business.path)
    assert re.search(r"\b1\. European Parliament, Legislative Observatory, “EU/Japan Economic Partnership", text), text
    assert not re.search(r"\b1\. Council of the European Union", text)


def test_an_unknown_source_of_a_takeaway_is_an_error_at_its_line(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    old = "    sources: [src-oeil-epa-2018]\n"
    assert text.count(old) == 1
    seed = make_project(tmp_path, SEED, text.replace(old, "    sources: [src-oeil-epa-2081]\n")) / "seeds" / SEED.name
    result = run_cli("--project", str(tmp_path), "validate", str(seed), cwd=tmp_path)
    line = text.splitlines().index(old.rstrip("\n")) + 1
    assert result.returncode == 2
    assert re.search(rf"seeds/eu-japan\.yaml:{line}:\d+: takeaways\[\d+\]\.sources\[0\]: unknown source "
                     r"'src-oeil-epa-2081' \(did you mean 'src-oeil-epa-2018'\?\)", result.stderr), result.stderr
