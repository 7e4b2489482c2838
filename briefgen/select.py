"""Fact base + audience -> the Brief: exactly what one reader gets, in order.

This is the one place where the release level is enforced: a fact above the
audience's level never enters the Brief, so no template can print it. Templates
receive only the Brief.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable

from .model import Audience, FactBase, Fact, Framework, Source
from .validate import all_facts, marking_rank


@dataclass
class Item:
    """One statement as printed, with the note that sources it."""

    id: str
    headline: str
    detail: str | None
    sources: list[Source]
    marking: str
    lead: bool = False
    label: str | None = None  # a framework's name or a timeline date
    status: str | None = None  # a framework's dates and status, printed after its detail
    facts: list[str] = field(default_factory=list)  # for takeaways/recommendations: what they rest on
    note: int | None = None  # note number, assigned once the order is final
    # which of the printed texts are a fact base value, and under which key:
    # {"headline": "text"} for a takeaway. The Word draft anchors these, so an
    # editor's change to them can be written back (briefgen/absorb.py); derived
    # text (a status line, a date label) is not listed.
    fields: dict[str, str] = field(default_factory=dict)

    def words(self) -> int:
        return sum(len((t or "").split()) for t in (self.label, self.headline, self.detail, self.status))


@dataclass
class Group:
    """A titled sub-list of a section (an area of cooperation)."""

    id: str
    title: str
    items: list[Item]
    milestones: list[Item] = field(default_factory=list)


@dataclass
class Section:
    id: str
    label: str
    detail: str
    intro: str | None
    items: list[Item] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # the "sources" section only

    def all_items(self) -> list[Item]:
        return self.items + [i for g in self.groups for i in g.items + g.milestones]


@dataclass
class Brief:
    name: str  # "{factbase}-{audience}"
    factbase: FactBase
    audience: Audience
    marking: str  # the highest marking of anything the brief contains
    sections: list[Section]
    notes: list[Item]  # items carrying a source note, in note-number order
    dropped: list[str]  # fact ids left out to fit the budget

    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.all_items()]

    @property
    def factbase_name(self) -> str:
        """The fact base's file name without .yaml (the brief is "{factbase}-{audience}")."""
        return self.name.removesuffix(f"-{self.audience.name}")

    def fact_ids(self) -> list[str]:
        return [i.id for i in self.items()]


def format_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def effective_ranks(fb: FactBase) -> dict[str, int]:
    """The rank in the marking scheme of every fact, takeaway and correction.

    A statement is as restricted as the most restricted thing it draws on: its
    own marking, the sources it cites, and the facts it rests on or corrects.
    Otherwise an unmarked takeaway could carry an AMBER fact's substance to
    the press.
    """
    source = {s.id: marking_rank(fb, s.marking) for s in fb.sources}
    ranks = {f.id: max([marking_rank(fb, f.marking)] + [source[s] for s in f.sources])
             for _, f in all_facts(fb)}
    # a recommendation may rest on another recommendation: propagate until stable
    changed = True
    while changed:
        changed = False
        for rec in fb.road_ahead.recommendations:
            top = max([ranks[rec.id]] + [ranks[r] for r in rec.rests_on])
            changed |= top != ranks[rec.id]
            ranks[rec.id] = top
    for tk in fb.takeaways:
        ranks[tk.id] = max([marking_rank(fb, tk.marking)] + [ranks[r] for r in tk.rests_on])
    for cor in fb.corrections:
        ranks[cor.id] = max([marking_rank(fb, cor.marking), ranks[cor.about]] + [source[s] for s in cor.sources])
    return ranks


def redact(fb: FactBase, audience: Audience) -> FactBase:
    """The fact base less everything above the audience's release level.

    This is the one place the release level is enforced. select() builds the
    Brief from this copy and the Brief carries only this copy, so neither the
    budget, nor a profile, nor a template can reach a withheld statement. What
    is kept carries its effective marking (see effective_ranks), which the
    portion marks and the banner print; sources cited by nothing kept go too.
    """
    level = marking_rank(fb, audience.release)
    scheme = fb.meta.marking_scheme
    ranks = effective_ranks(fb)

    def cleared(items: list) -> list:
        return [x.model_copy(update={"marking": scheme[ranks[x.id]]}) for x in items if ranks[x.id] <= level]

    areas = [a.model_copy(update={"facts": cleared(a.facts), "milestones": cleared(a.milestones)})
             for a in fb.areas]
    kept = fb.model_copy(update={
        "takeaways": cleared(fb.takeaways),
        "drivers": cleared(fb.drivers),
        "frameworks": cleared(fb.frameworks),
        "areas": [a for a in areas if a.facts or a.milestones],
        "road_ahead": fb.road_ahead.model_copy(update={
            "challenges": cleared(fb.road_ahead.challenges),
            "recommendations": cleared(fb.road_ahead.recommendations)}),
        "corrections": cleared(fb.corrections),
    })
    cited = {s for _, f in all_facts(kept) for s in f.sources} | {s for c in kept.corrections for s in c.sources}
    return kept.model_copy(update={"sources": [s for s in fb.sources if s.id in cited]})


def select(fb: FactBase, audience: Audience, name: str,
           measure: Callable[[Brief], int] | None = None) -> Brief:
    """The brief ``audience`` gets from ``fb``, fitted to its word budget.

    ``measure`` counts a candidate brief's words; build.py passes one that
    renders the HTML and counts what a reader reads, so the fit is made on the
    real output. Without it the printed statements are counted (an estimate).
    """
    # from here on, fb holds only what this audience is cleared for
    fb = redact(fb, audience)
    sources = {s.id: s for s in fb.sources}
    lead = set(audience.lead_themes)
    cleared = {fact.id: fact for _, fact in all_facts(fb)}

    def item(fact: Fact, label: str | None = None, detail: bool = True) -> Item:
        fields = {"headline": "headline", "detail": "detail"}
        if isinstance(fact, Framework) and label == fact.name:
            fields["label"] = "name"
        return Item(fact.id, fact.headline, fact.detail if detail else None,
                    [sources[s] for s in fact.sources], fact.marking,
                    lead=bool(lead & set(fact.themes)), label=label,
                    facts=list(getattr(fact, "rests_on", [])), fields=fields)

    def keep(fact: Fact) -> bool:
        return bool(lead & set(fact.themes)) or fact.priority <= audience.other_max_priority

    def ordered(facts: list[Fact]) -> list[Fact]:
        # lead themes first, then by priority; document order breaks ties
        return sorted((f for f in facts if keep(f)),
                      key=lambda f: (not (lead & set(f.themes)), f.priority))

    sections: list[Section] = []
    for spec in audience.sections:
        full = spec.detail == "full"
        sec = Section(spec.id, spec.label, spec.detail, spec.intro)
        if spec.id == "takeaways":
            for tk in fb.takeaways:
                backing = [cleared[r] for r in tk.rests_on]
                src_ids = list(dict.fromkeys(s for f in backing for s in f.sources))
                sec.items.append(Item(tk.id, tk.text, None, [sources[s] for s in src_ids],
                                      tk.marking, lead=bool(lead & set(tk.themes)),
                                      facts=list(tk.rests_on), fields={"headline": "text"}))
            sec.items.sort(key=lambda i: not i.lead)
        elif spec.id in ("drivers", "challenges"):
            facts = fb.drivers if spec.id == "drivers" else fb.road_ahead.challenges
            sec.items = [item(f, detail=full and _room(f, lead)) for f in ordered(facts)]
        elif spec.id == "recommendations":
            sec.items = [item(r, detail=full and _room(r, lead)) for r in ordered(fb.road_ahead.recommendations)]
        elif spec.id == "frameworks":
            for fw in ordered(fb.frameworks):
                sec.items.append(item(fw, label=fw.name, detail=full and _room(fw, lead)))
                sec.items[-1].status = framework_status(fw) if full else None
        elif spec.id == "areas":
            # a milestone is printed once: in the brief's timeline if it has one, else under its area
            has_timeline = any(s.id == "timeline" for s in audience.sections)
            for area in sorted(fb.areas, key=lambda a: not (lead & set(a.themes))):
                facts = [item(f, detail=full and _room(f, lead)) for f in ordered(area.facts)]
                # milestones read as a chronology, whatever their priority
                stones = [] if has_timeline else [
                    item(m, label=format_date(m.date), detail=False)
                    for m in sorted(ordered(area.milestones), key=lambda m: m.date)]
                if facts or stones:
                    sec.groups.append(Group(area.id, area.name, facts, stones))
        elif spec.id == "timeline":
            sec.items = [item(fact, label=format_date(when), detail=False)
                         for when, fact in timeline_events(fb)]
        elif spec.id == "corrections":
            for cor in fb.corrections:
                sec.items.append(Item(cor.id, cor.finding, f"The source document says: {cor.document_says}",
                                      [sources[s] for s in cor.sources], cor.marking, facts=[cor.about],
                                      fields={"headline": "finding"}))
        sections.append(sec)

    return _fit_budget(name, fb, audience, sections, measure or _estimated_words)


def _finish(name: str, fb: FactBase, audience: Audience, sections: list[Section],
            dropped: list[str]) -> Brief:
    """Number the notes, list the sources used and compute the overall marking."""
    sources = {s.id: s for s in fb.sources}
    used = [s for s in dict.fromkeys(src.id for sec in sections for i in sec.all_items() for src in i.sources)]
    for sec in sections:
        if sec.id == "sources":
            sec.sources = [sources[s] for s in used]
    notes: list[Item] = []
    if audience.source_notes != "none":
        # a statement with no source (a takeaway resting on nothing) gets no empty note
        for it in (i for s in sections for i in s.all_items() if i.sources):
            notes.append(it)
            it.note = len(notes)
    marks = [marking_rank(fb, i.marking) for i in (x for s in sections for x in s.all_items())]
    marks += [marking_rank(fb, sources[s].marking) for s in used]
    overall = fb.meta.marking_scheme[max(marks, default=marking_rank(fb, None))]
    return Brief(name, fb, audience, overall, sections, notes, dropped)


def framework_status(fw: Framework) -> str:
    parts = []
    if fw.signed:
        parts.append(f"Signed {format_date(fw.signed)}")
    if fw.in_force:
        parts.append(f"in force {format_date(fw.in_force)}")
    # status and scope are sentences in the fact base; their own full stops
    # would double up inside the joined line
    parts.append(f"status: {fw.status.strip().rstrip('.')}")
    parts.append(f"scope: {fw.scope.strip().rstrip('.')}")
    line = "; ".join(parts)
    return line[0].upper() + line[1:] + "."  # it is a sentence of its own


def timeline_events(fb: FactBase) -> list[tuple[dt.date, Fact]]:
    """Frameworks by signature date and milestones by date, oldest first.

    A framework that a milestone signed or launched is that milestone's event:
    it is listed once, as the milestone.
    """
    milestones = [m for area in fb.areas for m in area.milestones]
    shown_by_milestone = {fw for m in milestones for fw in m.frameworks}
    events: list[tuple[dt.date, Fact]] = []
    for fw in fb.frameworks:
        when = fw.signed or fw.in_force
        if when and fw.id not in shown_by_milestone:
            events.append((when, fw))
    events += [(m.date, m) for m in milestones]
    return sorted(events, key=lambda e: e[0])


def _room(fact: Fact, lead: set[str]) -> bool:
    """Lead-theme facts get their detail; the rest are shortened to the headline."""
    return not lead or bool(lead & set(fact.themes))


# Never dropped to fit a budget: what the brief concludes and advises, and what
# the fact base marks as must-keep (priority 1).
_UNDROPPABLE_SECTIONS = ("takeaways", "recommendations", "corrections")


def drop_order(sections: list[Section], fb: FactBase) -> list[str]:
    """Fact ids in the order they go when a brief overruns: highest priority
    number first, then facts outside the lead themes, then the one printed
    last. A fact printed twice (an area and the timeline) goes as one."""
    priority = {fact.id: fact.priority for _, fact in all_facts(fb)}
    keep = {i.id for s in sections if s.id in _UNDROPPABLE_SECTIONS for i in s.all_items()}
    position: dict[str, tuple[int, bool]] = {}
    printed = [i for s in sections for i in s.all_items()]
    for n, it in enumerate(printed):
        if it.id in priority and it.id not in keep and priority[it.id] > 1:
            lead = position.get(it.id, (0, False))[1] or it.lead
            position[it.id] = (n, lead)
    return sorted(position, key=lambda f: (-priority[f], position[f][1], -position[f][0]))


def _fit_budget(name: str, fb: FactBase, audience: Audience, sections: list[Section],
                measure: Callable[[Brief], int]) -> Brief:
    """Drop the fewest facts, in drop order, that bring the measured words within budget.

    Dropping a fact never adds words, so the count falls as more go and a binary
    search over how many to drop needs a handful of measurements, not one per fact.
    If even dropping every candidate is not enough, that brief is returned and
    the overrun is reported after rendering (build.py).
    """
    order = drop_order(sections, fb)
    budget = audience.budget.words

    def attempt(k: int) -> Brief:
        return _finish(name, fb, audience, _without(sections, set(order[:k])), order[:k])

    brief = attempt(0)
    if measure(brief) <= budget or not order:
        return brief
    low, high = 1, len(order)  # the answer lies in [low, high]; high may still overrun
    while low < high:
        mid = (low + high) // 2
        if measure(attempt(mid)) <= budget:
            high = mid
        else:
            low = mid + 1
    return attempt(high)


def _estimated_words(brief: Brief) -> int:
    return sum(i.words() for i in brief.items())


def _without(sections: list[Section], drop: set[str]) -> list[Section]:
    """Copies of the sections less the dropped facts (and any area left empty).
    Items are copied too: _finish numbers the notes on them."""
    def kept(items: list[Item]) -> list[Item]:
        return [replace(i) for i in items if i.id not in drop]

    out = []
    for sec in sections:
        groups = [Group(g.id, g.title, kept(g.items), kept(g.milestones)) for g in sec.groups]
        out.append(replace(sec, items=kept(sec.items), sources=[],
                           groups=[g for g in groups if g.items or g.milestones]))
    return out
