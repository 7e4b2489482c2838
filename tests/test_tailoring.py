"""Issue 5: each audience gets a brief a reader can tell apart, within its budget."""
from __future__ import annotations

import itertools
import re

import pytest

from briefgen.build import brief_words, make_brief
from briefgen.render.html import render_html
from briefgen.select import drop_order, select
from briefgen.validate import all_facts
from conftest import SEED, normalise, pdf_pages, pdf_text, run_cli

AUDIENCES = ["analyst", "business", "policymaker", "press", "security"]


def statements(fb) -> dict[str, str]:
    """Every statement a brief can print, by id: facts, takeaways, corrections."""
    out = {f.id: f.headline for _, f in all_facts(fb)}
    out.update({t.id: t.text for t in fb.takeaways})
    out.update({c.id: c.finding for c in fb.corrections})
    return out


def squash(text: str) -> str:
    """Text without whitespace or hyphens: a line broken after "non-" (which pdftotext
    gives as "non- proliferation", or joins to "nonproliferation") still matches."""
    return "".join(text.split()).replace("-", "").replace("\u00ad", "")


def opening(statement: str) -> str:
    """The start of a statement, squashed: enough to tell statements apart, and short
    enough not to run into a page break (where the page's footnotes interrupt it)."""
    return squash(statement)[:50]


def printed(output, fb) -> set[str]:
    """The statements a reader finds in the PDF's extracted text."""
    text = squash(pdf_text(output.path))
    return {sid for sid, words in statements(fb).items() if opening(words) in text}


def lcs(a: list, b: list) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


def order_distance(a: list, b: list) -> float:
    """1 - (longest common subsequence of the two section orders) / (the longer order)."""
    return 1 - lcs(a, b) / max(len(a), len(b))


def jaccard_distance(a: set, b: set) -> float:
    return 1 - len(a & b) / len(a | b)


def test_every_pair_of_briefs_differs_in_a_third_of_facts_or_section_order(seed_briefs, seed_inputs):
    fb = seed_inputs.factbases["eu-japan"]
    facts = {a: printed(seed_briefs[(a, "pdf")], fb) for a in AUDIENCES}
    orders = {a: [s.id for s in seed_briefs[(a, "pdf")].brief.sections] for a in AUDIENCES}
    for a in AUDIENCES:
        # what the reader finds is what was selected (and nothing was found that was not)
        assert facts[a] == set(seed_briefs[(a, "pdf")].brief.fact_ids()), a
    too_alike = []
    for a, b in itertools.combinations(AUDIENCES, 2):
        by_facts = jaccard_distance(facts[a], facts[b])
        by_order = order_distance(orders[a], orders[b])
        if by_facts < 1 / 3 and by_order < 1 / 3:
            too_alike.append(f"{a}/{b}: facts {by_facts:.2f}, section order {by_order:.2f}")
    assert not too_alike


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_brief_is_within_its_budget(seed_briefs, audience):
    pdf, word = seed_briefs[(audience, "pdf")], seed_briefs[(audience, "docx")]
    budget = pdf.brief.audience.budget
    assert pdf_pages(pdf.path) <= budget.pages, pdf.overrun()
    assert pdf.words == word.words <= budget.words, pdf.overrun()
    assert pdf.overrun() is None and word.overrun() is None


def test_lead_themes_come_first_in_every_section(seed_briefs):
    for audience in ("business", "policymaker", "security"):
        brief = seed_briefs[(audience, "pdf")].brief
        text = squash(pdf_text(seed_briefs[(audience, "pdf")].path))
        for section in brief.sections:
            if section.id == "timeline":
                continue  # a timeline is in date order
            leads = [i.lead for i in section.items]
            assert leads == sorted(leads, reverse=True), (audience, section.id)
            # and the reader meets them in that order
            spots = [text.find(opening(i.headline)) for i in section.items]
            assert -1 not in spots and spots == sorted(spots), (audience, section.id)


def test_fit_drops_lowest_priority_first_and_no_more_than_needed(seed_inputs, project):
    fb = seed_inputs.factbases["eu-japan"]
    audience = seed_inputs.audiences["analyst"].model_copy(
        update={"budget": seed_inputs.audiences["analyst"].budget.model_copy(update={"words": 3000})})

    def measure(brief):
        return brief_words(render_html(brief, project.templates))

    fitted = make_brief(fb, audience, "eu-japan-analyst", project.templates)
    full = select(fb, audience.model_copy(update={"budget": audience.budget.model_copy(update={"words": 10**6})}),
                  "eu-japan-analyst")
    assert fitted.dropped and measure(fitted) <= 3000 < measure(full)
    order = drop_order(full.sections, full.factbase)
    assert fitted.dropped == order[:len(fitted.dropped)]
    priority = {f.id: f.priority for _, f in all_facts(fb)}
    kept = set(order) - set(fitted.dropped)
    assert min(priority[d] for d in fitted.dropped) >= max(priority[k] for k in kept)
    assert not set(fitted.dropped) & set(fitted.fact_ids())
    # one fewer dropped would not have fitted
    fewer = make_brief(fb, audience.model_copy(update={"budget": audience.budget.model_copy(
        update={"words": measure(fitted) - 1})}), "eu-japan-analyst", project.templates)
    assert len(fewer.dropped) > len(fitted.dropped)


def test_diff_prints_sections_facts_and_words(seed_briefs):
    result = run_cli("diff", str(SEED), "policymaker", "analyst")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    a, b = seed_briefs[("policymaker", "pdf")], seed_briefs[("analyst", "pdf")]
    ids_a, ids_b = set(a.brief.fact_ids()), set(b.brief.fact_ids())
    only_a = next(l for l in lines if l.startswith("facts only in policymaker"))
    only_b = next(l for l in lines if l.startswith("facts only in analyst"))
    assert only_a.startswith(f"facts only in policymaker ({len(ids_a - ids_b)}): ")
    assert only_b.startswith(f"facts only in analyst ({len(ids_b - ids_a)}): ")
    assert set(only_b.split(": ", 1)[1].split(", ")) == ids_b - ids_a
    assert f"facts in both: {len(ids_a & ids_b)}" in lines
    secs_a = [s.id for s in a.brief.sections]
    only_sections = next(l for l in lines if l.startswith("sections only in analyst"))
    for section in b.brief.sections:
        assert (f"{section.id} (" in only_sections) == (section.id not in secs_a)
    # the word counts are those the build measured on the real output
    assert f"  policymaker  {a.words:,} (budget {a.brief.audience.budget.words:,}" in result.stdout
    assert f"  analyst      {b.words:,} (budget {b.brief.audience.budget.words:,}" in result.stdout


def test_audiences_lists_purpose_and_budget(seed_inputs):
    result = run_cli("audiences")
    assert result.returncode == 0, result.stderr
    for name, a in seed_inputs.audiences.items():
        assert f"{name}: {a.title}" in result.stdout
        assert f"  purpose:   {a.purpose}" in result.stdout
        assert f"  budget:    {a.budget.pages} page(s), {a.budget.words:,} words" in result.stdout
        assert f"  tone:      {a.tone}" in result.stdout
    assert "  leads:     no theme leads; facts kept: priorities 1-2" in result.stdout  # press
    assert "  leads:     no theme leads; facts kept: all" in result.stdout  # analyst


def test_facts_outside_lead_themes_are_kept_only_up_to_other_max_priority(seed_inputs):
    """The cap holds with no lead themes too (press: priority 1-2 only)."""
    fb = seed_inputs.factbases["eu-japan"]
    priority = {f.id: f.priority for _, f in all_facts(fb)}
    for audience in seed_inputs.audiences.values():
        roomy = audience.model_copy(update={"budget": audience.budget.model_copy(update={"words": 10**6})})
        brief = select(fb, roomy, f"eu-japan-{audience.name}")
        for section in brief.sections:
            if section.id in ("takeaways", "timeline", "corrections"):
                continue
            for item in section.all_items():
                assert item.lead or priority[item.id] <= audience.other_max_priority, (audience.name, item.id)
    press = seed_inputs.audiences["press"]
    assert not press.lead_themes and press.other_max_priority < 5
    assert any(p > press.other_max_priority for p in priority.values())


def test_milestones_read_in_date_order_and_statuses_have_one_full_stop(seed_briefs):
    for (audience, fmt), output in seed_briefs.items():
        for section in output.brief.sections:
            for group in section.groups:
                when = {m.id: m.date for a in output.brief.factbase.areas for m in a.milestones}
                dates = [when[m.id] for m in group.milestones]
                assert dates == sorted(dates), (audience, group.id)
            for item in section.items:
                if item.status:
                    assert ".;" not in item.status and not item.status.endswith(".."), item.status
                    assert item.status[0].isupper(), item.status
    text = pdf_text(seed_briefs[("analyst", "pdf")].path)
    assert "status: In force since 1 February 2019; scope:" in " ".join(text.split())


def test_the_timeline_lists_a_signing_once_and_draws_it_as_a_framework(seed_briefs):
    from briefgen.figure import timeline_events_of

    for audience in ("press", "analyst"):
        brief = seed_briefs[(audience, "pdf")].brief
        timeline = next(s for s in brief.sections if s.id == "timeline")
        ids = [i.id for i in timeline.items]
        assert "ms-spa-epa-signed" in ids and not {"fw-spa", "fw-epa"} & set(ids), audience
        # one entry per date of the signings that frameworks and milestones both record
        labels = [i.label for i in timeline.items]
        for day in ("17 July 2018", "23 January 2019", "27 September 2019", "27 May 2021",
                    "12 May 2022", "15 March 2023"):
            assert labels.count(day) == 1, (audience, day)
        # and a milestone is not printed again under its area
        assert not [g.id for s in brief.sections for g in s.groups if g.milestones], audience
        events = {ids[e.number - 1]: e for e in timeline_events_of(brief)}
        assert events["ms-spa-epa-signed"].framework and not events["ms-g7-hiroshima"].framework
        # the printed list, numbered as the figure is: one numbered entry for the day
        text = " ".join(pdf_text(seed_briefs[(audience, "pdf")].path).split())
        assert len(re.findall(r"\b\d+\. 17 July 2018 ", text)) == 1, audience
        assert text.count("The SPA and EPA were signed at the EU–Japan summit in Tokyo") == 1, audience
    # without a timeline, milestones stay with their areas
    business = seed_briefs[("business", "pdf")].brief
    assert any(g.milestones for s in business.sections for g in s.groups)
