"""A brief's timeline: which events it lists, in date order, and the letter that keys each.

The list and its figure (figure.py) read both from here, so they never disagree; and which of a
framework's dates the list tells, so its status line need not tell them again."""
from __future__ import annotations

import datetime as dt

from .model import Fact, FactBase, Framework


def timeline_key(n: int) -> str:
    """The ``n``th timeline entry's letter (A ... Z, AA ...): it reads as neither a note nor advice."""
    return (timeline_key((n - 1) // 26) if n > 26 else "") + chr(ord("A") + (n - 1) % 26)


def timeline_events(fb: FactBase) -> list[tuple[dt.date, Fact]]:
    """Frameworks by signature date and milestones by date, oldest first. A framework that a milestone
    signed or launched is that milestone's event: it is listed once, as the milestone."""
    milestones = [m for area in fb.areas for m in area.milestones]
    shown_by_milestone = {fw for m in milestones for fw in m.frameworks}
    events: list[tuple[dt.date, Fact]] = []
    for fw in fb.frameworks:
        when = fw.signed or fw.in_force
        if when and fw.id not in shown_by_milestone:
            events.append((when, fw))
    events += [(m.date, m) for m in milestones]
    return sorted(events, key=lambda e: e[0])


def told_dates(fw: Framework, entries: list, fb: FactBase) -> dict[str, str]:
    """Which of a framework's dates a brief's timeline tells, by the letter of the entry that tells
    it: {"signed": "C", "in_force": "E"}. An entry tells a date if it falls on it and is the
    framework's own entry or a milestone naming the framework in ``frameworks``."""
    names = {m.id: m.frameworks for area in fb.areas for m in area.milestones}
    told: dict[str, str] = {}
    for entry in entries:
        if entry.id == fw.id or fw.id in names.get(entry.id, ()):
            for when in ("signed", "in_force"):
                if getattr(fw, when) == entry.date:
                    told.setdefault(when, entry.key)
    return told
