"""What a new user's briefs say: the project `briefgen new` writes, with the example it ships and
a first topic of the user's own (tests/fixtures/eu-india.yaml, as a reviewer wrote it: nine facts,
two frameworks without a detail and without a milestone, a recommendation of the default
priority, an abbreviation first used in a possessive), read back from the PDF and the Word draft."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, MINI, make_project, pdf_text, run_cli

from briefgen.build import build
from briefgen.pipeline import Options
from briefgen.project import Project

INDIA = FIXTURES / "eu-india.yaml"
READ = ("analyst", "policymaker", "press")


@pytest.fixture(scope="session")
def new_user(once) -> Path:
    """The briefs folder of `briefgen new` + the user's topic, built once a session (analyst,
    policymaker and press, both formats)."""
    def make(folder: Path):
        root = folder / "p"
        made = run_cli("new", str(root), "--organisation", "Institute for Policy Studies", cwd=folder)
        assert made.returncode == 0, made.stderr
        shutil.copy(INDIA, root / "seeds" / INDIA.name)
        built = run_cli("build", "--jobs", "2", *[a for name in READ for a in ("-a", name)], cwd=root)
        assert built.returncode == 0, built.stderr
        return root / "briefs", built.stdout
    return once("new-user", make)


def paragraphs(path: Path) -> list[str]:
    return [" ".join(p.text.split()) for p in docx.Document(str(path)).paragraphs]


def test_each_brief_of_the_example_opens_with_a_box_of_its_own(new_user):
    """Review 25 (item 1): the example's analyst, business, minister's and press briefs opened with
    the same two takeaways under four headings, and the example taught a new user to write them so.
    Its takeaways are now written for each reader: no two opening boxes (the Word draft's Key
    Takeaway paragraphs, page 1's box in the PDF) hold the same statements."""
    briefs, _ = new_user
    boxes = {name: tuple(p.text for p in docx.Document(str(briefs / f"example-{name}.docx")).paragraphs
                         if p.style.name == "Key Takeaway") for name in READ}
    assert all(boxes.values()) and len(set(boxes.values())) == len(READ), boxes
    for name, box in boxes.items():  # and each is page 1's
        assert " ".join(box[0].split()[:6]) in " ".join(pdf_text(briefs / f"example-{name}.pdf", 1).split())


@pytest.mark.parametrize("topic", ["example", "eu-india"])
def test_a_framework_without_detail_keeps_its_status_line(new_user, topic):
    """Both frameworks of the example have no detail, and the analyst brief printed neither's
    dates, status or scope: the status line was printed only after a detail."""
    briefs, _ = new_user
    text = pdf_text(briefs / f"{topic}-analyst.pdf")
    body = text.rfind("....")  # after the contents' entries: the sections themselves
    frameworks = text[text.index("Frameworks", body):text.index("Areas of action", body)]
    assert frameworks.count("Scope: ") == 2, frameworks
    draft = [p for p in paragraphs(briefs / f"{topic}-analyst.docx") if "Scope: " in p]
    assert len(draft) == 2, draft


@pytest.mark.parametrize("topic, advice", [
    ("example", "Build on the Digital Partnership to agree rules on digital trade."),
    ("eu-india", "a work plan with dated deliverables before its second")])
def test_the_minister_s_brief_carries_the_fact_base_s_recommendations(new_user, topic, advice):
    """Each topic's only recommendation (priority 3 by default, outside the minister's lead themes) was
    left out of the brief with a Recommendations section, silently ('0 dropped'): the lead themes and
    other_max_priority chose advice as they choose facts."""
    briefs, _ = new_user
    text = pdf_text(briefs / f"{topic}-policymaker.pdf")
    assert "Recommendations" in text and advice in text, text
    assert any(advice in p for p in paragraphs(briefs / f"{topic}-policymaker.docx"))


def test_a_recommendation_is_dropped_last_and_reported(project):
    """Within the budget: a brief too long for its recommendations drops every fact it may first,
    then the least important recommendation, and lists it among what it dropped (the build's
    table and its 'dropped ... to fit' line print that list)."""
    from briefgen.pipeline import make_brief
    from briefgen.project import load_audience, load_factbase
    from briefgen.select import unfitted

    fb, _ = load_factbase(INDIA)
    rec = fb.road_ahead.recommendations[0]
    recs = [rec.model_copy(update={"id": f"rec-{n}", "priority": n}) for n in (3, 1, 2)]
    fb = fb.model_copy(update={"road_ahead": fb.road_ahead.model_copy(update={"recommendations": recs})})
    for name in ("policymaker", "analyst"):
        profile = load_audience(project.audience_path(name), [fb])
        roomy = unfitted(fb, profile, f"eu-india-{name}")
        advice = [s for s in roomy.sections if s.id == "recommendations"][0]
        assert [i.id for i in advice.items] == ["rec-1", "rec-2", "rec-3"], name  # the most important first
        assert roomy.dropped == []
        tight = profile.model_copy(update={"budget": profile.budget.model_copy(update={"words": 20})})
        fitted = make_brief(fb, tight, f"eu-india-{name}", project.templates)
        assert fitted.dropped[-2:] == ["rec-3", "rec-2"] and "rec-1" in fitted.fact_ids(), fitted.dropped
        facts = {i.id for s in roomy.sections if s.id not in ("takeaways", "recommendations") for i in s.all_items()}
        must = {f.id for f in fb.drivers + fb.frameworks if f.priority == 1}
        assert set(fitted.dropped[:-2]) == facts - must, (name, fitted.dropped)


def test_an_abbreviation_first_used_in_a_possessive_is_glossed_on_the_name(new_user, tmp_path):
    """"The TTC's first working group" was written out "The Trade and Technology Council (TTC)’s first
    working group": the gloss came between the name and its possessive. The possessive now goes on the
    name, "the Trade and Technology Council’s (TTC) first working group", and absorb takes an edited
    draft's sentence back to "The TTC's first working group"."""
    briefs, _ = new_user
    for audience in ("analyst", "press"):
        text = pdf_text(briefs / f"eu-india-{audience}.pdf")
        assert "The Trade and Technology Council’s (TTC) first working group joins" in text, audience
        assert "(TTC)’s" not in text
    assert "The TTC’s first working group covers" in pdf_text(briefs / "eu-india-analyst.pdf")
    [sentence] = [p for p in paragraphs(briefs / "eu-india-press.docx") if "first working group joins" in p]
    assert sentence.startswith("The Trade and Technology Council’s (TTC) first working group joins"), sentence
    draft = docx.Document(str(briefs / "eu-india-press.docx"))
    for run in (r for p in draft.paragraphs for r in p.runs if "group joins" in r.text):
        run.text = run.text.replace("group joins", "group unites")
    draft.save(str(tmp_path / "edited.docx"))
    seed = tmp_path / INDIA.name
    shutil.copy(INDIA, seed)
    absorbed = run_cli("absorb", str(tmp_path / "edited.docx"), str(seed), "--apply", cwd=briefs.parent)
    assert absorbed.returncode == 0, absorbed.stdout + absorbed.stderr
    assert '"The TTC\'s first working group unites the partners\' work' in seed.read_text()


def test_a_status_line_says_each_fact_once_with_the_framework_s_own_verb(new_user):
    """The status line read "Signed 25 April 2022. Status: Launched on 25 April 2022; …": the same date
    twice, and "Signed" for a council that was launched. The verb is the framework's (signed_as, or its
    kind's), and a date or verb the status already gives is not printed again."""
    briefs, _ = new_user
    india = pdf_text(briefs / "eu-india-analyst.pdf")
    body = india.rfind("....")  # after the contents' entries
    frameworks = india[india.index("Frameworks", body):india.index("Areas of action", body)]
    assert "and India. Launched on 25 April 2022; its ministers first met in Brussels on 16 May 2023. Scope:" \
        in frameworks  # a status that tells the signing stands in for its date
    assert frameworks.count("25 April 2022") == 1 and "Signed" not in frameworks, frameworks
    assert "global governance. Adopted" not in frameworks  # a strategy is adopted, its date before
    # the date, though the timeline's entry A tells the adoption too: what a reader looks it up for
    assert "from trade to security. Adopted 15 July 2020. Status: Endorsed at the 15th EU–India summit" in frameworks
    example = pdf_text(briefs / "example-analyst.pdf")
    body = example.rfind("....")
    frameworks = example[example.index("Frameworks", body):example.index("Areas of action", body)]
    assert "Signed 6 October 2010. Status: Provisionally applied from 1 July 2011 and in force since 13 December " \
           "2015. Scope:" in frameworks
    assert "digital trade. Signed in Seoul on 28 November 2022. Scope:" in frameworks  # it takes its date
    # the section's own text: not the notes at the foot of its page, which date their sources
    said = re.sub(r"\d+\. [^“”]+, “[^”]+”(, [^.]+)?\.", "", frameworks)
    assert "28 November" not in said and "Status: Signed" not in said, said


def test_a_framework_s_timeline_entry_says_what_happened_that_day(new_user):
    """A framework with no milestone of its own was listed at its date by its headline ("25 April 2022 The
    TTC coordinates work on trade …"), which says what it is, not what happened that day."""
    briefs, _ = new_user
    for audience in ("analyst", "press"):
        text = pdf_text(briefs / f"eu-india-{audience}.pdf")
        assert "A · 15 July 2020 EU–India Strategic Partnership: A Roadmap to 2025 adopted." in text, audience
        assert "B · 25 April 2022 EU–India Trade and Technology Council launched." in text, audience
        assert "2022 The TTC coordinates" not in text and "2020 The roadmap sets" not in text
        draft = paragraphs(briefs / f"eu-india-{audience}.docx")
        assert "B · 25 April 2022 EU–India Trade and Technology Council launched." in draft, draft
    example = pdf_text(briefs / "example-press.pdf")
    assert "A · 6 October 2010 EU–Korea Free Trade Agreement signed." in example
    assert "C · 28 November 2022 EU–Korea Digital Partnership signed." in example


def test_the_signing_s_verb_may_be_given_per_language(project):
    """signed_as is text a reader reads: per language for editions to come, the fact base's own required."""
    from briefgen.errors import BriefgenError
    from briefgen.project import load_audience, load_factbase
    from briefgen.select import unfitted

    text = INDIA.read_text()

    def loaded(verb: str):
        raw = text.replace("    kind: dialogue\n", f"    kind: dialogue\n    signed_as: {verb}\n").encode()
        return load_factbase(INDIA, raw)[0]

    fb = loaded("{en: set up, fr: créé}")
    brief = unfitted(fb, load_audience(project.audience_path("analyst"), [fb]), "eu-india-analyst")
    [entry] = [i for s in brief.sections if s.id == "timeline" for i in s.items if i.id == "fw-ttc"]
    [framework] = [i.framework for s in brief.sections if s.id == "frameworks" for i in s.items if i.id == "fw-ttc"]
    assert entry.event == framework.signed_as == "set up"
    with pytest.raises(BriefgenError) as refused:
        loaded("{fr: créé}")
    assert any("frameworks[0].signed_as" in str(p) for p in refused.value.problems), refused.value.problems


def test_text_keys_find_the_fact_base_s_language_whatever_their_case(project):
    """BCP 47 tags are case-insensitive, and validated so: meta.language 'en-gb' with text keyed 'en-GB'
    was told it had 'no text in the fact base's language', and the brief would print another language's."""
    from briefgen.project import load_audience, load_factbase
    from briefgen.select import unfitted

    text = MINI.read_text().replace("language: en-GB", "language: en-gb").replace(
        "text: Trade is the foundation of the partnership.",
        "text: {fr: Le commerce fonde le partenariat., en-GB: Trade is the foundation of the partnership.}")
    fb, warnings = load_factbase(MINI, text.encode())
    assert not [w for w in warnings if "language" in w.message], warnings
    brief = unfitted(fb, load_audience(project.audience_path("analyst"), [fb]), "mini-analyst")
    [takeaway] = [i for s in brief.sections if s.id == "takeaways" for i in s.items if i.id == "tk-trade"]
    assert takeaway.headline == "Trade is the foundation of the partnership."


def test_the_minister_s_brief_says_where_its_sources_are_from_the_data(new_user, seed_briefs):
    """Every minister's brief opened its bottom line on "Sources for every point up to TLP:AMBER are in the
    analyst reference brief of the same date.", a fixed sentence of the profile: TLP:AMBER in a brief all
    TLP:CLEAR, or of a fact base with its own scheme. The handling line now names the brief its profile's
    sources_in gives, by that brief's title and this brief's date, and, only where this brief holds points
    marked above that brief's level, the marking of the points it does not source."""
    briefs, _ = new_user
    for topic in ("example", "eu-india"):
        text = pdf_text(briefs / f"{topic}-policymaker.pdf", 1)
        # all TLP:CLEAR, and still a submission to the Minister: marked for the Minister's office
        # (the profile's marked_at_least), its sources all in the analyst brief
        # the analyst brief of an all-TLP:CLEAR topic is marked TLP:CLEAR: its own marking, not its profile's level
        # (the marking label beside the handling line falls where its first line ends: not read here), and
        # the analyst brief's own marking
        analyst = pdf_text(briefs / f"{topic}-analyst.pdf", 1).split()[0]
        assert ("For the Minister’s office · Distribution: Minister, private office, policy director · "
                f"Draws on the analyst reference brief of 30 June 2023 ({analyst}), which gives its sources"
                ) in re.sub(r" TLP:RED(?= \S)", "", text)
        assert "Sources for every point" not in text and "except" not in text
    minister = pdf_text(seed_briefs[("policymaker", "pdf")].path, 1)  # it holds the TLP:RED read-out
    # in words a minister reads plainly: what it draws on, how that brief is marked, and which points that
    # brief does not source. Not "Sources: Analyst reference brief, ...": the purpose, the decision asked and
    # the lines to take are this brief's own, in no analyst brief (editor, stop 28)
    assert ("Draws on the analyst reference brief of 2 December 2024 (TLP:AMBER), which gives its sources, "
            "except for points marked TLP:RED") in minister
    assert "Sources:" not in minister
    assert "Sources of every point" not in minister  # the jargon it was: "... up to TLP:AMBER in the ..."
    assert "Sources for every point" not in minister
    draft = paragraphs(seed_briefs[("policymaker", "docx")].path)
    assert any(p.endswith("· Draws on the analyst reference brief of 2 December 2024 (TLP:AMBER), which gives its "
                          "sources, except for points marked TLP:RED") for p in draft), draft[:6]


def minister_s_page_1(root: Path, seed: Path) -> str:
    """The text of page 1 of the minister's brief of ``seed``, built as PDF in the project at ``root``."""
    [made] = build(Project(root=root), root / "out", [seed], ["policymaker"], Options(formats=("pdf",)))
    assert made.status == "built", made.error
    return pdf_text(made.path, 1)


def test_a_fact_base_s_own_scheme_and_the_project_s_analyst_title_are_what_it_names(tmp_path):
    """PUBLIC < INTERNAL < RESTRICTED: the minister's brief names the level in that scheme, and the
    title the project's analyst profile gives, which a rebuild picks up when only that profile changed."""
    text = MINI.read_text(encoding="utf-8").replace(
        "  stale_after_days: 730\n", "  stale_after_days: 730\n  marking_scheme: [PUBLIC, INTERNAL, RESTRICTED]\n")
    text = text.replace("marking: TLP:AMBER", "marking: INTERNAL").replace(
        "      priority: 1\ncorrections:", "      priority: 1\n      marking: RESTRICTED\ncorrections:")
    seed = make_project(tmp_path, MINI, text) / "seeds" / MINI.name
    levels = {"TLP:CLEAR": "PUBLIC", "TLP:GREEN": "PUBLIC", "TLP:AMBER": "INTERNAL", "TLP:RED": "RESTRICTED"}
    for profile in (tmp_path / "audiences").glob("*.yaml"):
        body = profile.read_text(encoding="utf-8")
        for tlp, own in levels.items():
            body = body.replace(f"release: {tlp}\n", f"release: {own}\n").replace(
                f"marked_at_least: {tlp}\n", f"marked_at_least: {own}\n")
        profile.write_text(body, encoding="utf-8")

    def minister() -> str:
        return minister_s_page_1(tmp_path, seed)

    assert "Draws on the analyst reference brief of 23 November 2023 (INTERNAL), which gives its sources, except for " \
        "points marked RESTRICTED" in minister()
    analyst = tmp_path / "audiences" / "analyst.yaml"
    analyst.write_text(analyst.read_text().replace("title: Analyst reference brief", "title: Research file"))
    assert "Draws on the research file of 23 November 2023 (INTERNAL)" in minister()


def test_the_preview_rebuilds_when_the_profile_a_brief_cites_is_saved(tmp_path):
    """The minister's brief prints the analyst profile's title: saving that profile, and no other file,
    rebuilds the minister's preview (its watcher running, as `briefgen preview` runs it), with the new title."""
    import threading

    from briefgen.preview.session import Preview

    seed = make_project(tmp_path) / "seeds" / MINI.name
    preview = Preview(Project(root=tmp_path), seed, "policymaker")

    def page_1(snapshot) -> str:
        assert not snapshot.problems, snapshot.problems
        (tmp_path / "preview.pdf").write_bytes(snapshot.pdf)
        return pdf_text(tmp_path / "preview.pdf", 1)

    first = preview.rebuild()
    assert "analyst reference brief" in page_1(first)
    analyst = tmp_path / "audiences" / "analyst.yaml"
    renamed = analyst.read_text(encoding="utf-8").replace("title: Analyst reference brief", "title: Research file")
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    try:  # saved until the watcher, arming in its thread, sees a save; each wait ends at the rebuild
        for _ in range(30):
            analyst.write_text(renamed, encoding="utf-8")
            if (snapshot := preview.wait_newer(first.version, 2)).version > first.version:
                break
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert snapshot.version > first.version, "saving analyst.yaml did not rebuild the minister's preview"
    assert "research file" in page_1(snapshot) and "analyst reference brief" not in page_1(snapshot)


def test_the_minister_s_brief_claims_sources_only_the_other_brief_gives(tmp_path):
    """"Sources of every point in the Analyst reference brief" was worked out from that profile's title and
    level alone: a recommendation written for the minister only, on a source the analyst brief never
    cites, was printed under the claim. The claim now stands only where the other brief cites every
    source of every point at or below its level."""
    text = MINI.read_text(encoding="utf-8")
    seed = make_project(tmp_path, MINI, text) / "seeds" / MINI.name

    def minister() -> str:
        return minister_s_page_1(tmp_path, seed)

    assert "Draws on the analyst reference brief of 23 November 2023" in minister()
    seed.write_text(text.replace("sources:\n  - id: src-treaty\n", "sources:\n  - id: src-note\n"
                                 "    title: Internal note on export controls\n    publisher: Policy Unit\n"
                                 "    date: 2023-11-01\n  - id: src-treaty\n", 1).replace(
        "      priority: 1\ncorrections:", "      priority: 1\n    - id: rec-minister\n"
        "      headline: Raise export controls at the next dialogue.\n      as_of: 2023-11-23\n"
        "      sources: [src-note]\n      themes: [defence]\n      audiences: [policymaker]\n"
        "      priority: 1\ncorrections:"), encoding="utf-8")
    text_now = minister()
    assert "Raise export controls" in text_now and "Draws on" not in text_now


@pytest.mark.parametrize("value, says", [
    ("analyts", "unknown audience 'analyts' (did you mean 'analyst'?)"),
    ("policymaker", "'policymaker' is this profile: name the audience whose brief gives its sources"),
    ("noless", "the noless brief prints no source notes: name one that does"),
])
def test_a_profile_s_sources_in_names_a_brief_with_notes(tmp_path, value, says):
    """sources_in: analyts made the handling line vanish and validate said ok; naming the profile itself,
    or a brief that prints no source notes, was taken too."""
    seed = make_project(tmp_path) / "seeds" / MINI.name
    audiences = tmp_path / "audiences"
    (audiences / "noless.yaml").write_text((audiences / "press.yaml").read_text(encoding="utf-8").replace(
        "name: press", "name: noless").replace("source_notes: footnotes", "source_notes: none"), encoding="utf-8")
    minister = audiences / "policymaker.yaml"
    minister.write_text(minister.read_text(encoding="utf-8").replace("sources_in: analyst", f"sources_in: {value}"),
                        encoding="utf-8")
    line = next(n for n, text in enumerate(minister.read_text().splitlines(), 1) if text.startswith("sources_in:"))
    result = run_cli("--project", str(tmp_path), "validate", str(seed), cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stderr.splitlines() == [f"audiences/policymaker.yaml:{line}:13: sources_in: {says}"], result.stderr


def test_the_example_shows_every_part_and_a_missing_one_is_warned(new_user, tmp_path):
    """The review (item 3): the example had no messages, so-what lines, corrections or markings, so
    the minister's brief had no Purpose or Decision asked, the security brief no key judgements, the
    press brief no 'On the record', and nothing warned. The example now fills every section of every
    default profile (validate is silent), and a fact base lacking what a section needs is told so,
    one line per section, naming the fact base and the field."""
    briefs, _ = new_user
    minister = pdf_text(briefs / "example-policymaker.pdf", 1)
    assert "Purpose" in minister and "Decision asked" in minister and "Lines to take" in minister
    press = pdf_text(briefs / "example-press.pdf")
    assert "On the record" in press and "What comes next" in press and "Press contact: " in press
    analyst = pdf_text(briefs / "example-analyst.pdf")
    assert "Where earlier accounts differ" in analyst and "TLP:AMBER" in analyst
    root = tmp_path / "p"
    assert run_cli("new", str(root), cwd=tmp_path).returncode == 0
    checked = run_cli("validate", cwd=root)
    assert checked.returncode == 0 and "prints nothing" not in checked.stderr, checked.stderr
    security = cli_build(root, "security")
    assert "Key judgements" in security and "What drives the partnership" in security
    assert "Threat picture" not in security and "Security cooperation" not in security
    # without its messages, each section they fill is warned of, naming the file and the field
    example = root / "seeds" / "example.yaml"
    text = example.read_text(encoding="utf-8")
    example.write_text(text[:text.index("\nmessages:")] + "\n", encoding="utf-8")
    warned = run_cli("validate", cwd=root)
    lines = [line for line in warned.stderr.splitlines() if "prints nothing" in line]
    assert warned.returncode == 1 and len(lines) == 8, warned.stderr  # business 1, minister 4, press 2, security 1
    # at the fact base, which is the user's to edit, not at briefgen's installed profile
    assert all(re.match(r"seeds/example\.yaml:\d+:\d+: messages: warning: ", line) for line in lines), lines
    assert any("policymaker's 'Purpose' prints nothing: the fact base has no messages of kind 'purpose'"
               in line for line in lines)
    assert any("security's 'Key judgements' prints nothing: " in line for line in lines)


def cli_build(root: Path, audience: str) -> str:
    built = run_cli("build", "-a", audience, "-f", "pdf", cwd=root)
    assert built.returncode == 0, built.stderr
    return pdf_text(root / "briefs" / f"example-{audience}.pdf")


def test_a_minister_s_brief_of_public_facts_is_marked_for_the_minister_s_office(new_user):
    """Editor review, stop 27 (item 2): a minister's brief of TLP:CLEAR facts, with its decision asked and
    its recommendations, was marked TLP:CLEAR, "No limit on disclosure", on a page whose profile says
    "Distribution: Minister, private office, policy director". The organisation's advice is marked for
    the readers it is written for (the profile's marked_at_least): TLP:RED on every page of the PDF, in
    the Word draft's headers and its category, while the analyst brief of the same facts, whose profile
    sets no such level, is still marked by what it holds."""
    import pypdfium2

    briefs, _ = new_user
    for topic in ("example", "eu-india"):
        pdf = briefs / f"{topic}-policymaker.pdf"
        pages = len(pypdfium2.PdfDocument(str(pdf)))
        # (the handling line names the analyst brief's own marking, which may be TLP:CLEAR: not this brief's)
        texts = [re.sub(r" \(TLP:\w+\), which gives its sources", "", pdf_text(pdf, n)) for n in range(1, pages + 1)]
        assert all("TLP:RED" in text and "TLP:CLEAR" not in text for text in texts)
        draft = docx.Document(str(briefs / f"{topic}-policymaker.docx"))
        assert draft.core_properties.category == "TLP:RED"
        headers = [p.text for s in draft.sections for h in (s.header, s.first_page_header) for p in h.paragraphs]
        assert any("TLP:RED" in t for t in headers) and not any("TLP:CLEAR" in t for t in headers), headers
    analyst = pdf_text(briefs / "eu-india-analyst.pdf", 1)  # all TLP:CLEAR (the example's has an AMBER fact)
    assert "TLP:CLEAR" in analyst and "No limit on disclosure" in analyst and "TLP:RED" not in analyst


@pytest.mark.parametrize("title, printed", [
    ("Analyst reference brief", "analyst reference brief"), ("Research file", "research file"),
    ("EU brief", "EU brief"), ("McKinsey note", "McKinsey note"), ("A", "A"), ("Q3-Bericht", "Q3-Bericht"),
    ("Japan desk brief", "Japan desk brief"), ("Brussels office note", "Brussels office note")])
def test_a_profile_s_title_after_the_reads_as_in_a_sentence(title, printed):
    """The handling line says "Draws on the analyst reference brief", the title in a sentence: a first word
    capitalised as a sentence's is lower-cased; one in capitals or with another capital stays, and so
    does a proper name, one the fact base writes with a capital inside its sentences (a code review,
    stop 28: "Japan desk brief" printed "japan desk brief")."""
    from briefgen.profile import in_sentence
    from briefgen.sentences import names

    said = names(["Talks opened in Brussels. Japan agreed, and Tokyo signed.", "Research on Japan's role."])
    assert said >= {"Brussels", "Japan", "Tokyo"} and not said & {"Talks", "Research"}
    assert in_sentence(title, said) == printed
