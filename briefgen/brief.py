"""The Brief: exactly what one reader gets, in print order, and what it leaves out, as select.py chose it.

Templates receive only the Brief, and word what it holds (dates, a framework's status line);
fit.py shortens it to its budget by copying its sections less the facts it drops. assemble
makes one of the sections chosen: notes numbered, timeline lettered, sources listed, marking.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .markings import handling_line, marking_rank
from .model import FactBase, Framework, Source
from .profile import Audience
from .render.abbreviations import FirstUse, pairs
from .sourcenotes import number_notes
from .status import status_parts
from .timeline import timeline_key, told_dates


class Why(StrEnum):
    """Why a brief leaves a statement of its fact base out, in the order select.py applies the rules."""

    ABOVE_RELEASE = "above-release"  # marked (or drawing on what is marked) above the audience's release level
    NOT_FOR_READER = "not-for-reader"  # its audiences name other readers
    NO_SECTION = "no-section"  # the profile has none of the sections that print it (LeftOut.by)
    LAPSED = "lapsed"  # a date to watch that has passed
    OUTSIDE_LEADS = "outside-leads"  # none of the lead themes, and beyond the profile's other_max_priority
    SUMMED_UP = "summed-up"  # a headline whose point the brief's takeaways make
    TOLD_ELSEWHERE = "told-elsewhere"  # a milestone whose event the brief tells where it prints LeftOut.by
    DROPPED_TO_FIT = "dropped-to-fit"  # dropped to fit the word budget (fit.py)


@dataclass(frozen=True)
class LeftOut:
    """Why a brief leaves a statement out: the rule, and what it names."""

    why: Why
    # NO_SECTION: the sections that would print it; SUMMED_UP: the section it is not printed in;
    # TOLD_ELSEWHERE: the statements that tell its event
    by: tuple[str, ...] = ()


@dataclass
class Item:
    """One statement as printed, with the note that sources it."""

    id: str
    headline: str
    detail: str | None
    sources: list[Source]
    marking: str
    lead: bool = False
    label: str | None = None  # a framework's name, or a date to watch as the fact base words it
    date: dt.date | None = None  # a milestone's or timeline event's date (the template words it)
    framework: Framework | None = None  # printed in full: its dates, status and scope follow it (templates word them)
    event: str | None = None  # a framework's timeline entry: what its date marks ("launched"), after its name
    key: str | None = None  # a timeline entry's letter, as its figure marks it (timeline_key)
    # a framework's dates that its brief's timeline tells, by the entry's letter: {"signed": "C"}
    # (timeline.told_dates, _finish). briefgen's status line prints the dates themselves; this is
    # kept for a project's copy of macros.html.j2 from before stop 26, which pointed to the entries
    told: dict[str, str] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)  # for takeaways/recommendations: what they rest on
    told_by: list[str] = field(default_factory=list)  # a milestone's: the facts that tell its event (_finish)
    note: int | None = None  # note number, assigned once the order is final
    # which of the printed texts are a fact base value, and under which key:
    # {"headline": "text"} for a takeaway. The Word draft anchors these, so an
    # editor's change to them can be written back (briefgen/absorb/); derived
    # text (a status line, a date) is not listed.
    fields: dict[str, str] = field(default_factory=dict)
    so_what: str | None = None  # what the fact means for this brief's reader
    # a message's own fields: a judgement's likelihood and confidence, a line's
    # attribution, a date to watch (its printed "when" goes in label); a fact's likelihood
    # and confidence where the fact base marks it the analysts' assessment (model.Assessment)
    likelihood: str | None = None
    confidence: str | None = None
    assessment: bool = False  # a fact that is an assessment: labelled so, its confidence after it
    attribution: str | None = None
    portion: bool = False  # print its portion mark (the profile's choice, see _finish)
    # the note as cited: (source, first citation in this brief?), and whether it is set run in
    # with its neighbours at the page's foot (sourcenotes.py)
    cites: list[tuple[Source, bool]] = field(default_factory=list)
    run_in: bool = False
    # a statement of a passage on the same sources whose note is called at the passage's end: that
    # note's number (sourcenotes.py); None where the statement carries its own call, or no note
    shares_note: int | None = None
    language: str | None = None  # a framework's: the brief's language, which words its status line

    @property
    def status(self) -> list[str]:
        """A framework's status line, as its sentences (status.py: each fact said once); none for any
        other statement. The template joins them; the fit measures the HTML it prints."""
        return status_parts(self.framework, self.language) if self.framework else []


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
    document: Source | None = None  # the "corrections" section: the document they correct (meta.source_document)

    def all_items(self) -> list[Item]:
        return self.items + [i for g in self.groups for i in g.items + g.milestones]


@dataclass
class Brief:
    name: str  # "{factbase}-{audience}"
    factbase: FactBase
    audience: Audience
    marking: str  # the highest marking of anything the brief contains, or the profile's marked_at_least
    sections: list[Section]
    notes: list[Item]  # items carrying a source note, in note-number order
    # every statement of the fact base the brief does not print, and why (select.py): those left out
    # before fitting in document order, then those dropped to fit in the order they went. Not those
    # above its release level: a fitted brief does not name them (select.unfitted's record does)
    left_out: dict[str, LeftOut] = field(default_factory=dict)
    house: Any = None  # the house identity it prints (config.Identity); set by the build

    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.all_items()]

    @property
    def handling(self) -> str:
        """Page 1's handling line beside the marking: the profile's, or what the marking allows."""
        return handling_line(self.factbase, self.audience, self.marking)

    @property
    def factbase_name(self) -> str:
        """The fact base's file name without .yaml (the brief is "{factbase}-{audience}")."""
        return self.name.removesuffix(f"-{self.audience.name}")

    def fact_ids(self) -> list[str]:
        return [i.id for i in self.items()]

    @property
    def dropped(self) -> list[str]:
        """The facts left out to fit the word budget, in the order they went."""
        return [x for x, left in self.left_out.items() if left.why == Why.DROPPED_TO_FIT]


def assemble(name: str, fb: FactBase, audience: Audience, sections: list[Section],
             left_out: dict[str, LeftOut]) -> Brief:
    """The Brief of the sections select.py chose: its notes numbered, its timeline lettered, the
    sources it uses listed and its overall marking worked out."""
    sources = {s.id: s for s in fb.sources}
    used = [s for s in dict.fromkeys(src.id for sec in sections for i in sec.all_items() for src in i.sources)]
    # a brief that cites nothing (every statement above its release) prints no empty sources heading
    sections = [sec for sec in sections if sec.id != "sources" or used]
    for sec in sections:
        if sec.id == "sources":
            # a bibliography (Chicago): alphabetical by publisher and unnumbered, so the only numbers a
            # reader follows are the notes', and a note's short form (publisher, title) finds its entry
            sec.sources = sorted((sources[s] for s in used), key=lambda s: (s.publisher.casefold(), s.title.casefold()))
        for n, it in enumerate(sec.items if sec.id == "timeline" else [], 1):
            it.key = timeline_key(n)
    # which of a framework's dates the timeline also gives, by its letter: no template of briefgen's reads
    # it since the status line prints the dates (status.py); a project's copy of the old macro does
    entries = next((s.items for s in sections if s.id == "timeline"), [])
    for it in (i for s in sections for i in s.items if i.framework and entries):
        it.told = told_dates(it.framework, entries, fb)
    # Chicago style: a note for every sourced statement, a source's first note in full and
    # every later one short (sourcenotes.py)
    notes = number_notes(sections) if audience.source_notes != "none" else []
    items = [x for s in sections for x in s.all_items()]
    marks = [marking_rank(fb, i.marking) for i in items]
    base = min(marks, default=marking_rank(fb, None))
    for it, rank in zip(items, marks, strict=False):
        it.portion = audience.portion_marks == "every" or (audience.portion_marks == "above-base" and rank > base)
    marks += [marking_rank(fb, sources[s].marking) for s in used]
    marks += [marking_rank(fb, fb.abbreviations[n].marking) for n in _written_out(fb, sections)]
    # the profile may mark its briefs higher than what they hold (its own advice is for its readers)
    if audience.marked_at_least:
        marks.append(marking_rank(fb, audience.marked_at_least))
    # marked by what it prints: a brief of no statement prints the meta's texts only, which name the topic
    # for every brief and take no marking (docs/decisions.md), so it is the scheme's lowest, not the
    # default marking of statements it does not print (a press brief's TLP:AMBER beside 'Public')
    overall = fb.meta.marking_scheme[max(marks, default=0)]
    return Brief(name, fb, audience, overall, sections, notes, left_out)


def _written_out(fb: FactBase, sections: list[Section]) -> set[int]:
    """The abbreviations (their index in ``fb``) whose long form the brief prints: each is marked (its own
    marking or default_marking) and counts in the brief's, as a statement does. Read, in the order the
    brief prints them, through the texts of each statement the template writes one out in with its
    ``printed`` filter (render/abbreviations.py): label, headline, detail, so-what line and status. A
    headline with an attribution is a quotation the template prints as it stands, writing nothing out;
    it is read too, so an abbreviation only a quotation uses marks the brief higher, never lower."""
    uses = FirstUse(pairs(fb.abbreviations, fb.meta.language), language=fb.meta.language)
    for it in (it for sec in sections for it in sec.all_items()):
        for text in [it.label, it.headline, it.detail, it.so_what, *it.status]:
            uses.split(text or "")
    return uses.used
