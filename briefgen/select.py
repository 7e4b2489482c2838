"""Fact base + audience -> the Brief (brief.py): exactly what one reader gets, in order.

Selection starts from the fact base redacted to the audience's release level
(markings.redact), so a statement above it never enters the Brief and no
template can print it. fit.py shortens the Brief to its budget.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from .brief import Brief, Group, Item, Section
from .fields import MESSAGE_SECTIONS, localised
from .fit import fit_budget
from .markings import marking_rank, redact
from .messages import lapsed
from .model import IN_FORCE_AS, SIGNED_AS, Fact, FactBase, Framework, Source, all_facts
from .profile import Audience
from .sourcenotes import number_notes
from .tailor import kept, tailored, written_for
from .timeline import timeline_events, timeline_key, told_dates


def select(fb: FactBase, audience: Audience, name: str, measure: Callable[[Brief], int]) -> Brief:
    """The brief ``audience`` gets from ``fb``, fitted to its word budget.

    ``measure`` counts a candidate brief's words: pipeline.make_brief passes the one
    that renders the HTML and counts what a reader reads, so the fit is made on the
    real output, and there is no other count to disagree with it.
    """
    audience, fb, sections = _chosen(fb, audience)

    def assemble(kept: list[Section], dropped: list[str]) -> Brief:
        return _finish(name, fb, audience, kept, dropped)

    return fit_budget(sections, fb, audience.budget.words, measure, assemble)


def unfitted(fb: FactBase, audience: Audience, name: str) -> Brief:
    """The brief ``audience`` gets from ``fb`` before fitting it to its budget (which drops
    facts only for length): what the profile keeps. validate's checks judge by it."""
    audience, fb, sections = _chosen(fb, audience)
    return _finish(name, fb, audience, sections, [])


def _chosen(fb: FactBase, audience: Audience) -> tuple[Audience, FactBase, list[Section]]:
    """The profile as tailored to the fact base, the fact base redacted to its release level, and the
    sections of its brief with everything it keeps, in order, before fitting."""
    audience = tailored(audience, fb)
    # from here on, fb holds only what this audience is cleared for
    fb = redact(fb, audience)
    sources = {s.id: s for s in fb.sources}
    lead = set(audience.lead_themes)
    cleared = {fact.id: fact for _, fact in all_facts(fb)}
    language = fb.meta.language
    reader = audience.reader

    def text(value) -> str | None:
        return localised(value, language)

    def for_reader(x) -> bool:
        return written_for(x, reader)

    def item(fact: Fact, label: str | None = None, detail: bool = True, date: dt.date | None = None) -> Item:
        fields = {"headline": "headline", "detail": "detail", "so_what": "so_what"}
        if isinstance(fact, Framework) and label == fact.name:
            fields["label"] = "name"
        return Item(fact.id, fact.headline, fact.detail if detail else None,
                    [sources[s] for s in fact.sources], fact.marking,
                    lead=bool(lead & set(fact.themes)), label=label, date=date,
                    facts=list(getattr(fact, "rests_on", [])), fields=fields,
                    so_what=text(fact.so_what.get(reader)) if reader else None)

    def signing(fw: Framework) -> str:
        """What a framework's signed date marks, in the brief's language: its own word, or its kind's."""
        return text(fw.signed_as) or SIGNED_AS[fw.kind]

    def backing(rests_on: list[str]) -> list[Source]:
        """The sources a derived statement (a takeaway, a message) cites: those of the facts it rests on."""
        def lead(fact: Fact) -> str:
            primary = [s for s in fact.sources if sources[s].kind == "primary"]
            return (primary or fact.sources)[0]

        # each fact's first primary source: the note names what proves each point, and a
        # judgement on three facts cites three sources, not every source of all three
        return [sources[s] for s in dict.fromkeys(lead(cleared[r]) for r in rests_on)]

    def ordered(facts: list[Fact]) -> list[Fact]:
        # what the brief keeps (tailor.kept: the same test validate's warnings make), lead themes
        # first, then by priority; document order breaks ties
        return sorted((f for f in facts if kept(audience, f)), key=lambda f: (not (lead & set(f.themes)), f.priority))

    # what the brief's takeaways (its bottom line) rest on: by its headline alone such a fact says their point again
    summed_up = {r for tk in filter(for_reader, fb.takeaways) for r in tk.rests_on
                 } if any(s.id == "takeaways" for s in audience.sections) else set()

    sections: list[Section] = []
    for spec in audience.sections:
        full = spec.detail == "full"
        sec = Section(spec.id, spec.label, spec.detail, spec.intro)
        if spec.id == "takeaways":
            for tk in filter(for_reader, fb.takeaways):
                sec.items.append(Item(tk.id, text(tk.text), None, backing(tk.rests_on),
                                      tk.marking, lead=bool(lead & set(tk.themes)),
                                      facts=list(tk.rests_on), fields={"headline": "text"}))
            sec.items.sort(key=lambda i: not i.lead)
        elif spec.id in MESSAGE_SECTIONS:
            kind = MESSAGE_SECTIONS[spec.id]
            chosen = [m for m in fb.messages if m.kind == kind and for_reader(m) and not lapsed(m, fb.meta.date)]
            if kind == "watch":  # in date order; undated ones last
                chosen.sort(key=lambda m: (m.date is None, m.date or dt.date.min))
            for msg in chosen:
                # a line quoted from a document cites that document, not its facts' sources
                cites = [sources[s] for s in msg.sources] or backing(msg.rests_on)
                sec.items.append(Item(
                    msg.id, text(msg.text), None, cites, msg.marking,
                    lead=bool(lead & set(msg.themes)), facts=list(msg.rests_on),
                    label=text(getattr(msg, "when", None)),
                    likelihood=getattr(msg, "likelihood", None), confidence=getattr(msg, "confidence", None),
                    attribution=text(getattr(msg, "attribution", None)), fields={"headline": "text"}))
        elif spec.id in ("drivers", "challenges"):
            facts = fb.drivers if spec.id == "drivers" else fb.road_ahead.challenges
            told = set() if full else summed_up
            sec.items = [item(f, detail=full and _room(f, lead)) for f in ordered(facts) if f.id not in told]
        elif spec.id == "recommendations":
            recs = [r for r in fb.road_ahead.recommendations if for_reader(r)]
            sec.items = [item(r, detail=full and _room(r, lead)) for r in ordered(recs)]
        elif spec.id == "frameworks":
            for fw in ordered(fb.frameworks):
                # a headline that opens on the name ("The Framework Agreement is ...") names it already
                label = None if _opens_on(fw.headline, fw.name) else fw.name
                sec.items.append(item(fw, label=label, detail=full and _room(fw, lead)))
                sec.items[-1].framework = fw.model_copy(update={"signed_as": signing(fw)}) if full else None
        elif spec.id == "areas":
            # a milestone is printed once: in the brief's timeline if it has one, else under its
            # area, unless it is the signing of frameworks the brief lists (the framework is the
            # event); their entry into force is an event of its own
            has_timeline = any(s.id == "timeline" for s in audience.sections)
            listed = ({fw.id: fw.signed for fw in ordered(fb.frameworks)}
                      if any(s.id == "frameworks" for s in audience.sections) else {})
            for area in sorted(fb.areas, key=lambda a: not (lead & set(a.themes))):
                facts = [item(f, detail=full and _room(f, lead)) for f in ordered(area.facts)]
                # milestones read as a chronology, whatever their priority, a date and a headline
                # each: no so-what line (validate warns of one written for a brief that lists them here)
                stones = [] if has_timeline else [
                    replace(item(m, detail=False, date=m.date), told_by=list(m.told_by), so_what=None)
                    for m in sorted(ordered(area.milestones), key=lambda m: m.date)
                    if not (m.frameworks and all(listed.get(f, 0) == m.date for f in m.frameworks))]
                if facts or stones:
                    sec.groups.append(Group(area.id, area.name, facts, stones))
        elif spec.id == "timeline":
            # a framework no milestone signed is listed by what happened that day: "… Council launched"
            sec.items = [item(fact, detail=False, date=when) if not isinstance(fact, Framework) else
                         replace(item(fact, label=fact.name, detail=False, date=when),
                                 event=signing(fact) if fact.signed else IN_FORCE_AS)
                         for when, fact in timeline_events(fb)]
        elif spec.id == "corrections":
            # what the source document says (its notes cite it first), then what was found
            sec.document = sources.get(fb.meta.source_document or "")
            cited = [sec.document.id] if sec.document else []
            for cor in fb.corrections:
                sec.items.append(Item(cor.id, text(cor.document_says), text(cor.finding),
                                      [sources[s] for s in dict.fromkeys(cited + cor.sources)], cor.marking,
                                      facts=[cor.about],
                                      fields={"headline": "document_says", "detail": "finding"}))
        if not (sec.items or sec.groups) and spec.id != "sources":
            continue  # a topic with nothing for this section (no messages, say) prints no empty heading
        sections.append(sec)

    return audience, fb, sections


def _finish(name: str, fb: FactBase, audience: Audience, sections: list[Section], dropped: list[str]) -> Brief:
    """Number the notes, letter the timeline, list the sources used and compute the overall marking."""
    sources = {s.id: s for s in fb.sources}
    for sec in sections:
        for group in sec.groups:
            # an event is told once in a section: a milestone goes when a fact printed beside it
            # tells it (with its substance and its sources); it stays if fitting dropped that fact
            told = {i.id for i in group.items}
            group.milestones = [m for m in group.milestones if not told & set(m.told_by)]
    used = [s for s in dict.fromkeys(src.id for sec in sections for i in sec.all_items() for src in i.sources)]
    for sec in sections:
        if sec.id == "sources":
            # a bibliography (Chicago): alphabetical by publisher and unnumbered, so the only numbers a
            # reader follows are the notes', and a note's short form (publisher, title) finds its entry
            sec.sources = sorted((sources[s] for s in used), key=lambda s: (s.publisher.casefold(), s.title.casefold()))
        for n, it in enumerate(sec.items if sec.id == "timeline" else [], 1):
            it.key = timeline_key(n)
    # each event told once: a framework's date the timeline gives is given there, by its letter
    entries = next((s.items for s in sections if s.id == "timeline"), [])
    for it in (i for s in sections for i in s.items if i.framework and entries):
        it.told = told_dates(it.framework, entries, fb)
    # Chicago style: one note for a run of statements on the same sources, a source's
    # first note in full and later ones short, a repeat "Ibid." (sourcenotes.py)
    notes = number_notes(sections) if audience.source_notes != "none" else []
    items = [x for s in sections for x in s.all_items()]
    marks = [marking_rank(fb, i.marking) for i in items]
    base = min(marks, default=marking_rank(fb, None))
    for it, rank in zip(items, marks, strict=False):
        it.portion = audience.portion_marks == "every" or (audience.portion_marks == "above-base" and rank > base)
    marks += [marking_rank(fb, sources[s].marking) for s in used]
    overall = fb.meta.marking_scheme[max(marks, default=marking_rank(fb, None))]
    return Brief(name, fb, audience, overall, sections, notes, dropped)


def _opens_on(text: str, name: str) -> bool:
    """Whether ``text`` begins with ``name`` (after "The"), whatever the case."""
    return text.casefold().removeprefix("the ").startswith(name.casefold())


def _room(fact: Fact, lead: set[str]) -> bool:
    """Lead-theme facts get their detail; the rest are shortened to the headline."""
    return not lead or bool(lead & set(fact.themes))
