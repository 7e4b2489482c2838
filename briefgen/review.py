"""What an editor must check about a fact before release: stale, or resting only on secondary sources.

`briefgen validate` prints these as warnings (checks.py); the Word draft
attaches them to the facts it prints as comments (pipeline.editor_comments).
"""
from __future__ import annotations

import datetime as dt

from .model import Fact, FactBase, Source, all_facts


def review_flags(fact: Fact, sources: dict[str, Source], today: dt.date,
                 stale_after_days: int) -> list[tuple[str, str]]:
    """What an editor must check about a fact before release, as (field, message):
    stale (as_of too long before the brief's date) or resting only on secondary sources.
    ``briefgen validate`` prints these as warnings; the Word draft attaches them as comments."""
    flags = []
    if (today - fact.as_of).days > stale_after_days:
        flags.append(("as_of", f"stale: as_of {fact.as_of} is more than "
                               f"{stale_after_days} days before the brief's date {today}"))
    known = [sources[s] for s in fact.sources if s in sources]
    if known and all(s.kind == "secondary" for s in known):
        flags.append(("sources", "rests only on secondary sources"))
    return flags


def editor_notes(fb: FactBase, stale_after_days: int | None = None) -> dict[str, str]:
    """Fact id -> the review flags of that fact, for every flagged fact; the
    threshold defaults to the fact base's own ``stale_after_days``."""
    sources = {s.id: s for s in fb.sources}
    days = stale_after_days if stale_after_days is not None else fb.meta.stale_after_days
    notes = {}
    for _, fact in all_facts(fb):
        flags = review_flags(fact, sources, fb.meta.date, days)
        if flags:
            notes[fact.id] = "Check before release: " + "; ".join(message for _, message in flags) + "."
    return notes
