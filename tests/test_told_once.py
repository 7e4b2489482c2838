"""Each event told once per brief (editorial checklist): a milestone a printed statement tells (its
``told_by``) is not listed again, under its area or in the timeline. Editor review, stop 28, item 6:
the rule looked only beside the milestone in its area, so the press brief told 1 November 2024 in
"In brief" and again as timeline entry M, and milestones whose telling fact did not name them were
listed under it (security p.2, business p.1)."""
from __future__ import annotations

from conftest import pdf_text

from briefgen.brief import Why
from briefgen.select import unfitted


def test_the_press_timeline_leaves_out_the_news_its_opening_tells(seed_briefs):
    press = seed_briefs[("press", "pdf")]
    text = pdf_text(press.path)
    assert "first Strategic Dialogue and announced a Security and Defence Partnership" in text  # In brief
    assert "The first Strategic Dialogue, in Tokyo, announced the Security and Defence Partnership." not in text
    timeline = next(s for s in press.brief.sections if s.id == "timeline")
    assert "ms-strategic-dialogue-2024" not in {i.id for i in timeline.items}
    assert press.brief.left_out["ms-strategic-dialogue-2024"].why == Why.TOLD_ELSEWHERE
    # the analyst's timeline indexes the body's events, the news among them: a fact of the body tells it
    analyst = next(s for s in seed_briefs[("analyst", "pdf")].brief.sections if s.id == "timeline")
    assert "ms-strategic-dialogue-2024" in {i.id for i in analyst.items}


def test_a_milestone_its_area_s_fact_tells_is_not_listed_under_it(seed_briefs):
    security = pdf_text(seed_briefs[("security", "pdf")].path)
    assert "since the first one in October 2014" in security
    assert "held their first joint counter-piracy exercise" not in security
    assert "signed their administrative arrangement on joint exercises" not in security
    business = pdf_text(seed_briefs[("business", "pdf")].path)
    assert "Milestones" not in business and "began to apply provisionally" not in business


def test_a_statement_anywhere_in_the_brief_tells_a_milestone(project):
    """A milestone told by a fact of another area, or by a takeaway, goes from its area's list too."""
    from briefgen.project import load_audience, load_factbase

    fb, _ = load_factbase(project.root / "seeds" / "eu-japan.yaml")
    audience = load_audience(project.audience_path("security"), [fb])

    def listed(fb) -> set[str]:
        brief = unfitted(fb, audience, "eu-japan-security")
        return {m.id for s in brief.sections for g in s.groups for m in g.milestones}

    assert "ms-g7-hiroshima" not in listed(fb)  # told by the G7 fact beside it
    def told_by(ids: list[str]):
        return fb.model_copy(update={"areas": [area.model_copy(update={"milestones": [
            m.model_copy(update={"told_by": ids}) if m.id == "ms-g7-hiroshima" else m for m in area.milestones]})
            for area in fb.areas]})

    assert "ms-g7-hiroshima" in listed(told_by([]))
    assert "ms-g7-hiroshima" not in listed(told_by(["mul-sdp-2024"]))  # a fact of another area it prints
    assert "ms-g7-hiroshima" not in listed(told_by(["tk-press-news", "mul-sdp-2024"]))
    assert "ms-g7-hiroshima" in listed(told_by(["tk-press-news"]))  # a takeaway the security brief does not print
