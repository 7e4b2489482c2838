"""The Brief: exactly what one reader gets, in print order, as select.py made it.

Templates receive only the Brief, and word what it holds (dates, a framework's status line);
fit.py shortens it to its budget by copying its sections less the facts it drops.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .markings import handling_line
from .model import FactBase, Framework, Source
from .profile import Audience


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
    # a framework's dates that its brief's timeline tells, by the entry's letter: {"signed": "C"}; its
    # status line points there rather than tell the event again (timeline.told_dates, _finish)
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
    # attribution, a date to watch (its printed "when" goes in label)
    likelihood: str | None = None
    confidence: str | None = None
    attribution: str | None = None
    portion: bool = False  # print its portion mark (the profile's choice, see _finish)
    # the note as cited: (source, first citation in this brief?), and whether it
    # repeats the note just before it (printed "Ibid."); a statement whose sources the
    # next statement's note gives too has none (sourcenotes.py)
    cites: list[tuple[Source, bool]] = field(default_factory=list)
    ibid: bool = False


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
    marking: str  # the highest marking of anything the brief contains
    sections: list[Section]
    notes: list[Item]  # items carrying a source note, in note-number order
    dropped: list[str]  # fact ids left out to fit the budget
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
