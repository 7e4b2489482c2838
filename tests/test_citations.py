"""A brief of its date, prose an editor signs off, Chicago notes and page craft,
each checked on what a reader gets: the PDF's text, links, type sizes and colours."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import AUDIENCES, MINI, ROOT, SEED, in_short_form, pdf_text, poppler, run_cli, squeeze

from briefgen.model import all_facts
from briefgen.render.html import date_text
from briefgen.render.quotes import curl, straight

pdfium = pytest.importorskip("pypdfium2")
import pypdfium2.raw as pdfium_raw  # noqa: E402

FOOTNOTED = ["analyst", "business", "press", "security"]  # every brief with notes, since stop 28
PT = 0.75  # WeasyPrint draws in CSS px: a font size read from the PDF times 0.75 is in points


_CHARS: dict[str, list] = {}


def chars(path: Path) -> list[list[tuple[str, float, tuple, tuple]]]:
    """Each page's characters as (char, size in pt, (left, bottom, right, top), fill RGB): read
    once per worker for the same bytes (several tests read each seed brief), for reading only."""
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in _CHARS:
        _CHARS[key] = _read_chars(path)
    return _CHARS[key]


def _read_chars(path: Path) -> list[list[tuple[str, float, tuple, tuple]]]:
    out = []
    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        text = page.get_textpage()
        found = []
        for i in range(text.count_chars()):
            r, g, b, a = (pdfium_raw.ctypes.c_uint() for _ in range(4))
            pdfium_raw.FPDFText_GetFillColor(text, i, r, g, b, a)
            found.append((chr(pdfium_raw.FPDFText_GetUnicode(text, i)),
                          pdfium_raw.FPDFText_GetFontSize(text, i) * PT,
                          text.get_charbox(i), (r.value, g.value, b.value)))
        out.append(found)
    pdf.close()
    return out


# ------------------------------------------------------------------ of its date

def _project_with(tmp_path: Path, old: str, new: str) -> Path:
    seed = tmp_path / "eu-japan.yaml"
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    seed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return seed


def test_a_source_dated_after_the_brief_is_an_error_at_its_line(tmp_path):
    seed = _project_with(tmp_path, "    date: 2024-11-12\n", "    date: 2025-03-01\n")
    line = seed.read_text(encoding="utf-8").splitlines().index("    date: 2025-03-01") + 1
    result = run_cli("validate", str(seed))
    assert result.returncode == 2, result.stderr
    assert (f"eu-japan.yaml:{line}:11: sources[20].date: source 'src-ec-cyber-2024' is dated 2025-03-01, "
            f"after the brief's date 2024-12-02; a brief cannot cite what came later") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fact_naming_a_later_year_is_a_warning(tmp_path):
    seed = _project_with(tmp_path, "formalising years of joint activity at sea.",
                         "formalising years of joint activity at sea, with a review due in 2026.")
    result = run_cli("validate", str(seed))
    assert result.returncode == 1, result.stderr  # warnings only
    assert re.search(r"frameworks\[7\]\.detail: warning: names 2026, after the brief's date 2024-12-02",
                     result.stderr), result.stderr
    # a target is not news from the future
    assert "names 2050" not in result.stderr


@pytest.mark.parametrize("sentence, warned", [
    # a forecast bounds a time, as a target does ("by 2050"): it claims nothing of that year as fact
    ("Our assessment is that full ratification is unlikely before 2027.", False),
    ("Talks are unlikely to resume until 2026.", False),
    ("Few expect a deal after 2025.", False),
    ("The fleet plans nothing beyond 2030.", False),
    ("By 2030 the partners aim to double exercises.", False),
    # an event placed in a later year is told as fact: still a warning
    ("Ratification was completed in 2027.", True),
])
def test_a_forecast_bounded_by_a_later_year_is_no_warning(tmp_path, sentence, warned):
    """'unlikely before 2027' warned on every run, so `validate --strict` could not be used."""
    from briefgen.project import load_factbase

    old = "headline: Neither side has much military reach in the other's region.\n"
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1
    seed = tmp_path / "mini.yaml"
    seed.write_text(text.replace(old, f"headline: {sentence}\n"), encoding="utf-8")
    _, warnings = load_factbase(seed)
    later = [str(w) for w in warnings if "after the brief's date" in str(w)]
    assert bool(later) == warned, later


def test_the_seed_cites_nothing_after_its_date(seed_inputs):
    fb = seed_inputs.factbases["eu-japan"]
    assert all(s.date is None or s.date <= fb.meta.date for s in fb.sources)
    later = [f.id for _, f in all_facts(fb)
             if any(int(y) > fb.meta.date.year for y in re.findall(r"\b20\d\d\b", f"{f.headline} {f.detail}")
                    if f"by {y}" not in f"{f.headline} {f.detail}")]
    assert later == []


# --------------------------------------------------------- prose an editor signs

PIPELINE_PHRASES = ["The source document says", "brief's date", "The brief counts", "The brief links",
                    "The brief credits", "briefgen", "Says that"]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_generated_filler_and_an_own_title(seed_briefs, seed_inputs, audience):
    text = pdf_text(seed_briefs[(audience, "pdf")].path)
    for phrase in PIPELINE_PHRASES:
        assert phrase not in text, phrase
    meta = seed_inputs.factbases["eu-japan"].meta
    assert meta.title in text
    # the brief's own title, not the source article's
    assert "towards a truly" not in meta.title.lower() and "briefgen" not in meta.organisation.lower()
    assert all(len(a.split()) >= 2 for a in meta.authors)  # named people, not "editors"


def test_readme_says_the_publisher_and_authors_are_invented(seed_inputs):
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    meta = seed_inputs.factbases["eu-japan"].meta
    assert meta.organisation in readme and "invented" in readme


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_date_once_per_entry(seed_briefs, audience):
    """A framework's dates are printed once, in its status line; its milestone in the timeline."""
    for section in seed_briefs[(audience, "pdf")].brief.sections:
        for item in section.all_items():
            fw = item.framework  # printed in full: its dates, status and scope follow it
            said = " ".join([t for t in (item.label, item.headline, item.detail) if t]
                            + [date_text(d) for d in (item.date, fw and fw.signed, fw and fw.in_force) if d]
                            + ([fw.status, fw.scope] if fw else []))
            dates = re.findall(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|"
                               r"October|November|December) \d{4}\b", said)
            assert len(dates) == len(set(dates)), (audience, item.id, dates)


def test_a_framework_s_line_gives_its_dates_where_the_timeline_tells_them_too(seed_briefs, project, tmp_path):
    """A framework's dates are what a reader looks it up for. Stop 25 gave a date the brief's timeline
    told by its entry's letter ("Signed (timeline C); in force (timeline E)"), which sent the reader
    to another page; an editor sent it back (stop 26). The line gives the dates, in a brief with a
    timeline or without one; and a status "In force; …" after "in force …" loses its "In force"."""
    text = " ".join(pdf_text(seed_briefs[("analyst", "pdf")].path).split())
    assert "(timeline" not in text
    assert "Signed 17 July 2018; in force 1 February 2019. Status: Amended in 2024" in text
    assert "C · 17 July 2018 The SPA and EPA were signed" in text and "E · 1 February 2019 The EPA" in text
    assert "Signed 31 January 2024; in force 1 July 2024. Status: Part of the EPA;" in text
    from briefgen.pipeline import make_brief_and_html
    from briefgen.project import load_audience, load_factbase

    mini = tmp_path / "mini.yaml"
    mini.write_text(MINI.read_text(encoding="utf-8").replace("status: In force\n",
                                                            "status: In force; applied by both sides\n"))
    fb, _ = load_factbase(mini)
    analyst = load_audience(project.audience_path("analyst"), [fb])
    untimed = analyst.model_copy(update={"sections": [s for s in analyst.sections if s.id != "timeline"]})
    for audience in (analyst, untimed):
        _, html = make_brief_and_html(fb, audience, "mini-analyst", project.templates)
        [status] = re.findall(r'<em class="status">(.*?)</em>', html)
        assert " ".join(re.sub(r"<[^>]+>", "", status).split()).startswith(
            "Signed 17 July 2018; in force 1 February 2019. Status: Applied by both sides."), status


# ------------------------------------------------------------------ citations

def _note_texts(text: str) -> list[str]:
    return re.findall(r"(?m)^\d+\. .*(?:\n(?!\d+\. ).*)*", text)


def test_a_quoted_line_s_note_cites_the_document_its_attribution_names(seed_briefs):
    """"(European External Action Service, 1 November 2024)" after a line a journalist may quote, and a
    note citing the 2018 treaty: a reader checking the quote found another document. Each attribution
    gives a date, and the line's note cites a source of that month and year (the message's own sources)."""
    brief = seed_briefs[("press", "pdf")].brief
    lines = [i for s in brief.sections if s.id == "lines" for i in s.items]
    assert lines and all(line.attribution for line in lines)
    for line in lines:
        year = re.search(r"\b(19|20)\d\d\b", line.attribution)
        assert year, f"{line.id}: its attribution gives no date: {line.attribution}"
        dated = [date_text(s.date) for s in line.sources if s.date]
        assert any(d.endswith(year.group()) and d.split()[-2] in line.attribution for d in dated), \
            f"{line.id}: attributed to '{line.attribution}', but its note cites {dated}"


def test_a_judgement_s_note_names_the_freshest_evidence_of_each_fact(seed_briefs, seed_inputs):
    """The editor's finding: security judgement 4, that an operational cyber partnership is unlikely to grow
    from the Cyber Dialogue 'at its present pace', cited only the May 2014 summit statement that launched the
    dialogue, not the release on its sixth round (12 November 2024); the two-year forecast cited a 2014
    ministry release. A derived statement cites, for each fact it rests on, that fact's most recent dated
    primary source (select.backing). Read in the PDF's own note (its tagged Note element)."""
    from test_note_calls import pdf_notes

    fb = seed_inputs.factbases["eu-japan"]
    sources = {s.id: s for s in fb.sources}
    facts = {f.id: f for _, f in all_facts(fb)}
    output = seed_briefs[("security", "pdf")]
    notes = pdf_notes(output.path)
    judgement = next(i for i in output.brief.items() if i.id == "jd-cyber")
    # it rests on a fact with an old and a new primary source, the old one listed first
    fw = facts["fw-cyber-dialogue"]
    assert fw.id in judgement.facts
    assert [(sources[s].kind, sources[s].date.year) for s in fw.sources] == [("primary", 2014), ("primary", 2024)]
    note = squeeze(notes[judgement.note - 1])
    assert squeeze("6th Cyber Dialogue") in note and squeeze("12 November 2024") in note, note
    forecast = next(i for i in output.brief.items() if i.id == "jd-sdp")
    assert squeeze("Counter Piracy") not in squeeze(notes[forecast.note - 1])


def citations_read(brief, texts: list[str]) -> list[str]:
    """What each text (a PDF's, a Word draft's) gets wrong of the full citations of ``brief``'s
    sources: one given twice its date, one missing, an undated one without "n.d."."""
    from test_pdf import full_citation, repeated_date

    from briefgen.render.dates import gives_date

    cited = {s.id: s for item in brief.items() for s in item.sources}
    wrong = []
    for n, text in enumerate(squeeze(t) for t in texts):
        for source in cited.values():
            if squeeze(full_citation(source)) not in text:
                wrong.append(f"text {n}: {source.id} not cited in full as {full_citation(source)!r}")
            if source.date and gives_date(source.title, source.date) and squeeze(repeated_date(source)) in text:
                wrong.append(f"text {n}: {source.id}'s date twice")
    return wrong


@pytest.mark.parametrize("audience", ["analyst", "security"])
def test_a_citation_gives_its_date_once_and_an_undated_source_n_d(seed_briefs, seed_inputs, audience):
    """The editor's finding: '…summary of the Commission proposal of 18 April 2018", 18 April 2018',
    '…Decision (EU) 2019/419 of 23 January 2019…", 23 January 2019', 'First EU–Japan Strategic Dialogue,
    Tokyo, 1 November 2024", press release, 1 November 2024', in the notes and the Sources list; and the
    JMSDF's and Kizuna's undated pages gave no date at all. Chicago leaves out an element the title gives,
    and marks an undated source "n.d.". Read in the PDF (pdftotext) and the Word draft (its text and notes)."""
    from test_pages import word_texts

    pdf, draft = seed_briefs[(audience, "pdf")], seed_briefs[(audience, "docx")]
    cited = {s.id: s for i in pdf.brief.items() for s in i.sources}.values()
    assert any(s.date and date_text(s.date) in s.title for s in cited) and any(not s.date for s in cited)
    assert citations_read(pdf.brief, [pdf_text(pdf.path), word_texts(draft.path)]) == [], audience


def test_the_minister_is_told_what_comes_next_and_every_recommendation_has_one_shape(seed_briefs):
    """The editor's review: the minister's brief gave no timing but the SPA's, and one recommendation's
    detail opened "Why:", typed in the fact base for that one alone. The minister's Coming up has the
    next Strategic Dialogue too, and no recommendation's detail opens on a label of its own."""
    minister = seed_briefs[("policymaker", "pdf")].brief
    coming = [i.id for s in minister.sections if s.id == "watch" for i in s.items]
    assert coming == ["watch-spa", "watch-dialogue"]
    for audience in AUDIENCES:
        brief = seed_briefs[(audience, "pdf")].brief
        details = [i.detail for s in brief.sections if s.id == "recommendations" for i in s.items if i.detail]
        assert not [d for d in details if re.match(r"\w+:", d)], (audience, details)


def test_a_source_s_title_is_its_title_and_its_short_title_part_of_it(seed_briefs, seed_inputs):
    """The editor's review: descriptions inside quoted titles ("... (press release)", "(series: ...)",
    "(published with Council Decision ...)"), a publisher "(EEAS summary page)", a short title that
    was no part of its full entry, and the EEAS under two names. Chicago puts the kind of document
    after the quoted title: a source's medium and series print there, outside the quotes."""
    fb = seed_inputs.factbases["eu-japan"]
    long_of = {a.short: a.long for a in fb.abbreviations}

    def words(text: str) -> set[str]:
        return set(re.findall(r"[\w/-]+", text.casefold().replace("’", "'")))

    for source in fb.sources:
        # brackets in a title hold a short form ("(SPA)", "Decision (EU) 2019/419"), never a description
        assert all(re.fullmatch(r"[A-Z]{2,}", inside) for inside in re.findall(r"\(([^)]*)\)", source.title)), \
            source.title
        assert "(" not in source.publisher, source.publisher
        # a short title may say "EPA" where the title writes it out
        shortened = words(" ".join(short for short, long in long_of.items() if long in source.title))
        assert words(source.short_title or "") <= words(source.title) | shortened, source.id
    assert not [s.publisher for s in fb.sources if s.publisher.startswith("EEAS")]
    notes = squeeze(pdf_text(seed_briefs[("press", "pdf")].path))
    cited = "“First EU–Japan Strategic Dialogue, Tokyo, 1 November 2024”, press release"  # the title dates it
    assert squeeze(cited) in notes and squeeze(cited + ", 1 November 2024") not in notes


def test_first_note_in_full_later_notes_short(seed_briefs):
    output = seed_briefs[("security", "pdf")]
    cited: set[str] = set()
    for item in output.brief.notes:
        for source, first in item.cites:
            assert first == (source.id not in cited), item.id
            cited.add(source.id)
    full = " ".join(pdf_text(output.path).split())
    first_notes = {}
    for item in output.brief.notes:
        for source, first in item.cites:
            if first:
                first_notes[source.id] = source
    for source in first_notes.values():
        # publisher, title, date and link in the first note
        entry = f"{source.publisher}, “{curl(source.title, 'en')}”"  # its quotes set, as printed
        assert entry in full, source.id
        # what kind of document it is, and its series, after the title (Chicago)
        entry += "".join(f", {part}" for part in (source.medium, source.series) if part)
        date = f"{source.date.day} {source.date:%B %Y}" if source.date else "n.d."
        if date not in source.title:  # a date the title gives is not given again
            assert f"{entry}, {date}" in full, source.id
    # a later note is the short form, never "Ibid." (sourcenotes.py)
    later = [(s, it) for it in output.brief.notes for s, first in it.cites if not first]
    assert later
    for source, _item in later:
        assert f"{source.publisher}, “{curl(source.short_title or source.title, 'en')}”" in full
    assert "Ibid" not in full
    assert max(len(i.sources) for i in output.brief.notes) <= 5


def test_a_source_is_listed_alike_in_every_brief(seed_briefs, seed_inputs):
    """The sources lists are bibliographies (Chicago): no brief numbers its sources (a number
    beside the notes' read as a second series, the review's item 1), and every list puts the
    sources it shares with another in the same order, by publisher, so a reader of two briefs
    finds a source in the same place in both."""
    fb = seed_inputs.factbases["eu-japan"]
    # titles squashed: pdftotext drops the hyphen of a title broken at one ("NAVFOR-|ATALANTA")
    def squash(title: str) -> str:
        return "".join(straight(title).split()).replace("-", "")
    key = {squash(s.title): (s.publisher.casefold(), s.title.casefold()) for s in fb.sources}
    seen = 0
    for audience in AUDIENCES:
        output = seed_briefs[(audience, "pdf")]
        if not any(s.id == "sources" for s in output.brief.sections):
            continue
        text = " ".join(pdf_text(output.path).split())
        assert not re.search(r"\[\d+\]", text), audience
        listed = [t for t in (squash(t) for t in re.findall(r"“(.+?)”", text)) if t in key]
        # the list is where every title is given in full in order: its entries, in the order printed
        entries = [s for s in next(s for s in output.brief.sections if s.id == "sources").sources]
        order = [squash(s.title) for s in entries]
        at = 0
        for title in listed:
            if at < len(order) and title == order[at]:
                at += 1
        assert at == len(order), (audience, order[at:at + 1])
        assert [key[t] for t in order] == sorted(key[t] for t in order), audience
        seen += len(order)
    assert seen > 40


@pytest.mark.parametrize("audience", ["business", "press", "security", "analyst"])
def test_every_url_is_a_link_and_extracts_whole(seed_briefs, audience):
    output = seed_briefs[(audience, "pdf")]
    # every source printed in full: in the sources list, or in its first note (a brief without a list)
    printed = {s.id for sec in output.brief.sections for s in sec.sources}
    printed |= {s.id for item in output.brief.notes for s, first in item.cites if first}
    urls = {s.url for s in output.brief.factbase.sources if s.url and s.id in printed}
    assert urls
    info = poppler("pdfinfo", "-url", output.path)
    linked = {line.split()[-1] for line in info.splitlines()[1:] if line.strip()}
    assert urls <= linked
    raw = poppler("pdftotext", "-enc", "UTF-8", output.path, "-")
    # a URL breaks only after "/" or ".": join those line ends and every address reads whole
    joined = re.sub(r"(?<=[/.])\n", "", raw)
    for url in urls:
        assert url in joined, url
    assert "http:/ /" not in raw and "https:/ /" not in raw


@pytest.mark.parametrize("audience", ["business", "security", "analyst"])
def test_note_calls_are_at_least_6_5_pt(seed_briefs, audience):
    """Calls are the digits set smaller than the text they follow (endnote references too)."""
    calls = []
    for page in chars(seed_briefs[(audience, "pdf")].path):
        for prev, cur in zip(page, page[1:], strict=False):
            if cur[0].isdigit() and prev[0].strip() and not prev[0].isdigit() and cur[1] < prev[1] - 1 \
                    and prev[1] >= 9:
                calls.append(cur[1])
    assert calls and min(calls) >= 6.5, min(calls or [0])


# ------------------------------------------------------------------ page craft

def notes_on_pages(path: Path) -> tuple[dict[int, int], dict[int, int]]:
    """Note number -> page of its call, and -> page of its footnote, read from the PDF.

    A call is a run of small digits right after larger text; a footnote's number is followed
    by a full stop and starts a line of small text, or follows a run-in note on its line, in
    another colour than that note's text (a date's digits in a note are the note's colour): a
    year that a note's line break carries to the next line ("7 May" / "2014.") is no number,
    in the note's colour as the text after it, or followed by the next note's number."""
    calls, notes = {}, {}
    for number, page in enumerate(chars(path), 1):
        i = 0
        while i < len(page):
            if page[i][0].isdigit() and page[i][1] < 8:
                j = i
                while j < len(page) and page[j][0].isdigit():
                    j += 1
                n = int("".join(c for c, *_ in page[i:j]))
                before = next((c for c in reversed(page[:i]) if c[0].strip()), None)
                line_start = i == 0 or page[i - 1][0] in "\r\n" or page[i - 1][2][0] > page[i][2][0]
                run_in = before is not None and before[1] < 8 and before[3] != page[i][3]
                after = next((c for c in page[j + 1:] if c[0].strip()), None)
                numbered = after is None or (not after[0].isdigit() and after[3] != page[i][3])
                if (line_start or run_in) and j < len(page) and page[j][0] == "." and numbered:
                    notes.setdefault(n, number)
                elif before is not None and before[1] >= 8 and not before[0].isdigit():
                    calls.setdefault(n, number)
                i = j
            else:
                i += 1
    return calls, notes


@pytest.mark.parametrize("audience", FOOTNOTED)
def test_every_footnote_is_on_its_calls_page(seed_briefs, audience):
    output = seed_briefs[(audience, "pdf")]
    calls, notes = notes_on_pages(output.path)
    expected = len(output.brief.notes)
    assert sorted(notes) == list(range(1, expected + 1))
    assert sorted(calls) == list(range(1, expected + 1))
    assert {n: p for n, p in notes.items() if calls[n] != p} == {}


TLP_RGB = {"TLP:CLEAR": (255, 255, 255), "TLP:GREEN": (51, 255, 0),
           "TLP:AMBER": (255, 192, 0), "TLP:RED": (255, 43, 43)}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_tlp_labels_in_their_tlp_2_colours(seed_briefs, audience):
    output = seed_briefs[(audience, "pdf")]
    label = output.brief.marking
    for page in chars(output.path):
        text = "".join(c for c, *_ in page)
        spots = [m.start() for m in re.finditer(re.escape(label), text)]
        assert len(spots) >= 1
        for start in spots:
            run = page[start:start + len(label)]
            if run[0][1] < 11:  # a portion mark in the text, not the page's label
                continue
            assert {c[3] for c in run} == {TLP_RGB[label]}, (audience, label)


def test_portion_marks_follow_the_profile(seed_briefs):
    analyst = pdf_text(seed_briefs[("analyst", "pdf")].path)
    assert "(TLP:CLEAR)" not in analyst and "(TLP:AMBER)" in analyst  # above the base level only
    policymaker = pdf_text(seed_briefs[("policymaker", "pdf")].path)
    assert "(TLP:RED)" in policymaker and "(TLP:CLEAR)" not in policymaker
    for audience in ("press", "business", "security"):  # each all at one level
        assert "(TLP:" not in pdf_text(seed_briefs[(audience, "pdf")].path), audience


def _page_finder(output):
    """page_of(text, start): the first page, from start on (0-based), whose text holds
    the opening words of text (whitespace and hyphens ignored, as lines break them)."""
    fb = output.brief.factbase
    texts = [pdf_text(output.path, n) for n in range(1, output.pages + 1)]
    # a heading is looked for where it stands over its text, not in the contents (the analyst's): each
    # entry there, "Frameworks ....... 3", is left out
    headings = [s.label for s in output.brief.sections] + [g.title for s in output.brief.sections for g in s.groups]
    for heading in headings:
        texts = [re.sub(re.escape(heading) + r"\s*\.{4,}\s*\d+", " ", t) for t in texts]
    # a name used once is printed bare: look for the statement in either short form
    pages = [(squeeze(in_short_form(t, fb)), squeeze(in_short_form(t, fb, bare=True))) for t in texts]

    def page_of(text: str, start: int) -> int:
        key = squeeze(text)[:40]
        return next(n for n in range(start, len(pages)) if any(key in form for form in pages[n]))
    return page_of


def _first_words(section) -> str | None:
    """What a reader meets first under a section's heading."""
    if section.intro:
        return section.intro
    if section.groups:
        return section.groups[0].title
    if section.items:
        return section.items[0].headline
    if section.sources:
        return f"{section.sources[0].publisher}, “{section.sources[0].title}”"
    return None


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_heading_ends_a_page(seed_briefs, audience):
    """Every heading (section or area) shares its page with the first thing under it."""
    output = seed_briefs[(audience, "pdf")]
    page_of = _page_finder(output)

    at = 0
    pairs = []
    for section in output.brief.sections:
        pairs.append((section.label, _first_words(section)))
        pairs += [(g.title, (g.items or g.milestones)[0].headline) for g in section.groups]
    for heading, first in pairs:
        if first is None:
            continue
        at = page_of(heading, at)
        assert page_of(first, at) == at, (audience, heading, at + 1)


# Sections the templates print as one list of their items (brief.html.j2); the other
# sections print their items as a list only when they show headlines, not full paragraphs.
_LIST_SECTIONS = {"takeaways", "lines", "watch", "recommendations", "timeline"}
_PARAGRAPH_SECTIONS = {"purpose", "decision", "judgements"}


def _lists_of(section) -> list[list[str]]:
    """The texts that open each list item a reader sees, one list per printed list."""
    if section.id == "sources":
        return [[source.title for source in section.sources]]
    if section.id in _PARAGRAPH_SECTIONS:
        return []
    as_list = section.id in _LIST_SECTIONS or section.detail != "full"
    lists = [[i.headline for i in section.items]] if as_list else []
    for group in section.groups:
        if as_list:
            lists.append([i.headline for i in group.items])
        lists.append([i.headline for i in group.milestones])
    return [texts for texts in lists if len(texts) >= 2]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_list_item_alone_at_the_top_or_foot_of_a_page(seed_briefs, audience):
    """A list's first item starts on the page of its second, and its last item on the
    page of the one before it, so no single item is stranded at a page's foot or top.
    A recommendation is a callout several lines long, kept with its heading: the first may
    end a page, or a list of three would move whole and leave the page a quarter empty
    (the security brief's page 3; tests/test_pages.py)."""
    output = seed_briefs[(audience, "pdf")]
    page_of = _page_finder(output)

    at = 0
    for section in output.brief.sections:
        for texts in _lists_of(section):
            starts = []
            for text in texts:
                at = page_of(text, at)
                starts.append(at)
            assert starts[0] == starts[1] or section.id == "recommendations", \
                (audience, section.id, "first item alone", texts[0])
            assert starts[-1] == starts[-2], (audience, section.id, "last item alone", texts[-1])


_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
           "|December")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_day_never_ends_a_line_apart_from_its_month(seed_briefs, audience):
    """"1 | November 2024" across a line break reads as a stray number: the lines a
    reader sees (poppler's, one per printed line) never end on a day whose month
    opens the next line."""
    lines = poppler("pdftotext", "-enc", "UTF-8", seed_briefs[(audience, "pdf")].path, "-")
    split = re.findall(rf"(?<![\d,])\b(\d{{1,2}})[ \t]*\n[ \t]*({_MONTHS})\b", lines)
    assert split == [], (audience, split)


def test_the_notes_on_the_source_document_name_it_and_cite_it(seed_briefs):
    """The review: 'Notes on the source document' never named its source, nine entries in a row
    opened 'The source dates / speaks / places...', and notes 78-86 did not cite it. The section
    now names the document once (publisher, short title, date), each entry opens in its own words,
    and each entry's note cites the document first, in the PDF as printed."""
    output = seed_briefs[("analyst", "pdf")]
    fb = output.brief.factbase
    document = next(s for s in fb.sources if s.id == fb.meta.source_document)
    text = pdf_text(output.path)
    section = text[text.index("Where earlier accounts differ", text.rfind("....")):]  # not the contents' entry
    assert f"{document.publisher}’s “{document.short_title}” of 23 November 2023" in section[:200]
    corrections = next(s for s in output.brief.sections if s.id == "corrections").items
    assert len(corrections) == len(fb.corrections) > 3
    openings = [" ".join(section[section.index(c.headline[:40].replace("'", "’")):].split()[:2]) for c in corrections]
    assert len(set(openings)) == len(openings) and not [o for o in openings if o.startswith("The source")], openings
    for item in corrections:
        assert item.note and item.cites[0][0].id == document.id
        assert f"{item.note}. {document.publisher}, “{document.short_title}”" in text, item.id
