"""Fact base + audience -> the Brief (brief.py): what one reader gets, in order, and why the rest is left out.

The one owner of what a brief keeps. Selection starts from the fact base redacted to the
audience's release level (markings.redact), so a statement above it never enters the Brief and
no template can print it. A profile keeps the facts of its lead themes and others up to its
other_max_priority (kept); a takeaway, message or recommendation written for other readers is
for none of them (written_for); an event is told once. fit.py shortens the Brief to its budget,
in the order drop_order gives. Every statement a brief leaves out is recorded with its reason
(Brief.left_out), which validate's warnings word (readers.py) rather than work out again.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace

from .brief import Brief, Group, Item, LeftOut, Section, Why, assemble
from .fields import MESSAGE_SECTIONS
from .fit import fit_budget
from .labels import labelled, word
from .markings import redact
from .messages import lapsed
from .model import Fact, FactBase, Framework, Recommendation, Source, all_facts
from .profile import Audience
from .texts import in_language
from .timeline import timeline_events
from .toldonce import told_once

# Never dropped to fit a budget: what the brief concludes, and what the fact base
# marks as must-keep (priority 1).
UNDROPPABLE_SECTIONS = ("takeaways", "corrections")
# What the brief advises goes last: a recommendation is dropped only once no fact is
# left to drop, the least important (highest priority number) first.
LAST_TO_GO = "recommendations"


def written_for(item, reader: str | None) -> bool:
    """Whether a statement is for this kind of reader: written for every reader (no ``audiences``:
    only takeaways, messages and recommendations name readers), or naming it."""
    return not getattr(item, "audiences", None) or reader in item.audiences


def kept(audience: Audience, fact) -> bool:
    """Whether a brief for ``audience`` (as it applies to the fact base) keeps a fact at all: one of
    its lead themes, or within its other_max_priority. A recommendation is kept by any profile that
    reaches outside its lead themes at all: priority ranks advice among advice (drop_order drops it
    last), not against facts."""
    if bool(set(audience.lead_themes) & set(fact.themes)):
        return True
    if isinstance(fact, Recommendation):
        return audience.other_max_priority > 0
    return fact.priority <= audience.other_max_priority


def for_factbase(audience: Audience, fb: FactBase) -> Audience:
    """The profile as it applies to ``fb``: its sections labelled for the topic (labels.py), and
    the lead themes the fact base gives it (meta ``profiles``), if any."""
    audience = labelled(audience, fb)
    own = fb.profiles.get(audience.name)
    return audience.model_copy(update={"lead_themes": list(own.lead_themes)}) if own and own.lead_themes is not None \
        else audience


def select(fb: FactBase, audience: Audience, name: str, measure: Callable[[Brief], int]) -> Brief:
    """The brief ``audience`` gets from ``fb``, fitted to its word budget.

    ``measure`` counts a candidate brief's words: pipeline.make_brief passes the one
    that renders the HTML and counts what a reader reads, so the fit is made on the
    real output, and there is no other count to disagree with it.
    """
    audience, fb, sections, left = _chosen(fb, audience)
    # the brief every template gets holds nothing above its release level, not even the ids of what it
    # withholds (an id is a person's words, 'rec-minister-readout'); unfitted() keeps them for validate
    left = {x: out for x, out in left.items() if out.why != Why.ABOVE_RELEASE}

    def assemble(kept: list[Section], dropped: list[str]) -> Brief:
        return _finish(name, fb, audience, kept, left, dropped)

    return fit_budget(sections, drop_order(sections, fb), audience.budget.words, measure, assemble)


def unfitted(fb: FactBase, audience: Audience, name: str) -> Brief:
    """The brief ``audience`` gets from ``fb`` before fitting it to its budget (which drops
    facts only for length): what the profile keeps. validate's checks judge by it."""
    audience, fb, sections, left = _chosen(fb, audience)
    return _finish(name, fb, audience, sections, left, [])


def _chosen(whole: FactBase, audience: Audience) -> tuple[Audience, FactBase, list[Section], dict[str, LeftOut]]:
    """The profile as it applies to the fact base, the fact base redacted to its release level, the
    sections of its brief with everything it keeps, in order, before fitting, and why it leaves out
    each statement it does not print."""
    # every text given per language, as the brief's language prints it (the one place: texts.py), so
    # nothing below or in a template meets a {language: text} mapping
    whole = in_language(whole, whole.meta.language)
    audience = for_factbase(audience, whole)
    # from here on, fb holds only what this audience is cleared for
    fb = redact(whole, audience)
    left: dict[str, LeftOut] = {}  # the first rule that left each statement out
    sources = {s.id: s for s in fb.sources}
    lead = set(audience.lead_themes)
    cleared = {fact.id: fact for _, fact in all_facts(fb)}
    reader = audience.reader

    def out(x, why: str, by: list[str] | tuple = ()) -> bool:
        """Record why ``x`` is left out (False: the test that calls it fails)."""
        left.setdefault(x.id, LeftOut(why, tuple(by)))
        return False

    def for_reader(x) -> bool:
        return written_for(x, reader) or out(x, Why.NOT_FOR_READER)

    def item(fact: Fact, label: str | None = None, detail: bool = True, date: dt.date | None = None) -> Item:
        fields = {"headline": "headline", "detail": "detail", "so_what": "so_what"}
        if isinstance(fact, Framework) and label == fact.name:
            fields["label"] = "name"
        return Item(fact.id, fact.headline, fact.detail if detail else None,
                    [sources[s] for s in fact.sources], fact.marking,
                    lead=bool(lead & set(fact.themes)), label=label, date=date,
                    facts=list(getattr(fact, "rests_on", [])), fields=fields,
                    so_what=fact.so_what.get(reader) if reader else None,
                    assessment=fact.assessment is not None,
                    likelihood=fact.assessment.likelihood if fact.assessment else None,
                    confidence=fact.assessment.confidence if fact.assessment else None)

    def signing(fw: Framework) -> str:
        """What a framework's signed date marks, in the brief's language: its own word, or its kind's."""
        return fw.signed_as or word(f"signed as {fw.kind}", whole.meta.language)

    def backing(rests_on: list[str]) -> list[Source]:
        """The sources a derived statement (a takeaway, a message) cites: those of the facts it rests on."""
        def lead(fact: Fact) -> str:
            primary = [s for s in fact.sources if sources[s].kind == "primary"] or fact.sources
            dated = [s for s in primary if sources[s].date]
            # max keeps the first of equal dates: the first listed
            return max(dated, key=lambda s: sources[s].date) if dated else primary[0]

        # each fact's most recent dated primary source (ties: the first listed; none dated: the first
        # primary; no primary at all: the same choice among all its sources): the note names what
        # proves each point, and a judgement on three facts cites three sources, not every source of
        # all three. The most recent, not the first listed: a fact's list often opens on the document
        # that began the story (the 2014 summit that launched the Cyber Dialogue), while a judgement
        # about where it stands, or a forecast, rests on the latest evidence (its sixth round,
        # November 2024), which the note should name
        return [sources[s] for s in dict.fromkeys(lead(cleared[r]) for r in rests_on)]

    def ordered(facts: list[Fact]) -> list[Fact]:
        # what the brief keeps, lead themes first, then by priority; document order breaks ties
        return sorted((f for f in facts if kept(audience, f) or out(f, Why.OUTSIDE_LEADS)),
                      key=lambda f: (not (lead & set(f.themes)), f.priority))

    # what the brief's takeaways (its bottom line) rest on: by its headline alone such a fact says their point again
    summed_up = {r for tk in filter(for_reader, fb.takeaways) for r in tk.rests_on
                 } if any(s.id == "takeaways" for s in audience.sections) else set()

    sections: list[Section] = []
    for spec in audience.sections:
        full = spec.detail == "full"
        sec = Section(spec.id, spec.label, spec.detail, spec.intro)
        if spec.id == "takeaways":
            for tk in filter(for_reader, fb.takeaways):
                cites = [sources[s] for s in tk.sources] or backing(tk.rests_on)  # its own, else its facts'
                sec.items.append(Item(tk.id, tk.text, None, cites,
                                      tk.marking, lead=bool(lead & set(tk.themes)),
                                      facts=list(tk.rests_on), fields={"headline": "text"}))
            sec.items.sort(key=lambda i: not i.lead)
        elif spec.id in MESSAGE_SECTIONS:
            kind = MESSAGE_SECTIONS[spec.id]
            chosen = [m for m in fb.messages if m.kind == kind and for_reader(m)
                      and (not lapsed(m, fb.meta.date) or out(m, Why.LAPSED))]
            if kind == "watch":  # in date order; undated ones last
                chosen.sort(key=lambda m: (m.date is None, m.date or dt.date.min))
            for msg in chosen:
                # a line quoted from a document cites that document, not its facts' sources
                cites = [sources[s] for s in msg.sources] or backing(msg.rests_on)
                sec.items.append(Item(
                    msg.id, msg.text, None, cites, msg.marking,
                    lead=bool(lead & set(msg.themes)), facts=list(msg.rests_on),
                    label=getattr(msg, "when", None),
                    likelihood=getattr(msg, "likelihood", None), confidence=getattr(msg, "confidence", None),
                    attribution=getattr(msg, "attribution", None), fields={"headline": "text"}))
        elif spec.id in ("drivers", "challenges"):
            facts = fb.drivers if spec.id == "drivers" else fb.road_ahead.challenges
            told = set() if full else summed_up
            sec.items = [item(f, detail=full and _room(f, lead)) for f in ordered(facts)
                         if f.id not in told or out(f, Why.SUMMED_UP, [spec.id])]
        elif spec.id == "recommendations":
            recs = [r for r in fb.road_ahead.recommendations if for_reader(r)]
            sec.items = [item(r, detail=full and _room(r, lead)) for r in ordered(recs)]
        elif spec.id == "frameworks":
            for fw in ordered(fb.frameworks):
                # a headline that opens on the name ("The Framework Agreement is ...") names it already
                label = None if _opens_on(fw.headline, fw.name) else fw.name
                sec.items.append(item(fw, label=label, detail=full and _room(fw, lead)))
                sec.items[-1].framework = fw.model_copy(update={"signed_as": signing(fw)}) if full else None
                sec.items[-1].language = whole.meta.language
        elif spec.id == "areas":
            # a milestone is printed once: in the brief's timeline if it has one, else under its
            # area, unless it is the signing of frameworks the brief lists (the framework is the
            # event); their entry into force is an event of its own
            has_timeline = any(s.id == "timeline" for s in audience.sections)
            listed = ({fw.id: fw.signed for fw in ordered(fb.frameworks)}
                      if any(s.id == "frameworks" for s in audience.sections) else {})
            for area in sorted(fb.areas, key=lambda a: not (lead & set(a.themes))):
                facts = [item(f, detail=full and _room(f, lead)) for f in ordered(area.facts)]
                # milestones read as a chronology, whatever their priority: a date and a headline each,
                # and the so-what line the fact base wrote for this brief's reader, as a timeline prints it
                stones = [] if has_timeline else [
                    replace(item(m, detail=False, date=m.date), told_by=list(m.told_by))
                    for m in sorted(ordered(area.milestones), key=lambda m: m.date)
                    if not (m.frameworks and all(listed.get(f, 0) == m.date for f in m.frameworks))
                    or out(m, Why.TOLD_ELSEWHERE, m.frameworks)]
                if facts or stones:
                    # its heading for this reader where the fact base gives one: the part of it the brief keeps
                    sec.groups.append(Group(area.id, area.names.get(reader) or area.name, facts, stones))
        elif spec.id == "timeline":
            # a framework no milestone signed is listed by what happened that day: "… Council launched"
            sec.items = [replace(item(fact, detail=False, date=when), told_by=list(fact.told_by))
                         if not isinstance(fact, Framework) else
                         replace(item(fact, label=fact.name, detail=False, date=when),
                                 event=signing(fact) if fact.signed else word("in force as", whole.meta.language))
                         for when, fact in timeline_events(fb)]
        elif spec.id == "corrections":
            # what the source document says (its notes cite it first), then what was found
            sec.document = sources.get(fb.meta.source_document or "")
            cited = [sec.document.id] if sec.document else []
            for cor in fb.corrections:
                sec.items.append(Item(cor.id, cor.document_says, cor.finding,
                                      [sources[s] for s in dict.fromkeys(cited + cor.sources)], cor.marking,
                                      facts=[cor.about],
                                      fields={"headline": "document_says", "detail": "finding"}))
        if not (sec.items or sec.groups) and spec.id != "sources":
            continue  # a topic with nothing for this section (no messages, say) prints no empty heading
        sections.append(sec)

    printed = {i.id for s in sections for i in s.all_items()}
    cleared_ids = {x.id for x, _ in statements(fb)}

    def why(x, shown_in: tuple[str, ...]) -> LeftOut:
        # a statement's own rules (release level, readers) before the profile's (sections, themes)
        if x.id not in cleared_ids:
            return LeftOut(Why.ABOVE_RELEASE)
        if not written_for(x, reader):
            return LeftOut(Why.NOT_FOR_READER)
        return left.get(x.id) or LeftOut(Why.NO_SECTION, shown_in)

    return audience, fb, sections, {x.id: why(x, shown_in) for x, shown_in in statements(whole) if x.id not in printed}


def statements(fb: FactBase) -> Iterator[tuple[object, tuple[str, ...]]]:
    """Every statement a brief may print, in document order, with the sections that print its kind."""
    shown_in = {"drivers": ("drivers",), "frameworks": ("frameworks", "timeline"), "facts": ("areas",),
                "milestones": ("areas", "timeline"), "challenges": ("challenges",),
                "recommendations": ("recommendations",)}
    yield from ((tk, ("takeaways",)) for tk in fb.takeaways)
    yield from ((m, tuple(s for s, kind in MESSAGE_SECTIONS.items() if kind == m.kind)) for m in fb.messages)
    yield from ((fact, shown_in[path[-2]]) for path, fact in all_facts(fb))
    yield from ((cor, ("corrections",)) for cor in fb.corrections)


def drop_order(sections: list[Section], fb: FactBase) -> list[str]:
    """Fact ids in the order they go when a brief overruns (fit.py): recommendations after
    every fact; within each, highest priority number first, then facts outside the
    lead themes, then the one printed last. A fact printed twice (an area and the
    timeline) goes as one."""
    priority = {fact.id: fact.priority for _, fact in all_facts(fb)}
    keep = {i.id for s in sections if s.id in UNDROPPABLE_SECTIONS for i in s.all_items()}
    advice = {i.id for s in sections if s.id == LAST_TO_GO for i in s.all_items()}
    position: dict[str, tuple[int, bool]] = {}
    printed = [i for s in sections for i in s.all_items()]
    for n, it in enumerate(printed):
        if it.id in priority and it.id not in keep and priority[it.id] > 1:
            lead = position.get(it.id, (0, False))[1] or it.lead
            position[it.id] = (n, lead)
    return sorted(position, key=lambda f: (f in advice, -priority[f], position[f][1], -position[f][0]))


def _finish(name: str, fb: FactBase, audience: Audience, sections: list[Section], left: dict[str, LeftOut],
            dropped: list[str]) -> Brief:
    """The Brief of ``sections`` (what fitting left of them), each event told once, and everything it
    leaves out recorded: before fitting (``left``), dropped to fit, or told beside another fact."""
    left = {**left, **{d: LeftOut(Why.DROPPED_TO_FIT) for d in dropped}}
    told_once(sections, left)
    return assemble(name, fb, audience, sections, left)


def _opens_on(text: str, name: str) -> bool:
    """Whether ``text`` begins with ``name`` (after "The"), whatever the case."""
    return text.casefold().removeprefix("the ").startswith(name.casefold())


def _room(fact: Fact, lead: set[str]) -> bool:
    """Lead-theme facts get their detail; the rest are shortened to the headline."""
    return not lead or bool(lead & set(fact.themes))
