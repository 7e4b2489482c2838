"""Each audience gets a brief a reader can tell apart, within its budget."""
from __future__ import annotations

import itertools
import re

import pytest
from conftest import AUDIENCES, CANADA, SEED, cli, in_short_form, make_project, pdf_pages, pdf_text, run_cli, squeeze

from briefgen.brief import LeftOut, Why
from briefgen.fields import MESSAGE_SECTIONS
from briefgen.model import all_facts
from briefgen.pipeline import brief_words, make_brief
from briefgen.render.html import date_text, render_html
from briefgen.select import drop_order, select, unfitted


def statements(fb) -> dict[str, str]:
    """Every statement a brief can print, by id: facts, takeaways, corrections."""
    out = {f.id: f.headline for _, f in all_facts(fb)}
    out.update({t.id: t.text for t in fb.takeaways})
    out.update({m.id: m.text for m in fb.messages})
    out.update({c.id: c.finding for c in fb.corrections})
    return out


def opening(statement: str) -> str:
    """The start of a statement, squashed: enough to tell statements apart, and short
    enough not to run into a page break (where the page's footnotes interrupt it)."""
    return squeeze(statement)[:50]


def printed(output, fb) -> set[str]:
    """The statements a reader finds in the PDF's extracted text."""
    text = pdf_text(output.path)
    texts = (squeeze(in_short_form(text, fb)), squeeze(in_short_form(text, fb, bare=True)))
    return {sid for sid, words in statements(fb).items() if any(opening(words) in t for t in texts)}


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
        text = squeeze(in_short_form(pdf_text(seed_briefs[(audience, "pdf")].path), brief.factbase, bare=True))
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
    full = unfitted(fb, audience, "eu-japan-analyst")
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


def test_select_fits_by_the_measure_it_is_given_and_keeps_no_estimate_of_its_own(seed_inputs, seed_briefs, project):
    """A brief is fitted by the words of its rendered HTML, what the build counts: select() has no word
    count of its own (one that left the framework status lines approximate) to fall back on."""
    fb, security = seed_inputs.factbases["eu-japan"], seed_inputs.audiences["security"]
    with pytest.raises(TypeError):
        select(fb, security, "eu-japan-security")  # type: ignore[call-arg]
    measured = []

    def measure(brief):
        measured.append(brief)
        return brief_words(render_html(brief, project.templates))

    fitted = select(fb, security, "eu-japan-security", measure)
    assert any(b is fitted for b in measured)  # the brief returned is one measured
    built = seed_briefs[("security", "pdf")].brief
    assert fitted.dropped == built.dropped, fitted.dropped


def test_select_records_why_each_statement_of_the_fact_base_is_left_out(seed_inputs, seed_briefs):
    """select is the one judge of what a brief holds: every statement of the fact base is printed or
    recorded with the rule that left it out (readers.py words the record; nothing works it out again)."""
    fb = seed_inputs.factbases["eu-japan"]
    statements = ({x.id for x in fb.takeaways + fb.messages + fb.corrections} | {f.id for _, f in all_facts(fb)})
    why = {}
    for name in AUDIENCES:
        brief = seed_briefs[(name, "pdf")].brief
        # the brief a template gets names nothing above its release level, not even by id: what
        # it withholds is recorded only in the unfitted brief validate judges by
        before = unfitted(fb, seed_inputs.audiences[name], brief.name)
        above = {x for x, left in before.left_out.items() if left.why == Why.ABOVE_RELEASE}
        assert not above & set(brief.left_out), name
        assert set(brief.left_out) == statements - set(brief.fact_ids()) - above, name
        why[name] = {x: left.why for x, left in (before.left_out | brief.left_out).items()}
    security = seed_briefs[("security", "pdf")].brief
    assert all(why["security"][x] == Why.DROPPED_TO_FIT for x in security.dropped)
    assert why["analyst"]["rec-minister-readout"] == Why.ABOVE_RELEASE  # written for the minister, marked TLP:RED
    assert why["press"]["rec-minister-readout"] == Why.ABOVE_RELEASE
    assert "rec-minister-readout" not in seed_briefs[("press", "pdf")].brief.left_out
    assert why["business"]["tk-pm-delivery"] == why["policymaker"]["rec-biz-claim"] == Why.NOT_FOR_READER
    assert why["business"]["fw-cyber-dialogue"] == why["security"]["rec-leverage-assets"] == Why.OUTSIDE_LEADS
    assert why["policymaker"]["ch-momentum"] == Why.SUMMED_UP  # its bottom line makes the point, in headlines
    # an event told once: where the brief lists the frameworks a milestone signs, or a fact beside it tells it
    assert seed_briefs[("business", "pdf")].brief.left_out["ms-spa-epa-signed"] == LeftOut(
        Why.TOLD_ELSEWHERE, ("fw-spa", "fw-epa"))
    assert security.left_out["ms-g7-hiroshima"] == LeftOut(Why.TOLD_ELSEWHERE, ("npr-g7-hiroshima",))
    assert why["policymaker"]["drv-us-reliability"] == Why.NO_SECTION  # the minister's brief has no drivers


def test_diff_prints_sections_facts_and_words(seed_briefs):
    result = run_cli("diff", str(SEED), "policymaker", "analyst")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    a, b = seed_briefs[("policymaker", "pdf")], seed_briefs[("analyst", "pdf")]
    ids_a, ids_b = set(a.brief.fact_ids()), set(b.brief.fact_ids())
    assert f"facts only in policymaker ({len(ids_a - ids_b)}):" in lines
    start = lines.index(f"facts only in analyst ({len(ids_b - ids_a)}):")
    only_b = lines[start + 1:start + 1 + len(ids_b - ids_a)]
    assert {line.split(": ", 1)[0].strip() for line in only_b} == ids_b - ids_a  # one a line, with its reason
    assert "  drv-china: the policymaker brief has no drivers section" in only_b
    assert f"facts in both: {len(ids_a & ids_b)}" in lines
    secs_a = [s.id for s in a.brief.sections]
    only_sections = next(line for line in lines if line.startswith("sections only in analyst"))
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
        for label, value in (("purpose", a.purpose), ("budget", f"{a.budget.pages} page(s), {a.budget.words:,} words"),
                             ("tone", a.tone)):
            assert re.search(rf"^  {label}: +{re.escape(value)}$", result.stdout, re.M), (label, result.stdout)
    assert re.search(r"^  leads: +no theme leads; facts kept: priorities 1-2$", result.stdout, re.M)  # press
    assert re.search(r"^  leads: +no theme leads; facts kept: all$", result.stdout, re.M)  # analyst


def test_audiences_shows_every_field_that_sets_a_profile_apart_even_one_added_later(seed_inputs):
    """`briefgen audiences` listed the profile's fields by hand and left out contents, contact and
    sources_in. It now prints every field of the schema that some profile sets to other than its
    default, so a field added to the model (say max_recommendations) shows without a change here."""
    from pydantic import create_model

    from briefgen.compare import describe
    from briefgen.profile import Audience

    def blocks(lines: list[str]) -> dict[str, str]:
        return {block.split(":", 1)[0]: block for block in "\n".join(lines).split("\n\n")}

    profiles = list(seed_inputs.audiences.values())
    said = blocks(describe(profiles))
    assert re.search(r"^  contents: +yes$", said["analyst"], re.M)
    assert re.search(r"^  contact: +yes$", said["press"], re.M)
    assert re.search(r"^  sources_in: +analyst$", said["policymaker"], re.M)
    assert re.search(r"^  sources_in: +none$", said["press"], re.M)  # shown on every profile, to compare
    wider = create_model("Wider", __base__=Audience, max_recommendations=(int | None, None))
    for limit, shown in ((None, False), (3, True)):
        profiles = [wider.model_validate({**a.model_dump(), **({"max_recommendations": limit} if a.name ==
                                                                  "policymaker" else {})}) for a in profiles]
        said = blocks(describe(profiles))
        assert bool(re.search(r"^  max_recommendations: +3$", said["policymaker"], re.M)) == shown, said
        assert bool(re.search(r"^  max_recommendations: +none$", said["analyst"], re.M)) == shown, said


def test_facts_outside_lead_themes_are_kept_only_up_to_other_max_priority(seed_inputs):
    """The cap holds with no lead themes too (press: priority 1-2 only)."""
    fb = seed_inputs.factbases["eu-japan"]
    priority = {f.id: f.priority for _, f in all_facts(fb)}
    for audience in seed_inputs.audiences.values():
        brief = unfitted(fb, audience, f"eu-japan-{audience.name}")
        for section in brief.sections:
            if section.id in ("takeaways", "timeline", "corrections") or section.id in MESSAGE_SECTIONS:
                continue
            for item in section.all_items():
                assert item.lead or priority[item.id] <= audience.other_max_priority, (audience.name, item.id)
    press = seed_inputs.audiences["press"]
    assert not press.lead_themes and press.other_max_priority < 5
    assert any(p > press.other_max_priority for p in priority.values())


def test_milestones_read_in_date_order_and_statuses_have_one_full_stop(seed_briefs, project):
    for (audience, _fmt), output in seed_briefs.items():
        for section in output.brief.sections:
            for group in section.groups:
                when = {m.id: m.date for a in output.brief.factbase.areas for m in a.milestones}
                dates = [when[m.id] for m in group.milestones]
                assert dates == sorted(dates), (audience, group.id)
        # a framework's status line, as the template words it
        for status in re.findall(r'<em class="status">(.*?)</em>', render_html(output.brief, project.templates)):
            status = re.sub(r"<[^>]+>", "", status)
            assert ".;" not in status and not status.endswith(".."), status
            assert status[0].isupper(), status
    text = pdf_text(seed_briefs[("analyst", "pdf")].path)
    assert ("Signed 17 July 2018; in force 1 February 2019. Status: Amended in 2024 to add rules on "
            "cross-border data flows. Scope:") in " ".join(text.split())


def test_the_timeline_lists_a_signing_once_and_draws_it_as_a_framework(seed_briefs):
    from briefgen.figure import timeline_events_of

    for audience in ("press", "analyst"):
        brief = seed_briefs[(audience, "pdf")].brief
        timeline = next(s for s in brief.sections if s.id == "timeline")
        ids = [i.id for i in timeline.items]
        assert "ms-spa-epa-signed" in ids and not {"fw-spa", "fw-epa"} & set(ids), audience
        # one entry per date of the signings that frameworks and milestones both record
        labels = [date_text(i.date) for i in timeline.items]
        for day in ("17 July 2018", "23 January 2019", "27 September 2019", "27 May 2021",
                    "12 May 2022", "15 March 2023"):
            assert labels.count(day) == 1, (audience, day)
        # and a milestone is not printed again under its area
        assert not [g.id for s in brief.sections for g in s.groups if g.milestones], audience
        events = {ids[e.number - 1]: e for e in timeline_events_of(brief)}
        assert events["ms-spa-epa-signed"].framework and not events["ms-g7-hiroshima"].framework
        # the printed list, lettered as the figure is: one lettered entry for the day
        text = " ".join(in_short_form(pdf_text(seed_briefs[(audience, "pdf")].path), brief.factbase).split())
        assert len(re.findall(r"\b[A-Z]{1,2} · 17 July 2018 ", text)) == 1, audience
        assert text.count("The SPA and EPA were signed at the EU–Japan summit in Tokyo") == 1, audience
    # without a timeline, a milestone stays with its area unless a statement the brief prints tells it
    # (tests/test_told_once.py): the EPA's entry into force, told by the tariff fact beside it
    business = seed_briefs[("business", "pdf")].brief
    assert business.left_out["ms-epa-in-force"] == LeftOut(Why.TOLD_ELSEWHERE, ("mkt-tariffs",))


# ------------------------------------------------- tailoring a reader notices

READERS = ["policymaker", "business", "security", "press"]
# the masthead and the apparatus, which every brief shares by design
_NOT_PROSE = {"Title", "Subtitle", "Masthead", "Byline", "Handling", "TOC Heading", "Caption"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\")]?\s+(?=[A-Z0-9“\"(])")


def sentences(text: str) -> list[str]:
    """Sentences of running text; fragments under four words (a date, a label) are not counted."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if len(s.split()) >= 4]


def brief_sentences(path) -> set[str]:
    """What a reader reads in the Word draft: body paragraphs, not the masthead, headings
    or the numbered sources list (notes live in their own parts and are not counted)."""
    import docx

    out: set[str] = set()
    for para in docx.Document(str(path)).paragraphs:
        name = para.style.name
        if name in _NOT_PROSE or name.startswith("Heading") or re.match(r"\[\d+\]", para.text):
            continue
        out.update(sentences(para.text))
    return out


def shared_share(a: set[str], b: set[str]) -> float:
    """The share of a's sentences that b also prints."""
    return len(a & b) / len(a) if a else 0.0


def test_briefs_for_different_readers_share_under_a_third_of_their_sentences(seed_briefs):
    said = {r: brief_sentences(seed_briefs[(r, "docx")].path) for r in READERS}
    figures = {}
    for a, b in itertools.permutations(READERS, 2):
        assert len(said[a]) >= 12, a  # enough prose for the measure to mean something
        figures[f"{a} in {b}"] = shared_share(said[a], said[b])
    too_alike = {pair: f"{share:.0%}" for pair, share in figures.items() if share >= 0.35}
    assert not too_alike, too_alike


def test_no_sentence_opens_page_one_of_every_brief(seed_briefs):
    openings, page_one = {}, {}
    for r in READERS:
        output = seed_briefs[(r, "pdf")]
        text = pdf_text(output.path, 1)
        # page 1 after the masthead, which ends with the handling line
        body = text.split(output.brief.handling.replace("'", "\u2019"), 1)[1]
        said = sentences(body)
        openings[r] = said[0]
        page_one[r] = set(said)
    assert len(set(openings.values())) == len(READERS), openings
    assert not set.intersection(*page_one.values())


def test_each_reader_gets_what_was_written_for_it(seed_briefs, seed_inputs):
    """Takeaways, recommendations and messages aimed at one kind of reader reach that
    reader's brief and no other; so-what lines print only for their reader."""
    fb = seed_inputs.factbases["eu-japan"]
    texts = {r: squeeze(pdf_text(seed_briefs[(r, "pdf")].path)) for r in READERS}
    aimed = ([(t.text, t.audiences) for t in fb.takeaways]
             + [(m.text, m.audiences) for m in fb.messages if m.marking is None]
             + [(r.headline, r.audiences) for r in fb.road_ahead.recommendations if r.marking is None])
    for text, audiences in aimed:
        for r in READERS:
            if audiences and r not in audiences:
                assert opening(text) not in texts[r], (r, text[:40])
    for r in READERS:
        assert any(r in aud and opening(text) in texts[r] for text, aud in aimed), r
    for _, fact in all_facts(fb):
        for reader, line in fact.so_what.items():
            for r in READERS:
                if r != reader:
                    assert opening(line) not in texts[r], (r, fact.id)
    # the security reader gets ICD 203 judgements: a likelihood word and a confidence level
    security = " ".join(pdf_text(seed_briefs[("security", "pdf")].path).split())
    judgements = [m for m in fb.messages if m.kind == "judgement" and "security" in m.audiences]
    assert judgements
    for j in judgements:
        assert j.likelihood in j.text
        assert f"{j.confidence.capitalize()} confidence." in security
    # the business reader gets market access: tariffs, procurement, protected names, data rules
    business = pdf_text(seed_briefs[("business", "pdf")].path)
    for words in ("duties", "procurement", "geographical indications", "adequacy",
                  "stored or processed on its territory"):
        assert words in business, words
    # the Minister: purpose, decision asked and lines to take, in that order on page 1-2
    minister = pdf_text(seed_briefs[("policymaker", "pdf")].path)
    spots = [minister.find(label) for label in ("Purpose", "Decision asked", "Bottom line", "Lines to take")]
    assert -1 not in spots and spots == sorted(spots)


def test_the_business_brief_s_rules_each_say_what_they_mean_for_a_company(seed_briefs):
    """The review (item 5): the EPA's line said 'every preference below' with Market access above
    it, and the Digital Partnership's line said nothing for a company, which the README promises for
    every framework that binds one. Each such line now carries its business so-what, as printed, and
    none points below; the Strategic Partnership Agreement, a political frame, binds none (README)."""
    output = seed_briefs[("business", "pdf")]
    text = " ".join(pdf_text(output.path).split())
    rules = next(s for s in output.brief.sections if s.id == "frameworks").items
    assert {i.id for i in rules} >= {"fw-spa", "fw-epa", "fw-digital-partnership"}
    for item in (i for i in rules if i.id != "fw-spa"):
        assert item.so_what, item.id
        assert " ".join(item.so_what.replace("'", "’").split()) in text, item.id
    assert "preference below" not in text and "preferences under market access" not in text
    assert "It is what an exporter relies on to claim lower duties, bid for public contracts" in text


def test_the_analyst_s_recommendations_are_for_analysts_not_exporters(seed_briefs):
    """The review (item 6): the analyst brief ended on the business brief's to-dos ('Check that every
    shipment to Japan claims the EPA preference...'). A recommendation written for exporters
    (audiences: [business]) is the business brief's alone."""
    analyst, business = (seed_briefs[(a, "pdf")].brief for a in ("analyst", "business"))
    recs = {a: {i.id for s in b.sections if s.id == "recommendations" for i in s.items}
            for a, b in (("analyst", analyst), ("business", business))}
    assert recs["analyst"] and recs["business"] and not recs["analyst"] & recs["business"]
    text = " ".join(pdf_text(seed_briefs[("analyst", "pdf")].path).split())
    assert "Check that every shipment to Japan" not in text and "Before launching a food or drink product" not in text


def test_the_press_brief_names_its_contact_in_the_pdf_and_the_word_draft(seed_briefs):
    """The review (item 4): a press backgrounder had no contact. A profile with contact: true
    (press.yaml) prints meta.press_contact, else briefgen.toml's [house] press_contact, on page 1,
    in the PDF and in the Word draft; other briefs do not."""
    import docx

    from briefgen.config import House, identity
    contact = seed_briefs[("press", "pdf")].brief.factbase.meta.press_contact
    assert contact
    assert f"Press contact: {contact}" in " ".join(pdf_text(seed_briefs[("press", "pdf")].path, 1).split())
    paragraphs = [" ".join(p.text.split()) for p in docx.Document(str(seed_briefs[("press", "docx")].path)).paragraphs]
    assert f"Press contact: {contact}" in paragraphs[:8]
    assert "Press contact" not in pdf_text(seed_briefs[("policymaker", "pdf")].path)
    # a fact base that names none takes the house's; one of another organisation does not
    meta = seed_briefs[("press", "pdf")].brief.factbase.meta
    desk = "Press desk, press@example.org"
    house = House(organisation=meta.organisation, press_contact=desk)
    assert identity(None, house, meta.model_copy(update={"press_contact": None}))[0].press_contact == desk
    other = meta.model_copy(update={"press_contact": None, "organisation": "Another institute"})
    assert identity(None, house, other)[0].press_contact is None


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_handling_line_never_contradicts_the_marking(seed_briefs, audience):
    """The security brief's page 1 said "For official use · Distribution: security and defence policy
    community" beside TLP:CLEAR, which under TLP 2.0 means no limit on disclosure; the business brief
    ("For members of the business council") likewise. Where a brief's marking may travel wider than
    its profile's reach, page 1 (PDF and Word draft) says what the marking allows; where it may not,
    the profile's own words."""
    import docx

    from briefgen.fields import REACHES, TLP_REACH
    from briefgen.labels import word

    pdf, draft = seed_briefs[(audience, "pdf")], seed_briefs[(audience, "docx")]
    brief, profile = pdf.brief, pdf.brief.audience
    page_one = pdf_text(pdf.path, 1)
    handling = next(p.text for p in docx.Document(str(draft.path)).paragraphs if p.style.name == "Handling")
    travels = TLP_REACH[brief.marking]
    if REACHES.index(travels) < REACHES.index(profile.reach):
        disclosure = word(f"disclosure {travels}", "en")
        assert disclosure in page_one and profile.handling not in page_one, page_one[:500]
        assert handling.startswith(f"{brief.marking} {disclosure}"), handling
    else:
        own = f"{profile.handling} · {profile.distribution}".replace("'", "’")  # as the PDF prints it
        assert own in page_one and profile.handling.replace("'", "’") in handling, (own, page_one[:500])
    if brief.marking == "TLP:CLEAR":
        assert "No limit on disclosure" in page_one or profile.reach == "public"
    if audience in ("security", "business"):
        # all TLP:CLEAR, written for a community: the profile marks them TLP:GREEN, for that community
        # (marked_at_least), so neither says "No limit on disclosure" (editor review, stop 27, item 2)
        assert (brief.marking, "No limit on disclosure" in page_one) == ("TLP:GREEN", False)


def test_diff_says_why_the_other_brief_leaves_each_fact_out(tmp_path, canada_briefs):
    """Review 27 (item 4): `briefgen diff` listed the user's main challenge under "facts only in
    analyst" with no reason, and the user could not tell why the minister's 'Issues to weigh' left it
    out. Beside each fact, the reason select recorded, in validate's words; one withheld above the
    other brief's release level too (the brief a build writes does not name it; diff, for the author,
    does)."""
    root = make_project(tmp_path / "p", CANADA)
    result = cli(root, "diff", "seeds/eu-canada.yaml", "policymaker", "analyst")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert ("  ch-ratification: the policymaker brief lists its challenges as headlines, and its takeaways make "
            "ch-ratification's point") in lines, lines
    assert "  rec-minister-only: marked above the analyst brief's release level (TLP:AMBER)" in lines, lines
    assert "  msg-purpose: not addressed to 'analyst' (audiences)" in lines, lines
    # as the briefs print it: the analyst's challenges list it, the minister's bottom line makes its point
    said = "Cyprus’s parliament voted against it"
    assert said in pdf_text(canada_briefs[("analyst", "pdf")])
    assert said not in pdf_text(canada_briefs[("policymaker", "pdf")])
